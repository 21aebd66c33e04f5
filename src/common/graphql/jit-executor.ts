import {
  GraphQLError,
  execute,
  BREAK,
  TypeInfo,
  getNamedType,
  getOperationAST,
  isEnumType,
  isInputType,
  isScalarType,
  isSpecifiedScalarType,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLInputType,
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

/** Built-in scalars and enums: graphql-jit coerces these exactly like graphql-js. */
function isPlainInputType(type: GraphQLInputType): boolean {
  const named = getNamedType(type);
  return isEnumType(named) || (isScalarType(named) && isSpecifiedScalarType(named));
}

/**
 * graphql-jit 0.8.9 handles input values differently from graphql-js where our schema relies on
 * graphql-js: literal arguments and defaults are coerced once at compile time and inlined through
 * JSON (a custom scalar's internal value, such as a Decimal, arrives in the resolver as a string),
 * and a non-null input field with a default is reported as "not provided" when omitted. So an
 * operation runs on graphql-jit only when every variable, and every argument of every field it
 * selects (given or not), is a built-in scalar or an enum (or a list of them); anything else, in
 * practice mutations with input objects and reads with Money/Date arguments, runs on graphql-js.
 */
function inputsSafeForJit(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): boolean {
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type);
    if (type === undefined || !isInputType(type) || !isPlainInputType(type)) {
      return false;
    }
  }
  let safe = true;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const field = typeInfo.getFieldDef();
        if (field && !field.args.every((arg) => isPlainInputType(arg.type))) {
          safe = false;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return safe;
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

export interface ExecutionCounts {
  /** Operations run by a graphql-jit compiled function. */
  jit: number;
  /** Operations run by graphql-js (see `inputsSafeForJit`), or that graphql-jit declined to compile. */
  graphqlJs: number;
}

/**
 * Executes operations with graphql-jit: each (document, operation name) is compiled once into a
 * function that resolves and completes fields without graphql-js's per-field machinery. Anything
 * graphql-jit declines to compile, and operations with input values it handles differently (see
 * `inputsSafeForJit`), run through graphql-js `execute`. Variables are coerced by
 * graphql-js first so a bad variable gets graphql-js's exact message (and Apollo's BAD_USER_INPUT).
 * graphql-jit runs mutation root fields serially, as the spec (and graphql-js) does.
 */
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
      if (operation && inputsSafeForJit(schema, document, operation)) {
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
