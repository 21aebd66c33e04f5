import { createTestApp, type TestApp } from '../helpers/test-app';
import { simplePost } from '../helpers/ledger';
import { money, toFixedScale } from '../../src/common/money/money';
import { registerMerger } from '../../src/modules/municipalities';
import { accounts, getBalance, postTransaction, transferMergerBalances } from '../../src/modules/ledger';
import { runLedgerChecks } from '../../src/modules/ledger/ledger.checks';

const S = 'SPUK-WI2021';
const OLD = 'GM1680';
const NEW = 'GM0358';

describe('ledger merger transfer', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
  });
  afterAll(() => t.close());

  it('moves every open balance of the dissolved municipality to the successor once', async () => {
    const ctx = t.ctx();
    await postTransaction(ctx, simplePost('m-1', accounts.advance(OLD, S, 2026), accounts.bank(), '1000.00', '2026-03-01'));
    await postTransaction(ctx, simplePost('m-2', accounts.advance(NEW, S, 2026), accounts.bank(), '50.00', '2026-03-01'));
    await postTransaction(ctx, {
      ...simplePost('m-3', accounts.commitment(S, 2026), accounts.committed(OLD, S, 2026), '12000.00', '2025-10-01'),
      kind: 'ALLOCATION',
    });
    // A receivable that is settled back to zero must not move.
    await postTransaction(ctx, simplePost('m-4', accounts.receivable(OLD, S), accounts.advance(OLD, S, 2026), '10.00', '2026-06-01'));
    await postTransaction(ctx, simplePost('m-5', accounts.bank(), accounts.receivable(OLD, S), '10.00', '2026-07-01'));
    // Booked after the merger date on the old code (before the merger was registered): follows it on its own day (decision 1651).
    await postTransaction(ctx, simplePost('m-6', accounts.advance(OLD, S, 2026), accounts.bank(), '1.00', '2027-01-02'));

    await expect(
      transferMergerBalances(ctx, { dissolvedCode: OLD, successorCode: NEW, effectiveDate: '2027-01-01' }),
    ).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', field: 'input.successorCode' },
    });
    await registerMerger(ctx, { dissolvedCodes: [OLD], successorCode: NEW, effectiveDate: '2027-01-01' });
    const moved = await transferMergerBalances(ctx, { dissolvedCode: OLD, successorCode: NEW, effectiveDate: '2027-01-01' });
    expect(moved).toMatchObject({
      kind: 'MERGER_TRANSFER',
      effectiveDate: '2027-01-01',
      idempotencyKey: `merger:${OLD}:2027-01-01`,
      replayed: false,
    });
    const at = { asOf: '2027-01-01' };
    const bal = async (a: string) => toFixedScale(await getBalance(ctx, a, at), 2);
    expect(await bal(accounts.advance(OLD, S, 2026))).toBe('0.00');
    expect(await bal(accounts.committed(OLD, S, 2026))).toBe('0.00');
    expect(await bal(accounts.advance(NEW, S, 2026))).toBe('1040.00');
    expect(await bal(accounts.committed(NEW, S, 2026))).toBe('-12000.00');
    expect(toFixedScale(await getBalance(ctx, accounts.advance(OLD, S, 2026)), 2)).toBe('0.00');
    expect(toFixedScale(await getBalance(ctx, accounts.advance(NEW, S, 2026)), 2)).toBe('1041.00');
    expect(toFixedScale(await getBalance(ctx, accounts.advance(OLD, S, 2026), { asOf: '2027-01-02' }), 2)).toBe('0.00');
    const follow = await t.dataSource.query<{ effective_date: string; cause_id: string }[]>(
      `SELECT effective_date::text, cause_id FROM journal_transactions WHERE kind = 'MERGER_TRANSFER' AND id <> $1`,
      [moved!.id],
    );
    expect(follow).toEqual([{ effective_date: '2027-01-02', cause_id: `${OLD}:2027-01-01` }]);
    const postings = await t.dataSource.query<unknown[]>(
      `SELECT a.address, p.direction, p.amount::text AS amount FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
        WHERE p.transaction_id = $1 ORDER BY p.line`,
      [moved!.id],
    );
    expect(postings).toHaveLength(4);
    expect(postings).toContainEqual({ address: accounts.committed(NEW, S, 2026), direction: 'CREDIT', amount: '12000.00' });
    expect(postings).toContainEqual({ address: accounts.committed(OLD, S, 2026), direction: 'DEBIT', amount: '12000.00' });

    const again = await transferMergerBalances(ctx, { dissolvedCode: OLD, successorCode: NEW, effectiveDate: '2027-01-01' });
    expect(again).toEqual({ ...moved, replayed: true });
    expect(toFixedScale(await getBalance(ctx, accounts.advance(NEW, S, 2026), at), 2)).toBe(money('1040').toFixed(2));
    expect((await runLedgerChecks(ctx)).filter((r) => r.rows.length > 0)).toEqual([]);
  });
});
