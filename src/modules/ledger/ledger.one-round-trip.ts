import type { PoolClient } from 'pg';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { CommitOutcomeUnknown, isConnectionLost } from '../../common/db/connection-loss';
import { DomainError } from '../../common/errors/domain-error';
import { releaseRunner } from '../../common/db/run-command';
import { CopyInPipelined } from './copy-in';
import { countOneRoundTrip, databaseNow, forgetAccountIds, remember, rememberedAccountIds, takeHead } from './append-memory';
import { asksForCompaction } from './ledger.compaction';
import type { PostedTransaction } from './ledger.model';
import type { PostInput } from './ledger.model';
import type { PreparedTransaction } from './ledger.validation';
import { tryParseAccount, type ParsedAccount } from './account-address';
import { accountsCopy, appendCopies, appendPath, chainRows, postedRows } from './ledger.writer';

/**
 * A batch as the one-round-trip append takes it: how many transactions, the id of every remembered
 * account they post on, the accounts no committed append of this process used yet (decision 2150),
 * and the transactions themselves, in order. They may be validated only as the `COPY` pulls them
 * (decision 2140): a validation error then fails the append, which is rolled back and answers with
 * that error.
 */
export interface OneRoundTripBatch {
  size: number;
  accountIds: Map<string, string>;
  newAccounts: Map<string, Readonly<ParsedAccount>>;
  transactions: Iterable<PreparedTransaction>;
}

/**
 * Keys each once, and the batch's accounts: the ids of the remembered ones, the others parsed;
 * undefined for a key twice, a key that is no text, or an address that is no account's.
 * `each` calls `key` and `account` for every item's key and account addresses.
 */
function eligible<T>(
  items: readonly T[],
  known: ReadonlyMap<string, string>,
  each: (item: T, key: (k: unknown) => boolean, account: (address: unknown) => boolean) => boolean,
): Pick<OneRoundTripBatch, 'accountIds' | 'newAccounts'> | undefined {
  const keys = new Set<string>();
  const accountIds = new Map<string, string>();
  const newAccounts = new Map<string, Readonly<ParsedAccount>>();
  const key = (k: unknown): boolean => {
    if (typeof k !== 'string' || keys.has(k)) {
      return false;
    }
    keys.add(k);
    return true;
  };
  const account = (address: unknown): boolean => {
    if (typeof address !== 'string') {
      return false;
    }
    const id = known.get(address);
    if (id !== undefined) {
      accountIds.set(address, id);
      return true;
    }
    if (newAccounts.has(address)) {
      return true;
    }
    const parsed = tryParseAccount(address);
    if (parsed === null) {
      return false;
    }
    newAccounts.set(address, parsed);
    return true;
  };
  for (const item of items) {
    if (!each(item, key, account)) {
      return undefined;
    }
  }
  return { accountIds, newAccounts };
}

/** Transactions already validated, as one batch: none may reverse another. */
export function preparedBatch(prepared: readonly PreparedTransaction[], known: ReadonlyMap<string, string>): OneRoundTripBatch | undefined {
  const accounts = eligible(
    prepared,
    known,
    (p, key, account) => p.reversesId === null && key(p.idempotencyKey) && p.postings.every((q) => account(q.account.address)),
  );
  return accounts === undefined ? undefined : { size: prepared.length, ...accounts, transactions: prepared };
}

/**
 * Inputs not yet validated, as one batch whose transactions are validated by `prepare` as the
 * `COPY` pulls them (decision 2140), so the server writes the first rows while Node validates
 * the rest. Taken only when every key is a text given once and every account address parses
 * (decision 2150: an account not used yet is opened with the append); anything else (a wrong
 * input included) goes the usual way, validated before the database is touched.
 */
export function inputsBatch(
  inputs: readonly PostInput[],
  known: ReadonlyMap<string, string>,
  prepare: (input: PostInput, index: number) => PreparedTransaction,
): OneRoundTripBatch | undefined {
  const accounts = eligible(
    inputs,
    known,
    (input, key, account) =>
      typeof input === 'object' &&
      input !== null &&
      key(input.idempotencyKey) &&
      Array.isArray(input.postings) &&
      input.postings.every((q) => typeof q === 'object' && q !== null && account(q.account)),
  );
  if (accounts === undefined) {
    return undefined;
  }
  const ids = accounts.accountIds;
  function* transactions(): Generator<PreparedTransaction> {
    for (let i = 0; i < inputs.length; i += 1) {
      const p = prepare(inputs[i] as PostInput, i);
      // A parsed address is the text it was parsed from, so the ids given are the ones it names
      // (by the time rows are pulled, the new accounts have theirs too).
      if (p.reversesId !== null || !p.postings.every((q) => ids.has(q.account.address))) {
        throw new Error(`ledger append in one round trip: inputs[${i}] is not the transaction its input named`);
      }
      yield p;
    }
  }
  return { size: inputs.length, ...accounts, transactions: transactions() };
}

/**
 * The ids of the batch's accounts that no committed append of this process used yet (decision
 * 2150), read on `client` before the append, in one statement: an existing account's id, else one
 * taken from the accounts' sequence for the append to open the account with, in its own
 * transaction. Answers the accounts to open. Another process that opens one of them meanwhile
 * makes the append's `COPY` of accounts fail on the unique address (23505): refused, and appended
 * the usual way.
 */
