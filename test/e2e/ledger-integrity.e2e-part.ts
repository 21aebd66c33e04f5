import { Client } from 'pg';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { simplePost, tamper } from '../helpers/ledger';
import { accounts, compactDailyBalances, postTransaction, reverseTransaction, type PostedTransaction } from '../../src/modules/ledger';
import { runLedgerChecks } from '../../src/modules/ledger/ledger.checks';
import { verifyJournal } from '../../src/modules/ledger/ledger.verify';
import { checkLedgerCli, verifyJournalCli } from '../../src/cli/ledger-cli';

const S = 'SPUK-WI2021';
const adv = accounts.advance('GM0363', S, 2026);
const bank = accounts.bank();

async function failing(t: TestApp): Promise<Record<string, Record<string, unknown>[]>> {
  const results = await runLedgerChecks(t.ctx());
  return Object.fromEntries(results.filter((r) => r.rows.length > 0).map((r) => [r.name, r.rows]));
}

describe('ledger integrity: hash chain and named checks', () => {
  let t: TestApp;
  let tx: PostedTransaction[];
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
    const ctx = t.ctx();
    tx = [];
    for (let i = 0; i < 5; i += 1) {
      tx.push(await postTransaction(ctx, simplePost(`int-${i}`, adv, bank, `${i + 1}.25`, `2026-0${i + 1}-10`)));
    }
    tx.push(await reverseTransaction(ctx, { transactionId: tx[1]!.id, idempotencyKey: 'int-rev', reason: 'wrong amount' }));
    // The daily-balance check compares the compacted snapshot with the postings it covers (decision 1890).
    expect(await compactDailyBalances(t.dataSource)).toEqual({ from: '0', to: '6' });
  });
  afterAll(() => t.close());

  it('is clean and verifies on an untouched journal, also through the CLIs', async () => {
    expect(await failing(t)).toEqual({});
    const v = await verifyJournal(t.ctx(), { batchSize: 2 });
    expect(v).toEqual({ ok: true, count: 6, headSequence: '6', headHash: tx[5]!.hash, brokenAt: null });
    const out: string[] = [];
    expect(await checkLedgerCli((l) => out.push(l), t.url)).toBe(0);
    expect(out.at(-1)).toMatch(/^all \d+ ledger checks passed$/);
    const vout: string[] = [];
    expect(await verifyJournalCli((l) => vout.push(l), t.url)).toBe(0);
    expect(vout).toEqual([`OK 6 transactions, head ${tx[5]!.hash}`]);
  });

  it('a changed reason breaks the hash of exactly that transaction', async () => {
    await tamper(t.url, `UPDATE journal_transactions SET reason = 'nothing to see' WHERE id = $1`, [tx[2]!.id]);
    const v = await verifyJournal(t.ctx(), { batchSize: 2 });
    expect(v.ok).toBe(false);
    expect(v.count).toBe(2);
    expect(v.headHash).toBe(tx[1]!.hash);
    expect(v.brokenAt).toMatchObject({
      transactionId: tx[2]!.id,
      sequence: tx[2]!.sequence,
      problem: 'HASH_MISMATCH',
      actual: tx[2]!.hash,
    });
    const out: string[] = [];
    expect(await verifyJournalCli((l) => out.push(l), t.url)).toBe(1);
    expect(out[0]).toContain(`BROKEN at transaction ${tx[2]!.id}`);
    await tamper(t.url, `UPDATE journal_transactions SET reason = 'test' WHERE id = $1`, [tx[2]!.id]);
    expect((await verifyJournal(t.ctx())).ok).toBe(true);
  });

  it('a changed posting amount is named by the hash, the balance and the snapshot checks', async () => {
    await tamper(t.url, `UPDATE journal_postings SET amount = 999.99 WHERE transaction_id = $1 AND line = 1`, [tx[3]!.id]);
    const v = await verifyJournal(t.ctx());
    expect(v.brokenAt).toMatchObject({ transactionId: tx[3]!.id, problem: 'HASH_MISMATCH' });
    const f = await failing(t);
    expect(Object.keys(f).sort()).toEqual(['daily_balances_differ_from_postings', 'unbalanced_transactions']);
    expect(f.unbalanced_transactions).toEqual([{ transaction_id: tx[3]!.id, sequence: tx[3]!.sequence, debit: '999.99', credit: '4.25' }]);
    expect(f.daily_balances_differ_from_postings).toHaveLength(1);
    expect(f.daily_balances_differ_from_postings![0]).toMatchObject({
      effective_date: '2026-04-10',
      recomputed_debit: '999.99',
      stored_debit: '4.25',
    });
    const out: string[] = [];
    expect(await checkLedgerCli((l) => out.push(l), t.url)).toBe(1);
    expect(out.join('\n')).toContain(tx[3]!.id);
    expect(out.at(-1)).toBe('ledger checks failed: unbalanced_transactions, daily_balances_differ_from_postings');
    await tamper(t.url, `UPDATE journal_postings SET amount = 4.25 WHERE transaction_id = $1 AND line = 1`, [tx[3]!.id]);
    expect(await failing(t)).toEqual({});
  });

  it('a removed transaction shows as a sequence gap and a prev_hash mismatch at its successor', async () => {
    const c = new Client({ connectionString: t.url });
    await c.connect();
    try {
      await c.query('SET session_replication_role = replica');
      await c.query('CREATE TEMP TABLE saved_t AS SELECT * FROM journal_transactions WHERE id = $1', [tx[2]!.id]);
      await c.query('CREATE TEMP TABLE saved_p AS SELECT * FROM journal_postings WHERE transaction_id = $1', [tx[2]!.id]);
      await c.query('DELETE FROM journal_postings WHERE transaction_id = $1', [tx[2]!.id]);
      await c.query('DELETE FROM journal_transactions WHERE id = $1', [tx[2]!.id]);
      const v = await verifyJournal(t.ctx());
      expect(v.brokenAt).toMatchObject({
        transactionId: tx[3]!.id,
        problem: 'SEQUENCE_GAP',
        expected: tx[2]!.sequence,
        actual: tx[3]!.sequence,
      });
      const f = await failing(t);
      expect(f.sequence_gaps?.[0]).toMatchObject({ transaction_id: tx[3]!.id });
      expect(f.prev_hash_mismatch).toEqual([
        { transaction_id: tx[3]!.id, sequence: tx[3]!.sequence, prev_hash: tx[2]!.hash, expected: tx[1]!.hash },
      ]);
      expect(f.daily_balances_differ_from_postings).toHaveLength(2);
      await c.query('INSERT INTO journal_transactions SELECT * FROM saved_t');
      await c.query('INSERT INTO journal_postings SELECT * FROM saved_p');
    } finally {
      await c.end();
    }
    expect(await failing(t)).toEqual({});
    expect((await verifyJournal(t.ctx())).ok).toBe(true);
  });

  it('a forged prev_hash and a reversal of a reversal are named', async () => {
    await tamper(t.url, `UPDATE journal_transactions SET prev_hash = repeat('a', 64) WHERE id = $1`, [tx[4]!.id]);
    expect((await verifyJournal(t.ctx())).brokenAt).toMatchObject({ transactionId: tx[4]!.id, problem: 'PREV_HASH_MISMATCH' });
    expect((await failing(t)).prev_hash_mismatch?.map((r) => r.transaction_id)).toEqual([tx[4]!.id]);
    await tamper(t.url, `UPDATE journal_transactions SET prev_hash = $2 WHERE id = $1`, [tx[4]!.id, tx[3]!.hash]);

    await tamper(t.url, `UPDATE journal_transactions SET kind = 'REVERSAL' WHERE id = $1`, [tx[1]!.id]);
    const f = await failing(t);
    expect(f.reversals_of_reversals).toEqual([{ transaction_id: tx[5]!.id, reverses_id: tx[1]!.id }]);
    expect(f.reversal_kind_mismatch?.map((r) => r.transaction_id)).toEqual([tx[1]!.id]);
    await tamper(t.url, `UPDATE journal_transactions SET kind = 'ADVANCE_TRANCHE' WHERE id = $1`, [tx[1]!.id]);

    await tamper(t.url, `UPDATE journal_postings SET direction = 'DEBIT' WHERE transaction_id = $1 AND direction = 'CREDIT'`, [tx[5]!.id]);
    expect((await failing(t)).reversal_not_mirroring?.map((r) => r.transaction_id)).toEqual([tx[5]!.id]);
    await tamper(t.url, `UPDATE journal_postings SET direction = 'CREDIT' WHERE transaction_id = $1 AND line = 1`, [tx[5]!.id]);
    expect(await failing(t)).toEqual({});
    expect((await verifyJournal(t.ctx())).ok).toBe(true);
  });
});
