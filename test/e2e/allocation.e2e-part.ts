import crypto from 'node:crypto';
import Decimal from 'decimal.js';
import { loadAllocationFixtures } from '../../src/modules/allocations';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';

/**
 * Allocation runs end to end through GraphQL on the real database. Every amount is checked against
 * a computation written here with plain Decimal arithmetic (not the calculator).
 */
const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_UP });

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await loadAllocationFixtures(t.ctx());
});
afterAll(async () => {
  await t.close();
});

const RUN_FIELDS = `id seq stage status budgetMode budget totalAmount totalWeight inputHash outputHash replacesRunId municipalityCount bookingTransactionId`;
const LINES = `lines(first: 500) { totalCount edges { node { municipalityCode decisionNumber weight exactShare amount adjustment baseAmount } } }`;

interface Line {
  municipalityCode: string;
  decisionNumber: string;
  weight: string;
  exactShare: string;
  amount: string;
  adjustment: string;
  baseAmount: string;
}
interface Run {
  id: string;
  seq: number;
  stage: string;
  status: string;
  budgetMode: string;
  budget: string;
  totalAmount: string;
  totalWeight: string;
  inputHash: string;
  outputHash: string;
  replacesRunId: string | null;
  municipalityCount: number;
  bookingTransactionId: string | null;
}
interface Outcome {
  run: Run;
  lines: Line[];
  replayed: boolean;
  dryRun: boolean;
}

async function runAllocation(input: Record<string, unknown>, token = t.tokens.finance) {
  return t.gql<{ runAllocation: Outcome }>(
    `mutation($input: RunAllocationInput!) { runAllocation(input: $input) { replayed dryRun run { ${RUN_FIELDS} }
       lines { municipalityCode decisionNumber weight exactShare amount adjustment baseAmount } } }`,
    { input },
    token,
  );
}

async function createScheme(input: Record<string, unknown>) {
  return t.gql(`mutation($input: CreateSchemeInput!) { createScheme(input: $input) { id code year budget unitScale status } }`, { input });
}

async function addRate(schemeCode: string, category: string, amount: string, validFrom: string) {
  return t.ok(`mutation($input: AddRateInput!) { addRate(input: $input) { id } }`, { input: { schemeCode, category, amount, validFrom } });
}

async function createRule(input: Record<string, unknown>, version = false): Promise<string> {
  const name = version ? 'createAllocationRuleVersion' : 'createAllocationRule';
  const data = await t.ok<Record<string, { id: string }>>(
    `mutation($input: AllocationRuleInput!) { ${name}(input: $input) { id version } }`,
    {
      input,
    },
  );
  return data[name]!.id;
}

const yearRow = (municipalityCode: string, category: string, value: string, basis = 'TAAKSTELLING') => ({
  municipalityCode,
  periodType: 'YEAR',
  periodStart: '2026-01-01',
  periodEnd: '2026-12-31',
  category,
  route: null,
  basis,
  rule: null,
  source: 'MINISTRY',
  value,
});

async function importCounts(batchKey: string, rows: unknown[]) {
  return t.gql<{ importCounts: { id: string; rowCount: number; replayed: boolean } }>(
    `mutation($input: ImportCountsInput!) { importCounts(input: $input) { id rowCount replayed } }`,
    { input: { batchKey, rows } },
  );
}

/** Independent largest remainder: floors, then leftover units to the largest remainders, ties to the lower code. */
function independentApportion(total: Decimal, weights: [string, Decimal][], scale: number): Map<string, string> {
  const unit = new D(10).pow(scale);
  const totalWeight = weights.reduce((s, [, w]) => s.plus(w), new D(0));
  const quotas = weights.map(([code, w]) => {
    const q = new D(total).times(unit).times(w).div(totalWeight);
    return { code, w, floor: q.floor(), rem: q.minus(q.floor()) };
  });
  let left = new D(total)
    .times(unit)
    .minus(quotas.reduce((s, q) => s.plus(q.floor), new D(0)))
    .toNumber();
  const order = quotas.filter((q) => !q.w.isZero()).sort((a, b) => b.rem.comparedTo(a.rem) || (a.code < b.code ? -1 : 1));
  const bonus = new Set<string>();
  for (const q of order) {
    if (left === 0) {
      break;
    }
    bonus.add(q.code);
    left -= 1;
  }
  return new Map(
    quotas.map((q) => [
      q.code,
      q.floor
        .plus(bonus.has(q.code) ? 1 : 0)
        .div(unit)
        .toFixed(scale),
    ]),
  );
}

