import Decimal from 'decimal.js';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { simplePost } from '../helpers/ledger';
import { Role } from '../../src/common/auth/actor';
import { toFixedScale } from '../../src/common/money/money';
import { RunStage } from '../../src/modules/allocations';
import { createAdvancePlan, payTranches } from '../../src/modules/advances';
import { accounts, getBalance, postTransaction, runLedgerChecks, verifyJournal } from '../../src/modules/ledger';

import { bookDueMergerTransfers } from '../../src/modules/mergers';
import { listReconciliationDifferences, processRun, startReconciliation } from '../../src/modules/reconciliation';

/**
 * Issue 16 item 1: a merger moves money on its date by itself. Registered ahead, nothing moves;
 * when its date arrives the due bookings (start-up, timer, or the mutation) move every balance of
 * the dissolved municipality, in one MERGER_TRANSFER naming the merger; registering one whose date
 * has come moves the money in the same transaction. Amounts are checked against the payments
 * themselves (read back from the tranche records), to the cent.
 */
const S = 'MERGE-TEST';
const Y = 2026;
const OLD = 'GM1680';
const B = 'GM0358';
const REGISTER = `mutation($input: RegisterMergerInput!) {
  registerMerger(input: $input) { dissolvedCode successorCode effectiveDate transferTransactionId } }`;

