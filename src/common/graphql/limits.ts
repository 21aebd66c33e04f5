import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { fieldExtensionsEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';
import { DomainError } from '../errors/domain-error';

/**
 * Refuses a query whose estimated cost exceeds `max`. List fields with `first` cost first × child
 * cost (type-graphql `complexity` on fields can refine it).
 */
export function complexityPlugin(schema: GraphQLSchema, max: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema,
            operationName: request.operationName ?? undefined,
            query: document,
            variables: request.variables ?? {},
            estimators: [
              fieldExtensionsEstimator(),
              ({ args, childComplexity }) => {
                const first = typeof args.first === 'number' ? args.first : undefined;
                return first !== undefined ? 1 + first * Math.max(1, childComplexity) : undefined;
              },
              simpleEstimator({ defaultComplexity: 1 }),
            ],
          });
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
}
