import Decimal from 'decimal.js';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { Money, toFixedScale } from '../../src/common/money/money';
import { Role } from '../../src/common/auth/actor';
import { RunStage } from '../../src/modules/allocations';
import { createAdvancePlan, payTranches, reviseAdvancePlan } from '../../src/modules/advances';
import { draftSettlement, finaliseSettlement } from '../../src/modules/settlements';
import { accounts, getBalance } from '../../src/modules/ledger';

const S = 'INV-TEST';
const Y = 2033;
const CODES = ['GM0363', 'GM0344', 'GM0034'];

/** A small deterministic PRNG (LCG), so a failure can be replayed from its seed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('advances: invariants over a seeded sequence of payments and revisions', () => {
  let t: TestApp;
  const fo = (subject = 'fo-1') => t.ctx(Role.FINANCE_OFFICER, null, subject);

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 12 });
  });
  afterAll(() => t.close());

  async function checkInvariants(rate: Decimal, entitlements: Map<string, Decimal>): Promise<void> {
    const rows = await t.dataSource.query<
      { m: string; advance: string; excess: string; planned: string; paid: string; n: number; unpaid: number }[]
    >(
      `WITH cur AS (SELECT id FROM advance_plans WHERE scheme_code = $1 AND year = $2 ORDER BY version DESC LIMIT 1)
       SELECT l.municipality_code AS m, l.advance::text AS advance, l.excess::text AS excess,
              (SELECT SUM(t.amount) FROM advance_plan_tranches t WHERE t.plan_id = l.plan_id AND t.municipality_code = l.municipality_code)::text AS planned,
              (SELECT COALESCE(SUM(p.amount), 0) FROM tranche_payments p WHERE p.scheme_code = $1 AND p.year = $2 AND p.municipality_code = l.municipality_code)::text AS paid,
              (SELECT count(*)::int FROM advance_plan_tranches t WHERE t.plan_id = l.plan_id AND t.municipality_code = l.municipality_code
                AND NOT EXISTS (SELECT 1 FROM tranche_payments p WHERE p.scheme_code = $1 AND p.year = $2 AND p.municipality_code = t.municipality_code AND p.idx = t.idx)) AS unpaid,
              (SELECT count(*)::int FROM tranche_payments p JOIN advance_plan_tranches t ON t.plan_id = l.plan_id AND t.municipality_code = p.municipality_code AND t.idx = p.idx
                WHERE p.scheme_code = $1 AND p.year = $2 AND p.municipality_code = l.municipality_code AND p.amount <> t.amount) AS n
         FROM advance_plan_lines l WHERE l.plan_id = (SELECT id FROM cur) AND l.municipality_code = ANY($3::varchar[])`,
      [S, Y, CODES],
    );
    expect(rows).toHaveLength(CODES.length);
    for (const r of rows) {
      const advance = new Money(r.advance);
      const paid = new Money(r.paid);
      // A = round(rate × E), independently
      expect(r.advance).toBe(toFixedScale(rate.times(entitlements.get(r.m)!).toDecimalPlaces(2, Decimal.ROUND_HALF_UP), 2));
      // paid + planned = advance, or the excess waits for the settlement; with nothing unpaid nothing changes
      const excess = paid.gt(advance) ? paid.minus(advance) : new Money(0);
      expect(r.excess).toBe(toFixedScale(excess, 2));
      expect(r.planned).toBe(toFixedScale(r.unpaid > 0 ? advance.plus(excess) : paid, 2));
      // paid tranches never change
      expect(r.n).toBe(0);
      // the ledger holds exactly what was paid
      expect(toFixedScale(await getBalance(fo(), accounts.advance(r.m, S, Y)), 2)).toBe(toFixedScale(paid, 2));
    }
  }

  it('keeps paid + planned = advance (or excess) after every step, and settles to zero', async () => {
    const random = prng(20331);
    const rate = new Money('0.85');
    await createTestScheme(fo(), S, Y, '987.65');
    const rules = await createTestRules(fo(), S);
    const countsFor = () => Object.fromEntries(CODES.map((m) => [m, (Math.floor(random() * 4000) / 1000).toFixed(3)]));
    const entitlementsOf = (counts: Record<string, string>) =>
      new Map(CODES.map((m) => [m, new Money(counts[m]!).times('987.65').toDecimalPlaces(2, Decimal.ROUND_HALF_UP)]));
    let counts = countsFor();
    const first = await countsAndRun(fo(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts,
      key: 'inv-0',
    });
    await createAdvancePlan(fo(), { schemeCode: S, year: Y, allocationRunId: first, advanceRate: rate, idempotencyKey: 'inv-plan' });
    await checkInvariants(rate, entitlementsOf(counts));
    let month = 0;
    for (let step = 1; step <= 8; step += 1) {
      if (random() < 0.5 && month < 12) {
        month = Math.min(12, month + 1 + Math.floor(random() * 3));
        // Concurrent duplicate payment calls: each tranche is still booked once.
        await Promise.all(
          [0, 1, 2].map((k) =>
            payTranches(fo(), {
              schemeCode: S,
              year: Y,
              dueUpTo: `${Y}-${String(month).padStart(2, '0')}-28`,
              idempotencyKey: `inv-pay-${step}-${k}`,
            }),
          ),
        );
      } else {
        counts = countsFor();
        const run = await countsAndRun(fo(), {
          code: S,
          year: Y,
          ruleId: rules.forecast,
          basis: 'FORECAST',
          stage: RunStage.INTERIM,
          counts,
          key: `inv-${step}`,
        });
        await reviseAdvancePlan(fo(), {
          schemeCode: S,
          year: Y,
          allocationRunId: run,
          reason: `step ${step}`,
          idempotencyKey: `inv-rev-${step}`,
        });
      }
      await checkInvariants(rate, entitlementsOf(counts));
    }
    // The seed exercises both kinds of step and at least one overpaid municipality.
    const mix = await t.dataSource.query<{ versions: number; runs: number; excess: number }[]>(
      `SELECT (SELECT count(*)::int FROM advance_plans WHERE scheme_code = $1) AS versions,
              (SELECT count(*)::int FROM tranche_payment_runs WHERE scheme_code = $1) AS runs,
              (SELECT count(*)::int FROM advance_plan_lines l JOIN advance_plans p ON p.id = l.plan_id WHERE p.scheme_code = $1 AND l.excess > 0) AS excess`,
      [S],
    );
    expect(mix[0]!.versions).toBeGreaterThanOrEqual(3);
    expect(mix[0]!.runs).toBeGreaterThanOrEqual(3);
    expect(mix[0]!.excess).toBeGreaterThan(0);
    await payTranches(fo(), { schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'inv-pay-last' });
    await checkInvariants(rate, entitlementsOf(counts));

    // Settle on registered counts; two approvers at once: one finalisation books.
    const registered = countsFor();
    const def = await countsAndRun(fo(), {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.DEFINITIVE,
      counts: registered,
      key: 'inv-def',
    });
    const draft = await draftSettlement(fo(), {
      schemeCode: S,
      year: Y,
      allocationRunId: def,
      recoveryMode: 'INVOICE',
      idempotencyKey: 'inv-draft',
    });
    // Three officers' clicks with their own keys: one finalises, the others are refused (decision 1101).
    const settled = await Promise.allSettled(
      [0, 1, 2].map((k) => finaliseSettlement(fo('fo-2'), { settlementId: draft.settlement.id, idempotencyKey: `inv-fin-${k}` })),
    );
    const results = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(settled.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT', reason: 'ALREADY_FINALISED' }) }),
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'CONFLICT', reason: 'ALREADY_FINALISED' }) }),
    ]);
    const booked = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM journal_transactions WHERE cause_type = 'SETTLEMENT' AND cause_id = $1`,
      [draft.settlement.id],
    );
    expect(booked[0]!.n).toBe(results.find((r) => !r.replayed)!.finalisation.transactionIds.length);
    const finals = entitlementsOf(registered);
    for (const m of CODES) {
      const paid = await t.dataSource.query<{ s: string }[]>(
        `SELECT SUM(amount)::text AS s FROM tranche_payments WHERE scheme_code = $1 AND year = $2 AND municipality_code = $3`,
        [S, Y, m],
      );
      const s = finals.get(m)!.minus(paid[0]!.s);
      expect(toFixedScale(await getBalance(fo(), accounts.advance(m, S, Y)), 2)).toBe('0.00');
      expect(toFixedScale(await getBalance(fo(), accounts.receivable(m, S)), 2)).toBe(toFixedScale(s.lt(0) ? s.neg() : new Money(0), 2));
    }
  });
});
