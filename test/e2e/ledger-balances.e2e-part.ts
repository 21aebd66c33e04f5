import { Client } from 'pg';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { recomputedBalance, simplePost, sequenceOf } from '../helpers/ledger';
import { accounts, compactDailyBalances, COMPACT_EVERY, getBalance, postTransactions, type PostInput } from '../../src/modules/ledger';
import { runLedgerChecks } from '../../src/modules/ledger/ledger.checks';
import { trialBalance } from '../../src/modules/ledger/ledger.reports';
import { Role } from '../../src/common/auth/actor';

/**
 * Daily balances out of the append (decision 1890): `ledger_daily_balances` is a snapshot up to a
 * watermark kept by a compaction job, readers add the postings after it. Balances as of any date
 * must equal a sum of the postings to the cent at every moment: right after a commit, during and
 * after compactions, with concurrent appends, and for a raw journal transaction written below the
 * watermark (postings for an already committed transaction are refused, decision 1940).
 */
const S = 'SPUK-WI2021';
const codes = ['GM0363', 'GM0518', 'GM0599', 'GM0344'];
const addresses = [accounts.bank(), ...codes.map((c) => accounts.advance(c, S, 2026))];
const dates = ['2025-12-31', '2026-01-01', '2026-02-14', '2026-06-30', '2026-12-31', '2027-01-01'];

let serial = 0;
function batch(prefix: string, n: number): PostInput[] {
  return Array.from({ length: n }, () => {
    serial += 1;
    const month = String(1 + (serial % 12)).padStart(2, '0');
    const cents = String(1 + ((serial * 7919) % 99999)).padStart(3, '0');
    const amount = `${cents.slice(0, -2)}.${cents.slice(-2)}`;
    return simplePost(
      `${prefix}-${serial}`,
      addresses[1 + (serial % codes.length)]!,
      accounts.bank(),
      amount,
      `2026-${month}-${serial % 2 === 0 ? '01' : '28'}`,
    );
  });
}

