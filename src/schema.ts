import 'reflect-metadata';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './common/auth/auth-checker';
import { resolvers } from './modules';
import { validateArgs } from './common/validation/validate-args';

let cached: Promise<GraphQLSchema> | undefined;

/** Builds the schema once per process (type-graphql metadata is global). */
export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    authChecker,
    // Deny by default: a field without its own rule inherits nothing and is refused in tests
    // (test/e2e/authorization.e2e-part.ts walks the metadata).
    authMode: 'error',
    // class-validator rules of the inputs (src/common/validation), errors named from the argument.
    validateFn: validateArgs,
  });
  return cached;
}

/** The SDL committed as schema.graphql: sorted, so that diffs show real changes only. */
export async function printedSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
