import { createTestApp, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { money, toFixedScale } from '../../src/common/money/money';
import { RunStage } from '../../src/modules/allocations';
import { createAdvancePlan, payTranches, reviseAdvancePlan } from '../../src/modules/advances';
import { accounts, getBalance } from '../../src/modules/ledger';
import { runLedgerChecks } from '../../src/modules/ledger/ledger.checks';

const S = 'ADV-TEST';
const Y = 2025;

/** Independent largest remainder over n equal tranches: floor in cents, leftover cents to the first tranches. */
function equalTranches(total: string, n: number): string[] {
  const cents = BigInt(total.replace('.', ''));
  const base = cents / BigInt(n);
  const left = Number(cents - base * BigInt(n));
  return Array.from({ length: n }, (_, i) => {
    const c = base + (i < left ? 1n : 0n);
    return `${c / 100n}.${String(c % 100n).padStart(2, '0')}`;
  });
}

describe('advances: plans, payments, revisions', () => {
  let t: TestApp;
  let rules: { forecast: string; registered: string };
  let firstRun: string;

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 12 });
    const ctx = t.ctx();
    await createTestScheme(ctx, S, Y, '1200.00');
    rules = await createTestRules(ctx, S);
    firstRun = await countsAndRun(ctx, {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { GM0363: '1', GM0344: '1', GM0014: '0.333333', GM0034: '2.5' },
      key: 'adv-provisional',
    });
  });
  afterAll(() => t.close());

  const tranchesOf = async (planId: string, m: string): Promise<string[]> =>
    (
      await t.dataSource.query<{ a: string }[]>(
        `SELECT amount::text AS a FROM advance_plan_tranches WHERE plan_id = $1 AND municipality_code = $2 ORDER BY idx`,
        [planId, m],
      )
    ).map((r) => r.a);

  it('plans 12 monthly tranches that sum exactly to the advance', async () => {
    const { plan, replayed } = await createAdvancePlan(t.ctx(), {
      schemeCode: S,
      year: Y,
      allocationRunId: firstRun,
      idempotencyKey: 'plan-1',
    });
    expect(replayed).toBe(false);
    expect(plan.version).toBe(1);
    expect(plan.schedule.map((s) => s.dueDate)).toEqual(Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}-01`));
    // 0.333333 × 1200.00 = 399.9996 -> 400.00; 2.5 × 1200 = 3000.00
    expect(await tranchesOf(plan.id, 'GM0014')).toEqual(equalTranches('400.00', 12));
    expect(await tranchesOf(plan.id, 'GM0034')).toEqual(equalTranches('3000.00', 12));
    expect(await tranchesOf(plan.id, 'GM0363')).toEqual(equalTranches('1200.00', 12));
    const mismatches = await t.dataSource.query(
      `SELECT l.municipality_code FROM advance_plan_lines l JOIN advance_plan_tranches t ON t.plan_id = l.plan_id AND t.municipality_code = l.municipality_code
        WHERE l.plan_id = $1 GROUP BY l.municipality_code, l.advance HAVING SUM(t.amount) <> l.advance OR count(*) <> 12`,
      [plan.id],
    );
    expect(mismatches).toEqual([]);
    const again = await createAdvancePlan(t.ctx(), { schemeCode: S, year: Y, allocationRunId: firstRun, idempotencyKey: 'plan-1' });
    expect(again).toMatchObject({ replayed: true, plan: { id: plan.id } });
    await expect(
      createAdvancePlan(t.ctx(), {
        schemeCode: S,
        year: Y,
        allocationRunId: firstRun,
        advanceRate: money('0.5'),
        idempotencyKey: 'plan-1',
      }),
    ).rejects.toMatchObject({ extensions: { code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' } });
    await expect(
      createAdvancePlan(t.ctx(), { schemeCode: S, year: Y, allocationRunId: firstRun, idempotencyKey: 'plan-1b' }),
    ).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
  });

  it('pays due tranches once; paying again books nothing', async () => {
    const before = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM journal_transactions`);
    const paid = await payTranches(t.ctx(), { schemeCode: S, year: Y, dueUpTo: '2025-06-30', idempotencyKey: 'pay-h1' });
    // 342 municipalities × 6 tranches recorded; only the non-zero ones are posted (4 municipalities × 6).
    expect(paid.tranches.filter((p) => p.amount.gt(0))).toHaveLength(24);
    expect(paid.tranches.filter((p) => p.transactionId !== null)).toHaveLength(24);
    const after = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM journal_transactions`);
    expect(after[0]!.n - before[0]!.n).toBe(24);

    const replay = await payTranches(t.ctx(), { schemeCode: S, year: Y, dueUpTo: '2025-06-30', idempotencyKey: 'pay-h1' });
    expect(replay.replayed).toBe(true);
    expect(replay.tranches).toHaveLength(paid.tranches.length);
    // The replay reads the stored rows back: every tranche as it was paid, to the cent.
    const asText = (ts: typeof paid.tranches) =>
      ts.map((p) => ({ ...p, amount: toFixedScale(p.amount, 2), cash: toFixedScale(p.cash, 2), offset: toFixedScale(p.offset, 2) }));
    expect(asText(replay.tranches)).toEqual(asText(paid.tranches));
    const second = await payTranches(t.ctx(), { schemeCode: S, year: Y, dueUpTo: '2025-06-30', idempotencyKey: 'pay-h1-again' });
    expect(second.tranches).toEqual([]);
    const end = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM journal_transactions`);
    expect(end[0]!.n).toBe(after[0]!.n);
    await expect(payTranches(t.ctx(), { schemeCode: S, year: Y, dueUpTo: '2025-07-31', idempotencyKey: 'pay-h1' })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' },
    });
    expect(toFixedScale(await getBalance(t.ctx(), accounts.advance('GM0363', S, Y)), 2)).toBe('600.00');
  });

  it('revises only unpaid tranches (DOMAIN worked example) and keeps an excess for the settlement', async () => {
    // GM0363: 1200 -> 1500 (1.25 persons); GM0344: 1200 -> 500.00 (0.416667 × 1200 = 500.0004)
    const interim = await countsAndRun(t.ctx(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.INTERIM,
      counts: { GM0363: '1.25', GM0344: '0.416667', GM0014: '0.333333', GM0034: '2.5' },
      key: 'adv-interim',
    });
    const { plan } = await reviseAdvancePlan(t.ctx(), {
      schemeCode: S,
      year: Y,
      allocationRunId: interim,
      reason: 'forecast of July',
      idempotencyKey: 'rev-1',
    });
    expect(plan.version).toBe(2);
    expect(await tranchesOf(plan.id, 'GM0363')).toEqual([...Array(6).fill('100.00'), ...Array(6).fill('150.00')]);
    expect(await tranchesOf(plan.id, 'GM0344')).toEqual([...Array(6).fill('100.00'), ...Array(6).fill('0.00')]);
    const lines = await t.dataSource.query<unknown[]>(
      `SELECT municipality_code AS m, advance::text AS a, paid::text AS p, excess::text AS x FROM advance_plan_lines WHERE plan_id = $1 AND municipality_code IN ('GM0363', 'GM0344') ORDER BY 1`,
      [plan.id],
    );
    expect(lines).toEqual([
      { m: 'GM0344', a: '500.00', p: '600.00', x: '100.00' },
      { m: 'GM0363', a: '1500.00', p: '600.00', x: '0.00' },
    ]);
    // The same through the API: the overpaid excess waiting for the settlement is a field of each
    // municipality's line of the revision (issue 16 item 5).
    const api = await t.ok<{ advancePlanLines: { municipalityCode: string; advance: string; paid: string; excess: string }[] }>(
      `query($id: ID!) { advancePlanLines(planId: $id, municipalityCodes: ["GM0344", "GM0363"]) { municipalityCode advance paid excess } }`,
      { id: plan.id },
    );
    expect(api.advancePlanLines).toEqual([
      { municipalityCode: 'GM0344', advance: '500.00', paid: '600.00', excess: '100.00' },
      { municipalityCode: 'GM0363', advance: '1500.00', paid: '600.00', excess: '0.00' },
    ]);
    // Paid plus planned equals the new advance wherever nothing is overpaid.
    const off = await t.dataSource.query(
      `SELECT l.municipality_code FROM advance_plan_lines l JOIN advance_plan_tranches t ON t.plan_id = l.plan_id AND t.municipality_code = l.municipality_code
        WHERE l.plan_id = $1 GROUP BY l.municipality_code, l.advance, l.excess HAVING SUM(t.amount) <> l.advance + l.excess`,
      [plan.id],
    );
    expect(off).toEqual([]);
  });

  it('10 concurrent payTranches calls book each tranche once', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        payTranches(t.ctx(), { schemeCode: S, year: Y, dueUpTo: '2025-12-31', idempotencyKey: `pay-rest-${i}` }),
      ),
    );
    const positive = results.flatMap((r) => r.tranches.filter((p) => p.amount.gt(0)));
    // GM0363 6, GM0014 6, GM0034 6 (GM0344's remaining tranches are zero).
    expect(positive).toHaveLength(18);
    const dupes = await t.dataSource.query(
      `SELECT cause_id FROM journal_transactions WHERE cause_type = 'TRANCHE' GROUP BY cause_id HAVING count(*) > 1`,
    );
    expect(dupes).toEqual([]);
    const expected: Record<string, string> = { GM0363: '1500.00', GM0344: '600.00', GM0014: '400.00', GM0034: '3000.00' };
    for (const [m, amount] of Object.entries(expected)) {
      const paid = await t.dataSource.query<{ s: string }[]>(
        `SELECT SUM(amount)::text AS s FROM tranche_payments WHERE scheme_code = $1 AND year = $2 AND municipality_code = $3`,
        [S, Y, m],
      );
      expect(paid[0]!.s).toBe(amount);
      expect(toFixedScale(await getBalance(t.ctx(), accounts.advance(m, S, Y)), 2)).toBe(amount);
    }
    expect(toFixedScale(await getBalance(t.ctx(), accounts.bank()), 2)).toBe(money('-5500.00').toFixed(2));
    expect((await runLedgerChecks(t.ctx())).filter((r) => r.rows.length > 0)).toEqual([]);
  });
});