describe('a merger moves money on its date', () => {
  let t: TestApp;
  const fo = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
  const bal = async (account: string, asOf?: string) => toFixedScale(await getBalance(fo(), account, asOf ? { asOf } : {}), 2);
  const paidBy = async (m: string): Promise<Decimal> => {
    const rows = await t.dataSource.query<{ amount: string }[]>(
      `SELECT p.amount::text AS amount FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
         JOIN journal_transactions t ON t.id = p.transaction_id
        WHERE a.address = $1 AND p.direction = 'DEBIT' AND t.kind <> 'MERGER_TRANSFER'`,
      [accounts.advance(m, S, Y)],
    );
    return rows.reduce((s, r) => s.plus(r.amount), new Decimal(0));
  };

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
    await createTestScheme(fo(), S, Y, '1234.56');
    const rules = await createTestRules(fo(), S);
    const prov = await countsAndRun(fo(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { [OLD]: '3.5', [B]: '7.25' },
      key: 'mt-prov',
    });
    await createAdvancePlan(fo(), { schemeCode: S, year: Y, allocationRunId: prov, idempotencyKey: 'mt-plan' });
    await payTranches(fo(), { schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'mt-pay' });
  });
  afterAll(() => t.close());

  it('registered ahead, books nothing until its date, then moves every balance once', async () => {
    const oldPaid = await paidBy(OLD);
    const bPaid = await paidBy(B);
    const oldCommitted = await bal(accounts.committed(OLD, S, Y));
    const bCommitted = await bal(accounts.committed(B, S, Y));
    expect(oldPaid.gt(0)).toBe(true);

    const ahead = await t.ok<{ registerMerger: { transferTransactionId: string | null }[] }>(REGISTER, {
      input: { dissolvedCodes: [OLD], successorCode: B, effectiveDate: `${Y + 1}-01-01`, idempotencyKey: 'mt-register' },
    });
    // Today (the machine's date) is before 1 January y+1: the merger is recorded, nothing moved.
    expect(ahead.registerMerger).toEqual([
      { dissolvedCode: OLD, successorCode: B, effectiveDate: `${Y + 1}-01-01`, transferTransactionId: null },
    ]);
    expect(await bal(accounts.advance(OLD, S, Y))).toBe(oldPaid.toFixed(2));
    // Booking the due transfers on 31 December: still nothing; early booking is refused.
    expect((await bookDueMergerTransfers(fo(), {}, `${Y}-12-31`)).find((m) => m.dissolvedCode === OLD)).toBeUndefined();
    await expect(bookDueMergerTransfers(fo(), { asOf: `${Y + 1}-01-01` }, `${Y}-12-31`)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'asOf' },
    });

    // 1 January arrives: the start-up / hourly pass books it by itself.
    const due = await bookDueMergerTransfers(fo(), {}, `${Y + 1}-01-01`);
    const booked = due.find((m) => m.dissolvedCode === OLD)!;
    expect(booked.transferTransactionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await bal(accounts.advance(OLD, S, Y))).toBe('0.00');
    expect(await bal(accounts.committed(OLD, S, Y))).toBe('0.00');
    expect(await bal(accounts.advance(B, S, Y))).toBe(bPaid.plus(oldPaid).toFixed(2));
    expect(await bal(accounts.committed(B, S, Y))).toBe(new Decimal(bCommitted).plus(oldCommitted).toFixed(2));

    // The journal names the merger as the cause.
    const [tx] = await t.dataSource.query<{ kind: string; cause_type: string; cause_id: string; effective_date: string }[]>(
      `SELECT kind, cause_type, cause_id, to_char(effective_date, 'YYYY-MM-DD') AS effective_date FROM journal_transactions WHERE id = $1`,
      [booked.transferTransactionId],
    );
    expect(tx).toEqual({
      kind: 'MERGER_TRANSFER',
      cause_type: 'MERGER',
      cause_id: `${OLD}:${Y + 1}-01-01`,
      effective_date: `${Y + 1}-01-01`,
    });

    // Idempotent: a second pass and a replayed registration give the same transfer, nothing new.
    const again = await bookDueMergerTransfers(fo(), {}, `${Y + 1}-01-02`);
    expect(again.find((m) => m.dissolvedCode === OLD)!.transferTransactionId).toBe(booked.transferTransactionId);
    const replay = await t.ok<{ registerMerger: { transferTransactionId: string | null }[] }>(REGISTER, {
      input: { dissolvedCodes: [OLD], successorCode: B, effectiveDate: `${Y + 1}-01-01`, idempotencyKey: 'mt-register' },
    });
    expect(replay.registerMerger[0]!.transferTransactionId).toBe(booked.transferTransactionId);
    const other = await t.gql(REGISTER, {
      input: { dissolvedCodes: [OLD], successorCode: 'GM0197', effectiveDate: `${Y + 1}-01-01`, idempotencyKey: 'mt-register' },
    });
    expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' });
    const count = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM journal_transactions WHERE kind = 'MERGER_TRANSFER'`,
    );
    expect(count[0]!.n).toBe(1);

    // The ledger stays whole.
    const [tb] = await t.dataSource.query<{ net: string }[]>(
      `SELECT COALESCE(SUM(CASE WHEN direction = 'DEBIT' THEN amount ELSE -amount END), 0)::numeric(20,2)::text AS net FROM journal_postings`,
    );
    expect(tb!.net).toBe('0.00');
    expect((await runLedgerChecks(fo())).filter((r) => r.rows.length > 0)).toEqual([]);
    expect((await verifyJournal(fo())).ok).toBe(true);

    // Reconciliation: the moved balances are explained by the merger, never UNEXPLAINED.
    const run = await startReconciliation(t.ctx(Role.AUDITOR, null, 'auditor-1'), { schemeCode: S, year: Y });
    await processRun(t.dataSource, run.id);
    const diffs = await listReconciliationDifferences(t.ctx(Role.AUDITOR, null, 'auditor-1'), run.id, {}, 500, null);
    const rows = diffs.edges.map((e) => [e.node.checkCode, e.node.municipalityCode, e.node.cause, e.node.difference]);
    expect(rows.filter((r) => r[2] === 'UNEXPLAINED')).toEqual([]);
    expect(rows).toEqual(
      expect.arrayContaining([
        ['ADVANCE_BALANCE', OLD, 'MERGER_TRANSFER', oldPaid.negated().toFixed(2)],
        ['ADVANCE_BALANCE', B, 'MERGER_TRANSFER', oldPaid.toFixed(2)],
      ]),
    );
  });

  it('registering a merger whose date has come moves the money in the same transaction', async () => {
    const C = 'GM0059';
    const D = 'GM0090';
    await postTransaction(fo(), simplePost('mt-c-1', accounts.advance(C, S, 2025), accounts.bank(), '321.09', '2025-06-01'));
    await postTransaction(fo(), simplePost('mt-d-1', accounts.advance(D, S, 2025), accounts.bank(), '100.01', '2025-06-01'));
    const r = await t.ok<{ registerMerger: { transferTransactionId: string | null }[] }>(REGISTER, {
      input: { dissolvedCodes: [C], successorCode: D, effectiveDate: '2026-01-01' },
    });
    expect(r.registerMerger[0]!.transferTransactionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await bal(accounts.advance(C, S, 2025))).toBe('0.00');
    expect(await bal(accounts.advance(D, S, 2025))).toBe('421.10');
    const listed = await t.ok<{ municipalityMergers: { dissolvedCode: string; transferTransactionId: string | null }[] }>(
      `{ municipalityMergers { dissolvedCode transferTransactionId } }`,
    );
    expect(listed.municipalityMergers.find((m) => m.dissolvedCode === C)!.transferTransactionId).toBe(
      r.registerMerger[0]!.transferTransactionId,
    );
  });

  it('a refused registration books nothing', async () => {
    const before = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM journal_transactions`);
    const r = await t.gql(REGISTER, { input: { dissolvedCodes: ['GM0197'], successorCode: 'GM0197', effectiveDate: '2026-01-01' } });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    const ctl = await t.tokens.controller('GM0197');
    const refused = await t.gql(
      REGISTER,
      { input: { dissolvedCodes: ['GM0197'], successorCode: 'GM0358', effectiveDate: '2026-01-01' } },
      ctl,
    );
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const after = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM journal_transactions`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
