import { createTestApp, codes, type TestApp } from '../helpers/test-app';

/**
 * When every connection stays busy longer than DB_POOL_TIMEOUT_MS, a request is answered
 * SERVICE_UNAVAILABLE (retryable, nothing changed), not INTERNAL_SERVER_ERROR, and the server
 * serves again as soon as a connection is free.
 */
describe('pool exhausted', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ poolSize: 1, poolTimeoutMs: 300 });
  });
  afterAll(() => t.close());

  it('answers SERVICE_UNAVAILABLE while the only connection is held, and works again after', async () => {
    const holder = t.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      const busy = await t.gql(`{ municipalities(first: 1) { totalCount } }`);
      expect(codes(busy)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(busy.errors?.[0]?.extensions?.retryable).toBe(true);
      expect(busy.errors?.[0]?.message).toMatch(/busy.*send the request again/);
      const mutation = await t.gql(`mutation { updateSchemeBudget(schemeCode: "UITV-WI2021", year: 2026, budget: "1.00") { budget } }`);
      expect(codes(mutation)).toEqual(['SERVICE_UNAVAILABLE']);
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    const free = await t.ok<{ municipalities: { totalCount: number } }>(`{ municipalities(first: 1) { totalCount } }`);
    expect(free.municipalities.totalCount).toBe(342);
  });
});
