import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode, type GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DomainError } from '../errors/domain-error';
import { FIELD_COSTS, refuseRepeatedExpensiveFields } from './field-costs';

/**
 * Refuses a query whose estimated cost exceeds `max`, and one that asks an expensive field twice
 * (field-costs.ts, decision 1151). Priced fields cost what FIELD_COSTS says plus their selection;
 * list fields with `first` cost first × child cost; everything else 1.
 */
export function complexityPlugin(schema: GraphQLSchema, max: number): ApolloServerPlugin {
  // Apollo hands the same parsed DocumentNode for the same query text (its document store), so the
  // cost of a document with given variables is computed once, not walked again on every request.
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          refuseNulCharacters(document, request.variables ?? {});
          refuseRepeatedExpensiveFields(document, request.operationName);
          const key = `${request.operationName ?? ''}\u0000${JSON.stringify(request.variables ?? {})}`;
          let byVariables = costs.get(document);
          if (byVariables === undefined) {
            byVariables = new Map();
            costs.set(document, byVariables);
          }
          const cached = byVariables.get(key);
          const complexity = cached ?? costOf(() => estimate(request.operationName ?? undefined, document, request.variables ?? {}));
          if (cached === undefined && byVariables.size < 100) {
            byVariables.set(key, complexity);
          }
          if (complexity > max) {
            throw new DomainError('BAD_USER_INPUT', `query is too complex: cost ${complexity}, at most ${max} allowed`, {
              reason: 'QUERY_TOO_COMPLEX',
              complexity,
              max,
            });
          }
        },
      };
    },
  };

  function estimate(operationName: string | undefined, document: DocumentNode, variables: Record<string, unknown>): number {
    return getComplexity({
      schema,
      operationName,
      query: document,
      variables,
      estimators: [
        ({ type, field, childComplexity }) => {
          const priced = FIELD_COSTS[`${type.name}.${field.name}`];
          return priced === undefined ? undefined : priced.cost + childComplexity;
        },
        fieldExtensionsEstimator(),
        ({ args, childComplexity }) => {
          const first = typeof args.first === 'number' ? args.first : undefined;
          return first !== undefined ? 1 + first * Math.max(1, childComplexity) : undefined;
        },
        simpleEstimator({ defaultComplexity: 1 }),
      ],
    });
  }
}

/**
 * The cost estimate coerces the variables before Apollo does; a value that does not coerce (an
 * unknown enum value, a string where a number belongs) surfaces here as a GraphQLError without a
 * code, which formatError would turn into INTERNAL_SERVER_ERROR. It is the client's input.
 */
function costOf(estimate: () => number): number {
  try {
    return estimate();
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === undefined) {
      throw new DomainError('BAD_USER_INPUT', error.message, {});
    }
    throw error;
  }
}

/**
 * PostgreSQL text cannot hold U+0000: a NUL in any argument would fail deep inside a query (22021)
 * as an internal error. Refused up front, naming where it was.
 */
export function refuseNulCharacters(document: DocumentNode, variables: Record<string, unknown>): void {
  const find = (value: unknown, path: string): string | null => {
    if (typeof value === 'string') {
      return value.includes('\u0000') ? path : null;
    }
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) {
        const hit = find(v, `${path}[${i}]`);
        if (hit !== null) {
          return hit;
        }
      }
      return null;
    }
    if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const hit = find(v, path === '' ? k : `${path}.${k}`);
        if (hit !== null) {
          return hit;
        }
      }
    }
    return null;
  };
  const inVariables = find(variables, '');
  if (inVariables !== null) {
    throw new DomainError('BAD_USER_INPUT', `${inVariables}: contains a NUL character`, { field: inVariables });
  }
  visit(document, {
    [Kind.STRING]: (node) => {
      if (node.value.includes('\u0000')) {
        throw new DomainError('BAD_USER_INPUT', 'an argument contains a NUL character', { field: 'query' });
      }
    },
  });
}
