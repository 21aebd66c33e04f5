import type { QueryRunner } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import type { RequestContext } from '../../context';
import { DomainError } from '../errors/domain-error';
import { CommitOutcomeUnknown, isConnectionLost, lostCode } from './connection-loss';

export interface CommandOptions {
  isolation?: IsolationLevel;
  /** Attempts in all, including the first. */
  maxAttempts?: number;
  /**
   * Run the work and roll it back: previews go through the same path as the real thing. Refused
   * inside a transaction that commits (the preview's writes would commit with it); allowed inside
   * another dry run, which rolls everything back anyway.
   */
  dryRun?: boolean;
}

/** PostgreSQL's serialization_failure and deadlock_detected: safe to re-run the whole transaction. */
const RETRYABLE = new Set(['40001', '40P01']);

/**
 * Thrown by work that lost a race it could not see from its snapshot (a unique violation on an
 * idempotency key another transaction committed meanwhile): the whole command is run again, and
 * then reads the winner's row.
 */
export class RerunCommand extends Error {
  readonly code = '40001';
  constructor(reason: string, cause?: unknown) {
    super(reason, { cause });
    this.name = 'RerunCommand';
  }
}

/** A serialization failure or deadlock: safe to re-run the whole transaction. */
export function isRetryable(error: unknown): boolean {
  let e: unknown = error;
  // TypeORM wraps driver errors in QueryFailedError with the driver error in `driverError`.
  for (let depth = 0; depth < 3 && e !== null && typeof e === 'object'; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && RETRYABLE.has(code)) {
      return true;
    }
    e = (e as { driverError?: unknown; cause?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}

/** What a plain `START TRANSACTION` gets on each data source's server, asked once per data source. */
const serverDefaultIsolation = new WeakMap<object, Promise<string>>();

/**
 * Starts the transaction in one statement when it can: TypeORM sends an isolation level as a
 * second statement (`SET TRANSACTION ISOLATION LEVEL`), a round trip per command for the level
 * the server gives anyway (decision 1850). The server's default is read once per data source;
 * any other level, or another default, is sent as before.
 */
async function startTransaction(ctx: RequestContext, runner: QueryRunner, isolation: IsolationLevel): Promise<void> {
  if (isolation === 'READ COMMITTED' && ctx.dataSource.options.isolationLevel === undefined) {
    let known = serverDefaultIsolation.get(ctx.dataSource);
    if (known === undefined) {
      known = runner
        .query(`SELECT current_setting('default_transaction_isolation') AS level`)
        .then((rows: { level: string }[]) => rows[0]?.level ?? '');
      // A failed probe (connection lost) is asked again next time.
      known.catch(() => serverDefaultIsolation.delete(ctx.dataSource));
      serverDefaultIsolation.set(ctx.dataSource, known);
    }
    if ((await known) === 'read committed') {
      await runner.startTransaction();
      return;
    }
  }
  await runner.startTransaction(isolation);
}

class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super('dry run rolled back');
  }
}

/**
 * The one way a command touches the database. Opens a transaction, hands `fn` a *new* context
 * carrying the transaction's manager (the incoming one is never mutated), commits or rolls back,
 * and on a serialization failure or deadlock calls `fn` again in a fresh transaction (the failed
 * promise is never replayed), a bounded number of times with jittered back-off. A connection lost
 * before COMMIT (terminated backend, server restart) is re-run the same way; one lost during
 * COMMIT is not (the outcome is unknown): it fails with CommitOutcomeUnknown, answered
 * SERVICE_UNAVAILABLE, and the client repeats it with its idempotency key.
 *
 * Inside an existing command the work joins the outer transaction: the retry belongs to the
 * outermost one, which re-runs everything. A context pinned to a connection outside a transaction
 * (`ctx.em` of a connected query runner, as a job holding a session advisory lock has) runs its
 * transaction on that connection, not on a second one from the pool (the embedded database has one);
 * a pinned connection that is lost cannot be replaced, so that command is not re-run. A dry run
 * cannot join a transaction that will commit (`DRY_RUN_IN_TRANSACTION`); it can join another dry run.
 */
