import { createTestApp, type TestApp } from '../helpers/test-app';
import { ledgerChecksum, recomputedBalance, simplePost, sequenceOf } from '../helpers/ledger';
import { money, toFixedScale } from '../../src/common/money/money';
import { runCommand } from '../../src/common/db/run-command';
import {
  accounts,
  getBalance,
  getBalances,
  postTransaction,
  postTransactions,
  reverseTransaction,
  findTransactionsByCause,
} from '../../src/modules/ledger';
import type { PostInput, PostedTransaction } from '../../src/modules/ledger';

const S = 'SPUK-WI2021';
const adv = accounts.advance('GM0363', S, 2026);
const bank = accounts.bank();

describe('ledger posting', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 });
  });
  afterAll(() => t.close());

  it('posts a balanced transaction, chains it, and balances follow', async () => {
    const ctx = t.ctx();
    const a = await postTransaction(ctx, simplePost('p-1', adv, bank, '1000.10'));
    const b = await postTransaction(ctx, simplePost('p-2', adv, bank, '0.01', '2026-02-01'));
    expect(a.replayed).toBe(false);
    expect(BigInt(b.sequence)).toBe(BigInt(a.sequence) + 1n);
    const [row] = await t.dataSource.query<[{ prev_hash: string }]>('SELECT prev_hash FROM journal_transactions WHERE id = $1', [b.id]);
    expect(row.prev_hash).toBe(a.hash);
    expect(toFixedScale(await getBalance(ctx, adv), 2)).toBe('1000.11');
    expect(toFixedScale(await getBalance(ctx, bank), 2)).toBe('-1000.11');
    expect(toFixedScale(await getBalance(ctx, adv, { asOf: '2026-01-31' }), 2)).toBe('1000.10');
    expect(toFixedScale(await getBalance(ctx, adv, { asOf: '2026-01-14' }), 2)).toBe('0.00');
    expect(toFixedScale(await getBalance(ctx, adv, { recordedAt: new Date(a.recordedAt.getTime() - 1) }), 2)).toBe('0.00');
    expect(toFixedScale(await getBalance(ctx, adv, { recordedAt: a.recordedAt }), 2)).toBe('1000.10');
    expect(await recomputedBalance(t.dataSource, adv)).toBe('1000.11');
    const unknown = await getBalances(ctx, [accounts.receivable('GM0363', S)]);
    expect(toFixedScale(unknown.get(accounts.receivable('GM0363', S)) ?? money('1'), 2)).toBe('0.00');
    const [acct] = await t.dataSource.query<[{ kind: string; normal_side: string }]>(
      `SELECT kind, normal_side FROM ledger_accounts WHERE address = $1`,
      [adv],
    );
    expect(acct).toEqual({ kind: 'ASSET', normal_side: 'DEBIT' });
    expect((await findTransactionsByCause(ctx, { type: 'TEST', id: 'p-1' })).map((x) => x.id)).toEqual([a.id]);
  });

  it('a batch naming known and new accounts posts each line on the account it names (decision 1950: known ones read first)', async () => {
    const ctx = t.ctx();
    await postTransaction(ctx, simplePost('mixed-0', adv, bank, '1.00'));
    const fresh = [accounts.advance('GM0014', S, 2031), accounts.advance('GM0034', S, 2031), accounts.committed('GM0014', S, 2031)];
    const posted = await postTransactions(ctx, [
      simplePost('mixed-1', fresh[0] as string, bank, '2.00'),
      simplePost('mixed-2', adv, fresh[1] as string, '3.00'),
      simplePost('mixed-3', fresh[2] as string, adv, '4.00'),
    ]);
    const lines = await t.dataSource.query<{ key: string; line: number; address: string; direction: string; amount: string }[]>(
      `SELECT t.idempotency_key AS key, p.line, a.address, p.direction, p.amount::text AS amount
         FROM journal_transactions t JOIN journal_postings p ON p.transaction_id = t.id JOIN ledger_accounts a ON a.id = p.account_id
        WHERE t.id = ANY($1::uuid[]) ORDER BY t.sequence, p.line`,
      [posted.map((x) => x.id)],
    );
    expect(lines).toEqual([
      { key: 'mixed-1', line: 1, address: fresh[0], direction: 'DEBIT', amount: '2.00' },
      { key: 'mixed-1', line: 2, address: bank, direction: 'CREDIT', amount: '2.00' },
      { key: 'mixed-2', line: 1, address: adv, direction: 'DEBIT', amount: '3.00' },
      { key: 'mixed-2', line: 2, address: fresh[1], direction: 'CREDIT', amount: '3.00' },
      { key: 'mixed-3', line: 1, address: fresh[2], direction: 'DEBIT', amount: '4.00' },
      { key: 'mixed-3', line: 2, address: adv, direction: 'CREDIT', amount: '4.00' },
    ]);
    const [committed] = await t.dataSource.query<[{ kind: string; normal_side: string }]>(
      `SELECT kind, normal_side FROM ledger_accounts WHERE address = $1`,
      [fresh[2]],
    );
    expect(committed).toEqual({ kind: 'MEMO', normal_side: 'CREDIT' });
  });

  it('replays the same key and content, refuses the same key with other content', async () => {
    const ctx = t.ctx();
    const first = await postTransaction(ctx, simplePost('idem-1', adv, bank, '5.00'));
    const again = await postTransaction(ctx, simplePost('idem-1', adv, bank, '5.00'));
    expect(again).toEqual({ ...first, replayed: true });
    await expect(postTransaction(ctx, simplePost('idem-1', adv, bank, '5.01'))).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' },
    });
  });

  const bad: [string, (p: PostInput) => PostInput, string][] = [
    [
      'unbalanced by a cent',
      (p) => ({ ...p, postings: [p.postings[0]!, { ...p.postings[1]!, amount: money('10.01') }] }),
      'LEDGER_UNBALANCED',
    ],
    ['zero amounts', (p) => ({ ...p, postings: p.postings.map((x) => ({ ...x, amount: money('0') })) }), 'BAD_USER_INPUT'],
    ['negative amounts', (p) => ({ ...p, postings: p.postings.map((x) => ({ ...x, amount: money('-10') })) }), 'BAD_USER_INPUT'],
    ['three decimals', (p) => ({ ...p, postings: p.postings.map((x) => ({ ...x, amount: money('10.001') })) }), 'BAD_USER_INPUT'],
    ['one posting', (p) => ({ ...p, postings: [p.postings[0]!] }), 'BAD_USER_INPUT'],
    [
      'an unknown account',
      (p) => ({ ...p, postings: [p.postings[0]!, { ...p.postings[1]!, account: 'ministry:petty-cash' }] }),
      'BAD_USER_INPUT',
    ],
    ['an invalid date', (p) => ({ ...p, effectiveDate: '2026-02-30' }), 'BAD_USER_INPUT'],
    ['an empty reason', (p) => ({ ...p, reason: ' ' }), 'BAD_USER_INPUT'],
    ['kind REVERSAL', (p) => ({ ...p, kind: 'REVERSAL' }), 'BAD_USER_INPUT'],
  ];
  it.each(bad)('refuses %s and writes nothing', async (_name, mutate, code) => {
    const before = await ledgerChecksum(t.dataSource);
    await expect(postTransaction(t.ctx(), mutate(simplePost('bad-1', adv, bank, '10.00')))).rejects.toMatchObject({ extensions: { code } });
    await expect(
      postTransactions(t.ctx(), [simplePost('bad-ok', adv, bank, '1.00'), mutate(simplePost('bad-2', adv, bank, '10.00'))]),
    ).rejects.toMatchObject({
      extensions: { code, line: 2 },
    });
    expect(await ledgerChecksum(t.dataSource)).toBe(before);
  });

  it('50 concurrent posts with one key create exactly one transaction', async () => {
    const ctx = t.ctx();
    const results = await Promise.all(Array.from({ length: 50 }, () => postTransaction(ctx, simplePost('race-1', adv, bank, '7.77'))));
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    const [{ n }] = await t.dataSource.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM journal_transactions WHERE idempotency_key = 'race-1'`,
    );
    expect(n).toBe(1);
  });

  it('concurrent different posts keep the chain gapless', async () => {
    const ctx = t.ctx();
    await Promise.all(Array.from({ length: 20 }, (_, i) => postTransaction(ctx, simplePost(`par-${i}`, adv, bank, '1.00'))));
    const [row] = await t.dataSource.query<[{ n: string; max: string }]>(
      `SELECT count(*)::text AS n, max(sequence)::text AS max FROM journal_transactions`,
    );
    expect(row.n).toBe(row.max);
  });

  it('reverses once, mirrors the postings, and never reverses a reversal', async () => {
    const ctx = t.ctx();
    const before = await getBalance(ctx, adv);
    const orig = await postTransaction(ctx, simplePost('rev-orig', adv, bank, '123.45'));
    const rev = await reverseTransaction(ctx, { transactionId: orig.id, idempotencyKey: 'rev-1', reason: 'mistake' });
    expect(rev.kind).toBe('REVERSAL');
    expect(rev.effectiveDate).toBe(orig.effectiveDate);
    expect((await getBalance(ctx, adv)).eq(before)).toBe(true);
    expect((await reverseTransaction(ctx, { transactionId: orig.id, idempotencyKey: 'rev-1', reason: 'mistake' })).replayed).toBe(true);
    await expect(reverseTransaction(ctx, { transactionId: orig.id, idempotencyKey: 'rev-2', reason: 'again' })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'ALREADY_REVERSED' },
    });
    await expect(reverseTransaction(ctx, { transactionId: rev.id, idempotencyKey: 'rev-3', reason: 'undo' })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'REVERSAL_OF_REVERSAL' },
    });
    await expect(
      reverseTransaction(ctx, { transactionId: '00000000-0000-4000-8000-000000000000', idempotencyKey: 'rev-4', reason: 'x' }),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('joins the caller transaction: a rollback leaves nothing behind', async () => {
    const before = await ledgerChecksum(t.dataSource);
    await expect(
      runCommand(t.ctx(), async (tx) => {
        await postTransaction(tx, simplePost('joined-1', adv, bank, '3.00'));
        await postTransactions(tx, [simplePost('joined-2', adv, bank, '4.00')]);
        throw new Error('caller fails after posting');
      }),
    ).rejects.toThrow('caller fails after posting');
    expect(await ledgerChecksum(t.dataSource)).toBe(before);
  });

  it('answers a unique-violation race seen on a stale snapshot by re-running and reading the winner', async () => {
    let attempts = 0;
    let winner: PostedTransaction | undefined;
    const result = await runCommand(
      t.ctx(),
      async (tx) => {
        attempts += 1;
        await tx.em.query('SELECT count(*) FROM journal_transactions'); // fixes the snapshot
        if (attempts === 1) {
          winner = await postTransaction(t.ctx(), simplePost('stale-1', adv, bank, '2.22'));
        }
        return postTransaction(tx, simplePost('stale-1', adv, bank, '2.22'));
      },
      { isolation: 'REPEATABLE READ' },
    );
    expect(attempts).toBe(2);
    expect(result).toEqual({ ...winner, replayed: true });
  });

  it('10 concurrent reversals of one transaction: exactly one succeeds', async () => {
    const ctx = t.ctx();
    const orig = await postTransaction(ctx, simplePost('rev-race', adv, bank, '9.99'));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        reverseTransaction(ctx, { transactionId: orig.id, idempotencyKey: `rev-race-${i}`, reason: 'race' }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes.filter((x) => x.status === 'rejected')) {
      expect(o.reason).toMatchObject({ extensions: { code: 'CONFLICT', reason: 'ALREADY_REVERSED' } });
    }
  });

  it('the database refuses UPDATE, DELETE and TRUNCATE on journal tables', async () => {
    await postTransaction(t.ctx(), simplePost('immut-1', adv, bank, '1.00'));
    for (const sql of [
      `UPDATE journal_transactions SET reason = 'x'`,
      `DELETE FROM journal_transactions`,
      `TRUNCATE journal_transactions CASCADE`,
      `UPDATE journal_postings SET amount = amount + 1`,
      `DELETE FROM journal_postings`,
      `TRUNCATE journal_postings`,
      `DELETE FROM ledger_accounts`,
      `UPDATE ledger_accounts SET kind = 'EQUITY'`,
    ]) {
      await expect(t.dataSource.query(sql)).rejects.toMatchObject({ driverError: { code: '42501' } });
    }
  });

  it('the database refuses an unbalanced or single-posting transaction at commit', async () => {
    const acct = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM ledger_accounts LIMIT 1`);
    const insert = (postings: string) => `BEGIN;
      INSERT INTO journal_transactions (id, sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date, recorded_at, reason, prev_hash, hash)
      VALUES ('11111111-1111-4111-8111-111111111111', 999999, 'raw', repeat('0',64), 'OFFSET', 'x', 'x', '2026-01-01', now(), 'raw', repeat('0',64), repeat('0',64));
      ${postings}
      COMMIT;`;
    const id = acct[0]!.id;
    const runner = t.dataSource.createQueryRunner();
    try {
      await expect(
        runner.query(
          insert(`INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) VALUES
          ('11111111-1111-4111-8111-111111111111', ${sequenceOf('11111111-1111-4111-8111-111111111111')}, 1, ${id}, 'DEBIT', 1.00), ('11111111-1111-4111-8111-111111111111', ${sequenceOf('11111111-1111-4111-8111-111111111111')}, 2, ${id}, 'CREDIT', 0.99);`),
        ),
      ).rejects.toMatchObject({ driverError: { code: '23514' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      await expect(
        runner.query(
          insert(`INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) VALUES
          ('11111111-1111-4111-8111-111111111111', ${sequenceOf('11111111-1111-4111-8111-111111111111')}, 1, ${id}, 'DEBIT', 1.00);`),
        ),
      ).rejects.toMatchObject({ driverError: { code: '23514' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      await expect(runner.query(insert(''))).rejects.toMatchObject({ driverError: { code: '23514' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      // A posting added later to a committed transaction is refused at once, balanced or not: a
      // journal transaction's postings come with it (decision 1940).
      const [existing] = (await runner.query(`SELECT id FROM journal_transactions ORDER BY sequence LIMIT 1`)) as { id: string }[];
      await expect(
        runner.query(`BEGIN; INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) VALUES
          ('${existing!.id}', ${sequenceOf(existing!.id)}, 99, ${id}, 'DEBIT', 1.00); COMMIT;`),
      ).rejects.toMatchObject({ driverError: { code: '42501' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      await expect(
        runner.query(`BEGIN; INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) VALUES
          ('${existing!.id}', ${sequenceOf(existing!.id)}, 98, ${id}, 'DEBIT', 1.00), ('${existing!.id}', ${sequenceOf(existing!.id)}, 99, ${id}, 'CREDIT', 1.00); COMMIT;`),
      ).rejects.toMatchObject({ driverError: { code: '42501' } });
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  });

  it('the commit-time balance check survives a rolled-back savepoint and SET CONSTRAINTS IMMEDIATE; dangling references fail', async () => {
    const acct = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM ledger_accounts LIMIT 1`);
    const id = acct[0]!.id;
    const tx = (uuid: string, seq: number, postings: string) => `
      INSERT INTO journal_transactions (id, sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date, recorded_at, reason, prev_hash, hash)
      VALUES ('${uuid}', ${seq}, 'raw-${seq}', repeat('0',64), 'OFFSET', 'x', 'x', '2026-01-01', now(), 'raw', repeat('0',64), repeat('0',64));
      INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) VALUES ${postings};`;
    const balanced = (uuid: string) =>
      `('${uuid}', ${sequenceOf(uuid)}, 1, ${id}, 'DEBIT', 1.00), ('${uuid}', ${sequenceOf(uuid)}, 2, ${id}, 'CREDIT', 1.00)`;
    const A = '22222222-2222-4222-8222-222222222222';
    const B = '33333333-3333-4333-8333-333333333333';
    const runner = t.dataSource.createQueryRunner();
    try {
      // The first row's queued check is undone with its savepoint; the next row must queue a new one.
      await expect(
        runner.query(`BEGIN; SAVEPOINT s; ${tx(A, 999991, balanced(A))} ROLLBACK TO SAVEPOINT s;
          ${tx(B, 999992, `('${B}', ${sequenceOf(B)}, 1, ${id}, 'DEBIT', 1.00)`)} COMMIT;`),
      ).rejects.toMatchObject({ driverError: { code: '23514' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      // A check fired early by SET CONSTRAINTS ... IMMEDIATE does not cover rows inserted after it.
      await expect(
        runner.query(`BEGIN; ${tx(A, 999991, balanced(A))} SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED;
          ${tx(B, 999992, `('${B}', ${sequenceOf(B)}, 1, ${id}, 'DEBIT', 1.00), ('${B}', ${sequenceOf(B)}, 2, ${id}, 'CREDIT', 2.00)`)} COMMIT;`),
      ).rejects.toMatchObject({ driverError: { code: '23514' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      // References are checked per statement: no such account, no such transaction.
      await expect(
        runner.query(
          `BEGIN; ${tx(A, 999991, `('${A}', ${sequenceOf(A)}, 1, 987654321, 'DEBIT', 1.00), ('${A}', ${sequenceOf(A)}, 2, ${id}, 'CREDIT', 1.00)`)} COMMIT;`,
        ),
      ).rejects.toMatchObject({
        driverError: { code: '23503' },
      });
      await runner.query('ROLLBACK').catch(() => undefined);
      await expect(
        runner.query(
          `BEGIN; INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) VALUES ${balanced(B)}; COMMIT;`,
        ),
      ).rejects.toMatchObject({ driverError: { code: '23503' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      // A posting carries its transaction's sequence (decision 2050): another one, or one of its
      // postings another, is refused with the statement.
      for (const sequences of [
        [999990, 999990],
        [999991, 999990],
      ]) {
        await expect(
          runner.query(
            `BEGIN; ${tx(A, 999991, sequences.map((q, i) => `('${A}', ${q}, ${i + 1}, ${id}, '${i === 0 ? 'DEBIT' : 'CREDIT'}', 1.00)`).join(', '))} COMMIT;`,
          ),
        ).rejects.toMatchObject({ driverError: { code: '23503', message: expect.stringContaining('carries another sequence') } });
        await runner.query('ROLLBACK').catch(() => undefined);
      }
      // … also when the sequence it carries is another journal row's of the same statement (the
      // trigger finds the rows by sequence, decision 2120): A's postings carrying B's sequence.
      const journalRow = (uuid: string, seq: number) =>
        `INSERT INTO journal_transactions (id, sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date, recorded_at, reason, prev_hash, hash)
         VALUES ('${uuid}', ${seq}, 'raw-${seq}', repeat('0',64), 'OFFSET', 'x', 'x', '2026-01-01', now(), 'raw', repeat('0',64), repeat('0',64));`;
      for (const carried of [
        [999992, 999992],
        [999991, 999992],
      ]) {
        const lines = [
          // Lines 3 and 4, so no (sequence, line) is B's as well (the unique index would refuse that first).
          ...carried.map((q, i) => `('${A}', ${q}, ${i + 3}, ${id}, '${i === 0 ? 'DEBIT' : 'CREDIT'}', 1.00)`),
          `('${B}', 999992, 1, ${id}, 'DEBIT', 1.00)`,
          `('${B}', 999992, 2, ${id}, 'CREDIT', 1.00)`,
        ];
        await expect(
          runner.query(
            `BEGIN; ${journalRow(A, 999991)} ${journalRow(B, 999992)}
             INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) VALUES ${lines.join(', ')}; COMMIT;`,
          ),
        ).rejects.toMatchObject({ driverError: { code: '23503', message: expect.stringContaining(`${A} carries another sequence`) } });
        await runner.query('ROLLBACK').catch(() => undefined);
      }
      // And a balanced raw transaction commits, its daily balance read at once (the postings after
      // the compaction watermark are added on read, decision 1890).
      await runner.query(`BEGIN; ${tx(A, 999991, balanced(A))} COMMIT;`);
      const [daily] = await runner.query(
        `SELECT debit::numeric(20,2)::text AS debit, credit::numeric(20,2)::text AS credit FROM ledger_balances_by_day WHERE account_id = $1 AND effective_date = '2026-01-01'`,
        [id],
      );
      expect(daily).toBeDefined();
      const [sums] = await runner.query(
        `SELECT COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'DEBIT'), 0)::numeric(20,2)::text AS debit,
                COALESCE(SUM(p.amount) FILTER (WHERE p.direction = 'CREDIT'), 0)::numeric(20,2)::text AS credit
           FROM journal_postings p JOIN journal_transactions t ON t.id = p.transaction_id
          WHERE p.account_id = $1 AND t.effective_date = '2026-01-01'`,
        [id],
      );
      expect(daily).toEqual(sums);
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  });

  it('postings come with their journal transaction: refused for a committed one, taken from a savepoint of the same transaction, checked at once after SET CONSTRAINTS IMMEDIATE', async () => {
    const acct = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM ledger_accounts LIMIT 1`);
    const id = acct[0]!.id;
    const journalRow = (uuid: string, seq: number) => `
      INSERT INTO journal_transactions (id, sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date, recorded_at, reason, prev_hash, hash)
      VALUES ('${uuid}', ${seq}, 'raw-${seq}', repeat('0',64), 'OFFSET', 'x', 'x', '2026-01-01', now(), 'raw', repeat('0',64), repeat('0',64));`;
    const postings = (uuid: string, debit: string, credit: string, from = 1) =>
      `INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount)
       VALUES ('${uuid}', ${sequenceOf(uuid)}, ${from}, ${id}, 'DEBIT', ${debit}), ('${uuid}', ${sequenceOf(uuid)}, ${from + 1}, ${id}, 'CREDIT', ${credit});`;
    const A = '66666666-6666-4666-8666-666666666661';
    const B = '66666666-6666-4666-8666-666666666662';
    const C = '66666666-6666-4666-8666-666666666663';
    const runner = t.dataSource.createQueryRunner();
    const count = async (uuid: string): Promise<number> => {
      const [row] = await t.dataSource.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM journal_postings WHERE transaction_id = $1`, [
        uuid,
      ]);
      return row.n;
    };
    try {
      // Written in a savepoint, its postings in another one (another xid, still this transaction): taken.
      await runner.query(
        `BEGIN; SAVEPOINT a; ${journalRow(A, 999971)} RELEASE SAVEPOINT a; SAVEPOINT b; ${postings(A, '5.00', '5.00')} RELEASE SAVEPOINT b; COMMIT;`,
      );
      expect(await count(A)).toBe(2);
      // … and still checked at commit when they do not balance.
      await expect(
        runner.query(
          `BEGIN; SAVEPOINT a; ${journalRow(B, 999972)} RELEASE SAVEPOINT a; SAVEPOINT b; ${postings(B, '5.00', '4.00')} RELEASE SAVEPOINT b; COMMIT;`,
        ),
      ).rejects.toMatchObject({ driverError: { code: '23514' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      expect(await count(B)).toBe(0);
      // Now committed: more postings for it, balanced or not, in a later transaction are refused.
      await expect(runner.query(`BEGIN; ${postings(A, '1.00', '1.00', 3)} COMMIT;`)).rejects.toMatchObject({
        driverError: { code: '42501' },
      });
      await runner.query('ROLLBACK').catch(() => undefined);
      // The same in a transaction that writes journal rows of its own first.
      await expect(
        runner.query(`BEGIN; ${journalRow(C, 999973)} ${postings(C, '1.00', '1.00')} ${postings(A, '1.00', '1.00', 3)} COMMIT;`),
      ).rejects.toMatchObject({ driverError: { code: '42501' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      expect(await count(A)).toBe(2);
      // The queued check fired early by SET CONSTRAINTS ALL IMMEDIATE: an unbalanced postings statement
      // for a row of this transaction is refused at the statement, not let through to COMMIT.
      await runner.query(`BEGIN; ${journalRow(C, 999973)} ${postings(C, '1.00', '1.00')} SET CONSTRAINTS ALL IMMEDIATE;`);
      await expect(runner.query(postings(C, '2.00', '1.00', 3))).rejects.toMatchObject({ driverError: { code: '23514' } });
      await runner.query('ROLLBACK');
      // A balanced one after it is fine.
      await runner.query(
        `BEGIN; ${journalRow(C, 999973)} ${postings(C, '1.00', '1.00')} SET CONSTRAINTS ALL IMMEDIATE; ${postings(C, '2.00', '2.00', 3)} COMMIT;`,
      );
      expect(await count(C)).toBe(4);
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  });

  it('a statement that balances every pending transaction spares the commit check; anything doubtful is still checked at commit', async () => {
    await t.dataSource.query(
      `INSERT INTO ledger_accounts (address, kind, normal_side, template) VALUES ('test:statement-check', 'MEMO', 'DEBIT', 'TEST')
       ON CONFLICT (address) DO NOTHING`,
    );
    const acct = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM ledger_accounts WHERE address = 'test:statement-check'`);
    const id = acct[0]!.id;
    const journalRow = (uuid: string, seq: number) => `
      INSERT INTO journal_transactions (id, sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date, recorded_at, reason, prev_hash, hash)
      VALUES ('${uuid}', ${seq}, 'raw-${seq}', repeat('0',64), 'OFFSET', 'x', 'x', '2026-01-01', now(), 'raw', repeat('0',64), repeat('0',64));`;
    const postings = (rows: [string, number, 'DEBIT' | 'CREDIT', string][]) =>
      `INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) VALUES ${rows
        .map(([uuid, line, dir, amount]) => `('${uuid}', ${sequenceOf(uuid)}, ${line}, ${id}, '${dir}', ${amount})`)
        .join(', ')};`;
    const A = '44444444-4444-4444-8444-444444444444';
    const B = '55555555-5555-4555-8555-555555555555';
    const runner = t.dataSource.createQueryRunner();
    const mark = async () =>
      ((await runner.query(`SELECT COALESCE(current_setting('ledger.balance_check_from', true), '') AS m`)) as { m: string }[])[0]!.m;
    try {
      // Two journal rows, then one postings statement balancing both: nothing left for COMMIT.
      await runner.query(`BEGIN; ${journalRow(A, 999981)} ${journalRow(B, 999982)}`);
      expect(await mark()).toBe('999981');
      await runner.query(
        postings([
          [A, 1, 'DEBIT', '1.00'],
          [A, 2, 'CREDIT', '1.00'],
          [B, 1, 'DEBIT', '2.50'],
          [B, 2, 'CREDIT', '2.50'],
        ]),
      );
      expect(await mark()).toBe('');
      await runner.query('ROLLBACK');
      // A group that does not balance on its own makes the transaction doubtful for good, even when
      // a later statement covers it with a balanced group.
      await expect(
        runner.query(
          `BEGIN; ${journalRow(A, 999981)} ${postings([[A, 1, 'DEBIT', '1.00']])} ${postings([
            [A, 2, 'DEBIT', '1.00'],
            [A, 3, 'CREDIT', '1.00'],
          ])} COMMIT;`,
        ),
      ).rejects.toMatchObject({ driverError: { code: '23514' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      // A journal row written after a cleared statement, without postings.
      await expect(
        runner.query(
          `BEGIN; ${journalRow(A, 999981)} ${postings([
            [A, 1, 'DEBIT', '1.00'],
            [A, 2, 'CREDIT', '1.00'],
          ])} ${journalRow(B, 999982)} COMMIT;`,
        ),
      ).rejects.toMatchObject({ driverError: { code: '23514' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      // A one-legged posting added to a transaction already proven in this database transaction.
      await expect(
        runner.query(
          `BEGIN; ${journalRow(A, 999981)} ${postings([
            [A, 1, 'DEBIT', '1.00'],
            [A, 2, 'CREDIT', '1.00'],
          ])} ${postings([[A, 3, 'CREDIT', '0.01']])} COMMIT;`,
        ),
      ).rejects.toMatchObject({ driverError: { code: '23514' } });
      await runner.query('ROLLBACK').catch(() => undefined);
      // A statement that covers only part of the pending rows leaves the mark where it was.
      await runner.query(`BEGIN; ${journalRow(A, 999981)} ${journalRow(B, 999982)}`);
      await runner.query(
        postings([
          [B, 1, 'DEBIT', '2.50'],
          [B, 2, 'CREDIT', '2.50'],
        ]),
      );
      expect(await mark()).toBe('999981');
      await expect(runner.query('COMMIT')).rejects.toMatchObject({ driverError: { code: '23514' } });
    } finally {
      await runner.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  });
});
