import crypto from 'node:crypto';
import Decimal from 'decimal.js';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { yearlyCount } from '../helpers/counts';
import { Role } from '../../src/common/auth/actor';
import { money } from '../../src/common/money/money';
import { recordCounts } from '../../src/modules/counts';
import { runAllocation, RunStage } from '../../src/modules/allocations';
import { canonicalJson } from '../../src/common/hashing/canonical';
import { createAdvancePlan, payTranches } from '../../src/modules/advances';
import { calculateInterim, createForecast, interimOutputJson, type InterimInputs } from '../../src/modules/forecasts';
import { createTestRules, createTestScheme } from '../helpers/advances';

/**
 * Issue 18.4 remainder (decision 1310): the mid-year re-estimate as a stored INTERIM estimate on a
 * forecast quantile, shown before it is decided, reproduced from its stored inputs, and decided
 * through the existing path (an INTERIM allocation run, booked; a revision of the advance plan).
 * Every amount is recomputed here from the stored forecast lines, to the cent.
 */
const S = 'FC-INT';
const Y = 2026;
const RATE = money('1000.00');
const OWN = 'GM0363';
const sha256 = (text: string) => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

type Line = {
  municipalityCode: string;
  paid: string;
  planned: string;
  entitled: string;
  entitledP10: string;
  entitledP50: string;
  entitledP90: string;
  settlementP10: string;
  settlementP50: string;
  settlementP90: string;
  newAdvance: string;
  settlementIfDecidedP50: string;
};
type Estimate = {
  id: string;
  source: string;
  level: string | null;
  planVersion: number;
  methodVersion: string;
  inputHash: string;
  outputHash: string;
  budget: string;
  total: string;
  totalP10: string;
  totalP50: string;
  totalP90: string;
  overrunP10: string;
  overrunP50: string;
  overrunP90: string;
  totalPaid: string;
  totalPlanned: string;
  totalNewAdvance: string;
  decision: { id: string; allocationRunId: string; planId: string; planVersion: number } | null;
  lines: Line[];
};
const ESTIMATE = `id source level planVersion methodVersion inputHash outputHash budget total totalP10 totalP50 totalP90
  overrunP10 overrunP50 overrunP90 totalPaid totalPlanned totalNewAdvance decision { id allocationRunId planId planVersion }
  lines { municipalityCode paid planned entitled entitledP10 entitledP50 entitledP90 settlementP10 settlementP50 settlementP90 newAdvance settlementIfDecidedP50 }`;
const START = `mutation($input: StartInterimEstimateInput!) { startInterimEstimate(input: $input) { replayed estimate { ${ESTIMATE} } } }`;
const DECIDE = `mutation($input: DecideInterimEstimateInput!) { decideInterimEstimate(input: $input) { replayed decision { id allocationRunId planId planVersion } estimate { id } } }`;

