import { GraphQLObjectType, GraphQLSchema, GraphQLString, parse, type DocumentNode } from 'graphql';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { createJitExecutor } from './jit-executor';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Root fields that log when they start and end; `slow` takes longer than `fast`. */
function schemaLogging(log: string[]): GraphQLSchema {
  const field = (name: string, ms: number) => ({
    type: GraphQLString,
    resolve: async () => {
      log.push(`${name} start`);
      await sleep(ms);
      log.push(`${name} end`);
      return name;
    },
  });
  const fields = () => ({ slow: field('slow', 40), fast: field('fast', 0) });
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields }),
    mutation: new GraphQLObjectType({ name: 'Mutation', fields }),
  });
}

function request(document: DocumentNode): GatewayGraphQLRequestContext {
  return { document, operationName: null, context: {}, request: { variables: {} } } as unknown as GatewayGraphQLRequestContext;
}

describe('jit executor', () => {
  it('runs mutation root fields one after the other, and query root fields side by side', async () => {
    const log: string[] = [];
    const { executor, counts } = createJitExecutor(schemaLogging(log));

    expect(await executor(request(parse('mutation { slow fast }')))).toEqual({ data: { slow: 'slow', fast: 'fast' } });
    expect(log).toEqual(['slow start', 'slow end', 'fast start', 'fast end']);

    log.length = 0;
    expect(await executor(request(parse('{ slow fast }')))).toEqual({ data: { slow: 'slow', fast: 'fast' } });
    expect(log).toEqual(['slow start', 'fast start', 'fast end', 'slow end']);
    expect(counts).toEqual({ jit: 2, graphqlJs: 0 });
  });
});
