import { getMetadataStorage } from 'type-graphql';
import { getSchema } from '../../src/schema';
import { resolvers } from '../../src/modules';

/**
 * Deny by default, checked rather than hoped for: every Query and Mutation needs its own
 * @Authorized (a method-level rule *replaces* the class-level one in type-graphql, so each
 * operation states who may call it), and every resolver class carries one too.
 */
describe('authorization metadata', () => {
  beforeAll(async () => {
    await getSchema();
  });

  it('has an authorization rule on every query and mutation', () => {
    const storage = getMetadataStorage();
    const operations = [...storage.queries, ...storage.mutations].filter((op) => resolvers.includes(op.target));
    expect(operations.length).toBeGreaterThan(3);
    const missing = operations
      .filter((op) => !storage.authorizedFields.some((a) => a.target === op.target && a.fieldName === op.methodName))
      .map((op) => `${op.target.name}.${op.methodName}`);
    expect(missing).toEqual([]);
  });

  it('has a class-level @Authorized on every resolver', () => {
    const storage = getMetadataStorage();
    const missing = resolvers.filter((r) => !storage.authorizedResolver.some((a) => a.target === r)).map((r) => r.name);
    expect(missing).toEqual([]);
  });

  it('grants mutations only to named roles', () => {
    const storage = getMetadataStorage();
    const open = storage.mutations
      .filter((op) => resolvers.includes(op.target))
      .filter(
        (op) => (storage.authorizedFields.find((a) => a.target === op.target && a.fieldName === op.methodName)?.roles ?? []).length === 0,
      )
      .map((op) => op.methodName);
    expect(open).toEqual([]);
  });
});
