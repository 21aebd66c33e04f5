import { Client, cacheExchange, fetchExchange, type CombinedError } from 'urql';

/** An urql client for `/graphql` sending the token; `onUnauthenticated` runs on a 401/UNAUTHENTICATED. */
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

export function graphqlErrors(error: CombinedError): ApiError[] {
  if (error.graphQLErrors.length === 0) {
    return [{ code: 'NETWORK_ERROR', message: error.networkError?.message ?? error.message, field: null }];
  }
  return error.graphQLErrors.map((e) => ({
    code: typeof e.extensions.code === 'string' ? e.extensions.code : 'ERROR',
    message: e.message,
    field: typeof e.extensions.field === 'string' ? e.extensions.field : null,
  }));
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
