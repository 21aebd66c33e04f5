import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess } from '../helpers/server-process';

/**
 * Smoke suite on the embedded PostgreSQL (PGlite through its socket): the real `npm start`
 * binary, queried with the printed tokens, stopped with SIGTERM mid-traffic and restarted on the
 * same files. The money, locking and concurrency suites run on the real PostgreSQL (test/e2e).
 */
describe('[embedded] npm start on PGlite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-embedded-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function gql(url: string, token: string, query: string) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] };
  }

  it('serves the API with fixtures, finishes in-flight requests on SIGTERM, and restarts on the same files', async () => {
    const env = { EMBEDDED_DATA_DIR: path.join(dir, 'pglite'), JWT_SECRET: 'embedded-smoke-secret-0123456789abcdef' };
    const first = await startServerProcess(env);
    const r = await gql(first.url, first.tokens.FINANCE_OFFICER ?? '', '{ municipalities(first: 1) { totalCount } }');
    expect(r.data).toEqual({ municipalities: { totalCount: 342 } });
    const forbidden = await gql(first.url, first.tokens.MUNICIPAL_CONTROLLER ?? '', '{ municipality(code: "GM0344") { code } }');
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const ready = await fetch(first.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);

    // Requests in flight when SIGTERM arrives are answered in full.
    const inflight = Array.from({ length: 8 }, () =>
      gql(first.url, first.tokens.AUDITOR ?? '', '{ municipalities(first: 500) { totalCount edges { node { code name neighbours } } } }'),
    );
    await new Promise((res) => setTimeout(res, 5));
    first.child.kill('SIGTERM');
    const answered = await Promise.allSettled(inflight);
    const completed = answered.filter((a) => a.status === 'fulfilled');
    for (const a of completed) {
      expect((a.value.data?.municipalities as { totalCount: number }).totalCount).toBe(342);
    }
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/stopped cleanly/);
    // Every log line is JSON with the request id.
    const requestLines = first
      .output()
      .split('\n')
      .filter((l) => l.includes('"msg":"request"'));
    expect(requestLines.length).toBeGreaterThan(0);
    for (const line of requestLines) {
      expect(JSON.parse(line)).toHaveProperty('requestId');
    }

    const second = await startServerProcess(env);
    try {
      const again = await gql(second.url, second.tokens.FINANCE_OFFICER ?? '', '{ municipalities(first: 1) { totalCount } }');
      expect(again.data).toEqual({ municipalities: { totalCount: 342 } });
      expect(second.output()).toMatch(/"applied":\[\]/);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
