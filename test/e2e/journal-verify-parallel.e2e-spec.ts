import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource, initialise } from '../../src/common/db/data-source';
import { systemContext } from '../../src/fixtures';
import { until } from '../helpers/until';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { simplePost, tamper } from '../helpers/ledger';
import { accounts, postTransactions, type PostedTransaction } from '../../src/modules/ledger';
import { verifyJournal, type JournalVerification } from '../../src/modules/ledger/ledger.verify';
import { GENESIS_HASH } from '../../src/modules/ledger/journal-hash';

// Decision 1780: batches decoded and checked in worker threads, several in flight at once. Under
// ts-jest the sources are TypeScript, so the compiled worker (dist/, made by `npm run build`, which
// `npm test` runs first) is named explicitly; the answer must be the row-by-row walk's.
const compiledWorker = path.resolve(__dirname, '../../dist/src/modules/ledger/verify-worker.js');

const S = 'SPUK-WI2021';
const adv = accounts.advance('GM0363', S, 2026);
const bank = accounts.bank();

describe('journal verification in parallel batches (decision 1780)', () => {
  let t: TestApp;
  let tx: PostedTransaction[];
  beforeAll(async () => {
    expect(fs.existsSync(compiledWorker)).toBe(true);
    t = await createTestApp({ poolSize: 2 });
    const ctx = t.ctx();
    tx = [
      ...(await postTransactions(
        ctx,
        Array.from({ length: 26 }, (_, i) => simplePost(`par-${i}`, adv, bank, `${i + 1}.25`, `2026-0${1 + (i % 9)}-10`)),
      )),
    ];
  });
  afterAll(() => t.close());

  /**
   * Statements that import the verification's snapshot (decision 1851): one per reader connection,
   * and one for the connection that counts the postings in it (decision 2100).
   */
  function snapshotImports(): { count: () => number; restore: () => void } {
    const spy = jest.spyOn(Client.prototype, 'query');
    return {
      count: () => spy.mock.calls.filter(([q]) => typeof q === 'string' && q.includes('SET TRANSACTION SNAPSHOT')).length,
      restore: () => spy.mockRestore(),
    };
  }

  /**
   * The same walk every way: two and three workers over batches of 4 and 3 read by two and three
   * connections in one snapshot, the same read by one connection, inline, and one batch.
   */
  async function everyWay(from?: { sequence: string; hash: string }): Promise<JournalVerification> {
    const ctx = t.ctx();
    const two = await verifyJournal(ctx, { batchSize: 4, threads: 2, workerScript: compiledWorker, from });
    expect(await verifyJournal(ctx, { batchSize: 3, threads: 3, readers: 3, workerScript: compiledWorker, from })).toEqual(two);
    expect(await verifyJournal(ctx, { batchSize: 4, threads: 2, readers: 1, workerScript: compiledWorker, from })).toEqual(two);
    expect(await verifyJournal(ctx, { batchSize: 4, threads: false, from })).toEqual(two);
    expect(await verifyJournal(ctx, { batchSize: 2000, from })).toEqual(two);
    return two;
  }

  it('reads a gapless journal with several connections in one exported snapshot, and a journal with a gap on its own', async () => {
    const imports = snapshotImports();
    try {
      expect(await verifyJournal(t.ctx(), { batchSize: 4, threads: false, readers: 3 })).toMatchObject({ ok: true, count: 26 });
      expect(imports.count()).toBe(4);
      expect(await verifyJournal(t.ctx(), { batchSize: 4, threads: false, readers: 1 })).toMatchObject({ ok: true, count: 26 });
      expect(imports.count()).toBe(4);
    } finally {
      imports.restore();
    }
  });

  /** The backends of the verification's readers in this database that are idle (kept between walks, decision 2100). */
  async function idleReaders(): Promise<number[]> {
    const rows = await t.dataSource.query<{ pid: number }[]>(
      `SELECT pid FROM pg_stat_activity
        WHERE datname = current_database() AND application_name = 'journal-verification-reader' AND state = 'idle'
        ORDER BY pid`,
    );
    return rows.map((r) => r.pid);
  }

  it("keeps the readers' connections for the next walk, replaces those lost, and closes them with the data source (decision 2100)", async () => {
    // A data source of its own; the readers the other tests' walks left kept are not its.
    const others = await idleReaders();
    const readersOf = async () => (await idleReaders()).filter((pid) => !others.includes(pid));
    const own = await initialise(createDataSource({ url: t.url, poolSize: 2 }));
    let last: number[] = [];
    try {
      const ctx = systemContext(own);
      const walk = () => verifyJournal(ctx, { batchSize: 4, threads: false, readers: 2 });
      expect(await walk()).toMatchObject({ ok: true, count: 26 });
      // Two readers and the counter, each let go once its transaction has ended.
      await until('three readers kept', async () => (await readersOf()).length === 3);
      const kept = await readersOf();
      expect(await walk()).toMatchObject({ ok: true, count: 26 });
      await until('three readers kept again', async () => (await readersOf()).length === 3);
      expect(await readersOf()).toEqual(kept);
      // Their backends ended between two walks: the pool drops them, the next walk opens new ones.
      await own.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS k(pid)`, [kept]);
      await until('the lost readers gone', async () => (await readersOf()).every((pid) => !kept.includes(pid)));
      expect(await walk()).toMatchObject({ ok: true, count: 26 });
      await until('three new readers kept', async () => (await readersOf()).length === 3);
      last = await readersOf();
      expect(last.filter((pid) => kept.includes(pid))).toEqual([]);
    } finally {
      await own.destroy();
    }
    // Closed by the data source's end, well before they would be for being idle (10 s).
    await until(
      'its readers closed with the data source',
      async () => {
        const left = await idleReaders();
        return last.every((pid) => !left.includes(pid));
      },
      5_000,
    );
    // Initialised again after its end, the data source keeps readers anew.
    await own.initialize();
    try {
      expect(await verifyJournal(systemContext(own), { batchSize: 4, threads: false, readers: 2 })).toMatchObject({ ok: true, count: 26 });
    } finally {
      await own.destroy();
    }
  });

  it('verifies the untouched chain, from genesis and from a sequence in the middle', async () => {
    expect(tx.map((x) => x.sequence)).toEqual(Array.from({ length: 26 }, (_, i) => String(i + 1)));
    expect(await everyWay()).toEqual({ ok: true, count: 26, headSequence: '26', headHash: tx[25]!.hash, brokenAt: null });
    expect(await everyWay({ sequence: '9', hash: tx[8]!.hash })).toEqual({
      ok: true,
      count: 17,
      headSequence: '26',
      headHash: tx[25]!.hash,
      brokenAt: null,
    });
    // Starting from a hash the journal does not carry breaks the first transaction after it.
    expect((await everyWay({ sequence: '9', hash: GENESIS_HASH })).brokenAt).toMatchObject({
      sequence: '10',
      problem: 'PREV_HASH_MISMATCH',
    });
  });

  it('finds a row changed in the middle of a batch checked in parallel, and only the first break', async () => {
    // Sequence 14 lies inside the fourth batch of 4 (13–16); a later break (22) must not be reported.
    await tamper(t.url, `UPDATE journal_transactions SET reason = 'nothing to see' WHERE id = $1`, [tx[13]!.id]);
    await tamper(t.url, `UPDATE journal_postings SET amount = 999.99 WHERE transaction_id = $1 AND line = 1`, [tx[21]!.id]);
    const v = await everyWay();
    expect(v).toMatchObject({ ok: false, count: 13, headSequence: '13', headHash: tx[12]!.hash });
    expect(v.brokenAt).toMatchObject({ transactionId: tx[13]!.id, sequence: '14', problem: 'HASH_MISMATCH', actual: tx[13]!.hash });
    await tamper(t.url, `UPDATE journal_transactions SET reason = 'test' WHERE id = $1`, [tx[13]!.id]);
    // Now the posting of 22 (in the sixth batch, 21–24) is the first break; from 9 on, the count is 12.
    expect((await everyWay()).brokenAt).toMatchObject({ transactionId: tx[21]!.id, sequence: '22', problem: 'HASH_MISMATCH' });
    expect(await everyWay({ sequence: '9', hash: tx[8]!.hash })).toMatchObject({ ok: false, count: 12, headSequence: '21' });
    await tamper(t.url, `UPDATE journal_postings SET amount = 22.25 WHERE transaction_id = $1 AND line = 1`, [tx[21]!.id]);
    expect(await everyWay()).toMatchObject({ ok: true, count: 26 });
  });

  it("finds an account's address changed, and a posting moved to another account, on every path (decision 1901)", async () => {
    // The snapshot readers read the accounts once and map the postings' ids; the keyset walk joins them.
    await tamper(t.url, `UPDATE ledger_accounts SET address = $2 WHERE address = $1`, [adv, `${adv}x`]);
    expect(await everyWay()).toMatchObject({
      ok: false,
      count: 0,
      brokenAt: { transactionId: tx[0]!.id, sequence: '1', problem: 'HASH_MISMATCH', actual: tx[0]!.hash },
    });
    expect(await everyWay({ sequence: '9', hash: tx[8]!.hash })).toMatchObject({ ok: false, count: 0, brokenAt: { sequence: '10' } });
    await tamper(t.url, `UPDATE ledger_accounts SET address = $1 WHERE address = $2`, [adv, `${adv}x`]);
    // Sequence 15's first posting moved to the other account of the transaction (inside the fourth batch of 4).
    const move = `UPDATE journal_postings p SET account_id = (SELECT id FROM ledger_accounts WHERE address = $2)
                   WHERE p.transaction_id = $1 AND p.line = 1`;
    const [{ address }] = await t.dataSource.query<[{ address: string }]>(
      `SELECT a.address FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE p.transaction_id = $1 AND p.line = 1`,
      [tx[14]!.id],
    );
    await tamper(t.url, move, [tx[14]!.id, address === adv ? bank : adv]);
    expect(await everyWay()).toMatchObject({
      ok: false,
      count: 14,
      brokenAt: { transactionId: tx[14]!.id, sequence: '15', problem: 'HASH_MISMATCH' },
    });
    await tamper(t.url, move, [tx[14]!.id, address]);
    expect(await everyWay()).toMatchObject({ ok: true, count: 26 });
  });

  /** The snapshot readers' walk and the keyset walk (the two ways postings are read), with one answer. */
  async function bothReaders(from?: { sequence: string; hash: string }): Promise<JournalVerification> {
    const snapshot = await verifyJournal(t.ctx(), { batchSize: 4, threads: false, readers: 2, from });
    expect(await verifyJournal(t.ctx(), { batchSize: 4, threads: false, readers: 1, from })).toEqual(snapshot);
    return snapshot;
  }

  it('takes a posting as the transaction whose id and sequence it carries: one moved, renumbered or added by hand is found by both readers (decision 2050)', async () => {
    const p15 = [tx[14]!.id];
    const intactFrom9 = { ok: true, count: 17, headSequence: '26', headHash: tx[25]!.hash, brokenAt: null };
    // Sequence 15's first posting given sequence 16's id, its sequence kept: 15 misses it (and 16 has no such posting).
    await tamper(t.url, `UPDATE journal_postings SET transaction_id = $2, line = 9 WHERE transaction_id = $1 AND line = 1`, [
      tx[14]!.id,
      tx[15]!.id,
    ]);
    expect(await bothReaders()).toMatchObject({
      ok: false,
      count: 14,
      brokenAt: { transactionId: tx[14]!.id, sequence: '15', problem: 'HASH_MISMATCH' },
    });
    await tamper(t.url, `UPDATE journal_postings SET transaction_id = $1, line = 1 WHERE transaction_id = $2 AND line = 9`, [
      tx[14]!.id,
      tx[15]!.id,
    ]);
    // Its sequence changed, its id kept, beyond the head or onto another transaction's place: 15 misses it.
    for (const [sequence, line] of [
      [1000, 1],
      [3, 9],
    ]) {
      await tamper(t.url, `UPDATE journal_postings SET transaction_sequence = $2, line = $3 WHERE transaction_id = $1 AND line = 1`, [
        tx[14]!.id,
        sequence,
        line,
      ]);
      expect(await bothReaders()).toMatchObject({
        ok: false,
        count: 14,
        brokenAt: { transactionId: tx[14]!.id, sequence: '15', problem: 'HASH_MISMATCH' },
      });
      await tamper(
        t.url,
        `UPDATE journal_postings SET transaction_sequence = 15, line = 1 WHERE transaction_id = $1 AND transaction_sequence = $2`,
        [tx[14]!.id, sequence],
      );
    }
    expect(await bothReaders()).toMatchObject({ ok: true, count: 26 });
    // A posting added for 15 by hand, with a sequence that is not 15's: 15's own postings are intact,
    // the posting is no transaction's. Found beyond the head, below 1, and (by the count of the
    // range's postings) on another transaction's place; a walk from a checkpoint leaves the
    // postings at or below it to the full walk, as it leaves the transactions there.
    const add = `INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount)
                 SELECT transaction_id, $2, 9, account_id, direction, amount FROM journal_postings WHERE transaction_id = $1 AND line = 1`;
    for (const [sequence, fromCheckpoint] of [
      ['1000', false],
      ['0', true],
      ['3', true],
    ] as const) {
      await tamper(t.url, add, [...p15, sequence]);
      const orphan = { transactionId: tx[14]!.id, sequence, problem: 'ORPHAN_POSTING' };
      expect(await bothReaders()).toEqual({
        ok: false,
        count: 26,
        headSequence: '26',
        headHash: tx[25]!.hash,
        brokenAt: expect.objectContaining(orphan),
      });
      const later = await bothReaders({ sequence: '9', hash: tx[8]!.hash });
      expect(later).toEqual(fromCheckpoint ? intactFrom9 : { ...intactFrom9, ok: false, brokenAt: expect.objectContaining(orphan) });
      await tamper(t.url, `DELETE FROM journal_postings WHERE transaction_id = $1 AND transaction_sequence = $2`, [...p15, sequence]);
    }
    expect(await bothReaders()).toEqual({ ok: true, count: 26, headSequence: '26', headHash: tx[25]!.hash, brokenAt: null });
  });

  it('finds a relinked row at a batch boundary and a gap between two batches', async () => {
    // Sequence 17 is the first of the fifth batch: it is checked against the fourth batch's last stored hash.
    await tamper(t.url, `UPDATE journal_transactions SET prev_hash = $2 WHERE id = $1`, [tx[16]!.id, 'f'.repeat(64)]);
    expect(await everyWay()).toMatchObject({
      ok: false,
      count: 16,
      headHash: tx[15]!.hash,
      brokenAt: { sequence: '17', problem: 'PREV_HASH_MISMATCH', expected: tx[15]!.hash, actual: 'f'.repeat(64) },
    });
    await tamper(t.url, `UPDATE journal_transactions SET prev_hash = $2 WHERE id = $1`, [tx[16]!.id, tx[15]!.hash]);
    // Sequence 5 removed: with batches of 4 the gap lies between two batches (1–4, then 6–9), with batches of 3 inside one.
    await tamper(t.url, `DELETE FROM journal_postings WHERE transaction_id = $1`, [tx[4]!.id]);
    await tamper(t.url, `DELETE FROM journal_transactions WHERE id = $1`, [tx[4]!.id]);
    // Sequences no longer from+1 … max: the snapshot readers are not used, the keyset walk finds the gap.
    const imports = snapshotImports();
    try {
      await verifyJournal(t.ctx(), { batchSize: 4, threads: false, readers: 2 });
      expect(imports.count()).toBe(0);
    } finally {
      imports.restore();
    }
    expect(await everyWay()).toMatchObject({
      ok: false,
      count: 4,
      headSequence: '4',
      headHash: tx[3]!.hash,
      brokenAt: { transactionId: tx[5]!.id, sequence: '6', problem: 'SEQUENCE_GAP', expected: '5', actual: '6' },
    });
  });
});
