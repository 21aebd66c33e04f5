import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { recomputedBalance, simplePost } from '../helpers/ledger';
import { createDataSource, initialise } from '../../src/common/db/data-source';
import { CommitOutcomeUnknown } from '../../src/common/db/connection-loss';
import { runCommand } from '../../src/common/db/run-command';
import { systemContext } from '../../src/fixtures';
import { accounts, getBalance, postTransaction, postTransactions, type PostInput } from '../../src/modules/ledger';
import { runLedgerChecks } from '../../src/modules/ledger/ledger.checks';
import { prepareTransaction } from '../../src/modules/ledger/ledger.validation';
import { DomainError } from '../../src/common/errors/domain-error';
import { money } from '../../src/common/money/money';
import { verifyJournal } from '../../src/modules/ledger/ledger.verify';
import {
  forgetAccountIds,
  oneRoundTripCounts,
  remember,
  rememberClock,
  rememberedAccountIds,
} from '../../src/modules/ledger/append-memory';
import { CHAIN_LOCK_KEY } from '../../src/modules/ledger/ledger.writer';

const S = 'SPUK-WI2021';
const adv = (m: string) => accounts.advance(m, S, 2026);
const bank = accounts.bank();

function batch(prefix: string, n: number, codes = ['GM0363', 'GM0358']): PostInput[] {
  return Array.from({ length: n }, (_, i) =>
    simplePost(`${prefix}-${i}`, adv(codes[i % codes.length] as string), bank, `${i + 1}.25`, `2026-0${1 + (i % 9)}-10`),
  );
}

/**
 * Decision 2110: an append of a command of its own goes to PostgreSQL in one round trip (`BEGIN`,
 * the head check, both COPYs, `COMMIT`) once this process remembers the head, the accounts and the
 * clock; whatever the database refuses is appended the usual way, with the usual answer.
 */
