import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess } from '../helpers/server-process';

/** Smoke: `npm start` on PGlite shows a populated year, and a restart loads the people only once. */
describe('[embedded] people fixture on PGlite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-embedded-people-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function gql(url: string, token: string, query: string) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return (await res.json()) as { data?: Record<string, Record<string, unknown>>; errors?: unknown[] };
  }

  it('attributes the fixture year and keeps the same event state across a restart', async () => {
    const env = { EMBEDDED_DATA_DIR: path.join(dir, 'pglite'), JWT_SECRET: 'embedded-smoke-secret-0123456789abcdef' };
    const q = 'mutation { runAttribution(year: 2026, rule: PRO_RATA_DAYS) { appliedEventCount stateHash } }';
    const first = await startServerProcess(env);
    let before: Record<string, unknown> | undefined;
    try {
      const r = await gql(first.url, first.tokens.FINANCE_OFFICER ?? '', q);
      before = r.data?.runAttribution;
      expect(before?.appliedEventCount).toBeGreaterThan(7000);
      const reception = await gql(
        first.url,
        first.tokens.AUDITOR ?? '',
        '{ peopleInReception(date: "2026-12-31", first: 1) { totalCount } }',
      );
      expect(reception.data?.peopleInReception?.totalCount).toBeGreaterThan(0);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const second = await startServerProcess(env);
    try {
      const again = await gql(second.url, second.tokens.FINANCE_OFFICER ?? '', q);
      expect(again.data?.runAttribution).toEqual(before);
    } finally {
      expect(await second.stop()).toBe(0);
    }
  });
});
