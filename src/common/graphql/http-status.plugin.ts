import type { ApolloServerPlugin } from '@apollo/server';
import type { Request, Response, NextFunction } from 'express';
import Negotiator from 'negotiator';
import { logger } from '../logger';

/**
 * HTTP status codes of refused requests as the GraphQL-over-HTTP specification asks
 * (https://graphql.github.io/graphql-over-http/draft/, decision 1102), checked by the
 * `graphql-http` audit suite (test/e2e/graphql-over-http.e2e-part.ts).
 */

/** The largest request body `/graphql` reads (express.json's `limit`); a larger one is 413. */
export const BODY_LIMIT = '25mb';

/** Apollo's media types for a single result, with the parameters it writes (its `MEDIA_TYPES`). */
const JSON_TYPE = 'application/json; charset=utf-8';
const GRAPHQL_RESPONSE_TYPE = 'application/graphql-response+json; charset=utf-8';
const CALLBACK_TYPE = 'application/json; callbackSpec=1.0; charset=utf-8';

/**
 * The media type Apollo answers a single result with, chosen exactly as Apollo chooses it
 * (`chooseContentTypeForSingleResultResponse`, which it does not export): the Accept header
 * negotiated over application/json, application/graphql-response+json and the callback type, in
 * that order of preference; application/json without Accept; null when none is acceptable (Apollo
 * then answers 406).
 */
export function responseMediaType(accept: string | undefined | null): string | null {
  if (!accept) {
    return JSON_TYPE;
  }
  return new Negotiator({ headers: { accept } }).mediaType([JSON_TYPE, GRAPHQL_RESPONSE_TYPE, CALLBACK_TYPE]) ?? null;
}

/**
 * A request refused before execution (an unparsable or invalid document, variables that do not
 * coerce, a NUL character, a query too deep or too complex: every error BAD_USER_INPUT and no
 * `data`) is 400 when answered as application/graphql-response+json and 200 as application/json,
 * the specification's rule for a well-formed request; never the 500 Apollo gives an error thrown
 * from a plugin hook. Everything else keeps its status (401 from the context, 200 for execution
 * errors, Apollo's 400 for a request that is not a GraphQL-over-HTTP request at all).
 */
const COST_REFUSALS = new Set(['QUERY_TOO_COMPLEX', 'EXPENSIVE_FIELD_REPEATED', 'DOCUMENT_TOO_LARGE']);

export const httpStatusPlugin: ApolloServerPlugin = {
  async requestDidStart({ request }) {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') {
          return;
        }
        const { data, errors } = response.body.singleResult;
        const refused = data === undefined && errors !== undefined && errors.length > 0;
        if (!refused || !errors.every((e) => e.extensions?.code === 'BAD_USER_INPUT')) {
          return;
        }
        // Not a well-formed GraphQL-over-HTTP request (no query string, variables not an object):
        // Apollo's 400 stands, whatever the media type.
        if (errors.some((e) => e.extensions?.reason === 'BAD_REQUEST')) {
          return;
        }
        const type = responseMediaType(request.http?.headers.get('accept'));
        if (type === null) {
          return;
        }
        // Refused for what it would cost, not for being invalid GraphQL: 400 whatever the media
        // type, so clients and proxies see a client error (decision 1151).
        if (errors.every((e) => COST_REFUSALS.has(String(e.extensions?.reason)))) {
          response.http.status = 400;
          return;
        }
        response.http.status = type === GRAPHQL_RESPONSE_TYPE ? 400 : 200;
      },
    };
  },
};

interface BodyRefusal {
  status: number;
  reason: string;
  message: string;
}

/** body-parser's error types (http-errors `type`) of a body the client got wrong, with their status. */
const BODY_ERRORS: Record<string, BodyRefusal> = {
  'entity.parse.failed': {
    status: 400,
    reason: 'MALFORMED_JSON',
    message: 'the request body is not valid JSON: send {"query": "...", "variables": {...}} as JSON',
  },
  'entity.too.large': {
    status: 413,
    reason: 'PAYLOAD_TOO_LARGE',
    message: `the request body is too large: at most ${BODY_LIMIT.replace('mb', ' MB')}`,
  },
  'charset.unsupported': {
    status: 415,
    reason: 'UNSUPPORTED_CHARSET',
    message: 'unsupported charset: send the body as UTF-8 (content-type: application/json; charset=utf-8)',
  },
  'encoding.unsupported': {
    status: 415,
    reason: 'UNSUPPORTED_ENCODING',
    message: 'unsupported content-encoding: send the body uncompressed, gzip or deflate',
  },
  'request.aborted': { status: 400, reason: 'REQUEST_ABORTED', message: 'the request body was not sent completely' },
  'request.size.invalid': { status: 400, reason: 'BAD_CONTENT_LENGTH', message: 'the content-length does not match the body' },
  'parameters.too.many': { status: 413, reason: 'PAYLOAD_TOO_LARGE', message: 'the request has too many parameters' },
};

/** Valid JSON that is not an object (a string, a number, `null`): refused by the strict parser too. */
const NOT_AN_OBJECT: BodyRefusal = {
  status: 400,
  reason: 'BODY_NOT_AN_OBJECT',
  message: 'the request body must be a JSON object: send {"query": "...", "variables": {...}}',
};

function refusalFor(error: unknown): BodyRefusal | undefined {
  const { type, body } = (error ?? {}) as { type?: unknown; body?: unknown };
  const known = typeof type === 'string' ? BODY_ERRORS[type] : undefined;
  if (type === 'entity.parse.failed' && typeof body === 'string') {
    // The strict JSON parser refuses a top level that is not an object or array with the same
    // type as broken JSON: tell the two apart so the message says what to change.
    const first = body.trimStart()[0];
    if (first !== undefined && first !== '{' && first !== '[') {
      try {
        JSON.parse(body);
        return NOT_AN_OBJECT;
      } catch {
        return known;
      }
    }
  }
  return known;
}

/**
 * Express error handler for bodies the client got wrong (malformed JSON, a JSON string or null
 * instead of an object, an unsupported charset or encoding, too large): their 4xx status and a
 * GraphQL-shaped error with a code and the request id, logged at info without a stack. Anything
 * else goes on to the next error handler.
 */
export function clientBodyErrors(error: unknown, req: Request, res: Response, next: NextFunction): void {
  const refusal = refusalFor(error);
  if (refusal === undefined || res.headersSent) {
    next(error);
    return;
  }
  const requestId = String(res.locals.requestId);
  logger.info({ requestId, path: req.originalUrl.split('?')[0], status: refusal.status, reason: refusal.reason }, 'request body refused');
  res
    .status(refusal.status)
    .type('application/json')
    .json({ errors: [{ message: refusal.message, extensions: { code: 'BAD_USER_INPUT', reason: refusal.reason, requestId } }] });
}
