import type { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError } from '../errors/domain-error';
import { logger } from '../logger';
import { isCommitOutcomeUnknown, isConnectionLost, lostCode } from '../db/connection-loss';

const KNOWN = new Set(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);
const REQUEST_ERRORS = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
]);

interface ValidationProblem {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationProblem[];
}

function flatten(problems: ValidationProblem[], prefix: string): { field: string; message: string }[] {
  return problems.flatMap((p) => {
    // `input.counts[0].count`, the services' notation, for nested lists as well.
    const field = prefix === '' ? p.property : /^\d+$/.test(p.property) ? `${prefix}[${p.property}]` : `${prefix}.${p.property}`;
    const own = Object.values(p.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(p.children ?? [], field)];
  });
}

/**
 * The single mapping from anything thrown to what a client sees: a code it can switch on, a
 * message a person understands, no stack trace. Unknown errors become INTERNAL_SERVER_ERROR
 * (with the request id added by the request-id plugin) and are logged in full.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof DomainError) {
    const { stacktrace: _s, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, message: original.message, extensions: { ...extensions, ...original.extensions, code: original.code } };
  }
  if (original instanceof ArgumentValidationError) {
    const problems = flatten(original.extensions.validationErrors, '');
    const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ') || 'invalid input';
    return {
      message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'BAD_USER_INPUT', field: problems[0]?.field, problems },
    };
  }
  const code = String(formatted.extensions?.code ?? '');
  if (KNOWN.has(code)) {
    return {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { ...formatted.extensions, stacktrace: undefined, code },
    };
  }
  if (REQUEST_ERRORS.has(code)) {
    // Malformed or invalid documents are the client's input too; the original code stays as reason.
    return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_USER_INPUT', reason: code } };
  }
  if (isPoolExhausted(original)) {
    // No connection became free in time: the request did nothing and can be sent again as it was.
    logger.warn({ err: original }, 'no database connection became free in time');
    return {
      message: 'The server is busy: no database connection became free in time. Nothing was changed; send the request again.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true },
    };
  }
  if (isCommitOutcomeUnknown(original)) {
    return {
      message:
        'The database connection was lost while the change was being committed: it may or may not have been saved. ' +
        'Send the request again with the same idempotency key: it is then either replayed or done once.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, reason: 'COMMIT_OUTCOME_UNKNOWN' },
    };
  }
  if (isConnectionLost(original)) {
    // The connection broke before anything was committed (commands are re-run a bounded number of
    // times before this): nothing changed, the request can be sent again as it was.
    logger.warn({ code: lostCode(original) }, 'database connection lost while answering a request');
    return {
      message: 'The database connection was lost: nothing was changed. Send the request again.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'SERVICE_UNAVAILABLE', retryable: true, reason: 'CONNECTION_LOST' },
    };
  }
  logger.error({ err: original }, 'unexpected error');
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** pg-pool's error when no connection is handed out within `connectionTimeoutMillis`. */
export function isPoolExhausted(error: unknown): boolean {
  return error instanceof Error && error.message === 'timeout exceeded when trying to connect';
}