describe('ledger balances from the compacted snapshot and the postings after its watermark', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 6 });
  });
  afterAll(() => t.close());

  async function watermark(): Promise<string> {
    const [row] = await t.dataSource.query<[{ sequence: string }]>(`SELECT sequence::text AS sequence FROM ledger_balance_watermark`);
    return row.sequence;
  }

  async function expectExact(): Promise<void> {
    const ctx = t.ctx();
    for (const address of addresses) {
      for (const asOf of dates) {
        expect([address, asOf, (await getBalance(ctx, address, { asOf })).toFixed(2)]).toEqual([
          address,
          asOf,
          await recomputedBalance(t.dataSource, address, asOf),
        ]);
      }
      expect((await getBalance(ctx, address)).toFixed(2)).toBe(await recomputedBalance(t.dataSource, address));
    }
    const trial = await trialBalance(t.ctx(Role.FINANCE_OFFICER, null), '2026-06-30');
    for (const line of trial.lines) {
      const net = await recomputedBalance(t.dataSource, line.address, '2026-06-30');
      expect([line.address, Number(line.debit) - Number(line.credit)]).toEqual([line.address, Number(net)]);
    }
    expect(trial.net).toBe('0.00');
    // The balance checks (the raw rows of the last two tests break the hash chain on purpose).
    const failing = (await runLedgerChecks(ctx, ['daily_balances_differ_from_postings', 'unbalanced_transactions'])).filter(
      (c) => c.rows.length > 0,
    );
    expect(failing).toEqual([]);
  }

  it('is exact right after each commit, before and after compactions', async () => {
    await postTransactions(t.ctx(), batch('a', 40));
    await expectExact();
    const first = await compactDailyBalances(t.dataSource);
    expect(first).not.toBeNull();
    expect(await watermark()).toBe(first!.to);
    await expectExact();
    // Postings after the watermark (the tail) on top of the snapshot, on the same days.
    await postTransactions(t.ctx(), batch('b', 25));
    await expectExact();
    expect(await compactDailyBalances(t.dataSource)).toEqual({ from: first!.to, to: String(Number(first!.to) + 25) });
    await expectExact();
    expect(await compactDailyBalances(t.dataSource)).toBeNull();
  });

  it('stays exact with concurrent appends and compactions', async () => {
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 6; i += 1) {
      work.push(postTransactions(t.ctx(), batch(`c${i}`, 30)));
      work.push(compactDailyBalances(t.dataSource));
    }
    await Promise.all(work);
    await expectExact();
    await compactDailyBalances(t.dataSource);
    // Everything compacted: the snapshot table alone equals the postings.
    const [head] = await t.dataSource.query<[{ s: string }]>(`SELECT max(sequence)::text AS s FROM journal_transactions`);
    expect(await watermark()).toBe(head.s);
    await expectExact();
  });

  it('refuses to compact under REPEATABLE READ (it would miss appends committed after the snapshot)', async () => {
    const c = new Client({ connectionString: t.url });
    await c.connect();
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await expect(c.query('SELECT * FROM ledger_compact_balances()')).rejects.toMatchObject({ code: '25000' });
      await c.query('ROLLBACK');
    } finally {
      await c.end();
    }
  });

  it('a compaction does not wait long for an uncommitted postings statement; the next one counts it', async () => {
    await postTransactions(t.ctx(), batch('d', 5));
    const writer = new Client({ connectionString: t.url });
    await writer.connect();
    try {
      const [{ s: head }] = (await writer.query<{ s: string }>(`SELECT max(sequence)::text AS s FROM journal_transactions`)).rows as [
        { s: string },
      ];
      const [{ id: account }] = (
        await writer.query<{ id: string }>(`SELECT id::text AS id FROM ledger_accounts WHERE address = $1`, [addresses[1]])
      ).rows as [{ id: string }];
      const uuid = '44444444-4444-4444-8444-444444444444';
      const next = Number(head) + 1;
      await writer.query('BEGIN');
      await writer.query(
        `INSERT INTO journal_transactions (id, sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date, recorded_at, reason, prev_hash, hash)
         VALUES ($1, $2, 'raw-wait', repeat('0',64), 'OFFSET', 'x', 'x', '2026-03-03', now(), 'raw', repeat('0',64), repeat('0',64))`,
        [uuid, next],
      );
      await writer.query(
        `INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) VALUES ($1, (SELECT sequence FROM journal_transactions WHERE id = $1), 1, $2, 'DEBIT', 12.34), ($1, (SELECT sequence FROM journal_transactions WHERE id = $1), 2, $2, 'CREDIT', 2.34), ($1, (SELECT sequence FROM journal_transactions WHERE id = $1), 3, $2, 'CREDIT', 10.00)`,
        [uuid, account],
      );
      // The compaction waits for the writer's share lock 100 ms per attempt (lock_timeout), never
      // longer, so appends are not queued behind it; it gives up and leaves the tail to the next one.
      const mark = await watermark();
      const started = Date.now();
      expect(await compactDailyBalances(t.dataSource)).toBeNull();
      expect(Date.now() - started).toBeGreaterThanOrEqual(5 * 100);
      expect(await watermark()).toBe(mark);
      // Meanwhile balances are exact (the writer's rows are not committed: not counted anywhere).
      await expectExact();
      await writer.query('COMMIT');
      expect(await compactDailyBalances(t.dataSource)).toEqual({ from: mark, to: String(next) });
      expect(await watermark()).toBe(String(next));
      await expectExact();
    } finally {
      await writer.query('ROLLBACK').catch(() => undefined);
      await writer.end();
    }
  });

  it('postings for a compacted transaction are refused; a new raw transaction at or below the watermark goes into the snapshot; a stale REPEATABLE READ writer is refused', async () => {
    const [old] = await t.dataSource.query<[{ id: string; account: string }]>(
      `SELECT t.id, p.account_id::text AS account FROM journal_transactions t JOIN journal_postings p ON p.transaction_id = t.id
        WHERE t.sequence = 1 AND p.line = 1`,
    );
    const [{ head }] = await t.dataSource.query<[{ head: string }]>(`SELECT max(sequence)::text AS head FROM journal_transactions`);
    const row = (uuid: string, seq: number) =>
      `INSERT INTO journal_transactions (id, sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date, recorded_at, reason, prev_hash, hash)
       VALUES ('${uuid}', ${seq}, 'raw-${seq}', repeat('0',64), 'OFFSET', 'x', 'x', '2026-04-04', now(), 'raw', repeat('0',64), repeat('0',64))`;
    const pair = (uuid: string, amount: string) =>
      `INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount)
       VALUES ('${uuid}', ${sequenceOf(uuid)}, 1, ${old.account}, 'DEBIT', ${amount}), ('${uuid}', ${sequenceOf(uuid)}, 2, ${old.account}, 'CREDIT', ${amount})`;
    const c = new Client({ connectionString: t.url });
    await c.connect();
    try {
      // A balanced pair added later to transaction 1: its postings came with it (decision 1940).
      await c.query('BEGIN');
      await expect(
        c.query(
          `INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) VALUES ($1, (SELECT sequence FROM journal_transactions WHERE id = $1), 91, $2, 'DEBIT', 7.77), ($1, (SELECT sequence FROM journal_transactions WHERE id = $1), 92, $2, 'CREDIT', 7.77)`,
          [old.id, old.account],
        ),
      ).rejects.toMatchObject({ code: '42501' });
      await c.query('ROLLBACK');

      // A raw journal transaction two past the head, compacted; then one into the gap below the
      // watermark: its postings are added to the snapshot by the postings trigger.
      const above = Number(head) + 2;
      await c.query(
        `BEGIN; ${row('66666666-6666-4666-8666-666666666666', above)}; ${pair('66666666-6666-4666-8666-666666666666', '3.33')}; COMMIT`,
      );
      expect(await compactDailyBalances(t.dataSource)).not.toBeNull();
      expect(Number(await watermark())).toBeGreaterThanOrEqual(above);
      await c.query(
        `BEGIN; ${row('77777777-7777-4777-8777-777777777777', above - 1)}; ${pair('77777777-7777-4777-8777-777777777777', '4.44')}; COMMIT`,
      );
      await expectExact();

      // A writer whose snapshot predates a compaction cannot add below the new watermark unseen.
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await c.query('SELECT 1 FROM ledger_balance_watermark');
      await postTransactions(t.ctx(), batch('e', 3));
      expect(await compactDailyBalances(t.dataSource)).not.toBeNull();
      await c.query(row('88888888-8888-4888-8888-888888888888', 999999));
      await expect(c.query(pair('88888888-8888-4888-8888-888888888888', '1.00'))).rejects.toMatchObject({ code: '40001' });
      await c.query('ROLLBACK');
      await expectExact();
    } finally {
      await c.query('ROLLBACK').catch(() => undefined);
      await c.end();
    }
  });
});

