import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import depthLimit from 'graphql-depth-limit';
import { createTestApp, codes, TEST_SECRET, type GqlResult, type TestApp } from '../helpers/test-app';
import { loadConfig } from '../../src/config';
import { complexityPlugin } from '../../src/common/graphql/limits';
import { getSchema } from '../../src/schema';
import { formatError } from '../../src/common/graphql/format-error';
import { errorEnrichmentPlugin } from '../../src/common/graphql/error-enrichment.plugin';
import type { RequestContext } from '../../src/context';

/**
 * Operations run through graphql-jit (decision 0650). Each case is sent to the app and to a
 * graphql-js Apollo server on the same schema with the same formatError and error enrichment,
 * with the same context: the responses must be identical, errors included.
 */
let t: TestApp;
let reference: ApolloServer<RequestContext>;

beforeAll(async () => {
  t = await createTestApp();
  const schema = await getSchema();
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent' }, []);
  reference = new ApolloServer<RequestContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    validationRules: [depthLimit(config.maxQueryDepth)],
    plugins: [
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginInlineTraceDisabled(),
      complexityPlugin(schema, config.maxQueryComplexity),
      errorEnrichmentPlugin,
    ],
  });
  await reference.start();
  // CreateSchemeInput is an input object: this one runs on graphql-js (see inputsSafeForJit).
  const fallbacks = t.app.executionCounts.graphqlJs;
  await t.ok(`mutation($input: CreateSchemeInput!) { createScheme(input: $input) { id } }`, {
    input: { code: 'TST-JIT', name: 'JIT', stream: 'EDUCATION_ROUTE', year: 2027, budgetMode: 'CLOSED', budget: '1000.00' },
  });
  expect(t.app.executionCounts.graphqlJs).toBe(fallbacks + 1);
  await t.ok(`mutation($input: SetBaseAmountsInput!) { setBaseAmounts(input: $input) { municipalityCode } }`, {
    input: { schemeCode: 'TST-JIT', year: 2027, amounts: [{ municipalityCode: 'GM0363', amount: '100.00' }] },
  });
});
afterAll(async () => {
  await reference.stop();
  await t.close();
});

/**
 * Runs on both servers, checking which executor of the app ran it: graphql-jit, graphql-js (an
 * operation with input values graphql-jit handles differently) or none (a plugin refused first).
 */
async function both(
  query: string,
  variables: Record<string, unknown>,
  token: string,
  via: 'jit' | 'graphqlJs' | 'none' = 'jit',
): Promise<[GqlResult, GqlResult]> {
  const run = async (server: ApolloServer<RequestContext>): Promise<GqlResult> => {
    const contextValue = await t.app.contextFor(token, 'jit-compare');
    const response = await server.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') {
      throw new Error('incremental delivery is not expected');
    }
    return JSON.parse(JSON.stringify(response.body.singleResult)) as GqlResult;
  };
  const before = { ...t.app.executionCounts };
  const viaJit = await run(t.app.apollo);
  expect(t.app.executionCounts.jit).toBe(before.jit + (via === 'jit' ? 1 : 0));
  expect(t.app.executionCounts.graphqlJs).toBe(before.graphqlJs + (via === 'graphqlJs' ? 1 : 0));
  return [viaJit, await run(reference)];
}

describe('graphql-jit executor', () => {
  it('serves a read exactly as graphql-js does', async () => {
    const [jit, js] = await both(`{ baseAmounts(schemeCode: "TST-JIT", year: 2027) { municipalityCode amount } }`, {}, t.tokens.auditor);
    expect(jit).toEqual({ data: { baseAmounts: [{ municipalityCode: 'GM0363', amount: '100.00' }] } });
    expect(jit).toEqual(js);
  });

  it('formats a FORBIDDEN from a resolver exactly as graphql-js does', async () => {
    const [jit, js] = await both(
      `query Amounts { baseAmounts(schemeCode: "TST-JIT", year: 2027) { municipalityCode } }`,
      {},
      await t.tokens.controller('GM0363'),
    );
    expect(codes(jit)).toEqual(['FORBIDDEN']);
    expect(jit.errors![0]).toMatchObject({
      path: ['baseAmounts'],
      locations: [{ line: 1, column: 17 }],
      extensions: { requestId: 'jit-compare' },
    });
    expect(jit.errors![0]!.extensions).not.toHaveProperty('stacktrace');
    expect(jit).toEqual(js);
  });

  it('formats a BAD_USER_INPUT with its field from a resolver exactly as graphql-js does', async () => {
    const [jit, js] = await both(
      `query($first: Int!) { auditLog(first: $first, after: "bogus") { totalCount } }`,
      { first: 5 },
      t.tokens.auditor,
    );
    expect(codes(jit)).toEqual(['BAD_USER_INPUT']);
    expect(jit.errors![0]!.extensions).toMatchObject({ field: 'after', requestId: 'jit-compare' });
    expect(jit.errors![0]!.path).toEqual(['auditLog']);
    expect(jit).toEqual(js);
  });

  it('runs a mutation with an input object on graphql-js, formatted as before', async () => {
    const [viaApp, js] = await both(
      `mutation($input: SetBaseAmountsInput!) { setBaseAmounts(input: $input) { municipalityCode amount } }`,
      { input: { schemeCode: 'TST-JIT', year: 2027, amounts: [{ municipalityCode: 'GM9999', amount: '1.00' }] } },
      t.tokens.finance,
      'graphqlJs',
    );
    expect(codes(viaApp)).toEqual(['BAD_USER_INPUT']);
    expect(viaApp.errors![0]!.extensions).toMatchObject({ field: 'input.amounts[0].municipalityCode' });
    expect(viaApp).toEqual(js);
  });

  it('refuses a bad variable with the same message (the complexity plugin coerces variables first)', async () => {
    const [jit, js] = await both(
      `mutation($b: Money!) { updateSchemeBudget(schemeCode: "TST-JIT", year: 2027, budget: $b) { budget } }`,
      { b: '20.001' },
      t.tokens.finance,
      'none',
    );
    expect(codes(jit)).toEqual(['BAD_USER_INPUT']);
    expect(jit.errors![0]!.message).toMatch(/^Variable "\$b" got invalid value "20.001"/);
    expect(jit).toEqual(js);
  });

  it('runs the root fields of a mutation in document order', async () => {
    await t.ok(`mutation($input: CreateSchemeInput!) { createScheme(input: $input) { id } }`, {
      input: { code: 'TST-JIT2', name: 'JIT', stream: 'EDUCATION_ROUTE', year: 2027, budgetMode: 'CLOSED', budget: '1.00' },
    });
    // CLOSED is only reachable from OPEN: b must run after a. Serial execution itself is shown in
    // src/common/graphql/jit-executor.spec.ts (a slow and a fast root field).
    const before = t.app.executionCounts.jit;
    const result = await t.gql(`mutation {
      a: updateSchemeStatus(schemeCode: "TST-JIT2", year: 2027, status: OPEN) { status }
      b: updateSchemeStatus(schemeCode: "TST-JIT2", year: 2027, status: CLOSED) { status }
    }`);
    expect(t.app.executionCounts.jit).toBe(before + 1);
    expect(result).toEqual({ data: { a: { status: 'OPEN' }, b: { status: 'CLOSED' } } });
  });
});
