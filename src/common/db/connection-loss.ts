import pg from 'pg';
import { logger } from '../logger';

/**
 * SQLSTATEs that mean the connection (not the statement) is gone: the backend was terminated
 * (57P01 admin_shutdown, 57P02 crash_shutdown), the server is starting or stopping (57P03
 * cannot_connect_now), or the link broke (class 08). The work on it did not commit.
 */
const LOST_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);
/** Socket errors from Node when the server went away or is not listening (yet). */
const LOST_SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT']);
/**
 * pg's own errors, without a code, for a connection that ended under it ("Connection terminated
 * unexpectedly", "Connection terminated") or a client it already knows to be broken.
 */
const LOST_MESSAGES = [/^Connection terminated/, /is not queryable/, /^Client was closed/];
/**
 * TypeORM releases a query runner whose connection emitted an error; later statements on it fail
 * with these (no SQLSTATE).
 */
const LOST_NAMES = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

/** Follows TypeORM's `driverError` and `cause` a few levels down. */
function* causes(error: unknown): Generator<object> {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e !== null && typeof e === 'object'; depth += 1) {
    yield e;
    e = (e as { driverError?: unknown }).driverError ?? (e as { cause?: unknown }).cause;
  }
}

/** True when `error` says the database connection was lost (or could not be made), not that a statement failed. */
export function isConnectionLost(error: unknown): boolean {
  for (const e of causes(error)) {
    if (e instanceof CommitOutcomeUnknown) {
      return true;
    }
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (LOST_CODES.has(code) || LOST_SOCKET_CODES.has(code))) {
      return true;
    }
    if (LOST_NAMES.has((e as { name?: unknown }).name as string) || LOST_NAMES.has(e.constructor.name)) {
      return true;
    }
    const message = (e as { message?: unknown }).message;
    if (code === undefined && typeof message === 'string' && LOST_MESSAGES.some((re) => re.test(message))) {
      return true;
    }
  }
  return false;
}

/** True when `error` is (or wraps) a CommitOutcomeUnknown. */
export function isCommitOutcomeUnknown(error: unknown): boolean {
  for (const e of causes(error)) {
    if (e instanceof CommitOutcomeUnknown) {
      return true;
    }
  }
  return false;
}

/** The SQLSTATE or socket code behind a lost connection, for logs. */
export function lostCode(error: unknown): string | undefined {
  for (const e of causes(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
  }
  return undefined;
}

/**
 * Runs one self-contained statement (no transaction around it) again on a fresh connection when
 * the connection was lost before it ran, a few times with back-off (a server restart takes a
 * second or two). Only for statements whose loss means they did not run, such as a single INSERT
 * that autocommits: pg reports a loss during its implicit commit the same way, so the statement
 * must also be harmless to repeat (the audit record is).
 */
export async function retryOnConnectionLoss<T>(statement: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await statement();
    } catch (error) {
      if (!isConnectionLost(error) || attempt >= attempts) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
    }
  }
}

/**
 * The connection broke while COMMIT was on its way: PostgreSQL may or may not have committed.
 * Such a command is never re-run by the server; the client repeats it with the same idempotency
 * key, which replays it if it did commit.
 */
export class CommitOutcomeUnknown extends Error {
  constructor(cause: unknown) {
    super('the database connection was lost while committing: the outcome is unknown', { cause });
    this.name = 'CommitOutcomeUnknown';
  }
}

/**
 * A pg Client that never lets a connection error go unhandled. pg emits `error` on a client whose
 * connection fails while no query is running on it (a backend terminated while the client is
 * checked out between two statements); pg-pool only listens on idle clients, so without this the
 * process dies with "Unhandled 'error' event". pg marks such a client not queryable: the next
 * statement on it fails (and is answered as a lost connection), and the pool discards it on
 * release.
 */
export class ResilientClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', (error: Error) => {
      logger.warn({ code: lostCode(error), message: error.message }, 'database connection lost; it will be discarded');
    });
  }
}
