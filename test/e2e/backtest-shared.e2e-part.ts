import { createTestApp, type TestApp } from '../helpers/test-app';
import { yearlyCount } from '../helpers/counts';
import { Role } from '../../src/common/auth/actor';
import { recordCounts } from '../../src/modules/counts';
import { backtestResult, createForecast, forecastExposure, runBacktest } from '../../src/modules/forecasts';
import { runAllocation, RunStage } from '../../src/modules/allocations';
import {
  backtestCodeComputations,
  backtestComputations,
  backtestShown,
  exposure,
  exposureComputations,
  getBacktest,
} from '../../src/modules/forecasts/forecast.queries';
import { createTestRules, createTestScheme } from '../helpers/advances';

/**
 * Decision 1870: requests for one backtest that arrive together share one comparison (run as the
 * system, each caller's scope applied after), and nothing is kept: the answer equals the unshared
 * computation (`backtestResult`, the code that answered before) field by field, and a REGISTERED
 * count recorded afterwards shows in the next answer.
 */
const Y = 2041;
const CODES = ['GM0344', 'GM0363', 'GM0518'];
const OWN = 'GM0363';

describe('backtest comparisons and exposures shared while in flight', () => {
  let t: TestApp;
  let id: string;
  const fo = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-bt-shared');

  /** The unshared computation formatted as the API formats it (the answer before decision 1870). */
  const unshared = async (ctx = fo()) => backtestShown(await backtestResult(ctx, id));

  beforeAll(async () => {
    t = await createTestApp();
    await recordCounts(fo(), {
      batchKey: 'bt-shared-registered',
      rows: [
        ...CODES.flatMap((m, i) => [
          yearlyCount(m, Y - 2, 'REGISTERED', String(10 + i)),
          yearlyCount(m, Y - 1, 'REGISTERED', String(12 + i)),
        ]),
        ...CODES.map((m, i) => yearlyCount(m, Y, 'REGISTERED', String(9 + 2 * i))),
      ],
    });
    const { backtest } = await runBacktest(fo(), {
      method: 'TRAILING_ACTUALS',
      fromYear: Y - 1,
      toYear: Y,
      periods: 1,
      idempotencyKey: 'bt-shared',
    });
    id = backtest.id;
  });
  afterAll(() => t.close());

  it('requests arriving together share one comparison, equal to the unshared one, each in its own scope', async () => {
    const before = backtestComputations();
    const [finance, auditor, controller, again] = await Promise.all([
      getBacktest(fo(), id),
      getBacktest(t.ctx(Role.AUDITOR, null), id),
      getBacktest(t.ctx(Role.MUNICIPAL_CONTROLLER, OWN), id),
      getBacktest(fo(), id),
    ]);
    expect(backtestComputations()).toBe(before + 1);
    const old = await unshared();
    expect(old.rows.length).toBe(2 * CODES.length);
    expect(finance.summary).toEqual(old.summary);
    expect(finance.rows).toEqual(old.rows);
    expect(auditor).toEqual(finance);
    expect(again).toEqual(finance);
    // The controller: the national summary, only its own rows (as the unshared computation gives it).
    const oldController = await unshared(t.ctx(Role.MUNICIPAL_CONTROLLER, OWN));
    expect(controller.summary).toEqual(finance.summary);
    expect(controller.rows).toEqual(oldController.rows);
    expect(new Set(controller.rows.map((r) => r.municipalityCode))).toEqual(new Set([OWN]));

    // Through the API too (the list and one backtest), as the console asks.
    const listed = await t.ok<{ forecastBacktests: { id: string; summary: unknown[] }[] }>(
      `{ forecastBacktests { id summary { sizeClass lines sumActual sumAbsError wape coverage50 coverage80 coverage90 } } }`,
    );
    expect(listed.forecastBacktests.find((b) => b.id === id)?.summary).toEqual(old.summary);
    const rows = await t.ok<{ forecastBacktest: { rows: { municipalityCode: string }[] } }>(
      `query($id: ID!) { forecastBacktest(id: $id) { rows { municipalityCode } } }`,
      { id },
      await t.tokens.controller(OWN),
    );
    expect(rows.forecastBacktest.rows.map((r) => r.municipalityCode)).toEqual([OWN, OWN]);
  });

  it('keeps nothing: a REGISTERED count recorded afterwards shows in the next answer', async () => {
    const previous = await getBacktest(fo(), id);
    const computed = backtestComputations();
    await recordCounts(fo(), { batchKey: 'bt-shared-late', rows: [yearlyCount(OWN, Y, 'REGISTERED', '40')] });
    const next = await getBacktest(fo(), id);
    expect(backtestComputations()).toBe(computed + 1);
    const line = (b: typeof next) => b.rows.find((r) => r.year === Y && r.municipalityCode === OWN);
    expect(line(previous)?.actual).toBe('11.000000');
    expect(line(next)?.actual).toBe('40.000000');
    expect(next.summary).not.toEqual(previous.summary);
    expect(next).toEqual({ ...next, ...(await unshared()) });
  });
  it('the list keeps each national summary per inputs version (decision 1960): asked again, not recomputed; a count or a population changed, recomputed', async () => {
    const LIST = `{ forecastBacktests { id summary { sizeClass lines sumActual sumAbsError wape coverage50 coverage80 coverage90 } } }`;
    type Listed = { forecastBacktests: { id: string; summary: unknown[] }[] };
    const summaryOf = async (token?: string) => (await t.ok<Listed>(LIST, {}, token)).forecastBacktests.find((b) => b.id === id)?.summary;
    const first = await summaryOf();
    expect(first).toEqual((await unshared()).summary);
    const computed = backtestComputations();
    expect(await summaryOf()).toEqual(first);
    expect(await summaryOf(await t.tokens.controller(OWN))).toEqual(first);
    expect(backtestComputations()).toBe(computed);

    await recordCounts(fo(), { batchKey: 'bt-shared-list-late', rows: [yearlyCount('GM0344', Y, 'REGISTERED', '70')] });
    const afterCount = await summaryOf();
    expect(backtestComputations()).toBe(computed + 1);
    expect(afterCount).not.toEqual(first);
    expect(afterCount).toEqual((await unshared()).summary);

    // A population moves a municipality to another size class: the summary follows.
    const [before] = await t.dataSource.query<[{ population: number }]>(`SELECT population FROM municipalities WHERE code = 'GM0518'`);
    await t.dataSource.query(`UPDATE municipalities SET population = $1 WHERE code = 'GM0518'`, [
      before.population > 100000 ? 5000 : 900000,
    ]);
    try {
      const afterPopulation = await summaryOf();
      expect(backtestComputations()).toBe(computed + 2);
      expect(afterPopulation).toEqual((await unshared()).summary);
      expect(afterPopulation).not.toEqual(afterCount);
    } finally {
      await t.dataSource.query(`UPDATE municipalities SET population = $1 WHERE code = 'GM0518'`, [before.population]);
    }
  });

  it('pages the lines (decision 1880): pages concatenate to `rows` in order with the count, per municipality, in scope', async () => {
    const FIELDS =
      'year municipalityCode category route sizeClass forecast actual error absError relError inside50 inside80 inside90 p10 p50 p90';
    type Row = Record<string, unknown> & { municipalityCode: string };
    type Paged = {
      forecastBacktest: {
        rows: Row[];
        municipalityCodes: string[];
        rowPage: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: { cursor: string; node: Row }[];
        };
      };
    };
    const q = `query($id: ID!, $code: String, $first: Int!, $after: String) { forecastBacktest(id: $id) { rows { ${FIELDS} } municipalityCodes
      rowPage(municipalityCode: $code, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${FIELDS} } } } } }`;
    /** Every page of `first` lines, following endCursor; checks each page's count and cursors. */
    const allPages = async (code: string | null, first: number, token?: string) => {
      const seen: Row[] = [];
      let after: string | null = null;
      let all: Row[] = [];
      let codes: string[] = [];
      for (let guard = 0; guard < 50; guard += 1) {
        const r: Paged = await t.ok<Paged>(q, { id, code, first, after }, token);
        all = r.forecastBacktest.rows;
        codes = r.forecastBacktest.municipalityCodes;
        const page = r.forecastBacktest.rowPage;
        expect(page.edges.length).toBeLessThanOrEqual(first);
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
        seen.push(...page.edges.map((e) => e.node));
        const expected = code === null ? all : all.filter((row) => row.municipalityCode === code);
        expect(page.totalCount).toBe(expected.length);
        if (!page.pageInfo.hasNextPage) {
          return { seen, all, codes };
        }
        after = page.pageInfo.endCursor;
      }
      throw new Error('more than 50 pages');
    };
    // Pages of 1 and of 4 (the finance officer): exactly `rows`, in its order.
    const one = await allPages(null, 1);
    expect(one.all.length).toBe(2 * CODES.length);
    expect(one.seen).toEqual(one.all);
    expect((await allPages(null, 4)).seen).toEqual(one.all);
    expect(one.codes).toEqual([...CODES].sort());
    // One municipality's lines, as the fan chart asks them.
    for (const code of CODES) {
      const own = await allPages(code, 1);
      expect(own.seen).toEqual(one.all.filter((r) => r.municipalityCode === code));
      expect(own.seen.length).toBe(2);
    }
    // The shared answer is the unshared computation's (p10–p90 null: TRAILING_ACTUALS has no distribution).
    expect(one.all).toEqual((await unshared()).rows);
    expect(one.all.every((r) => r.p10 === null && r.p50 === null && r.p90 === null)).toBe(true);

    // Without `rows` or `summary` in the query nothing national is compared: one municipality's
    // lines are compared for it alone, and equal the national comparison's lines of it.
    const lean = `query($id: ID!, $code: String, $first: Int!, $after: String) { forecastBacktest(id: $id) { id municipalityCodes
      rowPage(municipalityCode: $code, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${FIELDS} } } } } }`;
    type Lean = { forecastBacktest: { municipalityCodes: string[]; rowPage: Paged['forecastBacktest']['rowPage'] } };
    for (const code of CODES) {
      const national = backtestComputations();
      const alone = backtestCodeComputations();
      const r = await t.ok<Lean>(lean, { id, code, first: 500, after: null });
      expect(backtestComputations()).toBe(national);
      expect(backtestCodeComputations()).toBe(alone + 1);
      expect(r.forecastBacktest.rowPage.edges.map((e) => e.node)).toEqual(one.all.filter((row) => row.municipalityCode === code));
      expect(r.forecastBacktest.rowPage.totalCount).toBe(2);
      expect(r.forecastBacktest.municipalityCodes).toEqual([...CODES].sort());
      // Page by page too.
      const first = await t.ok<Lean>(lean, { id, code, first: 1, after: null });
      const second = await t.ok<Lean>(lean, { id, code, first: 1, after: first.forecastBacktest.rowPage.pageInfo.endCursor });
      expect([...first.forecastBacktest.rowPage.edges, ...second.forecastBacktest.rowPage.edges].map((e) => e.node)).toEqual(
        r.forecastBacktest.rowPage.edges.map((e) => e.node),
      );
      expect(second.forecastBacktest.rowPage.pageInfo.hasNextPage).toBe(false);
    }
    // Without a code: the national comparison, paged.
    const national = await t.ok<Lean>(lean, { id, code: null, first: 500, after: null });
    expect(national.forecastBacktest.rowPage.edges.map((e) => e.node)).toEqual(one.all);
    const leanController = await t.ok<Lean>(lean, { id, code: null, first: 500, after: null }, await t.tokens.controller(OWN));
    expect(leanController.forecastBacktest.rowPage.edges.map((e) => e.node)).toEqual(one.all.filter((r) => r.municipalityCode === OWN));
    expect(leanController.forecastBacktest.municipalityCodes).toEqual([OWN]);
    const leanOther = await t.gql(lean, { id, code: 'GM0344', first: 5, after: null }, await t.tokens.controller(OWN));
    expect(leanOther.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // A controller: its own lines only, with or without naming its code; another code is FORBIDDEN.
    const controller = await t.tokens.controller(OWN);
    const mine = await allPages(null, 1, controller);
    expect(mine.seen).toEqual(one.all.filter((r) => r.municipalityCode === OWN));
    expect(mine.codes).toEqual([OWN]);
    expect((await allPages(OWN, 5, controller)).seen).toEqual(mine.seen);
    const other = await t.gql(q, { id, code: 'GM0344', first: 5, after: null }, controller);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // A cursor the API did not give is refused; a page size outside 1–500 too.
    const badCursor = await t.gql(q, { id, code: null, first: 5, after: 'not a cursor!' });
    expect(badCursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const tooMany = await t.gql(q, { id, code: null, first: 501, after: null });
    expect(tooMany.errors?.length).toBeGreaterThan(0);
    expect(tooMany.data ?? null).toBeNull();
  });

  it('exposures: requests arriving together share one computation, equal to the unshared one, each in its own scope', async () => {
    await createTestScheme(fo(), 'BT-SHARED', Y, '1000.00');
    const rules = await createTestRules(fo(), 'BT-SHARED');
    const { forecast } = await createForecast(fo(), { year: Y, method: 'TRAILING_ACTUALS', periods: 1, idempotencyKey: 'bt-shared-f' });
    const run = await runAllocation(fo(), {
      schemeCode: 'BT-SHARED',
      year: Y,
      ruleVersionId: rules.forecast,
      stage: RunStage.PROVISIONAL,
      idempotencyKey: 'bt-shared-run',
      dryRun: false,
    });
    const before = exposureComputations();
    const [finance, auditor, controller] = await Promise.all([
      exposure(fo(), forecast.id, run.run.id),
      exposure(t.ctx(Role.AUDITOR, null), forecast.id, run.run.id),
      exposure(t.ctx(Role.MUNICIPAL_CONTROLLER, OWN), forecast.id, run.run.id),
    ]);
    expect(exposureComputations()).toBe(before + 1);
    expect(auditor).toEqual(finance);
    // The unshared computation (the code that answered before), formatted as the API formats it.
    const old = await forecastExposure(fo(), { forecastId: forecast.id, allocationRunId: run.run.id });
    expect(
      finance.lines.map((l) => [l.municipalityCode, l.paid, l.advanceBasis, l.entitledP10, l.entitledP50, l.entitledP90, l.settlementP50]),
    ).toEqual(
      old.lines.map((l) => [
        l.municipalityCode,
        l.paid.toFixed(2),
        l.advanceBasis.toFixed(2),
        l.entitled['0.1'].toFixed(2),
        l.entitled['0.5'].toFixed(2),
        l.entitled['0.9'].toFixed(2),
        l.settlement['0.5'].toFixed(2),
      ]),
    );
    expect(finance.lines.map((l) => l.municipalityCode)).toEqual(expect.arrayContaining(CODES));
    expect([finance.budget, finance.totalP50, finance.overrunP90]).toEqual([
      old.budget.toFixed(2),
      old.total['0.5'].toFixed(2),
      old.overrun['0.9'].toFixed(2),
    ]);
    // The controller: the national totals, its own line only.
    expect(controller.lines.map((l) => l.municipalityCode)).toEqual([OWN]);
    expect(controller.lines[0]).toEqual(finance.lines.find((l) => l.municipalityCode === OWN));
    expect({ ...controller, lines: [] }).toEqual({ ...finance, lines: [] });
    // Nothing kept: the next request computes again.
    expect(await exposure(fo(), forecast.id, run.run.id)).toEqual(finance);
    expect(exposureComputations()).toBe(before + 2);
  });
});