async function fixtureRun(schemeCode: string): Promise<Run & { inputs: string; lines: { totalCount: number; edges: { node: Line }[] } }> {
  const data = await t.ok<{ allocationRuns: { id: string }[] }>(`query($s: String) { allocationRuns(schemeCode: $s, year: 2026) { id } }`, {
    s: schemeCode,
  });
  const id = data.allocationRuns.at(-1)!.id;
  const run = await t.ok<{ allocationRun: Run & { inputs: string; lines: { totalCount: number; edges: { node: Line }[] } } }>(
    `query($id: String!) { allocationRun(id: $id) { ${RUN_FIELDS} inputs ${LINES} } }`,
    { id },
    t.tokens.auditor,
  );
  return run.allocationRun;
}

interface StoredInputs {
  scheme: { budget: string; unitScale: number; budgetMode: string };
  municipalities: string[];
  rates: { id: string; category: string; amount: string; validFrom: string }[];
  counts: { municipalityCode: string; category: string; periodType: string; value: string }[];
  baseAmounts: { municipalityCode: string; amount: string }[] | null;
}

/** Recomputes a run from its stored inputs with plain Decimal (each category here has one period type). */
function recompute(inputs: StoredInputs): Map<string, string> {
  const rate = new Map(inputs.rates.map((r) => [r.category, new D(r.amount)]));
  const weight = new Map(inputs.municipalities.map((m) => [m, new D(0)]));
  for (const b of inputs.baseAmounts ?? []) {
    if (weight.has(b.municipalityCode)) {
      weight.set(b.municipalityCode, weight.get(b.municipalityCode)!.plus(b.amount));
    }
  }
  for (const c of inputs.counts) {
    weight.set(c.municipalityCode, weight.get(c.municipalityCode)!.plus(new D(c.value).times(rate.get(c.category)!)));
  }
  const scale = inputs.scheme.unitScale;
  if (inputs.scheme.budgetMode === 'CLOSED') {
    return independentApportion(new D(inputs.scheme.budget), [...weight.entries()], scale);
  }
  return new Map([...weight.entries()].map(([m, w]) => [m, w.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP).toFixed(scale)]));
}

describe('fixtures: a full 2026 allocation at start', () => {
  it.each(['UITV-WI2021', 'SPUK-WI2021'])(
    '%s: the PROVISIONAL run recomputes independently to the cent from its stored inputs',
    async (scheme) => {
      const run = await fixtureRun(scheme);
      expect(run.stage).toBe('PROVISIONAL');
      expect(run.lines.totalCount).toBe(342);
      const inputs = JSON.parse(run.inputs) as StoredInputs;
      expect(crypto.createHash('sha256').update(run.inputs).digest('hex')).toBe(run.inputHash);
      const expected = recompute(inputs);
      expect(expected.size).toBe(342);
      for (const { node } of run.lines.edges) {
        expect(`${node.municipalityCode} ${node.amount}`).toBe(`${node.municipalityCode} ${expected.get(node.municipalityCode)}`);
      }
      const total = run.lines.edges.reduce((s, e) => s.plus(e.node.amount), new D(0)).toFixed(2);
      expect(run.totalAmount).toBe(total);
      if (scheme === 'UITV-WI2021') {
        expect(total).toBe('103000000.00');
      }
    },
  );

  it('derives taakstelling counts from population shares that add up to the national figures', async () => {
    const rows: { category: string; total: string }[] = await t.dataSource.query(
      `SELECT category, sum(value)::text AS total FROM counts WHERE basis = 'TAAKSTELLING' GROUP BY category ORDER BY category`,
    );
    expect(rows.map((r) => [r.category, new D(r.total).toFixed(0)])).toEqual([
      ['ASIELSTATUSHOUDER', '21000'],
      ['GEZINSMIGRANT', '11000'],
      ['OVERIG', '2900'],
    ]);
  });
});

