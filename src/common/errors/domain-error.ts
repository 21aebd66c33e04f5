import { GraphQLError } from 'graphql';

/** Codes shared by every module; transport-level meaning is fixed in `formatError`. */
export type SharedErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INTERNAL_SERVER_ERROR'
  // every database connection stayed busy for DB_POOL_TIMEOUT_MS, or the connection was lost:
  // `retryable: true`, nothing was done (or, reason COMMIT_OUTCOME_UNKNOWN, repeat with the same key)
  | 'SERVICE_UNAVAILABLE';

/** Module codes. Add new ones here so the union stays closed and greppable. */
export type ModuleErrorCode =
  | 'ZERO_TOTAL_WEIGHT'
  | 'LEDGER_UNBALANCED'
  | 'SCHEME_YEAR_CLOSED'
  | 'QUERY_TOO_COMPLEX'
  // people: a batch with any bad line (details.lines lists each line, field, code and reason)
  | 'BATCH_REJECTED';

export type ErrorCode = SharedErrorCode | ModuleErrorCode;

export interface ErrorDetails {
  /** Dotted path of the offending input field, e.g. `input.budget` or `rows[3].count`. */
  field?: string;
  /** 1-based line number in a batch or file. */
  line?: number;
  [key: string]: unknown;
}

/**
 * The one error type services throw for expected outcomes. `extensions.code` is what clients
 * switch on; the message is for people.
 */
export class DomainError extends GraphQLError {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, { extensions: { code, ...details } });
    this.code = code;
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, message: string, details: ErrorDetails = {}): DomainError =>
  new DomainError('BAD_USER_INPUT', `${field}: ${message}`, { field, ...details });

export const notFound = (what: string, key: string): DomainError => new DomainError('NOT_FOUND', `${what} ${key} not found`, { what, key });

export const forbidden = (message: string, details: ErrorDetails = {}): DomainError => new DomainError('FORBIDDEN', message, details);

export const conflict = (message: string, details: ErrorDetails = {}): DomainError => new DomainError('CONFLICT', message, details);

/** Shared codes map to HTTP status in one place (used by the plain HTTP routes). */
export function httpStatusFor(code: ErrorCode): number {
  switch (code) {
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'INTERNAL_SERVER_ERROR':
      return 500;
    case 'SERVICE_UNAVAILABLE':
      return 503;
    default:
      return 400;
  }
}
