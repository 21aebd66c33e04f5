import {
  GraphQLError,
  execute,
  getNamedType,
  getOperationAST,
  isInputObjectType,
  typeFromAST,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLInputObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';

/** Compiled queries per parsed document (Apollo's document store hands back the same object). */
type Compiled = CompiledQuery | null;

/** Per document, at most this many operation names are kept (a document rarely has more than one). */
const MAX_OPERATIONS_PER_DOCUMENT = 20;

/**
 * graphql-jit 0.8.9 coerces variables with its own generated code, which differs from graphql-js
 * where defaults are involved: a non-null input field with a default is reported as "not provided"
 * when omitted, and defaults are inlined through JSON.stringify. Operations whose variables reach a
 * default (on the variable or on any input field below it) therefore run on graphql-js.
 */
function variablesSafeForJit(schema: GraphQLSchema, operation: OperationDefinitionNode): boolean {
  const seen = new Set<GraphQLInputObjectType>();
  const safeType = (type: GraphQLInputObjectType): boolean => {
    if (seen.has(type)) {
      return true;
    }
    seen.add(type);
    return Object.values(type.getFields()).every((field) => {
      if (field.defaultValue !== undefined) {
        return false;
      }
      const named = getNamedType(field.type);
      return !isInputObjectType(named) || safeType(named);
    });
  };
  return (operation.variableDefinitions ?? []).every((definition) => {
    if (definition.defaultValue !== undefined) {
      return false;
    }
    const type = typeFromAST(schema, definition.type);
    if (type === undefined) {
      return false;
    }
    const named = getNamedType(type);
    return !isInputObjectType(named) || safeType(named);
  });
}

/**
 * graphql-jit's own error objects inherit from graphql-js's `GraphQLError` but have no `nodes`,
 * `source` or (without extensions) `extensions` object; Apollo's formatting reads
 * `extensions.code`. Rebuild each as a real graphql-js error with the same message, locations, path
 * and original error, so `formatError` sees exactly what graphql-js would have produced.
 */
function toGraphQLJsError(error: GraphQLError): GraphQLError {
  const rebuilt = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions,
  });
  if (error.locations !== undefined) {
    (rebuilt as { locations: GraphQLError['locations'] }).locations = error.locations;
  }
  return rebuilt;
}

/**
 * Executes operations with graphql-jit: each (document, operation name) is compiled once into a
 * function that resolves and completes fields without graphql-js's per-field machinery. Anything
 * graphql-jit declines to compile, and operations whose variables involve defaults (see
 * `variablesSafeForJit`), run through graphql-js `execute`. Variables are coerced by
 * graphql-js first so a bad variable gets graphql-js's exact message (and Apollo's BAD_USER_INPUT).
 * graphql-jit runs mutation root fields serially, as the spec (and graphql-js) does.
 */
export interface ExecutionCounts {
  /** Operations run by a graphql-jit compiled function. */
  jit: number;
  /** Operations graphql-jit declined to compile, run by graphql-js. */
  graphqlJs: number;
}

export function createJitExecutor(schema: GraphQLSchema): { executor: GatewayExecutor; counts: ExecutionCounts } {
  const counts: ExecutionCounts = { jit: 0, graphqlJs: 0 };
  const cache = new WeakMap<DocumentNode, Map<string, Compiled>>();

  const compiledFor = (document: DocumentNode, operationName: string | null): Compiled => {
    let byName = cache.get(document);
    if (byName === undefined) {
      byName = new Map();
      cache.set(document, byName);
    }
    const key = operationName ?? '';
    let compiled = byName.get(key);
    if (compiled === undefined) {
      const operation = getOperationAST(document, operationName);
      if (operation && variablesSafeForJit(schema, operation)) {
        const result = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
        compiled = isCompiledQuery(result) ? result : null;
      } else {
        compiled = null;
      }
      if (byName.size >= MAX_OPERATIONS_PER_DOCUMENT) {
        byName.clear();
      }
      byName.set(key, compiled);
    }
    return compiled;
  };

  const executor: GatewayExecutor = async (requestContext) => {
    const { document, operationName, context } = requestContext;
    const variables = requestContext.request.variables ?? {};
    const compiled = compiledFor(document, operationName);
    const operation = compiled === null ? undefined : (getOperationAST(document, operationName) ?? undefined);
    if (compiled !== null && operation !== undefined) {
      counts.jit += 1;
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 50 });
      if (coerced.errors !== undefined) {
        return { errors: coerced.errors };
      }
      const result = (await compiled.query(undefined, context, variables)) as ExecutionResult;
      return result.errors === undefined ? result : { ...result, errors: result.errors.map(toGraphQLJsError) };
    }
    counts.graphqlJs += 1;
    return execute({ schema, document, contextValue: context, variableValues: variables, operationName });
  };

  return { executor, counts };
}

/**
 * Apollo Server 5 has no executor option; a gateway is its documented way to supply one. This
 * "gateway" serves one fixed local schema and never updates it.
 */
export function jitGateway(schema: GraphQLSchema): { gateway: GatewayInterface; counts: ExecutionCounts } {
  const { executor, counts } = createJitExecutor(schema);
  const gateway: GatewayInterface = {
    load: async () => ({ executor }),
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => {};
    },
    stop: async () => {},
  };
  return { gateway, counts };
}
