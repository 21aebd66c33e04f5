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
import { appendCopies, appendPath, chainRows, postedRows } from './ledger.writer';

/**
 * A batch as the one-round-trip append takes it: how many transactions, the id of every account
 * they post on, and the transactions themselves, in order. They may be validated only as the
 * `COPY` pulls them (decision 2140): a validation error then fails the append, which is rolled back
 * and answers with that error.
 */
export interface OneRoundTripBatch {
  size: number;
  accountIds: Map<string, string>;
  transactions: Iterable<PreparedTransaction>;
}

/**
 * Keys each once, and the ids of the accounts named, when every one is remembered; undefined
 * otherwise (or for a key twice). `each` calls `visit` for every item's key and account addresses.
 */
function eligible<T>(
  items: readonly T[],
  known: ReadonlyMap<string, string>,
  each: (item: T, key: (k: unknown) => boolean, account: (address: unknown) => boolean) => boolean,
): Map<string, string> | undefined {
  const keys = new Set<string>();
  const accountIds = new Map<string, string>();
  const key = (k: unknown): boolean => {
    if (typeof k !== 'string' || keys.has(k)) {
      return false;
    }
    keys.add(k);
    return true;
  };
  const account = (address: unknown): boolean => {
    const id = typeof address === 'string' ? known.get(address) : undefined;
    if (id === undefined) {
      return false;
    }
    accountIds.set(address as string, id);
    return true;
  };
  for (const item of items) {
    if (!each(item, key, account)) {
      return undefined;
    }
  }
  return accountIds;
}

/** Transactions already validated, as one batch: none may reverse another. */
export function preparedBatch(prepared: readonly PreparedTransaction[], known: ReadonlyMap<string, string>): OneRoundTripBatch | undefined {
  const accountIds = eligible(
    prepared,
    known,
    (p, key, account) => p.reversesId === null && key(p.idempotencyKey) && p.postings.every((q) => account(q.account.address)),
  );
  return accountIds === undefined ? undefined : { size: prepared.length, accountIds, transactions: prepared };
}

/**
 * Inputs not yet validated, as one batch whose transactions are validated by `prepare` as the
 * `COPY` pulls them (decision 2140), so the server writes the first rows while Node validates
 * the rest. Taken only when every key is a text given once and every account address is one a
 * committed append used, as written; anything else (a wrong input included) goes the usual way,
 * validated before the database is touched.
 */
export function inputsBatch(
  inputs: readonly PostInput[],
  known: ReadonlyMap<string, string>,
  prepare: (input: PostInput, index: number) => PreparedTransaction,
): OneRoundTripBatch | undefined {
  const accountIds = eligible(
    inputs,
    known,
    (input, key, account) =>
      typeof input === 'object' &&
      input !== null &&
      key(input.idempotencyKey) &&
      Array.isArray(input.postings) &&
      input.postings.every((q) => typeof q === 'object' && q !== null && account(q.account)),
  );
  if (accountIds === undefined) {
    return undefined;
  }
  const ids = accountIds;
  function* transactions(): Generator<PreparedTransaction> {
    for (let i = 0; i < inputs.length; i += 1) {
      const p = prepare(inputs[i] as PostInput, i);
      // A parsed address is the text it was parsed from, so the ids above are the ones it names.
      if (p.reversesId !== null || !p.postings.every((q) => ids.has(q.account.address))) {
        throw new Error(`ledger append in one round trip: inputs[${i}] is not the transaction its input named`);
      }
      yield p;
    }
  }
  return { size: inputs.length, accountIds, transactions: transactions() };
}

/**
 * An append written in one round trip (decision 2110): `BEGIN`, the head check, both `COPY`s and
 * `COMMIT` go out as one query, the rows chained from the head this process's last append left
 * and posted on account ids it already knows. Answers undefined when it cannot be used, or when
 * the database refused it; the caller then appends the usual way (`runCommand` + `appendPrepared`),
 * which finds a stored key and replays it, reads the head another process moved, and reports
 * whatever else was wrong as before. A transaction of the batch that fails its validation as it
 * is pulled (decision 2140) fails the append: it is rolled back and that error thrown.
 *
 * Used only for a command of its own on PostgreSQL's COPY path, when `batchOf` takes the batch
 * (new keys, none twice, no reversal, only remembered accounts), it does not cross a compaction
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
  const pipelined = new CopyInPipelined(copies, { before: ['BEGIN', expect], after: ['COMMIT'] });

  const runner = ctx.dataSource.createQueryRunner();
  let broken: unknown;
  try {
    const client = (await runner.connect()) as PoolClient;
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
