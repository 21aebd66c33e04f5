import Decimal from 'decimal.js';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const CREATE = `mutation($input: CreateSchemeInput!) { createScheme(input: $input) { id code year status budget unitScale accountabilityDeadline usesRoutes } }`;
const STATUS = `mutation($c: String!, $y: Int!, $s: SchemeStatus!) { updateSchemeStatus(schemeCode: $c, year: $y, status: $s) { status } }`;
const RATE = `mutation($input: AddRateInput!) { addRate(input: $input) { id category route validFrom amount } }`;
const RULE = `mutation($input: AllocationRuleInput!) { createAllocationRule(input: $input) { id version used } }`;
const RUN = `mutation($input: RunAllocationInput!) { runAllocation(input: $input) { dryRun run { id seq totalAmount }
  lines { municipalityCode amount } } }`;
const IMPORT = `mutation($input: ImportCountsInput!) { importCounts(input: $input) { rowCount } }`;

const scheme = (over: Record<string, unknown> = {}) => ({
  code: 'TST-LIFE',
  name: 'Lifecycle',
  stream: 'EDUCATION_ROUTE',
  year: 2027,
  budgetMode: 'CLOSED',
  budget: '1000.00',
  ...over,
});
const yearRow = (municipalityCode: string, value: string, route: string | null = null, category = 'ASIELSTATUSHOUDER') => ({
  municipalityCode,
  periodType: 'YEAR',
  periodStart: '2027-01-01',
  periodEnd: '2027-12-31',
  category,
  route,
  basis: 'TAAKSTELLING',
  rule: null,
  source: 'COA',
  value,
});

describe('schemes and rates', () => {
  it('creates a DRAFT scheme with the default accountability deadline, and walks DRAFT -> OPEN -> CLOSED only', async () => {
    const created = await t.ok<{ createScheme: Record<string, unknown> }>(CREATE, { input: scheme() });
    expect(created.createScheme).toMatchObject({ status: 'DRAFT', budget: '1000.00', unitScale: 2, accountabilityDeadline: '2028-07-15' });
    expect(codes(await t.gql(CREATE, { input: scheme() }))).toEqual(['CONFLICT']);
    expect(codes(await t.gql(STATUS, { c: 'TST-LIFE', y: 2027, s: 'CLOSED' }))).toEqual(['CONFLICT']);
    expect(
      (await t.ok<{ updateSchemeStatus: { status: string } }>(STATUS, { c: 'TST-LIFE', y: 2027, s: 'OPEN' })).updateSchemeStatus.status,
    ).toBe('OPEN');
    expect(codes(await t.gql(STATUS, { c: 'TST-LIFE', y: 2027, s: 'DRAFT' }))).toEqual(['CONFLICT']);
    expect(codes(await t.gql(STATUS, { c: 'TST-LIFE', y: 2027, s: 'OPEN' }, t.tokens.auditor))).toEqual(['FORBIDDEN']);
  });

  it('appends rates, never overwrites them, and answers rates(asOf) with the one in force', async () => {
    await t.ok(RATE, { input: { schemeCode: 'TST-LIFE', category: 'ASIELSTATUSHOUDER', validFrom: '2026-01-01', amount: '17000.00' } });
    await t.ok(RATE, { input: { schemeCode: 'TST-LIFE', category: 'ASIELSTATUSHOUDER', validFrom: '2027-01-01', amount: '17500.00' } });
    const dup = await t.gql(RATE, {
      input: { schemeCode: 'TST-LIFE', category: 'ASIELSTATUSHOUDER', validFrom: '2027-01-01', amount: '1.00' },
    });
    expect(codes(dup)).toEqual(['CONFLICT']);
    const routed = await t.gql(RATE, {
      input: { schemeCode: 'TST-LIFE', category: 'ASIELSTATUSHOUDER', route: 'B1', validFrom: '2027-01-01', amount: '1.00' },
    });
    expect(codes(routed)).toEqual(['BAD_USER_INPUT']);
    const q = `query($a: String) { rates(schemeCode: "TST-LIFE", asOf: $a) { validFrom amount } }`;
    expect((await t.ok<{ rates: unknown[] }>(q, { a: '2026-12-31' })).rates).toEqual([{ validFrom: '2026-01-01', amount: '17000.00' }]);
    expect((await t.ok<{ rates: unknown[] }>(q, { a: '2027-06-01' })).rates).toEqual([{ validFrom: '2027-01-01', amount: '17500.00' }]);
    expect((await t.ok<{ rates: unknown[] }>(q, { a: null })).rates).toHaveLength(2);
    await expect(t.dataSource.query(`UPDATE scheme_rates SET amount = 1 WHERE scheme_code = 'TST-LIFE'`)).rejects.toThrow(/append-only/);
  });

  it('sets base amounts for known municipalities only; auditors read them, controllers do not', async () => {
    const set = `mutation($input: SetBaseAmountsInput!) { setBaseAmounts(input: $input) { municipalityCode amount } }`;
    const bad = await t.gql(set, {
      input: { schemeCode: 'TST-LIFE', year: 2027, amounts: [{ municipalityCode: 'GM9999', amount: '1.00' }] },
    });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0]!.extensions).toMatchObject({ field: 'input.amounts[0].municipalityCode' });
    await t.ok(set, { input: { schemeCode: 'TST-LIFE', year: 2027, amounts: [{ municipalityCode: 'GM0363', amount: '100.00' }] } });
    const read = `{ baseAmounts(schemeCode: "TST-LIFE", year: 2027) { municipalityCode amount } }`;
    expect((await t.ok<{ baseAmounts: unknown[] }>(read, {}, t.tokens.auditor)).baseAmounts).toEqual([
      { municipalityCode: 'GM0363', amount: '100.00' },
    ]);
    expect(codes(await t.gql(read, {}, await t.tokens.controller('GM0363')))).toEqual(['FORBIDDEN']);
  });
});

