import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import type { RequestContext } from '../../context';

export interface CommandOptions {
  isolation?: IsolationLevel;
  /** Attempts in all, including the first. */
  maxAttempts?: number;
  /** Run the work and roll it back: previews go through the same path as the real thing. */
  dryRun?: boolean;
}

/** PostgreSQL's serialization_failure and deadlock_detected: safe to re-run the whole transaction. */
const RETRYABLE = new Set(['40001', '40P01']);

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

class DryRunRollback<T> extends Error {
  constructor(readonly result: T) {
    super('dry run rolled back');
  }
}

/**
 * The one way a command touches the database. Opens a transaction, hands `fn` a *new* context
 * carrying the transaction's manager (the incoming one is never mutated), commits or rolls back,
 * and on a serialization failure or deadlock calls `fn` again in a fresh transaction (the failed
 * promise is never replayed), a bounded number of times with jittered back-off.
 *
 * Inside an existing command the work joins the outer transaction: the retry belongs to the
 * outermost one, which re-runs everything.
 */
export async function runCommand<T>(ctx: RequestContext, fn: (tx: RequestContext) => Promise<T>, options: CommandOptions = {}): Promise<T> {
  if (ctx.inTransaction) {
    return fn(ctx);
  }
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt += 1) {
    const runner = ctx.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction(options.isolation ?? 'READ COMMITTED');
      const txCtx: RequestContext = { ...ctx, em: runner.manager, inTransaction: true };
      const result = await fn(txCtx);
      if (options.dryRun) {
        throw new DryRunRollback(result);
      }
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) {
        await runner.rollbackTransaction().catch((rollbackError: unknown) => {
          ctx.log.error({ err: rollbackError }, 'rollback failed');
        });
      }
      if (error instanceof DryRunRollback) {
        return error.result as T;
      }
      if (isRetryable(error) && attempt < maxAttempts) {
        ctx.log.info({ attempt, code: (error as { code?: string }).code }, 'transaction conflict, re-running the command');
        await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20 * attempt));
        continue;
      }
      throw error;
    } finally {
      await runner.release();
    }
  }
}
