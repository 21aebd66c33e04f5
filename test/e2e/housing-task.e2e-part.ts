import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { registerMerger } from '../../src/modules/municipalities';

/**
 * Issue 16 item 6 / decision 1613: the half-year housing task distributed in the engine. Checked
 * against an independent largest-remainder computation in BigInt (whole persons, ties to the lower
 * code), the backlog carried from the previous half-year (obligation − asylum status holders housed,
 * negative = ahead), a merger folding the dissolved municipality's backlog into its successor, and
 * the TAAKSTELLING counts recorded.
 */
const RUN = `mutation($input: DistributeHousingTaskInput!) { distributeHousingTask(input: $input) {
  id year half total periodStart periodEnd previousRunId inputHash resultHash countBatchKey replayed
  lines { municipalityCode population exactShare task housedPrevious backlogIn obligation counted } } }`;
type Line = {
  municipalityCode: string;
  population: number;
  task: number;
  housedPrevious: number;
  backlogIn: number;
  obligation: number;
  counted: number;
};
type Run = { id: string; previousRunId: string | null; countBatchKey: string; replayed: boolean; inputHash: string; lines: Line[] };

/** Largest remainder in BigInt: floor of total × p / Σp, leftovers to the largest remainders, ties to the lower code. */
function reference(total: number, pops: [string, number][]): Map<string, number> {
  const sum = pops.reduce((s, [, p]) => s + BigInt(p), 0n);
  const parts = pops.map(([code, p]) => ({ code, floor: (BigInt(total) * BigInt(p)) / sum, rem: (BigInt(total) * BigInt(p)) % sum, p }));
  let left = BigInt(total) - parts.reduce((s, x) => s + x.floor, 0n);
  const order = [...parts].filter((x) => x.p > 0).sort((a, b) => (a.rem === b.rem ? (a.code < b.code ? -1 : 1) : a.rem > b.rem ? -1 : 1));
  const out = new Map(parts.map((x) => [x.code, Number(x.floor)]));
  for (const x of order) {
    if (left === 0n) {
      break;
    }
    out.set(x.code, out.get(x.code)! + 1);
    left -= 1n;
  }
  return out;
}