describe('ledger balances: an append that crosses a multiple of COMPACT_EVERY sequences queues a compaction', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4, jobs: true });
  });
  afterAll(() => t.close());

  it('the job moves the tail into the snapshot, and balances read the same', async () => {
    const per = 1300;
    for (let sent = 0; sent <= COMPACT_EVERY; sent += per) {
      await postTransactions(t.ctx(), batch(`job-${sent}`, per));
    }
    const before = await Promise.all(addresses.map((a) => getBalance(t.ctx(), a, { asOf: '2026-06-30' })));
    // Readiness, not a sleep: the worker is woken after the commit of the crossing append.
    for (;;) {
      const [row] = await t.dataSource.query<[{ sequence: string }]>(`SELECT sequence::text AS sequence FROM ledger_balance_watermark`);
      if (Number(row.sequence) >= COMPACT_EVERY) {
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    const after = await Promise.all(addresses.map((a) => getBalance(t.ctx(), a, { asOf: '2026-06-30' })));
    expect(after.map((b) => b.toFixed(2))).toEqual(before.map((b) => b.toFixed(2)));
    for (const address of addresses) {
      expect((await getBalance(t.ctx(), address, { asOf: '2026-06-30' })).toFixed(2)).toBe(
        await recomputedBalance(t.dataSource, address, '2026-06-30'),
      );
    }
    expect((await runLedgerChecks(t.ctx(), ['daily_balances_differ_from_postings']))[0]!.rows).toEqual([]);
  });
});
