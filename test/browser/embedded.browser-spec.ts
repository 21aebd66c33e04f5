import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, signInAs, startConsoleServer, type ConsoleServer } from './harness';

/**
 * The README's first command as a newcomer runs it: the embedded database with the fixtures, the
 * console at the printed URL, each role signing in with its button and reaching its start page.
 */
describe('console on the embedded database (npm start -- --ephemeral)', () => {
  let server: ConsoleServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer({ embedded: true }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('prints the console URL beside the GraphQL URL', () => {
    expect(server.server.output()).toContain(`Console: ${server.origin}/`);
  });

  it.each([
    ['FINANCE_OFFICER', '/finance', /Regelingen per jaar en verdeelberekeningen/],
    ['MUNICIPAL_CONTROLLER', '/municipalities/GM0363', /Amsterdam/],
    ['AUDITOR', '/audit', /Afstemmingen/],
  ] as const)('%s signs in and reaches %s', async (role, path, heading) => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, role);
    await page.waitForURL(`${server.origin}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    expect(problems).toEqual([]);
  });

  it('serves client-side routes, assets with long caching and the security headers', async () => {
    const deep = await fetch(`${server.origin}/finance/side-by-side`, { headers: { accept: 'text/html' } });
    expect(deep.status).toBe(200);
    expect(deep.headers.get('cache-control')).toBe('no-cache');
    expect(deep.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await deep.text();
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${server.origin}${asset ?? ''}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('cache-control')).toContain('immutable');
    // The API's own paths are not swallowed by the console's fallback.
    const graphql = await fetch(`${server.origin}/graphql`, { headers: { accept: 'text/html' } });
    expect(await graphql.text()).not.toContain('<div id="root">');
    const health = await fetch(`${server.origin}/healthz`, { headers: { accept: 'text/html' } });
    expect(await health.json()).toEqual({ status: 'ok' });
    const missingAsset = await fetch(`${server.origin}/assets/nope.js`);
    expect(missingAsset.status).toBe(404);
  });
});
