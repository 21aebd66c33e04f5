import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess } from '../helpers/server-process';

/** Smoke on PGlite: `npm start` shows a full 2026 allocation at once (fixtures), and a restart loads nothing twice. */
describe('[embedded] allocation fixtures on PGlite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-embedded-alloc-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function gql(url: string, token: string, query: string) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  }

  const QUERY = `{ allocationRuns(year: 2026) { schemeCode stage status budgetMode totalAmount lines(first: 500) { totalCount } } }`;

  it('starts with a PROVISIONAL run per scheme for all 342 municipalities, once', async () => {
    const env = { EMBEDDED_DATA_DIR: path.join(dir, 'pglite'), JWT_SECRET: 'embedded-smoke-secret-0123456789abcdef' };
    for (let start = 0; start < 2; start += 1) {
      const server = await startServerProcess(env);
      try {
        const r = await gql(server.url, server.tokens.AUDITOR ?? '', QUERY);
        expect(r.errors).toBeUndefined();
        const runs = r.data?.allocationRuns as {
          schemeCode: string;
          stage: string;
          status: string;
          totalAmount: string;
          lines: { totalCount: number };
        }[];
        expect(runs.map((x) => `${x.schemeCode} ${x.stage} ${x.status} ${x.lines.totalCount}`).sort()).toEqual([
          'SPUK-WI2021 PROVISIONAL CURRENT 342',
          'UITV-WI2021 PROVISIONAL CURRENT 342',
        ]);
        expect(runs.find((x) => x.schemeCode === 'UITV-WI2021')?.totalAmount).toBe('103000000.00');
      } finally {
        expect(await server.stop()).toBe(0);
      }
    }
  });
});
