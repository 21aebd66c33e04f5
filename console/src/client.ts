import { Client, cacheExchange, fetchExchange, type CombinedError } from 'urql';

/**
 * An urql client for `/graphql` sending the token. `onUnauthenticated` runs when the server says
 * the token is not (or no longer) valid: HTTP 401 or an `UNAUTHENTICATED` error. Nothing else signs
 * the person out: a 503 or a lost connection is a moment's trouble, shown as such with a retry.
 */
export function createGraphqlClient(token: string | null, onUnauthenticated: () => void): Client {
  return new Client({
    url: '/graphql',
    exchanges: [cacheExchange, fetchExchange],
    preferGetMethod: false,
    fetchOptions: (): RequestInit => {
      const headers: Record<string, string> = {};
      if (token !== null) {
        headers.authorization = `Bearer ${token}`;
      }
      return { headers };
    },
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 401 && token !== null) {
        onUnauthenticated();
      }
      return response;
    },
  });
}

/** One error as the API reports it: `extensions.code` and, for bad input, `extensions.field`. */
export interface ApiError {
  code: string;
  message: string;
  field: string | null;
}

/** The HTTP status of the response behind an error, when there was one. */
function httpStatus(error: CombinedError): number | null {
  const response = error.response as { status?: unknown } | undefined;
  return typeof response?.status === 'number' ? response.status : null;
}

export function graphqlErrors(error: CombinedError): ApiError[] {
  if (error.graphQLErrors.length === 0) {
    const status = httpStatus(error);
    return [
      {
        code: status === 401 ? 'UNAUTHENTICATED' : status !== null && status >= 500 ? `HTTP_${status}` : 'NETWORK_ERROR',
        message: error.networkError?.message ?? error.message,
        field: null,
      },
    ];
  }
  return error.graphQLErrors.map((e) => ({
    code: typeof e.extensions.code === 'string' ? e.extensions.code : 'ERROR',
    message: e.message,
    field: typeof e.extensions.field === 'string' ? e.extensions.field : null,
  }));
}

/** The token is not accepted: the only error that ends a session. */
export function isUnauthenticated(error: CombinedError): boolean {
  return httpStatus(error) === 401 || graphqlErrors(error).some((e) => e.code === 'UNAUTHENTICATED');
}

/**
 * Worth trying again as it is: no answer at all, a gateway or server that is (briefly) unavailable
 * (502, 503, 504), or the API saying so itself. A refusal or bad input is not.
 */
export function isTransient(error: CombinedError): boolean {
  const status = httpStatus(error);
  if (status === 502 || status === 503 || status === 504) {
    return true;
  }
  const codes = graphqlErrors(error).map((e) => e.code);
  return codes.every((c) => c === 'NETWORK_ERROR' || c === 'SERVICE_UNAVAILABLE' || /^HTTP_5/.test(c));
}

/** Field errors keyed by the API's field name (the last segment of a dotted path, e.g. `input.lines[3].amount` → kept whole and by last key). */
export function fieldErrors(errors: ApiError[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    if (e.field !== null) {
      out[e.field] = e.message;
      const last = e.field.split('.').pop();
      if (last !== undefined && out[last] === undefined) {
        out[last] = e.message;
      }
    }
  }
  return out;
}
