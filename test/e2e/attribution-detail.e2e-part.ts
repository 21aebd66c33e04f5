import Decimal from 'decimal.js';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { registerMerger } from '../../src/modules/municipalities';
import { Role } from '../../src/common/auth/actor';

/**
 * Issue 16 item 5: the per-person trace of an attribution run. On the 5,000-person fixture with a
 * merger in force on 1 January, for every rule, the trace read page by page through GraphQL sums
 * per (municipality, category, route) exactly to the published units, and Σ units / divisor rounded
 * once to six decimals is the published count. The trace stays the run's after later events; a
 * controller sees its own municipality only.
 */
const RULES = ['PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY', 'EDUCATION_ROUTE'] as const;
const DETAIL = `query($runId: String!, $codes: [String!], $after: String) {
  attributionDetail(runId: $runId, municipalityCodes: $codes, first: 500, after: $after) {
    runId rule divisor totalCount pageInfo { hasNextPage endCursor }
    edges { node { personId municipalityCode category route units } } } }`;
type Detail = {
  attributionDetail: {
    divisor: number;
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { personId: string; municipalityCode: string; category: string; route: string | null; units: string } }[];
  };
};

describe('attribution detail per person', () => {
  let t: TestApp;
  let dissolved = '';
  let successor = '';
  const runs = new Map<string, string>();

  const readAll = async (runId: string, token?: string, municipalityCodes?: string[]) => {
    const nodes: Detail['attributionDetail']['edges'][number]['node'][] = [];
    let after: string | null = null;
    let total = -1;
    let divisor = 0;
    for (let page = 0; page < 1000; page += 1) {
      const r: Detail = await t.ok<Detail>(DETAIL, { runId, codes: municipalityCodes ?? null, after }, token);
      total = r.attributionDetail.totalCount;
      divisor = r.attributionDetail.divisor;
      nodes.push(...r.attributionDetail.edges.map((e) => e.node));
      if (!r.attributionDetail.pageInfo.hasNextPage) {
        break;
      }
      after = r.attributionDetail.pageInfo.endCursor;
    }
    expect(nodes.length).toBe(total);
    return { nodes, divisor };
  };

  beforeAll(async () => {
    // Clones the run's template with the people fixture loaded as `t.ctx()` (test/helpers/test-app.ts, Seed).
    t = await createTestApp({ seed: 'people' });
    // A merger in force on 1 January 2026 between two municipalities that both hold people.
    const top = await t.dataSource.query<{ code: string }[]>(
      `SELECT municipality_code AS code FROM person_events WHERE type = 'HOUSED' AND municipality_code NOT IN ('GM0363', 'GM0599', 'GM0518', 'GM0344')
        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 2`,
    );
    [dissolved, successor] = [top[0]!.code, top[1]!.code];
    await registerMerger(t.ctx(), { dissolvedCodes: [dissolved], successorCode: successor, effectiveDate: '2026-01-01' });
    for (const rule of RULES) {
      const r = await t.ok<{ runAttribution: { id: string } }>(`mutation { runAttribution(year: 2026, rule: ${rule}) { id } }`);
      runs.set(rule, r.runAttribution.id);
    }
  }, 600_000);
  afterAll(() => t?.close());

  it.each(RULES)(
    '%s: the trace sums exactly to the published units and counts of every municipality',
    async (rule) => {
      const runId = runs.get(rule)!;
      const { nodes, divisor } = await readAll(runId);
      const published = await t.ok<{
        attributedCounts: { municipalityCode: string; category: string; route: string | null; units: string; value: string }[];
      }>(`query($runId: String!) { attributedCounts(runId: $runId) { municipalityCode category route units value } }`, { runId });
      expect(published.attributedCounts.length).toBeGreaterThan(rule === 'EDUCATION_ROUTE' ? 5 : 100);
      const sums = new Map<string, bigint>();
      const seen = new Set<string>();
      for (const n of nodes) {
        const key = `${n.municipalityCode}|${n.category}|${n.route ?? ''}`;
        expect(BigInt(n.units) > 0n).toBe(true);
        if (rule === 'PEILDATUM' || rule === 'EDUCATION_ROUTE') {
          expect(n.units).toBe('1');
        }
        // One row per person and key.
        expect(seen.has(`${key}|${n.personId}`)).toBe(false);
        seen.add(`${key}|${n.personId}`);
        sums.set(key, (sums.get(key) ?? 0n) + BigInt(n.units));
      }
      const expected = Object.fromEntries(
        published.attributedCounts.map((c) => [`${c.municipalityCode}|${c.category}|${c.route ?? ''}`, c.units]),
      );
      expect(Object.fromEntries([...sums].map(([k, v]) => [k, v.toString()]))).toEqual(expected);
      for (const c of published.attributedCounts) {
        const key = `${c.municipalityCode}|${c.category}|${c.route ?? ''}`;
        expect(new Decimal(sums.get(key)!.toString()).div(divisor).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6)).toBe(c.value);
      }
      // The dissolved code's people count for the successor: the code never appears.
      expect(nodes.some((n) => n.municipalityCode === dissolved)).toBe(false);
    },
    120_000,
  );

  it('stays the run’s trace after later events, and a controller sees its own municipality only', async () => {
    const runId = runs.get('PRO_RATA_DAYS')!;
    const before = await readAll(runId, undefined, [successor]);
    await t.ok(`mutation($input: ImportPersonEventsInput!) { importPersonEvents(input: $input) { applied } }`, {
      input: {
        batchKey: 'detail-later',
        events: [
          {
            eventId: 'detail-later-1',
            personId: 'p-detail-later',
            type: 'OBLIGATION_STARTED',
            date: '2026-02-01',
            category: 'GEZINSMIGRANT',
            municipalityCode: successor,
            source: 'BRP',
            sourceRecordedAt: '2026-02-02T00:00:00Z',
          },
        ],
      },
    });
    const after = await readAll(runId, undefined, [successor]);
    expect(after.nodes).toEqual(before.nodes);
    expect(after.nodes.some((n) => n.personId === 'p-detail-later')).toBe(false);

    const ctl = await t.tokens.controller(successor);
    const own = await readAll(runId, ctl);
    expect(own.nodes.length).toBe(before.nodes.length);
    expect(new Set(own.nodes.map((n) => n.municipalityCode))).toEqual(new Set([successor]));
    const refused = await t.gql(DETAIL, { runId, codes: ['GM0363'], after: null }, ctl);
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const badCursor = await t.gql(DETAIL, { runId, codes: null, after: 'not-a-cursor' });
    expect(codes(badCursor)).toEqual(['BAD_USER_INPUT']);
  }, 600_000);

  it('refuses a run whose mergers in force changed since (CONFLICT), rather than a trace that does not add up', async () => {
    const runId = runs.get('PEILDATUM')!;
    await registerMerger(t.ctx(Role.FINANCE_OFFICER), { dissolvedCodes: ['GM0059'], successorCode: 'GM0090', effectiveDate: '2026-01-01' });
    const r = await t.gql(DETAIL, { runId, codes: null, after: null });
    expect(codes(r)).toEqual(['CONFLICT']);
  });
});