describe('ledger appends in one round trip', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 2 });
  });
  afterAll(() => t.close());

  const journal = async (): Promise<{ n: number; head: string }> => {
    const [row] = await t.dataSource.query<[{ n: number; head: string }]>(
      `SELECT count(*)::int AS n, COALESCE(max(sequence), 0)::text AS head FROM journal_transactions`,
    );
    return row;
  };
  /** The chain verifies from genesis, every named check is clean, and recorded_at never goes back. */
  const intact = async (): Promise<void> => {
    const { n, head } = await journal();
    expect(await verifyJournal(t.ctx(), { batchSize: 50 })).toMatchObject({ ok: true, count: n, headSequence: head, brokenAt: null });
    expect((await runLedgerChecks(t.ctx())).filter((r) => r.rows.length > 0).map((r) => r.name)).toEqual([]);
    const [back] = await t.dataSource.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM (SELECT recorded_at < lag(recorded_at) OVER (ORDER BY sequence) AS back FROM journal_transactions) x WHERE back`,
    );
    expect(back.n).toBe(0);
  };

  it('goes the usual way first, then in one round trip, chained, balanced and stored as the usual way stores', async () => {
    const first = await postTransactions(t.ctx(), batch('first', 120));
    expect(oneRoundTripCounts(t.dataSource).written).toBe(0);
    expect(rememberedAccountIds(t.dataSource).get(adv('GM0363'))).toMatch(/^\d+$/);

    const second = await postTransactions(t.ctx(), batch('second', 120));
    expect(oneRoundTripCounts(t.dataSource)).toEqual({ written: 1, refused: {}, invalid: 0 });
    expect(second.map((p) => Number(p.sequence))).toEqual(Array.from({ length: 120 }, (_, i) => 121 + i));
    expect(second.every((p) => !p.replayed)).toBe(true);
    expect(second[0]!.recordedAt.getTime()).toBeGreaterThanOrEqual(first[119]!.recordedAt.getTime());
    // The stored rows are what the answer says, postings with their transaction's sequence.
    const [row] = await t.dataSource.query<[{ hash: string; prev: string; seqs: string; at: Date }]>(
      `SELECT t.hash, t.prev_hash AS prev, string_agg(DISTINCT p.transaction_sequence::text, ',') AS seqs, t.recorded_at AS at
         FROM journal_transactions t JOIN journal_postings p ON p.transaction_id = t.id WHERE t.id = $1 GROUP BY t.id`,
      [second[0]!.id],
    );
    expect(row).toEqual({ hash: second[0]!.hash, prev: first[119]!.hash, seqs: '121', at: second[0]!.recordedAt });
    // One posting at a time too.
    const single = await postTransaction(t.ctx(), simplePost('single', adv('GM0358'), bank, '3.00', '2026-03-03'));
    expect(single.sequence).toBe('241');
    expect(oneRoundTripCounts(t.dataSource).written).toBe(2);
    for (const asOf of ['2026-03-31', '2026-12-31']) {
      expect((await getBalance(t.ctx(), bank, { asOf })).toFixed(2)).toBe(await recomputedBalance(t.dataSource, bank, asOf));
    }
    await intact();
  });

  it('a head another process moved is refused (LH001) and appended the usual way, from the real head', async () => {
    const other: DataSource = createDataSource({ url: t.url, poolSize: 1 });
    await initialise(other);
    try {
      await postTransactions(systemContext(other), batch('other', 7));
    } finally {
      await other.destroy();
    }
    const before = oneRoundTripCounts(t.dataSource);
    const posted = await postTransactions(t.ctx(), batch('after-other', 5));
    expect(oneRoundTripCounts(t.dataSource)).toEqual({ written: before.written, refused: { ...before.refused, LH001: 1 }, invalid: 0 });
    expect(posted[0]!.sequence).toBe(String(Number((await journal()).head) - 4));
    await intact();
    // And the next one goes in one round trip again.
    await postTransactions(t.ctx(), batch('after-other-2', 5));
    expect(oneRoundTripCounts(t.dataSource).written).toBe(before.written + 1);
  });

  it('a batch posted again is refused by the stored keys (23505) and replayed; other content under a key is a conflict', async () => {
    const inputs = batch('again', 40);
    const posted = await postTransactions(t.ctx(), inputs);
    const { n } = await journal();
    const refused = oneRoundTripCounts(t.dataSource).refused['23505'] ?? 0;
    const again = await postTransactions(t.ctx(), inputs);
    expect(again.map((p) => [p.id, p.hash, p.replayed])).toEqual(posted.map((p) => [p.id, p.hash, true]));
    expect(oneRoundTripCounts(t.dataSource).refused['23505']).toBe(refused + 1);
    expect((await journal()).n).toBe(n);
    // Half stored, half new: the stored half replayed, the new half written once.
    const mixed = await postTransactions(t.ctx(), [...inputs.slice(20), ...batch('again-new', 20)]);
    expect(mixed.slice(0, 20).every((p) => p.replayed)).toBe(true);
    expect(mixed.slice(20).every((p) => !p.replayed)).toBe(true);
    expect((await journal()).n).toBe(n + 20);
    const changed = { ...(inputs[3] as PostInput), reason: 'other content' };
    await expect(postTransactions(t.ctx(), [changed])).rejects.toMatchObject({ extensions: { reason: 'IDEMPOTENCY_KEY_REUSED' } });
    expect((await journal()).n).toBe(n + 20);
    await intact();
  });

  it('an account id the database does not hold is refused (23503), forgotten, and looked up again', async () => {
    // The conflict just before left no head behind: one append the usual way remembers it again.
    await postTransactions(t.ctx(), batch('wrong-id-before', 2));
    remember(t.dataSource, { head: undefined, accountIds: new Map([[adv('GM0363'), '999999999']]) });
    const refused = oneRoundTripCounts(t.dataSource).refused['23503'] ?? 0;
    const posted = await postTransactions(t.ctx(), batch('wrong-id', 6));
    expect(oneRoundTripCounts(t.dataSource).refused['23503']).toBe(refused + 1);
    const [row] = await t.dataSource.query<[{ id: string }]>(`SELECT id::text AS id FROM ledger_accounts WHERE address = $1`, [
      adv('GM0363'),
    ]);
    expect(rememberedAccountIds(t.dataSource).get(adv('GM0363'))).toBe(row.id);
    const [stored] = await t.dataSource.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM journal_postings WHERE transaction_id = ANY($1::uuid[]) AND account_id = $2`,
      [posted.map((p) => p.id), row.id],
    );
    expect(stored.n).toBe(3);
    await intact();
  });

  it("a clock this process has wrong is refused (LH002): recorded_at stays the database's", async () => {
    rememberClock(t.dataSource, new Date(Date.now() + 60_000));
    const refused = oneRoundTripCounts(t.dataSource).refused['LH002'] ?? 0;
    const [posted] = await postTransactions(t.ctx(), batch('clock', 1));
    expect(oneRoundTripCounts(t.dataSource).refused['LH002']).toBe(refused + 1);
    const [db] = await t.dataSource.query<[{ now: Date }]>(`SELECT clock_timestamp() AS now`);
    expect(Math.abs(db.now.getTime() - posted!.recordedAt.getTime())).toBeLessThan(5_000);
    await intact();
  });

  it('inside a command, or in a dry run, an append goes the usual way', async () => {
    const { written } = oneRoundTripCounts(t.dataSource);
    await runCommand(t.ctx(), (tx) => postTransactions(tx, batch('nested', 3)));
    const { n } = await journal();
    await runCommand(t.ctx(), (tx) => postTransactions(tx, batch('dry', 3)), { dryRun: true });
    expect((await journal()).n).toBe(n);
    expect(oneRoundTripCounts(t.dataSource).written).toBe(written);
    // The dry run left no head behind (it forgot the one before it): the next append goes the usual
    // way, from the real head, and remembers it again.
    await postTransactions(t.ctx(), batch('after-dry', 3));
    expect(oneRoundTripCounts(t.dataSource).written).toBe(written);
    await postTransactions(t.ctx(), batch('after-dry-2', 3));
    expect(oneRoundTripCounts(t.dataSource).written).toBe(written + 1);
    await intact();
  });

  it('an input found invalid as its row is pulled fails the append with the error validation gives; nothing is written (decision 2140)', async () => {
    const cases: [number, (input: PostInput) => PostInput][] = [
      // The first input: nothing has gone out but the statements.
      [0, (input) => ({ ...input, effectiveDate: '2026-02-30' })],
      // One after the first chunks of rows went out: unbalanced.
      [90, (input) => ({ ...input, postings: [input.postings[0]!, { ...input.postings[1]!, amount: money('1.26') }] })],
    ];
    for (const [at, spoil] of cases) {
      const inputs = batch(`invalid-${at}`, 120);
      inputs[at] = spoil(inputs[at] as PostInput);
      let expected: unknown;
      try {
        inputs.forEach((input, i) => prepareTransaction(input, `inputs[${i}]`, i + 1));
      } catch (error) {
        expected = error;
      }
      expect(expected).toBeInstanceOf(DomainError);
      // A valid append first, so this process remembers the head and the next goes in one round trip.
      await postTransactions(t.ctx(), batch(`valid-before-${at}`, 2));
      const before = oneRoundTripCounts(t.dataSource);
      const { n } = await journal();
      const failed: unknown = await postTransactions(t.ctx(), inputs).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(DomainError);
      expect([(failed as DomainError).message, (failed as DomainError).extensions]).toEqual([
        (expected as DomainError).message,
        (expected as DomainError).extensions,
      ]);
      expect(oneRoundTripCounts(t.dataSource)).toEqual({ ...before, invalid: before.invalid + 1 });
      expect((await journal()).n).toBe(n);
    }
    // The keys of the failed batches are free: posted valid, they are written, not replayed.
    const posted = await postTransactions(t.ctx(), batch('invalid-90', 120));
    expect(posted.every((p) => !p.replayed)).toBe(true);
    await intact();
  });

  it('accounts not used yet are looked up, or opened with the append in its transaction, in one round trip (decision 2150)', async () => {
    const columns = `kind, normal_side, template, municipality_code, scheme_code, year`;
    const account = async (address: string) =>
      (
        await t.dataSource.query<{ id: string; kind: string; normal_side: string; template: string; year: number }[]>(
          `SELECT id::text AS id, ${columns} FROM ledger_accounts WHERE address = $1`,
          [address],
        )
      )[0];
    const pair = (key: string, year: number): PostInput => ({
      idempotencyKey: key,
      kind: 'ALLOCATION',
      effectiveDate: `${year}-01-01`,
      reason: 'accounts opened with the append',
      cause: null,
      postings: [
        { account: accounts.commitment(S, year), direction: 'DEBIT', amount: money('10.00') },
        { account: accounts.committed('GM0363', S, year), direction: 'CREDIT', amount: money('10.00') },
      ],
    });
    // The same accounts of another year opened the usual way (inside a command), to compare with.
    await runCommand(t.ctx(), (tx) => postTransactions(tx, [pair('open-usual', 2032)]));
    await postTransactions(t.ctx(), batch('open-before', 2));
    const before = oneRoundTripCounts(t.dataSource);
    const [posted] = await postTransactions(t.ctx(), [pair('open-one-trip', 2031), ...batch('open-with', 3)]);
    expect(oneRoundTripCounts(t.dataSource)).toEqual({ ...before, written: before.written + 1 });
    for (const make of [(y: number) => accounts.commitment(S, y), (y: number) => accounts.committed('GM0363', S, y)]) {
      const opened = await account(make(2031));
      const usual = await account(make(2032));
      expect(opened).toBeDefined();
      expect({ ...opened, id: undefined, year: undefined }).toEqual({ ...usual, id: undefined, year: undefined });
      expect(opened!.year).toBe(2031);
      expect(rememberedAccountIds(t.dataSource).get(make(2031))).toBe(opened!.id);
    }
    const [{ ids }] = await t.dataSource.query<[{ ids: string[] }]>(
      `SELECT array_agg(account_id::text ORDER BY line) AS ids FROM journal_postings WHERE transaction_id = $1`,
      [posted!.id],
    );
    expect(ids).toEqual([(await account(accounts.commitment(S, 2031)))!.id, (await account(accounts.committed('GM0363', S, 2031)))!.id]);
    // Accounts that exist but this process has forgotten are looked up, not opened again.
    forgetAccountIds(t.dataSource);
    const [{ n: accountsBefore }] = await t.dataSource.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM ledger_accounts`);
    await postTransactions(t.ctx(), [pair('open-again', 2031), pair('open-again-usual-year', 2032)]);
    expect(oneRoundTripCounts(t.dataSource).written).toBe(before.written + 2);
    expect((await t.dataSource.query<[{ n: number }]>(`SELECT count(*)::int AS n FROM ledger_accounts`))[0].n).toBe(accountsBefore);
    // A refused batch opens nothing: a key reused with other content fails it, and the usual way
    // (which then finds the key stored) opens nothing either.
    const reused = { ...pair('open-one-trip', 2033), reason: 'other content' };
    await expect(postTransactions(t.ctx(), [pair('open-refused', 2034), reused])).rejects.toMatchObject({
      extensions: { reason: 'IDEMPOTENCY_KEY_REUSED' },
    });
    expect(await account(accounts.commitment(S, 2034))).toBeUndefined();
    await intact();
  });

  it('an account another process opens while the append waits is refused on its address (23505) and appended the usual way (decision 2150)', async () => {
    await postTransactions(t.ctx(), batch('race-before', 2));
    const before = oneRoundTripCounts(t.dataSource);
    const address = accounts.advance('GM0518', S, 2035);
    const input: PostInput = simplePost('race', address, bank, '7.00', '2035-02-01');
    const holder = new Client({ connectionString: t.url });
    await holder.connect();
    let posted: Promise<unknown> | undefined;
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [CHAIN_LOCK_KEY]);
      posted = postTransactions(t.ctx(), [input]);
      posted.catch(() => undefined);
      let waiting = false;
      for (let i = 0; i < 500 && !waiting; i += 1) {
        const rows = await holder.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory' AND query LIKE '%ledger_append_expect%'`,
        );
        waiting = rows.rows.length > 0;
        if (!waiting) {
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      expect(waiting).toBe(true);
      // Opened by the other session, committed, while the append waits for the chain lock.
      await holder.query(
        `INSERT INTO ledger_accounts (address, kind, normal_side, template, municipality_code, scheme_code, year)
         VALUES ($1, 'ASSET', 'DEBIT', 'municipality:advance', 'GM0518', $2, 2035)`,
        [address, S],
      );
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [CHAIN_LOCK_KEY]).catch(() => undefined);
      await holder.end();
    }
    const [written] = (await posted) as { id: string }[];
    expect(oneRoundTripCounts(t.dataSource).refused['23505']).toBe((before.refused['23505'] ?? 0) + 1);
    const [{ id, n }] = await t.dataSource.query<[{ id: string; n: number }]>(
      `SELECT max(a.id)::text AS id, count(*)::int AS n FROM ledger_accounts a WHERE a.address = $1`,
      [address],
    );
    expect(n).toBe(1);
    const [{ ids }] = await t.dataSource.query<[{ ids: string[] }]>(
      `SELECT array_agg(account_id::text ORDER BY line) AS ids FROM journal_postings WHERE transaction_id = $1`,
      [written!.id],
    );
    expect(ids[0]).toBe(id);
    await intact();
  });

  it('a connection lost after the query went out is CommitOutcomeUnknown, and what was not committed is not there', async () => {
    await postTransactions(t.ctx(), batch('before-loss', 2));
    const { written } = oneRoundTripCounts(t.dataSource);
    const { n } = await journal();
    // Another session holds the chain lock, so the one-round-trip append waits in its head check.
    const holder = new Client({ connectionString: t.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock($1::bigint)', [CHAIN_LOCK_KEY]);
      const pending = postTransactions(t.ctx(), batch('lost', 4));
      pending.catch(() => undefined);
      let waiting: number | undefined;
      for (let i = 0; i < 500 && waiting === undefined; i += 1) {
        const rows = await holder.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'advisory' AND query LIKE '%ledger_append_expect%'`,
        );
        waiting = rows.rows[0]?.pid;
        if (waiting === undefined) {
          await new Promise((resolve) => setImmediate(resolve));
        }
      }
      expect(waiting).toBeDefined();
      await holder.query('SELECT pg_terminate_backend($1)', [waiting]);
      await expect(pending).rejects.toBeInstanceOf(CommitOutcomeUnknown);
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1::bigint)', [CHAIN_LOCK_KEY]).catch(() => undefined);
      await holder.end();
    }
    expect((await journal()).n).toBe(n);
    expect(oneRoundTripCounts(t.dataSource).written).toBe(written);
    // The client repeats with its keys: written once, the usual way (the head was not left behind).
    const repeated = await postTransactions(t.ctx(), batch('lost', 4));
    expect(repeated.every((p) => !p.replayed)).toBe(true);
    expect((await journal()).n).toBe(n + 4);
    await intact();
  });
});
