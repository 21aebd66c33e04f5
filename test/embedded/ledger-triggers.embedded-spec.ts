import { runEmbeddedScript } from '../helpers/embedded-script';

/**
 * [embedded] The append's triggers of decision 1940 on PGlite (INSERT … unnest path): postings for
 * a journal transaction committed earlier are refused (42501), those for a transaction written in
 * a savepoint of the same database transaction are taken and checked at commit, an unbalanced
 * postings statement after SET CONSTRAINTS ALL IMMEDIATE is refused at once, and `check:ledger`'s
 * checks pass on the journal written. PGlite cannot start inside a jest worker (pitfall 6), so the
 * compiled code runs in a child process (test/helpers/embedded-script.ts) that returns what it saw.
 */
const body = `
  const { systemContext } = require(dist + '/fixtures');
  const { accounts, postTransactions } = require(dist + '/modules/ledger');
  const { runLedgerChecks } = require(dist + '/modules/ledger/ledger.checks');
  const { money } = require(dist + '/common/money/money');
  const ctx = systemContext(ds);
  const adv = accounts.advance('GM0363', 'SPUK-WI2021', 2026);
  const bank = accounts.bank();
  const posted = await postTransactions(ctx, [1, 2, 3].map((i) => ({
    idempotencyKey: 'emb-trig-' + i, kind: 'MANUAL_CORRECTION', effectiveDate: '2026-01-15', reason: 'embedded triggers',
    postings: [{ account: adv, direction: 'DEBIT', amount: money('1.0' + i) }, { account: bank, direction: 'CREDIT', amount: money('1.0' + i) }],
  })));
  const first = posted[0].id;
  const [{ id: account }] = await ds.query('SELECT id::text AS id FROM ledger_accounts ORDER BY id LIMIT 1');
  const [{ head }] = await ds.query('SELECT max(sequence)::int AS head FROM journal_transactions');
  const runner = ds.createQueryRunner();
  const code = async (statements) => {
    try {
      for (const s of statements) await runner.query(s);
      return 'ok';
    } catch (e) {
      await runner.query('ROLLBACK').catch(() => undefined);
      return (e.driverError && e.driverError.code) || e.code || String(e);
    }
  };
  const row = (uuid, seq) => "INSERT INTO journal_transactions (id, sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date, recorded_at, reason, prev_hash, hash) VALUES ('" + uuid + "', " + seq + ", 'raw-" + seq + "', repeat('0',64), 'OFFSET', 'x', 'x', '2026-01-01', now(), 'raw', repeat('0',64), repeat('0',64))";
  const seq = (uuid) => "(SELECT sequence FROM journal_transactions WHERE id = '" + uuid + "')";
  const pair = (uuid, debit, credit, from = 1) => "INSERT INTO journal_postings (transaction_id, transaction_sequence, line, account_id, direction, amount) VALUES ('" + uuid + "', " + seq(uuid) + ", " + from + ", " + account + ", 'DEBIT', " + debit + "), ('" + uuid + "', " + seq(uuid) + ", " + (from + 1) + ", " + account + ", 'CREDIT', " + credit + ")";
  const A = '77777777-7777-4777-8777-777777777771';
  const B = '77777777-7777-4777-8777-777777777772';
  const C = '77777777-7777-4777-8777-777777777773';
  const out = {
    committed: await code(['BEGIN', pair(first, '1.00', '1.00', 91), 'COMMIT']),
    savepoint: await code(['BEGIN', 'SAVEPOINT a', row(A, head + 1), 'RELEASE SAVEPOINT a', 'SAVEPOINT b', pair(A, '5.00', '5.00'), 'RELEASE SAVEPOINT b', 'COMMIT']),
    savepointUnbalanced: await code(['BEGIN', 'SAVEPOINT a', row(B, head + 2), 'RELEASE SAVEPOINT a', 'SAVEPOINT b', pair(B, '5.00', '4.00'), 'RELEASE SAVEPOINT b', 'COMMIT']),
    afterCommit: await code(['BEGIN', pair(A, '1.00', '1.00', 3), 'COMMIT']),
    immediate: await code(['BEGIN', row(C, head + 2), pair(C, '1.00', '1.00'), 'SET CONSTRAINTS ALL IMMEDIATE', pair(C, '2.00', '1.00', 3), 'COMMIT']),
    immediateBalanced: await code(['BEGIN', row(C, head + 2), pair(C, '1.00', '1.00'), 'SET CONSTRAINTS ALL IMMEDIATE', pair(C, '2.00', '2.00', 3), 'COMMIT']),
  };
  await runner.release();
  const failing = (await runLedgerChecks(ctx, ['unbalanced_transactions', 'transactions_with_fewer_than_two_postings', 'postings_without_transaction', 'daily_balances_differ_from_postings']))
    .filter((r) => r.rows.length > 0).map((r) => r.name);
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM journal_postings WHERE transaction_id = ANY($1::uuid[])', [[first, A, B, C]]);
  return { out, failing, postings: n };
`;

describe('[embedded] ledger triggers on PGlite: postings come with their journal transaction', () => {
  it('refuses postings for a committed transaction, takes a savepoint’s, checks at commit and at once after IMMEDIATE', async () => {
    const { code, stderr, result } = await runEmbeddedScript<Record<string, unknown>>(body);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(result).toEqual({
      out: {
        committed: '42501',
        savepoint: 'ok',
        savepointUnbalanced: '23514',
        afterCommit: '42501',
        immediate: '23514',
        immediateBalanced: 'ok',
      },
      failing: [],
      // The first transaction's 2 postings, A's 2, C's 4; none of B's.
      postings: 8,
    });
  });
});