export async function runCommand<T>(ctx: RequestContext, fn: (tx: RequestContext) => Promise<T>, options: CommandOptions = {}): Promise<T> {
  if (ctx.inTransaction) {
    if (options.dryRun === true && ctx.dryRun !== true) {
      throw new DomainError(
        'CONFLICT',
        'dryRun: a dry run cannot be nested in a transaction that commits (its writes would commit with the outer one); run it on its own or inside another dry run',
        { field: 'dryRun', reason: 'DRY_RUN_IN_TRANSACTION' },
      );
    }
    return fn(ctx);
  }
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt += 1) {
    const own = ctx.em.queryRunner;
    const pinned = own !== undefined && !own.isReleased && !own.isTransactionActive ? own : undefined;
    const runner = pinned ?? ctx.dataSource.createQueryRunner();
    let committing = false;
    let broken: unknown;
    try {
      if (pinned === undefined) {
        await runner.connect();
      }
      await startTransaction(ctx, runner, options.isolation ?? 'READ COMMITTED');
      const afterCommit: (() => void)[] = [];
      const txCtx: RequestContext = { ...ctx, em: runner.manager, inTransaction: true, dryRun: options.dryRun === true, afterCommit };
      const result = await fn(txCtx);
      if (options.dryRun) {
        throw new DryRunRollback(result);
      }
      committing = true;
      await runner.commitTransaction();
      for (const hook of afterCommit) {
        try {
          hook();
        } catch (error) {
          ctx.log.warn({ err: error }, 'after-commit hook failed (the command did commit)');
        }
      }
      return result;
    } catch (error) {
      // The driver releases a runner whose connection broke (TypeORM listens for the client's
      // error): any later statement on it fails with "already released", no SQLSTATE.
      const lost = isConnectionLost(error) || runner.isReleased;
      broken = lost ? error : undefined;
      if (runner.isTransactionActive && !lost) {
        await runner.rollbackTransaction().catch((rollbackError: unknown) => {
          ctx.log.error({ err: rollbackError }, 'rollback failed');
        });
      }
      if (error instanceof DryRunRollback) {
        return error.result as T;
      }
      if (lost && committing) {
        // COMMIT may have reached the server: re-running could do the work twice.
        ctx.log.warn({ code: lostCode(error) }, 'database connection lost during COMMIT: outcome unknown, not re-run');
        throw new CommitOutcomeUnknown(error);
      }
      if (lost && attempt < maxAttempts && pinned === undefined) {
        // Nothing was committed: the server dropped the connection (terminated backend, restart).
        // The pool has discarded it; the command runs again on a fresh one.
        ctx.log.warn({ attempt, code: lostCode(error) }, 'database connection lost, re-running the command');
        await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt) + Math.random() * 50));
        continue;
      }
      if (isRetryable(error) && attempt < maxAttempts) {
        ctx.log.info({ attempt, code: (error as { code?: string }).code }, 'transaction conflict, re-running the command');
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20 * attempt));
        continue;
      }
      // Out of attempts: what made the work ask for a re-run is the real error.
      throw error instanceof RerunCommand && error.cause !== undefined ? error.cause : error;
    } finally {
      // A broken connection goes back with its error, so the pool closes it instead of reusing it.
      // A pinned one belongs to the caller, who releases it.
      if (pinned === undefined) {
        await releaseRunner(runner, broken);
      }
    }
  }
}

/** TypeORM's postgres runner takes the release error that tells pg-pool to close the client. */
export async function releaseRunner(runner: QueryRunner, error: unknown): Promise<void> {
  const pgRunner = runner as QueryRunner & { releasePostgresConnection?: (err?: unknown) => Promise<void> };
  if (error !== undefined && typeof pgRunner.releasePostgresConnection === 'function') {
    await pgRunner.releasePostgresConnection(error);
    return;
  }
  await runner.release();
}
