import Decimal from 'decimal.js';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { Role } from '../../src/common/auth/actor';
import { toFixedScale } from '../../src/common/money/money';
import { RunStage } from '../../src/modules/allocations';
import { createAdvancePlan, payTranches } from '../../src/modules/advances';
import { draftSettlement, finaliseSettlement, invoiceRecovery } from '../../src/modules/settlements';
import { accounts, getBalance, runLedgerChecks } from '../../src/modules/ledger';
import { registerMerger } from '../../src/modules/municipalities';

/**
 * Decision 1611: `invoiceRecovery` is merger-group-aware like the offsets (decision 1602). Year y is
 * settled with recoveries to offset, and nothing of y+1 is paid (the remainder to invoice); D merged into M on 1 January y+1 and its transfer is not booked
 * (registered without it), so the settlement left D's paid tranches on advance(D) and D's
 * determination on advance(M) (decision 0403). The recovery is the group's net: invoicing M books
 * exactly that on receivable(M) and leaves both advance accounts at zero; invoicing D (dissolved) is
 * refused, naming M. Independent computation: Σ paid tranches − Σ definitive entitlements of the group.
 */
const S = 'INVM-TEST';
const Y = 2025;
const D = 'GM0197';
const M = 'GM0358';

describe('invoiceRecovery follows the merger', () => {
  let t: TestApp;
  const fo1 = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
  const fo2 = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-2');
  const bal = async (a: string) => new Decimal(toFixedScale(await getBalance(fo1(), a), 2));
  const sumOf = async (sql: string, params: unknown[]): Promise<Decimal> => {
    const [row] = await t.dataSource.query<{ s: string }[]>(sql, params);
    return new Decimal(row!.s);
  };

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
  });
  afterAll(() => t?.close());

  it('invoices the netted recovery of the successor and its predecessor, and refuses the dissolved code', async () => {
    await createTestScheme(fo1(), S, Y, '1000.00');
    const rules = await createTestRules(fo1(), S);
    const prov = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { [D]: '6.5', [M]: '2' },
      key: 'im-prov',
    });
    await createAdvancePlan(fo1(), { schemeCode: S, year: Y, allocationRunId: prov, idempotencyKey: 'im-plan' });
    await payTranches(fo1(), { schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'im-pay' });
    await registerMerger(fo1(), { dissolvedCodes: [D], successorCode: M, effectiveDate: `${Y + 1}-01-01` });
    const def = await countsAndRun(fo1(), {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.DEFINITIVE,
      counts: { [D]: '1', [M]: '1.5' },
      key: 'im-def',
    });
    const draft = await draftSettlement(fo1(), {
      schemeCode: S,
      year: Y,
      allocationRunId: def,
      recoveryMode: 'OFFSET',
      idempotencyKey: 'im-d',
    });
    await finaliseSettlement(fo2(), { settlementId: draft.settlement.id, idempotencyKey: 'im-f', effectiveDate: `${Y + 1}-05-15` });

    const paid = await sumOf(
      `SELECT COALESCE(SUM(amount), 0)::text AS s FROM tranche_payments WHERE scheme_code = $1 AND year = $2 AND municipality_code = ANY($3)`,
      [S, Y, [D, M]],
    );
    const final = await sumOf(
      `SELECT COALESCE(SUM(amount), 0)::text AS s FROM allocation_lines WHERE run_id = $1 AND municipality_code = ANY($2)`,
      [def, [D, M]],
    );
    const recovery = paid.minus(final);
    expect(recovery.gt(0)).toBe(true);
    // Without the transfer the recovery is split over two accounts with opposite signs.
    const dBefore = await bal(accounts.advance(D, S, Y));
    expect(dBefore.gt(recovery)).toBe(true);
    expect(dBefore.plus(await bal(accounts.advance(M, S, Y))).toFixed(2)).toBe(recovery.toFixed(2));

    // The dissolved code cannot be invoiced after the merger: its successor holds its affairs.
    await expect(
      invoiceRecovery(fo1(), { schemeCode: S, year: Y, municipalityCode: D, idempotencyKey: 'im-inv-d', effectiveDate: `${Y + 1}-06-01` }),
    ).rejects.toMatchObject({ extensions: { code: 'CONFLICT', field: 'input.municipalityCode' } });

    const invoiced = await invoiceRecovery(fo1(), {
      schemeCode: S,
      year: Y,
      municipalityCode: M,
      idempotencyKey: 'im-inv-m',
      effectiveDate: `${Y + 1}-06-01`,
    });
    expect(invoiced.amount.toFixed(2)).toBe(recovery.toFixed(2));
    expect((await bal(accounts.receivable(M, S))).toFixed(2)).toBe(recovery.toFixed(2));
    expect((await bal(accounts.receivable(D, S))).toFixed(2)).toBe('0.00');
    expect((await bal(accounts.advance(D, S, Y))).toFixed(2)).toBe('0.00');
    expect((await bal(accounts.advance(M, S, Y))).toFixed(2)).toBe('0.00');
    // Nothing left: a second invoice (new key) is CONFLICT; the same key replays.
    await expect(
      invoiceRecovery(fo1(), { schemeCode: S, year: Y, municipalityCode: M, idempotencyKey: 'im-inv-m2', effectiveDate: `${Y + 1}-06-01` }),
    ).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    const replay = await invoiceRecovery(fo1(), {
      schemeCode: S,
      year: Y,
      municipalityCode: M,
      idempotencyKey: 'im-inv-m',
      effectiveDate: `${Y + 1}-06-01`,
    });
    expect(replay.transactionId).toBe(invoiced.transactionId);
    expect((await runLedgerChecks(fo1())).filter((r) => r.rows.length > 0)).toEqual([]);
  }, 600_000);
});
