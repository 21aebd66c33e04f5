import { createTestApp, type TestApp } from '../helpers/test-app';
import { Role } from '../../src/common/auth/actor';
import { money } from '../../src/common/money/money';
import { attributeYear, loadHistoryFixtures } from '../../src/modules/people';
import { publishAttribution } from '../../src/modules/registration';
import { runCommand } from '../../src/common/db/run-command';
import { createForecast, runBacktest, shrinkageForecast, QUANTILE_LEVELS } from '../../src/modules/forecasts';
import { recordCounts } from '../../src/modules/counts';
import { runAllocation, runLines, RunStage } from '../../src/modules/allocations';
import { createTestRules, createTestScheme } from '../helpers/advances';
import Decimal from 'decimal.js';

/**
 * Issue 18 items 1–3 on a reduced history (4 % of the national cohorts, 2019–2026, seed 18): the
 * counts come through the normal path (events → attribution → REGISTERED counts); forecasts are
 * reproduced from their stored inputs and the backtest's coverage is recomputed here from the
 * stored quantiles and an attribution of its own.
 */
const SCALE = 0.04;
const OWN = 'GM0363';

describe('forecasts as distributions on a clustered history', () => {
  let t: TestApp;
  const fo = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-dist');

  beforeAll(async () => {
    t = await createTestApp();
    const added = await runCommand(fo(), (tx) => loadHistoryFixtures(tx, { fromYear: 2019, toYear: 2026, seed: 18, scale: SCALE }));
    expect(added).toBeGreaterThan(20_000);
    expect(await runCommand(fo(), (tx) => loadHistoryFixtures(tx, { fromYear: 2019, toYear: 2026, seed: 18, scale: SCALE }))).toBe(0);
    for (let y = 2019; y <= 2026; y += 1) {
      await publishAttribution(fo(), { year: y, rule: 'PEILDATUM' });
    }
  }, 300_000);
  afterAll(() => t.close());

  it('has yearly cohorts around the CBS figures, two thirds asylum status holders, clustered and moving', async () => {
    const perYear = await t.dataSource.query<{ y: number; people: number; asylum: number }[]>(
      `SELECT date_part('year', event_date)::int AS y, count(*)::int AS people,
              count(*) FILTER (WHERE category = 'ASIELSTATUSHOUDER')::int AS asylum
         FROM person_events WHERE type = 'OBLIGATION_STARTED' GROUP BY 1 ORDER BY 1`,
    );
    expect(perYear.map((r) => r.y)).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const r of perYear) {
      expect(r.people).toBeGreaterThanOrEqual(26_000 * SCALE);
      expect(r.people).toBeLessThanOrEqual(36_100 * SCALE + 1);
      expect(r.asylum / r.people).toBeGreaterThan(0.55);
      expect(r.asylum / r.people).toBeLessThan(0.78);
    }
    const [s] = await t.dataSource.query<[{ housed: number; big4: number; moves: number; people: number }]>(
      `SELECT count(*) FILTER (WHERE type = 'HOUSED')::int AS housed,
              count(*) FILTER (WHERE type = 'HOUSED' AND municipality_code IN ('GM0363', 'GM0599', 'GM0518', 'GM0344'))::int AS big4,
              count(*) FILTER (WHERE type = 'MOVED')::int AS moves,
              count(DISTINCT person_id)::int AS people
         FROM person_events`,
    );
    expect(s.big4 / s.housed).toBeGreaterThan(0.13);
    expect(s.moves / s.people).toBeGreaterThan(0.2);
  });

  it('SHRINKAGE_EB stores quantiles, inputs and version, and is reproduced from its stored inputs', async () => {
    const { forecast } = await createForecast(fo(), { year: 2026, method: 'SHRINKAGE_EB', idempotencyKey: 'dist-eb-2026' });
    expect(forecast.methodVersion).toBe('shrinkage-eb/1');
    expect(forecast.params).toEqual({ periods: 5, rule: 'PEILDATUM' });
    const stored = await t.dataSource.query<
      { municipality_code: string; category: string; route: string | null; value: string; quantiles: Record<string, string> }[]
    >(`SELECT municipality_code, category, route, value::text, quantiles FROM forecast_lines WHERE forecast_id = $1 ORDER BY id`, [
      forecast.id,
    ]);
    expect(stored.length).toBeGreaterThan(300);
    // Reproduce from the stored inputs only.
    const inputs = forecast.inputs as {
      year?: number;
      municipalityCode: string;
      category?: string;
      route?: string | null;
      value?: string;
      population?: number;
    }[];
    const recomputed = shrinkageForecast({
      years: [2021, 2022, 2023, 2024, 2025],
      history: inputs
        .filter((i) => i.year !== undefined)
        .map((i) => ({
          municipalityCode: i.municipalityCode,
          series: `${i.category}|${i.route ?? ''}`,
          year: i.year as number,
          value: money(i.value as string),
        })),
      municipalities: inputs
        .filter((i) => i.population !== undefined)
        .map((i) => ({ code: i.municipalityCode, population: i.population as number })),
    });
    const key = (m: string, c: string, r: string | null) => `${m}|${c}|${r ?? ''}`;
    expect(new Map(stored.map((l) => [key(l.municipality_code, l.category, l.route), [l.value, l.quantiles]]))).toEqual(
      new Map(
        recomputed.map((l) => {
          const [c, r] = l.series.split('|') as [string, string];
          return [key(l.municipalityCode, c, r === '' ? null : r), [l.value.toFixed(6), l.quantiles]];
        }),
      ),
    );
    for (const l of stored) {
      const qs = QUANTILE_LEVELS.map((q) => Number(l.quantiles[String(q)]));
      expect([...qs].sort((a, b) => a - b)).toEqual(qs);
    }
    // Through GraphQL, a controller sees its own lines only, with p10/p50/p90.
    const own = await t.ok<{ forecast: { lines: { municipalityCode: string; p10: string; p50: string; p90: string }[] } }>(
      `query($id: ID!) { forecast(id: $id) { lines { municipalityCode p10 p50 p90 } } }`,
      { id: forecast.id },
      await t.tokens.controller(OWN),
    );
    expect(new Set(own.forecast.lines.map((l) => l.municipalityCode))).toEqual(new Set([OWN]));
    expect(Number(own.forecast.lines[0]!.p10)).toBeLessThanOrEqual(Number(own.forecast.lines[0]!.p90));
  });

  it('backtests 2024–2026 from the data known then; coverage and errors recompute from stored forecasts and an independent attribution', async () => {
    const { backtest } = await runBacktest(fo(), { method: 'SHRINKAGE_EB', fromYear: 2024, toYear: 2026, idempotencyKey: 'dist-bt-eb' });
    const { backtest: trailing } = await runBacktest(fo(), {
      method: 'TRAILING_ACTUALS',
      fromYear: 2024,
      toYear: 2026,
      idempotencyKey: 'dist-bt-ta',
    });
    expect((await runBacktest(fo(), { method: 'SHRINKAGE_EB', fromYear: 2024, toYear: 2026, idempotencyKey: 'dist-bt-eb' })).replayed).toBe(
      true,
    );
    // Backtest forecasts are not published: no FORECAST counts for them.
    const published = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM forecasts WHERE purpose = 'BACKTEST' AND count_batch_id IS NOT NULL`,
    );
    expect(published[0]!.n).toBe(0);

    type Summary = {
      sizeClass: string;
      lines: number;
      sumActual: string;
      sumAbsError: string;
      wape: string | null;
      coverage80: string | null;
    };
    const q = `query($id: ID!) { forecastBacktest(id: $id) { forecastIds summary { sizeClass lines sumActual sumAbsError wape coverage80 } rows { year municipalityCode category route actual forecast inside80 p10 p50 p90 } } }`;
    type Row = {
      year: number;
      municipalityCode: string;
      category: string;
      route: string | null;
      p10: string | null;
      p50: string | null;
      p90: string | null;
    };
    const eb = await t.ok<{ forecastBacktest: { forecastIds: string[]; summary: Summary[]; rows: Row[] } }>(q, {
      id: backtest.id,
    });
    const ta = await t.ok<{ forecastBacktest: { summary: Summary[] } }>(q, { id: trailing.id });

    // Independent recomputation: stored quantiles against an attribution of each year made here.
    let lines = 0;
    let inside = 0;
    let absError = money('0');
    let actualSum = money('0');
    for (const [i, year] of [2024, 2025, 2026].entries()) {
      const forecastId = eb.forecastBacktest.forecastIds[i];
      const fl = await t.dataSource.query<{ k: string; value: string; quantiles: Record<string, string> }[]>(
        `SELECT municipality_code || '|' || category || '|' || coalesce(route, '') AS k, value::text, quantiles FROM forecast_lines WHERE forecast_id = $1`,
        [forecastId],
      );
      const { rows } = await attributeYear(fo(), { year, rule: 'PEILDATUM' });
      const actual = new Map(rows.map((r) => [`${r.municipalityCode}|${r.category}|${r.route ?? ''}`, money(r.value)]));
      const forecastByKey = new Map(fl.map((l) => [l.k, l]));
      const shown = new Map(
        eb.forecastBacktest.rows.filter((r) => r.year === year).map((r) => [`${r.municipalityCode}|${r.category}|${r.route ?? ''}`, r]),
      );
      for (const k of new Set([...forecastByKey.keys(), ...actual.keys()])) {
        const a = actual.get(k) ?? money('0');
        const f = forecastByKey.get(k);
        // The line's quantiles are the stored forecast line's (decision 1880); none without a forecast line.
        const row = shown.get(k);
        expect([row?.p10, row?.p50, row?.p90]).toEqual(
          f ? [f.quantiles['0.1'], f.quantiles['0.5'], f.quantiles['0.9']] : [null, null, null],
        );
        lines += 1;
        actualSum = actualSum.plus(a);
        absError = absError.plus((f ? money(f.value) : money('0')).minus(a).abs());
        if (f && a.gte(money(f.quantiles['0.1']!)) && a.lte(money(f.quantiles['0.9']!))) {
          inside += 1;
        }
      }
    }
    const all = eb.forecastBacktest.summary.find((s) => s.sizeClass === 'ALL')!;
    expect(all.lines).toBe(lines);
    expect(all.sumActual).toBe(actualSum.toFixed(6));
    expect(all.sumAbsError).toBe(absError.toFixed(6));
    expect(all.coverage80).toBe(money(String(inside)).div(lines).toDecimalPlaces(6).toFixed(6));
    // An 80 % interval that is roughly honest on this history (reported truthfully either way).
    expect(Number(all.coverage80)).toBeGreaterThan(0.6);
    // Methods without a distribution report no coverage; both report errors per size class.
    const taAll = ta.forecastBacktest.summary.find((s) => s.sizeClass === 'ALL')!;
    expect(taAll.coverage80).toBeNull();
    expect(taAll.wape).not.toBeNull();
    expect(eb.forecastBacktest.summary.map((s) => s.sizeClass)).toEqual(expect.arrayContaining(['ALL', 'FROM_100K', 'UNDER_20K']));

    // A controller sees the national summary but only its own rows.
    const asController = await t.ok<{ forecastBacktest: { summary: Summary[]; rows: { municipalityCode: string }[] } }>(
      q,
      { id: backtest.id },
      await t.tokens.controller(OWN),
    );
    expect(new Set(asController.forecastBacktest.rows.map((r) => r.municipalityCode))).toEqual(new Set([OWN]));
    expect(asController.forecastBacktest.summary).toEqual(eb.forecastBacktest.summary);
    const refused = await t.gql(
      `mutation { runForecastBacktest(input: { method: SHRINKAGE_EB, fromYear: 2025, toYear: 2026, idempotencyKey: "dist-bt-c" }) { replayed } }`,
      {},
      await t.tokens.controller(OWN),
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('advances on the median forecast (publishLevel 0.5) settle smaller than advances on the taakstelling, amounts to the cent', async () => {
    const rate = money('11600.00');
    // The taakstelling of 2026 as the housing task sets it: last year's national count spread by population share.
    const registered2025 = (await attributeYear(fo(), { year: 2025, rule: 'PEILDATUM' })).rows.filter(
      (r) => r.category === 'ASIELSTATUSHOUDER',
    );
    const national2025 = registered2025.reduce((a, r) => a.plus(money(r.value)), money('0'));
    const register = await t.dataSource.query<{ code: string; population: number }[]>(
      `SELECT code, population FROM municipalities WHERE valid_until IS NULL ORDER BY code`,
    );
    const population = register.reduce((a, m) => a + m.population, 0);
    await recordCounts(fo(), {
      batchKey: 'dist-taakstelling-2026',
      rows: register.map((m) => ({
        municipalityCode: m.code,
        periodType: 'YEAR',
        periodStart: '2026-01-01',
        periodEnd: '2026-12-31',
        category: 'ASIELSTATUSHOUDER',
        route: null,
        basis: 'TAAKSTELLING',
        rule: null,
        source: 'MINISTRY',
        value: national2025.times(m.population).div(population).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6),
      })),
    });
    await createTestScheme(fo(), 'FC-DIST', 2026, rate.toFixed(2));
    const rules = await createTestRules(fo(), 'FC-DIST');
    const run = async (key: string, ruleVersionId: string, stage: RunStage) =>
      (await runAllocation(fo(), { schemeCode: 'FC-DIST', year: 2026, ruleVersionId, stage, idempotencyKey: key, dryRun: false })).run.id;
    const amounts = async (runId: string): Promise<Map<string, string>> =>
      new Map((await runLines(fo(), runId, {}, 1000, null)).edges.map((e) => [e.node.municipalityCode, e.node.amount]));

    await createForecast(fo(), { year: 2026, method: 'TAAKSTELLING', idempotencyKey: 'dist-tk-2026' });
    const taakstellingRun = await run('dist-run-tk', rules.forecast, RunStage.PROVISIONAL);
    const onTaakstelling = await amounts(taakstellingRun);
    const { forecast: median } = await createForecast(fo(), {
      year: 2026,
      method: 'SHRINKAGE_EB',
      publishLevel: '0.5',
      idempotencyKey: 'dist-eb-p50',
    });
    expect(median.params).toEqual({ periods: 5, rule: 'PEILDATUM', publishLevel: '0.5' });
    const onMedian = await amounts(await run('dist-run-p50', rules.forecast, RunStage.PROVISIONAL));
    const final = await amounts(await run('dist-run-final', rules.registered, RunStage.DEFINITIVE));

    // Independently: the median count per municipality (routes added up) × rate, rounded once to the cent.
    const medianLines = await t.dataSource.query<{ municipality_code: string; q: string }[]>(
      `SELECT municipality_code, quantiles->>'0.5' AS q FROM forecast_lines WHERE forecast_id = $1 AND category = 'ASIELSTATUSHOUDER'`,
      [median.id],
    );
    const medianCount = new Map<string, Decimal>();
    for (const l of medianLines) {
      medianCount.set(l.municipality_code, (medianCount.get(l.municipality_code) ?? money('0')).plus(money(l.q)));
    }
    for (const [code, count] of medianCount) {
      expect([code, onMedian.get(code) ?? '0.00']).toEqual([code, rate.times(count).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)]);
    }
    const finalCount = new Map<string, Decimal>();
    for (const r of (await attributeYear(fo(), { year: 2026, rule: 'PEILDATUM' })).rows.filter((x) => x.category === 'ASIELSTATUSHOUDER')) {
      finalCount.set(r.municipalityCode, (finalCount.get(r.municipalityCode) ?? money('0')).plus(money(r.value)));
    }
    for (const [code, count] of finalCount) {
      expect([code, final.get(code)]).toEqual([code, rate.times(count).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)]);
    }
    // Settlement = final entitlement − advance, per municipality; the median's total is smaller.
    const settlementTotal = (advance: Map<string, string>) =>
      [...new Set([...advance.keys(), ...final.keys()])].reduce(
        (acc, code) =>
          acc.plus(
            money(final.get(code) ?? '0.00')
              .minus(money(advance.get(code) ?? '0.00'))
              .abs(),
          ),
        money('0'),
      );
    const viaMedian = settlementTotal(onMedian);
    const viaTaakstelling = settlementTotal(onTaakstelling);
    expect(viaMedian.lt(viaTaakstelling)).toBe(true);

    // The mid-year exposure of the taakstelling-based advances, on the median forecast's ranges.
    type Exposure = {
      budget: string;
      totalP10: string;
      totalP50: string;
      totalP90: string;
      overrunP50: string;
      overrunP90: string;
      lines: {
        municipalityCode: string;
        advanceBasis: string;
        entitledP10: string;
        entitledP50: string;
        entitledP90: string;
        settlementP50: string;
      }[];
    };
    const q = `query($f: ID!, $r: ID!) { forecastExposure(forecastId: $f, allocationRunId: $r) {
      budget totalP10 totalP50 totalP90 overrunP50 overrunP90
      lines { municipalityCode advanceBasis entitledP10 entitledP50 entitledP90 settlementP50 } } }`;
    const { forecastExposure: ex } = await t.ok<{ forecastExposure: Exposure }>(q, { f: median.id, r: taakstellingRun });
    let totalP50 = money('0');
    for (const line of ex.lines) {
      const expected = rate.times(medianCount.get(line.municipalityCode) ?? money('0')).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      expect([line.municipalityCode, line.entitledP50]).toEqual([line.municipalityCode, expected.toFixed(2)]);
      expect(line.advanceBasis).toBe(onTaakstelling.get(line.municipalityCode) ?? '0.00');
      expect(line.settlementP50).toBe(expected.minus(money(line.advanceBasis)).toFixed(2));
      expect(money(line.entitledP10).lte(money(line.entitledP50)) && money(line.entitledP50).lte(money(line.entitledP90))).toBe(true);
      totalP50 = totalP50.plus(expected);
    }
    expect(ex.totalP50).toBe(totalP50.toFixed(2));
    expect(ex.overrunP50).toBe(Decimal.max(totalP50.minus(money(ex.budget)), 0).toFixed(2));
    expect(money(ex.totalP10).lte(money(ex.totalP50)) && money(ex.totalP50).lte(money(ex.totalP90))).toBe(true);
    const own = await t.ok<{ forecastExposure: Exposure }>(q, { f: median.id, r: taakstellingRun }, await t.tokens.controller(OWN));
    expect(own.forecastExposure.lines.map((l) => l.municipalityCode)).toEqual([OWN]);
    expect(own.forecastExposure.totalP90).toBe(ex.totalP90);

    await expect(
      createForecast(fo(), { year: 2026, method: 'TRAILING_ACTUALS', publishLevel: '0.5', idempotencyKey: 'dist-bad-level' }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.publishLevel' } });
  });
});