describe('the mid-year re-estimate (INTERIM) on a forecast quantile', () => {
  let t: TestApp;
  const fo = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-interim');
  let forecastId: string;
  let estimate: Estimate;
  let stale: Estimate;
  let provisionalRun: string;

  beforeAll(async () => {
    t = await createTestApp();
    // Five years of REGISTERED (PEILDATUM) counts for 30 municipalities, uneven on purpose.
    const register = await t.dataSource.query<{ code: string }[]>(
      `SELECT code FROM municipalities WHERE valid_until IS NULL AND code IN (SELECT code FROM municipalities ORDER BY population DESC LIMIT 30) ORDER BY code`,
    );
    const rows = register.flatMap((m, i) =>
      [2021, 2022, 2023, 2024, 2025].map((year) =>
        yearlyCount(m.code, year, 'REGISTERED', String(((i * 7 + year * 3) % 23) + (i < 4 ? 60 : 5))),
      ),
    );
    await recordCounts(fo(), { batchKey: 'interim-history', rows });
    await createTestScheme(fo(), S, Y, RATE.toFixed(2));
    const rules = await createTestRules(fo(), S);
    await createForecast(fo(), { year: Y, method: 'TRAILING_ACTUALS', periods: 3, idempotencyKey: 'interim-trailing' });
    provisionalRun = (
      await runAllocation(fo(), {
        schemeCode: S,
        year: Y,
        ruleVersionId: rules.forecast,
        stage: RunStage.PROVISIONAL,
        idempotencyKey: 'interim-prov',
        dryRun: false,
      })
    ).run.id;
    await createAdvancePlan(fo(), { schemeCode: S, year: Y, allocationRunId: provisionalRun, idempotencyKey: 'interim-plan' });
    await payTranches(fo(), { schemeCode: S, year: Y, dueUpTo: `${Y}-06-01`, idempotencyKey: 'interim-pay' });
    forecastId = (await createForecast(fo(), { year: Y, method: 'SHRINKAGE_EB', idempotencyKey: 'interim-eb' })).forecast.id;
  }, 600_000);
  afterAll(() => t.close());

  const journalCount = async () => (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM journal_transactions`))[0]!.n;
  const planCount = async () =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM advance_plans WHERE scheme_code = $1`, [S]))[0]!.n;

  it('starts an estimate on the median: stored with inputs and hashes, every amount recomputed to the cent, nothing booked', async () => {
    const before = { journal: await journalCount(), plans: await planCount() };
    const input = { schemeCode: S, year: Y, forecastId, level: '0.5', idempotencyKey: 'interim-p50' };
    const started = await t.ok<{ startInterimEstimate: { replayed: boolean; estimate: Estimate } }>(START, { input });
    estimate = started.startInterimEstimate.estimate;
    expect(started.startInterimEstimate.replayed).toBe(false);
    expect(estimate).toMatchObject({
      source: 'FORECAST',
      level: '0.5',
      planVersion: 1,
      methodVersion: 'interim-estimate/1',
      decision: null,
    });
    expect({ journal: await journalCount(), plans: await planCount() }).toEqual(before);

    // Independently: the rate × the municipality's stored quantile counts, rounded once to the cent.
    const fl = await t.dataSource.query<{ municipality_code: string; q10: string; q50: string; q90: string }[]>(
      `SELECT municipality_code, sum((quantiles->>'0.1')::numeric)::text AS q10, sum((quantiles->>'0.5')::numeric)::text AS q50,
              sum((quantiles->>'0.9')::numeric)::text AS q90
         FROM forecast_lines WHERE forecast_id = $1 AND category = 'ASIELSTATUSHOUDER' GROUP BY municipality_code`,
      [forecastId],
    );
    const amount = (count: string | undefined) => RATE.times(money(count ?? '0')).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    const byCode = new Map(fl.map((r) => [r.municipality_code, r]));
    const paid = new Map(
      (
        await t.dataSource.query<{ m: string; a: string }[]>(
          `SELECT municipality_code AS m, sum(amount)::text AS a FROM tranche_payments WHERE scheme_code = $1 AND year = $2 GROUP BY 1`,
          [S, Y],
        )
      ).map((r) => [r.m, money(r.a)]),
    );
    const planned = new Map(
      (
        await t.dataSource.query<{ m: string; a: string }[]>(
          `SELECT t.municipality_code AS m, sum(t.amount)::text AS a FROM advance_plan_tranches t JOIN advance_plans p ON p.id = t.plan_id
            WHERE p.scheme_code = $1 AND p.version = 1 GROUP BY 1`,
          [S],
        )
      ).map((r) => [r.m, money(r.a)]),
    );
    let sums = { p10: money('0'), p50: money('0'), p90: money('0'), paid: money('0'), planned: money('0') };
    let withPaid = 0;
    for (const l of estimate.lines) {
      const f = byCode.get(l.municipalityCode);
      const expected = { p10: amount(f?.q10), p50: amount(f?.q50), p90: amount(f?.q90) };
      expect([l.municipalityCode, l.entitled, l.entitledP10, l.entitledP50, l.entitledP90]).toEqual([
        l.municipalityCode,
        expected.p50.toFixed(2),
        expected.p10.toFixed(2),
        expected.p50.toFixed(2),
        expected.p90.toFixed(2),
      ]);
      const p = paid.get(l.municipalityCode) ?? money('0');
      const pl = planned.get(l.municipalityCode) ?? money('0');
      expect([l.municipalityCode, l.paid, l.planned]).toEqual([l.municipalityCode, p.toFixed(2), pl.toFixed(2)]);
      expect(l.newAdvance).toBe(expected.p50.toFixed(2)); // advance rate 1
      expect(l.settlementP10).toBe(expected.p10.minus(pl).toFixed(2));
      expect(l.settlementP50).toBe(expected.p50.minus(pl).toFixed(2));
      expect(l.settlementP90).toBe(expected.p90.minus(pl).toFixed(2));
      expect(l.settlementIfDecidedP50).toBe(expected.p50.minus(Decimal.max(p, expected.p50)).toFixed(2));
      if (p.gt(0)) {
        withPaid += 1;
      }
      sums = {
        p10: sums.p10.plus(expected.p10),
        p50: sums.p50.plus(expected.p50),
        p90: sums.p90.plus(expected.p90),
        paid: sums.paid.plus(p),
        planned: sums.planned.plus(pl),
      };
    }
    expect(withPaid).toBeGreaterThan(20);
    expect(estimate.lines.length).toBeGreaterThan(300);
    // Parts sum to the totals, to the cent; the overrun range against the budget line.
    expect([estimate.total, estimate.totalP10, estimate.totalP50, estimate.totalP90, estimate.totalPaid, estimate.totalPlanned]).toEqual([
      sums.p50.toFixed(2),
      sums.p10.toFixed(2),
      sums.p50.toFixed(2),
      sums.p90.toFixed(2),
      sums.paid.toFixed(2),
      sums.planned.toFixed(2),
    ]);
    const budget = money(estimate.budget);
    expect([estimate.overrunP10, estimate.overrunP50, estimate.overrunP90]).toEqual(
      [sums.p10, sums.p50, sums.p90].map((s) => Decimal.max(s.minus(budget), 0).toFixed(2)),
    );
    expect(sums.p10.lte(sums.p50) && sums.p50.lte(sums.p90)).toBe(true);

    // Reproduced from the stored inputs alone: the same input and output hashes.
    const [row] = await t.dataSource.query<{ inputs: InterimInputs; unit_scale: number }[]>(
      `SELECT inputs, unit_scale FROM interim_estimates WHERE id = $1`,
      [estimate.id],
    );
    expect(sha256(canonicalJson(row!.inputs))).toBe(estimate.inputHash);
    expect(sha256(interimOutputJson(calculateInterim(row!.inputs), row!.unit_scale))).toBe(estimate.outputHash);

    // The same key replays; the same key with another level is refused and writes nothing.
    const again = await t.ok<{ startInterimEstimate: { replayed: boolean; estimate: Estimate } }>(START, { input });
    expect(again.startInterimEstimate.replayed).toBe(true);
    expect(again.startInterimEstimate.estimate.id).toBe(estimate.id);
    const reused = await t.gql(START, { input: { ...input, level: '0.9' } });
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('a controller sees the national figures and only its own line; an auditor reads, neither may start or decide', async () => {
    const q = `query($id: ID!) { interimEstimate(id: $id) { ${ESTIMATE} } }`;
    const own = await t.ok<{ interimEstimate: Estimate }>(q, { id: estimate.id }, await t.tokens.controller(OWN));
    expect(own.interimEstimate.lines.map((l) => l.municipalityCode)).toEqual([OWN]);
    expect(own.interimEstimate.lines[0]).toEqual(estimate.lines.find((l) => l.municipalityCode === OWN));
    expect(own.interimEstimate.totalP90).toBe(estimate.totalP90);
    const list = await t.ok<{ interimEstimates: { id: string; lines: { municipalityCode: string }[] }[] }>(
      `query { interimEstimates(schemeCode: "${S}", year: ${Y}) { id lines { municipalityCode } } }`,
      {},
      await t.tokens.controller(OWN),
    );
    expect(list.interimEstimates.map((e) => e.id)).toContain(estimate.id);
    expect(new Set(list.interimEstimates.flatMap((e) => e.lines.map((l) => l.municipalityCode)))).toEqual(new Set([OWN]));
    const input = { schemeCode: S, year: Y, forecastId, idempotencyKey: 'interim-ctl' };
    expect(codes(await t.gql(START, { input }, await t.tokens.controller(OWN)))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(START, { input }, t.tokens.auditor))).toEqual(['FORBIDDEN']);
    expect(
      codes(await t.gql(DECIDE, { input: { estimateId: estimate.id, reason: 'r', idempotencyKey: 'interim-aud' } }, t.tokens.auditor)),
    ).toEqual(['FORBIDDEN']);
  });

  it('refuses a level the forecast does not have, a level without a forecast, and a forecast on a rule not on FORECAST counts', async () => {
    const bad = async (input: Record<string, unknown>) =>
      (await t.gql(START, { input: { schemeCode: S, year: Y, idempotencyKey: `interim-bad-${crypto.randomUUID()}`, ...input } }))
        .errors?.[0]?.extensions;
    expect(await bad({ forecastId, level: '0.33' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.level' });
    expect(await bad({ level: '0.5' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.level' });
    const trailing = (await t.dataSource.query<{ id: string }[]>(`SELECT id FROM forecasts WHERE idempotency_key = 'interim-trailing'`))[0]!
      .id;
    expect(await bad({ forecastId: trailing, level: '0.5' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.level' });
    const registered = (
      await t.dataSource.query<{ id: string }[]>(`SELECT id FROM allocation_rules WHERE rule_key = $1`, [`${S}-REGISTERED`])
    )[0]!.id;
    expect(await bad({ forecastId, ruleVersionId: registered })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.ruleVersionId' });
    expect(await bad({ forecastId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('decides through the existing path: an INTERIM run booked, the plan revised (paid tranches unchanged); once only', async () => {
    stale = (
      await t.ok<{ startInterimEstimate: { estimate: Estimate } }>(START, {
        input: { schemeCode: S, year: Y, forecastId, level: 'MEAN', idempotencyKey: 'interim-mean' },
      })
    ).startInterimEstimate.estimate;
    const journalBefore = await journalCount();
    const input = { estimateId: estimate.id, reason: 'nadere voorlopige uitkering op de mediaan', idempotencyKey: 'interim-decide' };
    const decided = await t.ok<{
      decideInterimEstimate: { replayed: boolean; decision: { allocationRunId: string; planId: string; planVersion: number } };
    }>(DECIDE, { input });
    const d = decided.decideInterimEstimate.decision;
    expect(decided.decideInterimEstimate.replayed).toBe(false);
    expect(d.planVersion).toBe(2);

    // The INTERIM run: stage, replaces the provisional run, booked, and grants exactly the estimate.
    const run = await t.ok<{ allocationRun: { stage: string; bookingTransactionId: string | null } }>(
      `query($id: String!) { allocationRun(id: $id) { stage bookingTransactionId } }`,
      { id: d.allocationRunId },
    );
    expect(run.allocationRun.stage).toBe('INTERIM');
    expect(run.allocationRun.bookingTransactionId).not.toBeNull();
    const runAmounts = new Map(
      (
        await t.dataSource.query<{ m: string; a: string }[]>(
          `SELECT municipality_code AS m, amount::text AS a FROM allocation_lines WHERE run_id = $1`,
          [d.allocationRunId],
        )
      ).map((r) => [r.m, r.a]),
    );
    for (const l of estimate.lines) {
      expect([l.municipalityCode, runAmounts.get(l.municipalityCode) ?? '0.00']).toEqual([l.municipalityCode, l.entitled]);
    }
    expect(await journalCount()).toBeGreaterThan(journalBefore);
    const committed = await t.ok<{ accountBalance: { balance: string } }>(
      `query { accountBalance(address: "municipality:${OWN}:committed:${S}:${Y}") { balance } }`,
    );
    expect(money(committed.accountBalance.balance).abs().toFixed(2)).toBe(estimate.lines.find((l) => l.municipalityCode === OWN)!.entitled);

    // The revision: paid tranches unchanged, the rest of the new advance over the unpaid ones.
    const tranches = await t.dataSource.query<{ version: number; m: string; idx: number; amount: string; paid: boolean }[]>(
      `SELECT p.version, t.municipality_code AS m, t.idx, t.amount::text,
              EXISTS (SELECT 1 FROM tranche_payments x WHERE x.scheme_code = p.scheme_code AND x.year = p.year AND x.municipality_code = t.municipality_code AND x.idx = t.idx) AS paid
         FROM advance_plan_tranches t JOIN advance_plans p ON p.id = t.plan_id WHERE p.scheme_code = $1 ORDER BY 1, 2, 3`,
      [S],
    );
    for (const l of estimate.lines) {
      const v1 = tranches.filter((x) => x.version === 1 && x.m === l.municipalityCode);
      const v2 = tranches.filter((x) => x.version === 2 && x.m === l.municipalityCode);
      expect(v2.filter((x) => x.paid)).toEqual(v1.filter((x) => x.paid).map((x) => ({ ...x, version: 2 })));
      const unpaid = v2.filter((x) => !x.paid).reduce((a, x) => a.plus(money(x.amount)), money('0'));
      expect([l.municipalityCode, unpaid.toFixed(2)]).toEqual([
        l.municipalityCode,
        Decimal.max(money(l.newAdvance).minus(money(l.paid)), 0).toFixed(2),
      ]);
    }
    // The chosen quantile is what is in force as FORECAST now.
    const inForce = await t.ok<{ interimEstimate: Estimate }>(`query($id: ID!) { interimEstimate(id: $id) { ${ESTIMATE} } }`, {
      id: estimate.id,
    });
    expect(inForce.interimEstimate.decision).toMatchObject({ allocationRunId: d.allocationRunId, planVersion: 2 });

    // Once only: the same key replays, another key is ALREADY_DECIDED, the stale estimate is refused; nothing written.
    const plansNow = await planCount();
    const journalNow = await journalCount();
    const replay = await t.ok<{ decideInterimEstimate: { replayed: boolean; decision: { planVersion: number } } }>(DECIDE, { input });
    expect(replay.decideInterimEstimate).toMatchObject({ replayed: true, decision: { planVersion: 2 } });
    const again = await t.gql(DECIDE, { input: { ...input, idempotencyKey: 'interim-decide-2' } });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'ALREADY_DECIDED', field: 'input.estimateId' });
    const old = await t.gql(DECIDE, { input: { estimateId: stale.id, reason: 'late', idempotencyKey: 'interim-decide-stale' } });
    expect(old.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'STALE_ESTIMATE', field: 'input.estimateId' });
    expect({ plans: await planCount(), journal: await journalCount() }).toEqual({ plans: plansNow, journal: journalNow });
  });
});
