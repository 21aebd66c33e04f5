import type { PoolClient } from 'pg';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { CommitOutcomeUnknown, isConnectionLost } from '../../common/db/connection-loss';
import { releaseRunner } from '../../common/db/run-command';
import { CopyInPipelined } from './copy-in';
import { countOneRoundTrip, databaseNow, forgetAccountIds, remember, rememberedAccountIds, takeHead } from './append-memory';
import { asksForCompaction } from './ledger.compaction';
import type { PostedTransaction } from './ledger.model';
import type { PreparedTransaction } from './ledger.validation';
import { appendCopies, appendPath, chainRows, postedRows } from './ledger.writer';

/**
 * An append written in one round trip (decision 2110): `BEGIN`, the head check, both `COPY`s and
 * `COMMIT` go out as one query, the rows chained from the head this process's last append left
 * and posted on account ids it already knows. Answers undefined when it cannot be used, or when
 * the database refused it; the caller then appends the usual way (`runCommand` + `appendPrepared`),
 * which finds a stored key and replays it, reads the head another process moved, and reports
 * whatever else was wrong as before.
 *
 * Used only for a command of its own on PostgreSQL's COPY path, when the batch is all new keys
 * (none twice), reverses nothing, posts only on remembered accounts, does not cross a compaction
 * mark, and this process remembers the head and the database's clock. Every guarantee stays in
 * the database: `ledger_append_expect` checks the head under the chain lock, the unique index
 * refuses a stored key, the statement triggers check references and balances, and `COMMIT` runs
 * the deferred check. A connection lost after the query went out may have committed: that is
 * CommitOutcomeUnknown, as for a lost `COMMIT` (the client repeats with its keys).
 */
export async function appendInOneRoundTrip(ctx: RequestContext, prepared: PreparedTransaction[]): Promise<PostedTransaction[] | undefined> {
  if (ctx.inTransaction || prepared.length === 0 || (await appendPath(ctx)) !== 'copy') {
    return undefined;
  }
  const keys = new Set<string>();
  const known = rememberedAccountIds(ctx.dataSource);
  const accountIds = new Map<string, string>();
  for (const p of prepared) {
    if (p.reversesId !== null || keys.has(p.idempotencyKey)) {
      return undefined;
    }
    keys.add(p.idempotencyKey);
    for (const q of p.postings) {
      const id = known.get(q.account.address);
      if (id === undefined) {
        return undefined;
      }
      accountIds.set(q.account.address, id);
    }
  }
  const now = databaseNow(ctx.dataSource);
  const head = now === undefined ? undefined : takeHead(ctx.dataSource);
  if (now === undefined || head === undefined) {
    return undefined;
  }
  if (asksForCompaction(ctx, head.sequence, head.sequence + BigInt(prepared.length))) {
    return undefined; // the usual path asks for the compaction in the same transaction
  }
  // Never before the head's, so recorded_at grows with the sequence; ledger_append_expect checks
  // it against the database's clock (within 2 s).
  const recordedAt = new Date(Math.max(head.recordedAt.getTime(), now));
  const actor = requireActor(ctx);
  const chained = chainRows(prepared, { sequence: head.sequence.toString(), hash: head.hash }, recordedAt, actor);
  const { copies, rows } = appendCopies(chained, accountIds, recordedAt, actor);
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
  remember(ctx.dataSource, { head: { sequence: BigInt(last.sequence), hash: last.hash, recordedAt }, accountIds });
  countOneRoundTrip(ctx.dataSource, 'written');
  return postedRows(rows, recordedAt);
}
