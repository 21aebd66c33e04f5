import { createTestApp, type TestApp } from '../helpers/test-app';
import { recomputedBalance, simplePost } from '../helpers/ledger';
import { runCommand } from '../../src/common/db/run-command';
import { money } from '../../src/common/money/money';
import { accounts, compactDailyBalances, getBalance, postTransactions, reverseTransaction, type PostInput } from '../../src/modules/ledger';
import { runLedgerChecks } from '../../src/modules/ledger/ledger.checks';
import { verifyJournal } from '../../src/modules/ledger/ledger.verify';
import { prepareTransaction } from '../../src/modules/ledger/ledger.validation';
import { appendPath, appendPrepared, setAppendPath } from '../../src/modules/ledger/ledger.writer';

const S = 'SPUK-WI2021';
const CODES = ['GM0363', 'GM0358', 'GM1680'];

/** A batch larger than one COPY chunk, spread over dates, municipalities and both posting shapes. */
function batch(prefix: string, n: number): PostInput[] {
  return Array.from({ length: n }, (_, i) => {
    const m = CODES[i % CODES.length] as string;
    const amount = money(String(100 + ((i * 7919) % 100_000))).div(100);
    const date = `2026-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    return i % 2 === 0
      ? simplePost(`${prefix}-${i}`, accounts.advance(m, S, 2026), accounts.bank(), amount.toFixed(2), date)
      : simplePost(`${prefix}-${i}`, accounts.commitment(S, 2026), accounts.committed(m, S, 2026), amount.toFixed(2), date);
  });
}

async function failingChecks(t: TestApp): Promise<string[]> {
  return (await runLedgerChecks(t.ctx())).filter((r) => r.rows.length > 0).map((r) => r.name);
}

async function journalCount(t: TestApp): Promise<number> {
  const [row] = await t.dataSource.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM journal_transactions`);
  return row.n;
}

/** Decision 1730: appends on PostgreSQL write their rows by COPY FROM STDIN; every guarantee stays. */
describe('ledger appends by COPY keep every guarantee', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
  });
  afterAll(() => t.close());

  it('takes the COPY path on PostgreSQL', async () => {
    expect(await runCommand(t.ctx(), (tx) => appendPath(tx))).toBe('copy');
  });

  it('writes a batch of several chunks whose chain verifies, with text that needs escaping kept exactly', async () => {
    const inputs = batch('copy-a', 601);
    const odd = 'tab\there, line\nbreak, cr\rand back\\slash \\N café';
    inputs[300] = { ...(inputs[300] as PostInput), reason: odd, cause: { type: 'TEST', id: 'x\\y\tz' } };
    const posted = await postTransactions(t.ctx(), inputs);
    expect(posted).toHaveLength(601);
    expect(posted.every((p) => !p.replayed)).toBe(true);
    expect(posted.map((p) => Number(p.sequence))).toEqual(Array.from({ length: 601 }, (_, i) => i + 1));
    const [row] = await t.dataSource.query<[{ reason: string; cause_id: string }]>(
      `SELECT reason, cause_id FROM journal_transactions WHERE id = $1`,
      [posted[300]!.id],
    );
    expect(row).toEqual({ reason: odd, cause_id: 'x\\y\tz' });
    const [stored] = await t.dataSource.query<[{ n: number; lines: number }]>(
      `SELECT count(DISTINCT t.id)::int AS n, count(*)::int AS lines FROM journal_transactions t JOIN journal_postings p ON p.transaction_id = t.id`,
    );
    expect(stored).toEqual({ n: 601, lines: 1202 });
    const v = await verifyJournal(t.ctx(), { batchSize: 100 });
    expect(v).toMatchObject({ ok: true, count: 601, headSequence: '601', headHash: posted[600]!.hash, brokenAt: null });
    // Read by COPY TO in snapshot readers (the default, decision 1851) and by one connection: the same answer.
    expect(await verifyJournal(t.ctx(), { batchSize: 100, readers: 1 })).toEqual(v);
    expect(await verifyJournal(t.ctx(), { batchSize: 100, readers: 3, threads: false })).toEqual(v);
    expect(await failingChecks(t)).toEqual([]);
  });

  it('keeps daily balances and balances as of any date equal to a recomputation from the postings', async () => {
    const ctx = t.ctx();
    const addresses = [accounts.bank(), accounts.advance('GM0358', S, 2026), accounts.committed('GM1680', S, 2026)];
    for (const address of addresses) {
      for (const asOf of ['2026-01-31', '2026-06-15', '2026-12-31']) {
        expect((await getBalance(ctx, address, { asOf })).toFixed(2)).toBe(await recomputedBalance(t.dataSource, address, asOf));
      }
    }
    const differing = async (): Promise<number> => {
      const [diff] = await t.dataSource.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM (
           (SELECT p.account_id, t.effective_date,
                   COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0) AS debit,
                   COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0) AS credit
              FROM journal_postings p JOIN journal_transactions t ON t.id = p.transaction_id GROUP BY 1, 2
            EXCEPT SELECT account_id, effective_date, debit, credit FROM ledger_balances_by_day)
           UNION ALL
           (SELECT account_id, effective_date, debit, credit FROM ledger_balances_by_day
            EXCEPT SELECT p.account_id, t.effective_date,
                   COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0),
                   COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)
              FROM journal_postings p JOIN journal_transactions t ON t.id = p.transaction_id GROUP BY 1, 2)) d`,
      );
      return diff.n;
    };
    expect(await differing()).toBe(0);
    // After a compaction (every posting into the snapshot table) the same, and the table alone agrees.
    await compactDailyBalances(t.dataSource);
    expect(await differing()).toBe(0);
    expect((await runLedgerChecks(t.ctx(), ['daily_balances_differ_from_postings']))[0]!.rows).toEqual([]);
    for (const address of addresses) {
      expect((await getBalance(ctx, address, { asOf: '2026-06-15' })).toFixed(2)).toBe(
        await recomputedBalance(t.dataSource, address, '2026-06-15'),
      );
    }
  });

  it('a repeated batch returns the first results and writes nothing; a reused key with other content is refused', async () => {
    const inputs = batch('copy-a', 601);
    const before = await journalCount(t);
    const again = await postTransactions(t.ctx(), [...inputs.slice(0, 10), ...batch('copy-b', 5)]);
    expect(again.slice(0, 10).every((p) => p.replayed)).toBe(true);
    expect(again.slice(10).every((p) => !p.replayed)).toBe(true);
    expect(await journalCount(t)).toBe(before + 5);
    const changed = { ...(inputs[3] as PostInput), reason: 'other content' };
    await expect(postTransactions(t.ctx(), [changed])).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    expect(await journalCount(t)).toBe(before + 5);
  });

  it('an unbalanced transaction that got past validation is refused by the database at commit, and nothing of the batch is written', async () => {
    const before = await journalCount(t);
    const prepared = batch('copy-unbalanced', 300).map((input, i) => prepareTransaction(input, `inputs[${i}]`, i + 1));
    const broken = prepared[299]!;
    prepared[299] = { ...broken, postings: [broken.postings[0]!, { ...broken.postings[1]!, amount: '0.01' }] };
    await expect(runCommand(t.ctx(), (tx) => appendPrepared(tx, prepared))).rejects.toMatchObject({ code: '23514' });
    const single = prepareTransaction(simplePost('copy-one-leg', accounts.advance('GM0363', S, 2026), accounts.bank(), '1.00'), 'input', 1);
    const oneLeg = { ...single, postings: [single.postings[0]!] };
    await expect(runCommand(t.ctx(), (tx) => appendPrepared(tx, [oneLeg]))).rejects.toMatchObject({ code: '23514' });
    expect(await journalCount(t)).toBe(before);
    expect((await verifyJournal(t.ctx())).ok).toBe(true);
  });

  it('a row that cannot be hashed midway through the COPY fails the batch with that error; nothing is written, the next batch goes in', async () => {
    const before = await journalCount(t);
    const prepared = batch('copy-unhashable', 400).map((input, i) => prepareTransaction(input, `inputs[${i}]`, i + 1));
    const odd = prepared[350]!;
    prepared[350] = { ...odd, postings: odd.postings.map((q) => ({ ...q, amount: '1.5' })) };
    await expect(runCommand(t.ctx(), (tx) => appendPrepared(tx, prepared))).rejects.toThrow('canonical posting: amount 1.5');
    expect(await journalCount(t)).toBe(before);
    const next = await postTransactions(t.ctx(), batch('copy-after-unhashable', 120));
    expect(Number(next[119]!.sequence)).toBe(before + 120);
    expect((await verifyJournal(t.ctx())).ok).toBe(true);
    expect(await failingChecks(t)).toEqual([]);
  });

  it('a reversal of a transaction that does not exist is refused by the statement trigger', async () => {
    const before = await journalCount(t);
    const p = prepareTransaction(simplePost('copy-ghost-rev', accounts.bank(), accounts.advance('GM0363', S, 2026), '1.00'), 'input', 1);
    const ghost = { ...p, kind: 'REVERSAL' as const, reversesId: '00000000-0000-4000-8000-000000000001' };
    await expect(runCommand(t.ctx(), (tx) => appendPrepared(tx, [ghost]))).rejects.toMatchObject({ code: '23503' });
    expect(await journalCount(t)).toBe(before);
  });

  it('a reversal by COPY, then appends by the INSERT path (the embedded one): one chain that verifies', async () => {
    const [first] = await postTransactions(t.ctx(), batch('copy-c', 1));
    const rev = await reverseTransaction(t.ctx(), { transactionId: first!.id, idempotencyKey: 'copy-c-rev', reason: 'test' });
    expect(rev.replayed).toBe(false);
    setAppendPath(t.dataSource, 'insert');
    try {
      const viaInsert = await postTransactions(t.ctx(), batch('copy-d', 7));
      expect(Number(viaInsert[0]!.sequence)).toBe(Number(rev.sequence) + 1);
    } finally {
      setAppendPath(t.dataSource, 'copy');
    }
    const after = await postTransactions(t.ctx(), batch('copy-e', 3));
    const v = await verifyJournal(t.ctx());
    expect(v).toMatchObject({ ok: true, count: await journalCount(t), headHash: after[2]!.hash });
    expect(await failingChecks(t)).toEqual([]);
  });

  it('concurrent batches queue on the chain lock: gapless sequence, every key once', async () => {
    const before = await journalCount(t);
    const results = await Promise.all([0, 1, 2, 3].map((k) => postTransactions(t.ctx(), batch(`copy-par-${k}`, 260))));
    expect(results.flat()).toHaveLength(1040);
    const [gaps] = await t.dataSource.query<[{ n: number; max: string }]>(
      `SELECT count(*)::int AS n, max(sequence)::text AS max FROM journal_transactions`,
    );
    expect(gaps).toEqual({ n: before + 1040, max: String(before + 1040) });
    expect((await verifyJournal(t.ctx())).ok).toBe(true);
    expect(await failingChecks(t)).toEqual([]);
  });
});
