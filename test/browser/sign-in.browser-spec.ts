import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signInAs, startConsoleServer, type ConsoleServer } from './harness';

describe('console: sign-in and role landing pages (real PostgreSQL)', () => {
  let server: ConsoleServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('offers a button per development token and refuses a made-up token with the server message', async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(`${server.origin}/`);
    await page.getByRole('heading', { name: 'Inburgering funding console' }).waitFor();
    await screenshot(page, 'sign-in');
    for (const role of ['FINANCE_OFFICER', 'FINANCE_OFFICER_2', 'MUNICIPAL_CONTROLLER', 'AUDITOR']) {
      expect(await page.getByTestId(`dev-${role}`).isVisible()).toBe(true);
    }
    await page.getByRole('textbox', { name: 'Token' }).fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/token/i);
    expect(await page.getByTestId('viewer').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it.each([
    ['FINANCE_OFFICER', '/finance', 'Scheme-years and allocation runs', 'Finance officer'],
    ['MUNICIPAL_CONTROLLER', '/municipalities/GM0363', 'Amsterdam (GM0363)', 'Municipal controller · GM0363'],
    ['AUDITOR', '/audit', 'Reconciliation runs', 'Auditor'],
  ] as const)('%s signs in with the button and lands on %s', async (role, path, heading, who) => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, role);
    await page.waitForURL(`${server.origin}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    expect(await page.getByTestId('viewer').textContent()).toContain(who);
    // Signing out forgets the token: the start page asks for one again.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('textbox', { name: 'Token' }).waitFor();
    await page.goto(`${server.origin}${path}`);
    await page.getByRole('textbox', { name: 'Token' }).waitFor();
    expect(problems).toEqual([]);
  });

  it('a controller who types another municipality’s URL is refused by the API and sees nothing of it', async () => {
    const { page } = await openPage(browser);
    await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
    await page.goto(`${server.origin}/municipalities/GM0599`);
    const refusal = page.getByTestId('forbidden');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('you may only read data of municipality GM0363');
    expect(await page.getByText('Rotterdam').count()).toBe(0);
  });
});