describe('closed budget: ties and zero counts', () => {
  let ruleId: string;
  beforeAll(async () => {
    expect(
      codes(
        await createScheme({
          code: 'TST-CLOSED',
          name: 'Test closed',
          stream: 'IMPLEMENTATION_COSTS',
          year: 2026,
          budgetMode: 'CLOSED',
          budget: '10.00',
          status: 'OPEN',
        }),
      ),
    ).toEqual([]);
    await addRate('TST-CLOSED', 'OVERIG', '1.00', '2026-01-01');
    ruleId = await createRule({
      ruleKey: 'TST-CLOSED-KEY',
      schemeCode: 'TST-CLOSED',
      basis: 'REPORTED',
      categories: [{ category: 'OVERIG' }],
    });
    const batch = await importCounts('tst-closed-1', [
      yearRow('GM0034', 'OVERIG', '1', 'REPORTED'),
      yearRow('GM0014', 'OVERIG', '1', 'REPORTED'),
      yearRow('GM0047', 'OVERIG', '1', 'REPORTED'),
      yearRow('GM0037', 'OVERIG', '3', 'REPORTED'),
    ]);
    expect(codes(batch)).toEqual([]);
  });

  it('splits EUR 10.00 as the worked example: the tied cents go to the lowest codes, everyone else exactly zero', async () => {
    const r = await runAllocation({
      schemeCode: 'TST-CLOSED',
      year: 2026,
      ruleVersionId: ruleId,
      stage: 'PROVISIONAL',
      idempotencyKey: 'tst-closed-run-1',
    });
    expect(codes(r)).toEqual([]);
    const lines = r.data!.runAllocation.lines;
    expect(lines).toHaveLength(342);
    const nonZero = Object.fromEntries(lines.filter((l) => l.amount !== '0.00').map((l) => [l.municipalityCode, l.amount]));
    expect(nonZero).toEqual({ GM0014: '1.67', GM0034: '1.67', GM0037: '5.00', GM0047: '1.66' });
    expect(lines.reduce((s, l) => s.plus(l.amount), new D(0)).toFixed(2)).toBe('10.00');
    expect(r.data!.runAllocation.run.totalAmount).toBe('10.00');
    const gm14 = lines.find((l) => l.municipalityCode === 'GM0014')!;
    expect(gm14.decisionNumber).toBe('TST-CLOSED-2026-P01-GM0014');
    expect(new D(gm14.exactShare).toFixed(12)).toBe('1.666666666667');
    expect(new D(gm14.adjustment).plus(gm14.exactShare).toFixed(2)).toBe('1.67');
  });

  it('refuses a run when a listed category has no rate, naming the category', async () => {
    const rule = await createRule({
      ruleKey: 'TST-CLOSED-GM',
      schemeCode: 'TST-CLOSED',
      basis: 'REPORTED',
      categories: [{ category: 'GEZINSMIGRANT' }],
    });
    const r = await runAllocation({
      schemeCode: 'TST-CLOSED',
      year: 2026,
      ruleVersionId: rule,
      stage: 'INTERIM',
      idempotencyKey: 'tst-closed-norate',
    });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions).toMatchObject({ category: 'GEZINSMIGRANT' });
  });
});

