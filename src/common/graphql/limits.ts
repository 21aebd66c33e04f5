import type { ApolloServerPlugin } from '@apollo/server';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DomainError } from '../errors/domain-error';

/**
 * Refuses a query whose estimated cost exceeds `max`. List fields with `first` cost first × child
 * cost (type-graphql `complexity` on fields can refine it).
 */
export function complexityPlugin(schema: GraphQLSchema, max: number): ApolloServerPlugin {
  // Apollo hands the same parsed DocumentNode for the same query text (its document store), so the
  // cost of a document with given variables is computed once, not walked again on every request.
  const costs = new WeakMap<DocumentNode, Map<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const key = `${request.operationName ?? ''}\u0000${JSON.stringify(request.variables ?? {})}`;
          let byVariables = costs.get(document);
          if (byVariables === undefined) {
            byVariables = new Map();
            costs.set(document, byVariables);
          }
          const cached = byVariables.get(key);
          const complexity = cached ?? estimate(request.operationName ?? undefined, document, request.variables ?? {});
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