describe('rules, status gates and mergers', () => {
  it('refuses inconsistent rules', async () => {
    const base = { ruleKey: 'TST-LIFE-R', schemeCode: 'TST-LIFE', basis: 'TAAKSTELLING', categories: [{ category: 'ASIELSTATUSHOUDER' }] };
    expect(codes(await t.gql(RULE, { input: { ...base, basis: 'REGISTERED' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(RULE, { input: { ...base, attributionRule: 'PEILDATUM' } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(RULE, { input: { ...base, categories: [{ category: 'OVERIG' }, { category: 'OVERIG' }] } }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codes(await t.gql(RULE, { input: { ...base, categories: [{ category: 'OVERIG', route: 'B1' }] } }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await t.gql(RULE, { input: { ...base, schemeCode: 'NOPE' } }))).toEqual(['NOT_FOUND']);
  });

  it('counts under a code dissolved on 1 January belong to the successor; the dissolved code is not in the run', async () => {
    await t.ok(
      `mutation { registerMerger(input: { dissolvedCodes: ["GM0014"], successorCode: "GM0037", effectiveDate: "2027-01-01" }) { dissolvedCode } }`,
    );
    await t.ok(IMPORT, { input: { batchKey: 'life-1', rows: [yearRow('GM0014', '3'), yearRow('GM0037', '1'), yearRow('GM0363', '4')] } });
    const rule = await t.ok<{ createAllocationRule: { id: string } }>(RULE, {
      input: { ruleKey: 'TST-LIFE-KEY', schemeCode: 'TST-LIFE', basis: 'TAAKSTELLING', categories: [{ category: 'ASIELSTATUSHOUDER' }] },
    });
    const r = await t.ok<{
      runAllocation: { run: { id: string; totalAmount: string }; lines: { municipalityCode: string; amount: string }[] };
    }>(RUN, {
      input: {
        schemeCode: 'TST-LIFE',
        year: 2027,
        ruleVersionId: rule.createAllocationRule.id,
        stage: 'PROVISIONAL',
        idempotencyKey: 'life-run-1',
      },
    });
    const lines = new Map(r.runAllocation.lines.map((l) => [l.municipalityCode, l.amount]));
    expect(lines.has('GM0014')).toBe(false);
    expect(lines.size).toBe(341);
    expect(lines.get('GM0037')).toBe('500.00');
    expect(lines.get('GM0363')).toBe('500.00');
    expect(r.runAllocation.lines.reduce((s, l) => s.plus(l.amount), new Decimal(0)).toFixed(2)).toBe('1000.00');
    const rules = await t.ok<{ allocationRules: { used: boolean }[] }>(`{ allocationRules(ruleKey: "TST-LIFE-KEY") { used } }`);
    expect(rules.allocationRules).toEqual([{ used: true }]);
  });

  it('two runs of one scheme-year at once are serialised: sequence 2 and 3, each replacing the one before', async () => {
    const rules = await t.ok<{ allocationRules: { id: string }[] }>(`{ allocationRules(ruleKey: "TST-LIFE-KEY") { id } }`);
    const input = (key: string) => ({
      schemeCode: 'TST-LIFE',
      year: 2027,
      ruleVersionId: rules.allocationRules[0]!.id,
      stage: 'INTERIM',
      idempotencyKey: key,
    });
    const [a, b] = await Promise.all([t.gql(RUN, { input: input('life-par-a') }), t.gql(RUN, { input: input('life-par-b') })]);
    expect([...codes(a), ...codes(b)]).toEqual([]);
    const runs = await t.ok<{ allocationRuns: { seq: number; status: string; replacesRunId: string | null; id: string }[] }>(
      `{ allocationRuns(schemeCode: "TST-LIFE", year: 2027) { id seq status replacesRunId } }`,
    );
    expect(runs.allocationRuns.map((r) => `${r.seq} ${r.status}`)).toEqual(['3 CURRENT', '2 REPLACED', '1 REPLACED']);
    expect(runs.allocationRuns[0]!.replacesRunId).toBe(runs.allocationRuns[1]!.id);
  });

  it('a DRAFT scheme only previews; a CLOSED one only takes CORRECTION runs', async () => {
    await t.ok(CREATE, { input: scheme({ code: 'TST-GATE', budget: '10.00' }) });
    await t.ok(RATE, { input: { schemeCode: 'TST-GATE', category: 'ASIELSTATUSHOUDER', validFrom: '2027-01-01', amount: '1.00' } });
    const rule = await t.ok<{ createAllocationRule: { id: string } }>(RULE, {
      input: { ruleKey: 'TST-GATE-KEY', schemeCode: 'TST-GATE', basis: 'TAAKSTELLING', categories: [{ category: 'ASIELSTATUSHOUDER' }] },
    });
    const input = (stage: string, key: string, dryRun = false) => ({
      schemeCode: 'TST-GATE',
      year: 2027,
      ruleVersionId: rule.createAllocationRule.id,
      stage,
      idempotencyKey: key,
      dryRun,
    });
    expect(codes(await t.gql(RUN, { input: input('PROVISIONAL', 'gate-1') }))).toEqual(['CONFLICT']);
    const preview = await t.ok<{ runAllocation: { dryRun: boolean; run: { totalAmount: string } } }>(RUN, {
      input: input('PROVISIONAL', 'gate-2', true),
    });
    expect(preview.runAllocation).toMatchObject({ dryRun: true, run: { totalAmount: '10.00' } });
    const budget = `mutation($b: Money!) { updateSchemeBudget(schemeCode: "TST-GATE", year: 2027, budget: $b) { budget } }`;
    expect(codes(await t.gql(budget, { b: '20.001' }))).toEqual(['BAD_USER_INPUT']);
    expect((await t.ok<{ updateSchemeBudget: { budget: string } }>(budget, { b: '20.00' })).updateSchemeBudget.budget).toBe('20.00');
    await t.ok(STATUS, { c: 'TST-GATE', y: 2027, s: 'OPEN' });
    const first = await t.ok<{ runAllocation: { run: { totalAmount: string } } }>(RUN, { input: input('PROVISIONAL', 'gate-open') });
    expect(first.runAllocation.run.totalAmount).toBe('20.00');
    await t.ok(STATUS, { c: 'TST-GATE', y: 2027, s: 'CLOSED' });
    expect(codes(await t.gql(RUN, { input: input('DEFINITIVE', 'gate-3') }))).toEqual(['SCHEME_YEAR_CLOSED']);
    expect(codes(await t.gql(RUN, { input: input('CORRECTION', 'gate-4') }))).toEqual([]);
    expect(codes(await t.gql(budget, { b: '30.00' }))).toEqual(['SCHEME_YEAR_CLOSED']);
  });
});
