import { createTestApp, codes, type TestApp } from '../helpers/test-app';

/**
 * Issue 16 item 5: the housing delay per person with a histogram whose edges the caller chooses, and
 * national totals of handovers beside the per-municipality rows. On the 5,000-person fixture,
 * checked against the recorded events themselves (the reference reads person_events, not the SQL
 * that derives periods).
 */
const FROM = '2026-01-01';
const TO = '2026-12-31';
type Delay = { personId: string; obligationStart: string; housedOn: string; municipalityCode: string; days: number };

describe('housing delay per person, caller-chosen buckets, national handover totals', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Clones the run's template with the people fixture loaded as `t.ctx()` (test/helpers/test-app.ts, Seed).
    t = await createTestApp({ seed: 'people' });
  }, 600_000);
  afterAll(() => t?.close());

  const readDelays = async (): Promise<{ rows: Delay[]; total: number }> => {
    const rows: Delay[] = [];
    let after: string | null = null;
    let total = -1;
    for (let i = 0; i < 100; i += 1) {
      const r: {
        housingDelays: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: Delay }[] };
      } = await t.ok(
        `query($after: String) { housingDelays(from: "${FROM}", to: "${TO}", first: 500, after: $after) {
             totalCount pageInfo { hasNextPage endCursor } edges { node { personId obligationStart housedOn municipalityCode days } } } }`,
        { after },
      );
      total = r.housingDelays.totalCount;
      rows.push(...r.housingDelays.edges.map((e) => e.node));
      if (!r.housingDelays.pageInfo.hasNextPage) {
        break;
      }
      after = r.housingDelays.pageInfo.endCursor;
    }
    return { rows, total };
  };

  it('lists every housing with its days, and the histogram of chosen edges counts exactly those', async () => {
    // Reference from the raw events: each HOUSED in the period, days since the person's latest start before it.
    const housed = await t.dataSource.query<{ person_id: string; housed_on: string; code: string; start: string }[]>(
      `SELECT h.person_id, to_char(h.event_date, 'YYYY-MM-DD') AS housed_on, h.municipality_code AS code,
              (SELECT to_char(max(s.event_date), 'YYYY-MM-DD') FROM person_events s
                WHERE s.person_id = h.person_id AND s.type = 'OBLIGATION_STARTED' AND s.status = 'APPLIED' AND s.event_date <= h.event_date) AS start
         FROM person_events h WHERE h.type = 'HOUSED' AND h.status = 'APPLIED' AND h.event_date BETWEEN $1 AND $2`,
      [FROM, TO],
    );
    const dayDiff = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
    const expected = housed
      .map((h) => ({
        personId: h.person_id,
        obligationStart: h.start,
        housedOn: h.housed_on,
        municipalityCode: h.code,
        days: dayDiff(h.start, h.housed_on),
      }))
      .sort((a, b) => (a.housedOn + a.personId < b.housedOn + b.personId ? -1 : 1));
    expect(expected.length).toBeGreaterThan(1000);
    const { rows, total } = await readDelays();
    expect(total).toBe(expected.length);
    expect(rows).toEqual(expected);

    const edges = [7, 30, 100, 365];
    const r = await t.ok<{
      housingDelay: { count: number; buckets: { label: string; fromDays: number; toDays: number | null; count: number }[] };
    }>(
      `query($edges: [Int!]) { housingDelay(from: "${FROM}", to: "${TO}", bucketEdges: $edges) { count buckets { label fromDays toDays count } } }`,
      { edges },
    );
    const inRange = (lo: number, hi: number | null) => expected.filter((e) => e.days >= lo && (hi === null || e.days <= hi)).length;
    expect(r.housingDelay.count).toBe(expected.length);
    expect(r.housingDelay.buckets).toEqual([
      { label: '0-6', fromDays: 0, toDays: 6, count: inRange(0, 6) },
      { label: '7-29', fromDays: 7, toDays: 29, count: inRange(7, 29) },
      { label: '30-99', fromDays: 30, toDays: 99, count: inRange(30, 99) },
      { label: '100-364', fromDays: 100, toDays: 364, count: inRange(100, 364) },
      { label: '365+', fromDays: 365, toDays: null, count: inRange(365, null) },
    ]);
    expect(r.housingDelay.buckets.reduce((n, b) => n + b.count, 0)).toBe(expected.length);
    // Default edges are those of decision 0306.
    const d = await t.ok<{ housingDelay: { buckets: { label: string }[] } }>(
      `{ housingDelay(from: "${FROM}", to: "${TO}") { buckets { label } } }`,
    );
    expect(d.housingDelay.buckets.map((b) => b.label)).toEqual(['0-30', '31-90', '91-180', '181-365', '366+']);
  }, 600_000);

  it.each([
    ['not ascending', [10, 10]],
    ['descending', [30, 7]],
    ['negative', [-1, 5]],
    ['empty', []],
    ['too many', Array.from({ length: 51 }, (_, i) => i)],
    ['too large', [0, 40_000]],
  ])('refuses bucket edges that are %s, naming the field', async (_label, edges) => {
    const r = await t.gql(`query($edges: [Int!]) { housingDelay(from: "${FROM}", to: "${TO}", bucketEdges: $edges) { count } }`, { edges });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions!.field).toBe('bucketEdges');
  });

  it('gives national handover totals that are the sums of the municipalities, and the moves recorded', async () => {
    const per = await t.ok<{ handovers: { received: number; handedOver: number; personDays: number; moverPersonDays: number }[] }>(
      `{ handovers(from: "${FROM}", to: "${TO}") { received handedOver personDays moverPersonDays } }`,
    );
    const totals = await t.ok<{
      handoverTotals: { moves: number; personDays: number; moverPersonDays: number; moversShare: string | null };
    }>(`{ handoverTotals(from: "${FROM}", to: "${TO}") { moves personDays moverPersonDays moversShare } }`);
    const [raw] = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM person_events WHERE type = 'MOVED' AND status = 'APPLIED' AND from_code <> to_code AND event_date BETWEEN $1 AND $2`,
      [FROM, TO],
    );
    const sum = (k: 'received' | 'handedOver' | 'personDays' | 'moverPersonDays') => per.handovers.reduce((n, r) => n + r[k], 0);
    expect(totals.handoverTotals.moves).toBe(raw!.n);
    expect(sum('received')).toBe(raw!.n);
    expect(sum('handedOver')).toBe(raw!.n);
    expect(totals.handoverTotals.personDays).toBe(sum('personDays'));
    expect(totals.handoverTotals.moverPersonDays).toBe(sum('moverPersonDays'));
    const [share] = await t.dataSource.query<{ s: string }[]>(`SELECT round($1::numeric / $2::numeric, 6)::text AS s`, [
      totals.handoverTotals.moverPersonDays,
      totals.handoverTotals.personDays,
    ]);
    expect(totals.handoverTotals.moversShare).toBe(share!.s);
    // A controller gets the same national totals (aggregates), but only its own row of handovers.
    const ctl = await t.tokens.controller('GM0363');
    const asCtl = await t.ok<{ handoverTotals: unknown }>(
      `{ handoverTotals(from: "${FROM}", to: "${TO}") { moves personDays moverPersonDays moversShare } }`,
      {},
      ctl,
    );
    expect(asCtl.handoverTotals).toEqual(totals.handoverTotals);
  }, 600_000);
});