async function idsOfNewAccounts(client: PoolClient, batch: OneRoundTripBatch): Promise<{ id: string; account: Readonly<ParsedAccount> }[]> {
  const { rows } = await client.query<{ address: string; id: string; reserved: boolean }>(
    `SELECT w.address, COALESCE(a.id, nextval('ledger_accounts_id_seq'))::text AS id, a.id IS NULL AS reserved
       FROM unnest($1::text[]) AS w(address) LEFT JOIN ledger_accounts a ON a.address = w.address`,
    [[...batch.newAccounts.keys()]],
  );
  const opened: { id: string; account: Readonly<ParsedAccount> }[] = [];
  for (const r of rows) {
    batch.accountIds.set(r.address, r.id);
    if (r.reserved) {
      opened.push({ id: r.id, account: batch.newAccounts.get(r.address) as Readonly<ParsedAccount> });
    }
  }
  return opened;
}

/**
 * An append written in one round trip (decision 2110): `BEGIN`, the head check, both `COPY`s and
 * `COMMIT` go out as one query, the rows chained from the head this process's last append left
 * and posted on account ids it already knows or has just read (decision 2150). Answers undefined
 * when it cannot be used, or when the database refused it; the caller then appends the usual way
 * (`runCommand` + `appendPrepared`), which finds a stored key and replays it, reads the head
 * another process moved, and reports whatever else was wrong as before. A transaction of the batch
 * that fails its validation as it is pulled (decision 2140) fails the append: it is rolled back
 * and that error thrown.
 *
 * Used only for a command of its own on PostgreSQL's COPY path, when `batchOf` takes the batch
 * (new keys, none twice, no reversal, addresses of accounts; those this process has not used yet
 * are looked up or opened in the same transaction, decision 2150), it does not cross a compaction
 * mark, and this process remembers the head and the database's clock. Every guarantee stays in
 * the database: `ledger_append_expect` checks the head under the chain lock, the unique index
 * refuses a stored key, the statement triggers check references and balances, and `COMMIT` runs
 * the deferred check. A connection lost after the query went out may have committed: that is
 * CommitOutcomeUnknown, as for a lost `COMMIT` (the client repeats with its keys).
 */
export async function appendInOneRoundTrip(
  ctx: RequestContext,
  batchOf: (known: ReadonlyMap<string, string>) => OneRoundTripBatch | undefined,
): Promise<PostedTransaction[] | undefined> {
  if (ctx.inTransaction || (await appendPath(ctx)) !== 'copy') {
    return undefined;
  }
  const batch = batchOf(rememberedAccountIds(ctx.dataSource));
  if (batch === undefined || batch.size === 0) {
    return undefined;
  }
  const now = databaseNow(ctx.dataSource);
  const head = now === undefined ? undefined : takeHead(ctx.dataSource);
  if (now === undefined || head === undefined) {
    return undefined;
  }
  if (asksForCompaction(ctx, head.sequence, head.sequence + BigInt(batch.size))) {
    return undefined; // the usual path asks for the compaction in the same transaction
  }
  // Never before the head's, so recorded_at grows with the sequence; ledger_append_expect checks
  // it against the database's clock (within 2 s).
  const recordedAt = new Date(Math.max(head.recordedAt.getTime(), now));
  const actor = requireActor(ctx);
  const chained = chainRows(batch.transactions, { sequence: head.sequence.toString(), hash: head.hash }, recordedAt, actor);
  const { copies, rows } = appendCopies(chained, batch.accountIds, recordedAt, actor);
  // Digits, hex and an ISO instant: nothing in them needs quoting.
  const expect = `SELECT ledger_append_expect(${head.sequence}, '${head.hash}', '${recordedAt.toISOString()}')`;

  const runner = ctx.dataSource.createQueryRunner();
  let broken: unknown;
  let pipelined: CopyInPipelined;
  try {
    const client = (await runner.connect()) as PoolClient;
    const opened = batch.newAccounts.size === 0 ? [] : await idsOfNewAccounts(client, batch);
    pipelined = new CopyInPipelined(opened.length === 0 ? copies : [accountsCopy(opened), ...copies], {
      before: ['BEGIN', expect],
      after: ['COMMIT'],
    });
    client.query(pipelined);
    try {
      await pipelined.result;
    } catch (error) {
      if (isConnectionLost(error)) {
        broken = error;
        throw new CommitOutcomeUnknown(error);
      }
      // Refused before COMMIT took effect (a stale head, a stored key, an id the database does
      // not hold, a failed check): nothing of it stays. Close what is open (a warning if nothing
      // is); a connection that breaks now goes back to be closed, and the usual way takes another.
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError;
      });
      if (error instanceof DomainError) {
        // A transaction that failed its validation as it was pulled (decision 2140).
        countOneRoundTrip(ctx.dataSource, 'invalid');
        throw error;
      }
      const code = String((error as { code?: unknown }).code ?? 'none');
      if (code === '23503') {
        forgetAccountIds(ctx.dataSource);
      }
      countOneRoundTrip(ctx.dataSource, { refused: code });
      ctx.log.debug({ code }, 'ledger append in one round trip refused; appending the usual way');
      return undefined;
    }
  } catch (error) {
    broken ??= isConnectionLost(error) ? error : undefined;
    throw error;
  } finally {
    await releaseRunner(runner, broken);
  }
  if (pipelined.tags[pipelined.tags.length - 1] !== 'COMMIT') {
    throw new Error(`ledger append in one round trip: the server answered ${pipelined.tags.join(', ')}`);
  }
  const last = rows[rows.length - 1] as (typeof rows)[number];
  remember(ctx.dataSource, { head: { sequence: BigInt(last.sequence), hash: last.hash, recordedAt }, accountIds: batch.accountIds });
  countOneRoundTrip(ctx.dataSource, 'written');
  return postedRows(rows, recordedAt);
}
