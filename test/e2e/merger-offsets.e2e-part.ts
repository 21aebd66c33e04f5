import Decimal from 'decimal.js';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { Role } from '../../src/common/auth/actor';
import { toFixedScale } from '../../src/common/money/money';
import { RunStage } from '../../src/modules/allocations';
import { createAdvancePlan, payTranches } from '../../src/modules/advances';
import { draftSettlement, finaliseSettlement } from '../../src/modules/settlements';
import { accounts, getBalance, runLedgerChecks } from '../../src/modules/ledger';
import { registerMerger } from '../../src/modules/municipalities';
import { registerMergerAndBook } from '../../src/modules/mergers';

/**
 * Issue 16 item 2: offsets follow the merger. A year y settled with recoveries offset (mode OFFSET);
 * on 1 January y+1 each dissolved municipality merged into its successor. The successor's tranches
 * of y+1 are paid as max(0, tranche − outstanding), the outstanding being the netted recoveries of
 * itself and its predecessor, in due-date order. Once with the merger transfer booked (M1), once
 * with the merger registered but its transfer not yet booked (M2): the same cash either way.
 * Independent computation: outstanding = Σ paid tranches of y − Σ definitive entitlements of the
 * group, walked over the successor's tranches.
 */
const S = 'OFFM-TEST';
const Y = 2025;
const D1 = 'GM0197';
const M1 = 'GM0358';
const D2 = 'GM0059';
const M2 = 'GM0090';

describe('offsets follow the merger', () => {
  let t: TestApp;
  const fo1 = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
  const fo2 = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-2');
  const paidIn = async (m: string, year: number): Promise<Decimal> => {
    const [row] = await t.dataSource.query<{ s: string }[]>(
      `SELECT COALESCE(SUM(amount), 0)::text AS s FROM tranche_payments WHERE scheme_code = $1 AND year = $2 AND municipality_code = $3`,
      [S, year, m],
    );
    return new Decimal(row!.s);
  };
  const finalOf = async (runId: string, m: string): Promise<Decimal> => {
    const [row] = await t.dataSource.query<{ a: string }[]>(
      `SELECT amount::text AS a FROM allocation_lines WHERE run_id = $1 AND municipality_code = $2`,
      [runId, m],
    );
    return new Decimal(row!.a);
  };
  const bal = async (a: string) => new Decimal(toFixedScale(await getBalance(fo1(), a), 2));

  it('pays the successor max(0, tranche − outstanding) for the netted recoveries of its group, booked or not', async () => {
    t = await createTestApp({ poolSize: 4 });
    await createTestScheme(fo1(), S, Y, '1000.00');
    const rules = await createTestRules(fo1(), S);
    const prov = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { [D1]: '6.5', [M1]: '2', [D2]: '6.25', [M2]: '1.75' },
      key: 'om-prov',
    });
    await createAdvancePlan(fo1(), { schemeCode: S, year: Y, allocationRunId: prov, idempotencyKey: 'om-plan' });
    await payTranches(fo1(), { schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'om-pay' });

    // 1 January y+1: D1 → M1 registered through the command that books the transfer; D2 → M2
    // registered without it (as a merger whose booking has not run yet).
    const booked = await registerMergerAndBook(fo1(), { dissolvedCodes: [D1], successorCode: M1, effectiveDate: `${Y + 1}-01-01` });
    expect(booked[0]!.transferTransactionId).toBeTruthy();
    await registerMerger(fo1(), { dissolvedCodes: [D2], successorCode: M2, effectiveDate: `${Y + 1}-01-01` });

    const def = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.DEFINITIVE,
      counts: { [D1]: '1', [M1]: '1.5', [D2]: '2', [M2]: '0.5' },
      key: 'om-def',
    });
    const draft = await draftSettlement(fo1(), {
      schemeCode: S,
      year: Y,
      allocationRunId: def,
      recoveryMode: 'OFFSET',
      idempotencyKey: 'om-d',
    });
    await finaliseSettlement(fo2(), { settlementId: draft.settlement.id, idempotencyKey: 'om-f', effectiveDate: `${Y + 1}-05-15` });

    const outstanding = new Map<string, Decimal>();
    for (const [d, m] of [
      [D1, M1],
      [D2, M2],
    ] as const) {
      const o = (await paidIn(d, Y))
        .plus(await paidIn(m, Y))
        .minus(await finalOf(def, d))
        .minus(await finalOf(def, m));
      expect(o.gt(0)).toBe(true);
      outstanding.set(m, o);
      // The group's y accounts hold exactly that recovery after the settlement.
      expect((await bal(accounts.advance(d, S, Y))).plus(await bal(accounts.advance(m, S, Y))).toFixed(2)).toBe(o.toFixed(2));
    }
    expect((await bal(accounts.advance(D1, S, Y))).toFixed(2)).toBe('0.00');

    await createTestScheme(fo1(), S, Y + 1, '1000.00');
    const next = await countsAndRun(fo1(), {
      code: S,
      year: Y + 1,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { [M1]: '3', [M2]: '3' },
      key: 'om-next',
    });
    await createAdvancePlan(fo1(), { schemeCode: S, year: Y + 1, allocationRunId: next, idempotencyKey: 'om-next-plan' });
    const paid = await payTranches(fo1(), { schemeCode: S, year: Y + 1, dueUpTo: `${Y + 1}-12-31`, idempotencyKey: 'om-next-pay' });

    for (const m of [M1, M2]) {
      const mine = paid.tranches
        .filter((x) => x.municipalityCode === m)
        .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.index - b.index));
      expect(mine.length).toBe(12);
      let left = outstanding.get(m)!;
      let offsetTotal = new Decimal(0);
      for (const x of mine) {
        const off = Decimal.min(x.amount, left);
        left = left.minus(off);
        offsetTotal = offsetTotal.plus(off);
        expect([m, x.index, x.offset.toFixed(2), x.cash.toFixed(2)]).toEqual([m, x.index, off.toFixed(2), x.amount.minus(off).toFixed(2)]);
      }
      const d = m === M1 ? D1 : D2;
      // What is left of the group's recovery after the offsets.
      expect((await bal(accounts.advance(d, S, Y))).plus(await bal(accounts.advance(m, S, Y))).toFixed(2)).toBe(
        outstanding.get(m)!.minus(offsetTotal).toFixed(2),
      );
      // The offsets are taken from the debit balances only: the dissolved account never goes below
      // zero (without the transfer the successor's own account may already be a credit: the
      // settlement booked the dissolved line there, decision 0403).
      expect((await bal(accounts.advance(d, S, Y))).gte(0)).toBe(true);
    }
    expect((await runLedgerChecks(fo1())).filter((r) => r.rows.length > 0)).toEqual([]);
  }, 600_000);

  afterAll(() => t?.close());
});
