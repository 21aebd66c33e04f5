import { createTestApp, type TestApp } from '../helpers/test-app';
import { simplePost } from '../helpers/ledger';
import { accounts, postTransactions, reverseTransaction } from '../../src/modules/ledger';
import { verifyJournal } from '../../src/modules/ledger/ledger.verify';

const adv = accounts.advance('GM0363', 'SPUK-WI2021', 2026);
const bank = accounts.bank();

/**
 * Decision 2050 on a journal that exists: undone, the migration takes the column, its index and the
 * trigger's check away; run again, it gives every posting its transaction's sequence, and the
 * journal verifies as before.
 */
describe('migration 1797560000000: postings carry their transaction sequence', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
  });
  afterAll(() => t.close());

  const columns = async (): Promise<string[]> =>
    (
      await t.dataSource.query<{ name: string }[]>(
        `SELECT column_name AS name FROM information_schema.columns WHERE table_name = 'journal_postings' ORDER BY column_name`,
      )
    ).map((r) => r.name);

  it('fills the sequence of the postings there are, and the journal verifies the same before and after', async () => {
    const posted = await postTransactions(
      t.ctx(),
      Array.from({ length: 30 }, (_, i) => simplePost(`mig-${i}`, adv, bank, `${i + 1}.10`, `2026-0${1 + (i % 9)}-05`)),
    );
    await reverseTransaction(t.ctx(), { transactionId: posted[4]!.id, idempotencyKey: 'mig-rev', reason: 'migration test' });
    const before = await verifyJournal(t.ctx(), { batchSize: 8 });
    expect(before).toMatchObject({ ok: true, brokenAt: null });

    // Undone down to it (the migrations after it first, newest first).
    const executed = async (): Promise<string[]> =>
      (await t.dataSource.query<{ name: string }[]>(`SELECT name FROM migrations ORDER BY id`)).map((r) => r.name);
    while ((await executed()).includes('PostingsCarryTransactionSequence1797560000000')) {
      await t.dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await columns()).not.toContain('transaction_sequence');
    await t.dataSource.runMigrations({ transaction: 'each' });
    expect(await columns()).toContain('transaction_sequence');

    const [placed] = await t.dataSource.query<[{ n: string; same: string; nulls: string }]>(
      `SELECT count(*)::text AS n, count(*) FILTER (WHERE p.transaction_sequence = t.sequence)::text AS same,
              (SELECT count(*) FROM journal_postings WHERE transaction_sequence IS NULL)::text AS nulls
         FROM journal_postings p JOIN journal_transactions t ON t.id = p.transaction_id`,
    );
    expect(Number(placed.n)).toBeGreaterThanOrEqual(62);
    expect(placed).toEqual({ n: placed.n, same: placed.n, nulls: '0' });
    // Every path reads the postings by the filled column and finds the same chain.
    expect(await verifyJournal(t.ctx(), { batchSize: 8 })).toEqual(before);
    expect(await verifyJournal(t.ctx(), { batchSize: 8, readers: 1 })).toEqual(before);
    // And the append-only trigger is back: the postings cannot be changed.
    await expect(t.dataSource.query(`UPDATE journal_postings SET amount = amount WHERE transaction_sequence = 1`)).rejects.toThrow();
    // New postings get it from the writer, checked by the trigger.
    const [later] = await postTransactions(t.ctx(), [simplePost('mig-after', adv, bank, '7.00', '2026-02-02')]);
    const [row] = await t.dataSource.query<[{ s: string }]>(
      `SELECT DISTINCT transaction_sequence::text AS s FROM journal_postings WHERE transaction_id = $1`,
      [later!.id],
    );
    expect(row.s).toBe(later!.sequence);
  });
});