describe('runs: idempotency, dry run, replacement, rates and reference dates', () => {
  let ruleV1: string;
  let first: Outcome;
  beforeAll(async () => {
    await createScheme({
      code: 'TST-OPEN',
      name: 'Test open',
      stream: 'INTEGRATION_PROVISIONS',
      year: 2026,
      budgetMode: 'OPEN_ENDED',
      budget: '1000000.00',
      status: 'OPEN',
    });
    await addRate('TST-OPEN', 'ASIELSTATUSHOUDER', '11600.00', '2026-01-01');
    await addRate('TST-OPEN', 'ASIELSTATUSHOUDER', '10000.00', '2025-01-01');
    ruleV1 = await createRule({
      ruleKey: 'TST-OPEN-KEY',
      schemeCode: 'TST-OPEN',
      basis: 'REGISTERED',
      attributionRule: 'PRO_RATA_DAYS',
      categories: [{ category: 'ASIELSTATUSHOUDER' }],
    });
    const registered = (code: string, value: string) => ({
      ...yearRow(code, 'ASIELSTATUSHOUDER', value, 'REGISTERED'),
      rule: 'PRO_RATA_DAYS',
      source: 'ATTRIBUTION',
    });
    expect(codes(await importCounts('tst-open-1', [registered('GM0363', '2.333333'), registered('GM0344', '0.5')]))).toEqual([]);
    const r = await runAllocation({
      schemeCode: 'TST-OPEN',
      year: 2026,
      ruleVersionId: ruleV1,
      stage: 'PROVISIONAL',
      idempotencyKey: 'tst-open-1',
    });
    expect(codes(r)).toEqual([]);
    first = r.data!.runAllocation;
  });

  const amountOf = (o: Outcome, code: string) => o.lines.find((l) => l.municipalityCode === code)!.amount;

  it('open-ended: each weight rounded once; the total is the sum of rounded amounts', () => {
    // 2.333333 × 11600 = 27066.6628 -> 27066.66; 0.5 × 11600 = 5800.00
    expect(amountOf(first, 'GM0363')).toBe('27066.66');
    expect(amountOf(first, 'GM0344')).toBe('5800.00');
    expect(first.run.totalAmount).toBe('32866.66');
  });

  it('the same idempotency key returns the original run; another request with it is refused', async () => {
    const again = await runAllocation({
      schemeCode: 'TST-OPEN',
      year: 2026,
      ruleVersionId: ruleV1,
      stage: 'PROVISIONAL',
      idempotencyKey: 'tst-open-1',
    });
    expect(again.data!.runAllocation.replayed).toBe(true);
    expect(again.data!.runAllocation.run.id).toBe(first.run.id);
    const other = await runAllocation({
      schemeCode: 'TST-OPEN',
      year: 2026,
      ruleVersionId: ruleV1,
      stage: 'INTERIM',
      idempotencyKey: 'tst-open-1',
    });
    expect(codes(other)).toEqual(['CONFLICT']);
    expect(other.errors?.[0]?.extensions?.reason).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a dry run computes the same result and writes nothing', async () => {
    const before: { n: number }[] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM allocation_runs) + (SELECT count(*) FROM allocation_lines) AS n`,
    );
    const dry = await runAllocation({
      schemeCode: 'TST-OPEN',
      year: 2026,
      ruleVersionId: ruleV1,
      stage: 'INTERIM',
      idempotencyKey: 'tst-open-dry',
      dryRun: true,
    });
    expect(codes(dry)).toEqual([]);
    expect(dry.data!.runAllocation.dryRun).toBe(true);
    expect(amountOf(dry.data!.runAllocation, 'GM0363')).toBe('27066.66');
    const after: { n: number }[] = await t.dataSource.query(
      `SELECT (SELECT count(*) FROM allocation_runs) + (SELECT count(*) FROM allocation_lines) AS n`,
    );
    expect(after).toEqual(before);
    const byKey: unknown[] = await t.dataSource.query(`SELECT 1 FROM allocation_runs WHERE idempotency_key = 'tst-open-dry'`);
    expect(byKey).toHaveLength(0);
  });

  it('a later rate after the reference date changes nothing; a rule version with a later reference date uses it', async () => {
    await addRate('TST-OPEN', 'ASIELSTATUSHOUDER', '12000.00', '2026-07-01');
    const same = await runAllocation({
      schemeCode: 'TST-OPEN',
      year: 2026,
      ruleVersionId: ruleV1,
      stage: 'INTERIM',
      idempotencyKey: 'tst-open-2',
    });
    const second = same.data!.runAllocation;
    expect(second.run.inputHash).toBe(first.run.inputHash);
    expect(second.run.outputHash).toBe(first.run.outputHash);
    expect(amountOf(second, 'GM0363')).toBe('27066.66');
    expect(second.run.replacesRunId).toBe(first.run.id);
    expect(second.lines.find((l) => l.municipalityCode === 'GM0363')!.decisionNumber).toBe('TST-OPEN-2026-I02-GM0363');

    const ruleV2 = await createRule(
      {
        ruleKey: 'TST-OPEN-KEY',
        schemeCode: 'TST-OPEN',
        basis: 'REGISTERED',
        attributionRule: 'PRO_RATA_DAYS',
        referenceDate: '2026-07-01',
        categories: [{ category: 'ASIELSTATUSHOUDER' }],
      },
      true,
    );
    const newer = await runAllocation({
      schemeCode: 'TST-OPEN',
      year: 2026,
      ruleVersionId: ruleV2,
      stage: 'INTERIM',
      idempotencyKey: 'tst-open-3',
    });
    // 2.333333 × 12000 = 27999.996 -> 28000.00
    expect(amountOf(newer.data!.runAllocation, 'GM0363')).toBe('28000.00');
    expect(newer.data!.runAllocation.run.inputHash).not.toBe(first.run.inputHash);

    // The first run is unchanged and now REPLACED; the newest is CURRENT.
    const old = await t.ok<{ allocationRun: Run & { lines: { edges: { node: Line }[] } } }>(
      `query($id: String!) { allocationRun(id: $id) { ${RUN_FIELDS} lines(first: 1, municipalityCodes: ["GM0363"]) { edges { node { amount } } } } }`,
      { id: first.run.id },
    );
    expect(old.allocationRun.status).toBe('REPLACED');
    expect(old.allocationRun.lines.edges[0]!.node.amount).toBe('27066.66');
    expect(old.allocationRun.outputHash).toBe(first.run.outputHash);
  });

  it('rule versions are immutable at the database level', async () => {
    await expect(t.dataSource.query(`UPDATE allocation_rules SET use_base_amounts = true WHERE id = $1`, [ruleV1])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.dataSource.query(`DELETE FROM allocation_lines WHERE run_id = $1`, [first.run.id])).rejects.toThrow(/append-only/);
  });

  it('only a finance officer runs allocations', async () => {
    const input = { schemeCode: 'TST-OPEN', year: 2026, ruleVersionId: ruleV1, stage: 'INTERIM', idempotencyKey: 'tst-open-x' };
    expect(codes(await runAllocation(input, t.tokens.auditor))).toEqual(['FORBIDDEN']);
    expect(codes(await runAllocation(input, await t.tokens.controller('GM0363')))).toEqual(['FORBIDDEN']);
  });
});

describe('controller scoping, explanation and comparison', () => {
  let runId: string;
  beforeAll(async () => {
    runId = (await fixtureRun('UITV-WI2021')).id;
  });

  it('a controller sees only its own line, and is refused another municipality', async () => {
    const token = await t.tokens.controller('GM0363');
    const own = await t.ok<{ allocationRun: { lines: { totalCount: number; edges: { node: Line }[] } } }>(
      `query($id: String!) { allocationRun(id: $id) { ${LINES} } }`,
      { id: runId },
      token,
    );
    expect(own.allocationRun.lines.totalCount).toBe(1);
    expect(own.allocationRun.lines.edges.map((e) => e.node.municipalityCode)).toEqual(['GM0363']);
    const other = await t.gql(
      `query($id: String!) { allocationRun(id: $id) { lines(first: 5, municipalityCodes: ["GM0344"]) { totalCount } } }`,
      { id: runId },
      token,
    );
    expect(codes(other)).toEqual(['FORBIDDEN']);
    const inputs = await t.gql(`query($id: String!) { allocationRun(id: $id) { inputs } }`, { id: runId }, token);
    expect(codes(inputs)).toEqual(['FORBIDDEN']);
  });

  it('explains a line: counts × rates + base = weight; weight / total × budget = exact share; + adjustment = amount', async () => {
    const token = await t.tokens.controller('GM0363');
    const q = `query($id: String!, $m: String!) { allocationExplanation(runId: $id, municipalityCode: $m) {
      decisionNumber budget baseAmount weight totalWeight exactShare adjustment amount steps terms { category count rate product countIds } } }`;
    interface Explanation {
      decisionNumber: string;
      budget: string;
      baseAmount: string;
      weight: string;
      totalWeight: string;
      exactShare: string;
      adjustment: string;
      amount: string;
      steps: string[];
      terms: { count: string; rate: string; product: string; countIds: string[] }[];
    }
    const e = (await t.ok<{ allocationExplanation: Explanation }>(q, { id: runId, m: 'GM0363' }, token)).allocationExplanation;
    // Each term's count is the sum of the count rows it names (read back through the counts query).
    for (const term of e.terms) {
      const rows: { value: string }[] = await t.dataSource.query(`SELECT value::text FROM counts WHERE id = ANY($1::bigint[])`, [
        term.countIds,
      ]);
      expect(rows.length).toBe(term.countIds.length);
      expect(rows.reduce((s, r) => s.plus(r.value), new D(0)).toFixed(6)).toBe(new D(term.count).toFixed(6));
    }
    const products = e.terms.map((x) => {
      expect(new D(x.count).times(x.rate).toFixed()).toBe(new D(x.product).toFixed());
      return new D(x.product);
    });
    expect(products.reduce((s, p) => s.plus(p), new D(e.baseAmount)).toFixed()).toBe(new D(e.weight).toFixed());
    expect(e.baseAmount).toBe('50000');
    const exact = new D(e.weight).div(e.totalWeight).times(e.budget);
    expect(new D(e.exactShare).minus(exact).abs().lt('1e-25')).toBe(true);
    expect(new D(e.exactShare).plus(e.adjustment).toFixed(2)).toBe(e.amount);
    expect(e.decisionNumber).toBe('UITV-WI2021-2026-P01-GM0363');
    expect(e.steps.length).toBeGreaterThan(4);
    expect(codes(await t.gql(q, { id: runId, m: 'GM0344' }, token))).toEqual(['FORBIDDEN']);
  });

  it('compares taakstelling with forecast per municipality in euros and percent of A', async () => {
    const spukA = await fixtureRun('SPUK-WI2021');
    const rules = await t.ok<{ allocationRules: { id: string; ruleKey: string }[] }>(
      `{ allocationRules(schemeCode: "SPUK-WI2021") { id ruleKey } }`,
    );
    const forecastRule = rules.allocationRules.find((r) => r.ruleKey === 'SPUK-FORECAST')!.id;
    const b = await runAllocation({
      schemeCode: 'SPUK-WI2021',
      year: 2026,
      ruleVersionId: forecastRule,
      stage: 'INTERIM',
      idempotencyKey: 'cmp-forecast',
    });
    expect(codes(b)).toEqual([]);
    const bLines = new Map(b.data!.runAllocation.lines.map((l) => [l.municipalityCode, l.amount]));
    const aLines = new Map(spukA.lines.edges.map((e) => [e.node.municipalityCode, e.node.amount]));
    const cmp = await t.ok<{
      compareAllocationRuns: {
        totalA: string;
        totalB: string;
        lines: { municipalityCode: string; amountA: string; amountB: string; difference: string; percent: string | null }[];
      };
    }>(
      `query($a: String!, $b: String!) { compareAllocationRuns(runA: $a, runB: $b) { totalA totalB lines { municipalityCode amountA amountB difference percent } } }`,
      { a: spukA.id, b: b.data!.runAllocation.run.id },
      t.tokens.auditor,
    );
    expect(cmp.compareAllocationRuns.lines).toHaveLength(342);
    for (const line of cmp.compareAllocationRuns.lines) {
      const a = new D(aLines.get(line.municipalityCode)!);
      const bb = new D(bLines.get(line.municipalityCode)!);
      expect(line.difference).toBe(bb.minus(a).toFixed(2));
      expect(line.percent).toBe(a.isZero() ? null : bb.minus(a).times(100).div(a).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
    }
    const ctl = await t.ok<{ compareAllocationRuns: { lines: { municipalityCode: string }[] } }>(
      `query($a: String!, $b: String!) { compareAllocationRuns(runA: $a, runB: $b) { lines { municipalityCode } } }`,
      { a: spukA.id, b: b.data!.runAllocation.run.id },
      await t.tokens.controller('GM0014'),
    );
    expect(ctl.compareAllocationRuns.lines.map((l) => l.municipalityCode)).toEqual(['GM0014']);
  });
});

describe('decimal input', () => {
  const scheme = (budget: unknown, unitScale = 2) => ({
    code: 'TST-DEC',
    name: 'Decimals',
    stream: 'IMPLEMENTATION_COSTS',
    year: 2027,
    budgetMode: 'CLOSED',
    budget,
    unitScale,
  });
  it.each([['1e3'], ['NaN'], ['12,50'], ['0.001'], [1000]])('budget %p is BAD_USER_INPUT naming the field', async (budget) => {
    const r = await createScheme(scheme(budget));
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(/input\.budget/);
  });
  it.each([['1e3'], ['NaN'], ['12,50'], ['0.001']])('rate amount %p is BAD_USER_INPUT naming input.amount', async (amount) => {
    const r = await t.gql(`mutation($input: AddRateInput!) { addRate(input: $input) { id } }`, {
      input: { schemeCode: 'UITV-WI2021', category: 'OVERIG', validFrom: '2027-01-01', amount },
    });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.message).toMatch(/input\.amount/);
  });

  it('10.50 for a whole-euro scheme is refused with field input.budget', async () => {
    const r = await createScheme(scheme('10.50', 0));
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0]!.extensions).toMatchObject({ field: 'input.budget' });
    const ok = await createScheme(scheme('10', 0));
    expect(codes(ok)).toEqual([]);
    const update = await t.gql(`mutation { updateSchemeBudget(schemeCode: "TST-DEC", year: 2027, budget: "10.50") { budget } }`);
    expect(codes(update)).toEqual(['BAD_USER_INPUT']);
    expect(update.errors![0]!.extensions).toMatchObject({ field: 'budget' });
  });
});