describe('the half-year housing task', () => {
  let t: TestApp;
  let small = '';
  let other = '';
  const run = (year: number, half: number, total: number, key: string) =>
    t.ok<{ distributeHousingTask: Run }>(RUN, { input: { year, half, total, idempotencyKey: key } });
  const ev = (id: string, personId: string, type: string, date: string, extra: Record<string, unknown>) => ({
    eventId: id,
    personId,
    type,
    date,
    source: 'COA',
    sourceRecordedAt: `${date}T12:00:00Z`,
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    const rows = await t.dataSource.query<{ code: string }[]>(
      `SELECT code FROM municipalities WHERE valid_until IS NULL ORDER BY population, code LIMIT 2`,
    );
    [small, other] = [rows[0]!.code, rows[1]!.code];
  });
  afterAll(() => t?.close());

  it('distributes by population, carries the backlog, follows a merger, records TAAKSTELLING counts', async () => {
    const h1 = (await run(2026, 1, 1000, 'ht-2026-1')).distributeHousingTask;
    const pops = h1.lines.map((l) => [l.municipalityCode, l.population] as [string, number]);
    const [{ n }] = await t.dataSource.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM municipalities WHERE (valid_from IS NULL OR valid_from <= '2026-01-01') AND (valid_until IS NULL OR valid_until >= '2026-01-01')`,
    );
    expect(h1.lines.length).toBe(n);
    const ref1 = reference(1000, pops);
    expect(h1.lines.map((l) => [l.municipalityCode, l.task])).toEqual([...ref1]);
    expect(h1.lines.reduce((s, l) => s + l.task, 0)).toBe(1000);
    expect(h1.lines.every((l) => l.backlogIn === 0 && l.obligation === l.task && l.counted === l.task)).toBe(true);
    expect(h1.previousRunId).toBeNull();

    // Two asylum status holders housed in `small` in H1, one in H2; a family migrant starting there does not count.
    const events = [
      ev('ht-a1', 'ht-person-a', 'OBLIGATION_STARTED', '2026-01-10', { category: 'ASIELSTATUSHOUDER' }),
      ev('ht-a2', 'ht-person-a', 'HOUSED', '2026-03-01', { municipalityCode: small }),
      ev('ht-b1', 'ht-person-b', 'OBLIGATION_STARTED', '2026-01-10', { category: 'ASIELSTATUSHOUDER' }),
      ev('ht-b2', 'ht-person-b', 'HOUSED', '2026-06-30', { municipalityCode: small }),
      ev('ht-c1', 'ht-person-c', 'OBLIGATION_STARTED', '2026-01-10', { category: 'ASIELSTATUSHOUDER' }),
      ev('ht-c2', 'ht-person-c', 'HOUSED', '2026-07-01', { municipalityCode: small }),
      ev('ht-d1', 'ht-person-d', 'OBLIGATION_STARTED', '2026-02-01', { category: 'GEZINSMIGRANT', municipalityCode: small }),
    ];
    await t.ok(`mutation($input: ImportPersonEventsInput!) { importPersonEvents(input: $input) { applied } }`, {
      input: { batchKey: 'ht-events', events },
    });

    const h2 = (await run(2026, 2, 500, 'ht-2026-2')).distributeHousingTask;
    expect(h2.previousRunId).toBe(h1.id);
    const ref2 = reference(500, pops);
    const prev1 = new Map(h1.lines.map((l) => [l.municipalityCode, l.obligation]));
    for (const l of h2.lines) {
      const housed = l.municipalityCode === small ? 2 : 0;
      expect([l.municipalityCode, l.task, l.housedPrevious, l.backlogIn, l.obligation, l.counted]).toEqual([
        l.municipalityCode,
        ref2.get(l.municipalityCode),
        housed,
        prev1.get(l.municipalityCode)! - housed,
        ref2.get(l.municipalityCode)! + prev1.get(l.municipalityCode)! - housed,
        Math.max(0, ref2.get(l.municipalityCode)! + prev1.get(l.municipalityCode)! - housed),
      ]);
    }
    const smallH2 = h2.lines.find((l) => l.municipalityCode === small)!;
    // The smallest municipality is ahead: its lead is carried, nothing is counted.
    expect(smallH2.obligation).toBeLessThan(0);
    expect(smallH2.counted).toBe(0);
    const counted = await t.dataSource.query<{ code: string; value: string }[]>(
      `SELECT municipality_code AS code, value::text AS value FROM counts
        WHERE basis = 'TAAKSTELLING' AND period_type = 'HALF_YEAR' AND period_start = '2026-07-01' ORDER BY 1`,
    );
    expect(counted).toEqual(h2.lines.filter((l) => l.counted > 0).map((l) => ({ code: l.municipalityCode, value: `${l.counted}.000000` })));

    // A merger on 1 January 2027: `small` into `other`; the successor carries both backlogs, less both housings.
    await registerMerger(t.ctx(), { dissolvedCodes: [small], successorCode: other, effectiveDate: '2027-01-01' });
    const h3 = (await run(2027, 1, 800, 'ht-2027-1')).distributeHousingTask;
    expect(h3.lines.some((l) => l.municipalityCode === small)).toBe(false);
    const o = h3.lines.find((l) => l.municipalityCode === other)!;
    const prev2 = new Map(h2.lines.map((l) => [l.municipalityCode, l.obligation]));
    expect(o.housedPrevious).toBe(1);
    expect(o.backlogIn).toBe(prev2.get(small)! + prev2.get(other)! - 1);
    expect(o.obligation).toBe(o.task + o.backlogIn);
    expect(h3.lines.reduce((s, l) => s + l.task, 0)).toBe(800);
  }, 600_000);

  it('replays the same key, refuses the key with other input and a second distribution of a half-year', async () => {
    const first = (await run(2028, 1, 300, 'ht-2028-1')).distributeHousingTask;
    const again = (await run(2028, 1, 300, 'ht-2028-1')).distributeHousingTask;
    expect(again.replayed).toBe(true);
    expect(again.id).toBe(first.id);
    expect(again.inputHash).toBe(first.inputHash);
    const reused = await t.gql(RUN, { input: { year: 2028, half: 1, total: 301, idempotencyKey: 'ht-2028-1' } });
    expect(codes(reused)).toEqual(['CONFLICT']);
    expect(reused.errors![0]!.extensions!.reason).toBe('IDEMPOTENCY_KEY_REUSED');
    const twice = await t.gql(RUN, { input: { year: 2028, half: 1, total: 300, idempotencyKey: 'ht-2028-1b' } });
    expect(codes(twice)).toEqual(['CONFLICT']);
    expect(twice.errors![0]!.extensions!.reason).toBe('ALREADY_DISTRIBUTED');
    const read = await t.ok<{ housingTask: { id: string } }>(`{ housingTask(year: 2028, half: 1) { id } }`);
    expect(read.housingTask.id).toBe(first.id);
    // A controller reads its own line only; another municipality's is FORBIDDEN.
    const ctl = await t.tokens.controller('GM0363');
    const own = await t.ok<{ housingTask: { lines: { municipalityCode: string; task: number }[] } }>(
      `{ housingTask(year: 2028, half: 1) { lines { municipalityCode task } } }`,
      {},
      ctl,
    );
    expect(own.housingTask.lines).toEqual(
      first.lines.filter((l) => l.municipalityCode === 'GM0363').map((l) => ({ municipalityCode: 'GM0363', task: l.task })),
    );
    expect(codes(await t.gql(`{ housingTask(year: 2028, half: 1, municipalityCodes: ["GM0344"]) { id } }`, {}, ctl))).toEqual([
      'FORBIDDEN',
    ]);
  });
});
