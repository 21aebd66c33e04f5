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
    await page.getByRole('heading', { name: 'Console financiering inburgering' }).waitFor();
    // The buttons come with the server's answer to /console-api/dev-tokens, after the page itself.
    await page.getByRole('heading', { name: 'Ontwikkeltokens' }).waitFor();
    await screenshot(page, 'sign-in');
    for (const role of ['FINANCE_OFFICER', 'FINANCE_OFFICER_2', 'MUNICIPAL_CONTROLLER', 'AUDITOR']) {
      expect(await page.getByTestId(`dev-${role}`).isVisible()).toBe(true);
    }
    await page.getByRole('textbox', { name: 'Token' }).fill('not-a-token');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/token/i);
    expect(await page.getByTestId('viewer').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it.each([
    ['FINANCE_OFFICER', '/finance', 'Regelingen per jaar en verdeelberekeningen', 'Financieel medewerker'],
    ['MUNICIPAL_CONTROLLER', '/municipalities/GM0363', 'Amsterdam (GM0363)', 'Gemeentelijk controller · GM0363'],
    ['AUDITOR', '/audit', 'Afstemmingen', 'Accountant'],
  ] as const)('%s signs in with the button and lands on %s', async (role, path, heading, who) => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, role);
    await page.waitForURL(`${server.origin}${path}`);
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    expect(await page.getByTestId('viewer').textContent()).toContain(who);
    // Signing out forgets the token: the start page asks for one again.
    await page.getByRole('button', { name: 'Afmelden' }).click();
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

  it('speaks Dutch by default; English on request, remembered across a reload, with <html lang> to match', async () => {
    // A context of its own: the choice is kept in localStorage, which the file's other tabs share.
    const { page, problems } = await openPage(browser, undefined, undefined, { isolated: true });
    await page.goto(`${server.origin}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await page.getByTestId('language-nl').getAttribute('aria-pressed')).toBe('true');
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.getByRole('link', { name: 'SPUK-WI2021 2026 berekening 1' }).waitFor();
    // Amounts the Dutch way: "€ 92.000.000,00".
    expect(await page.locator('main').textContent()).toMatch(/€ \d{1,3}(\.\d{3})+,\d{2}/);

    await page.getByTestId('language-en').click();
    await page.getByRole('heading', { level: 1, name: 'Scheme-years and allocation runs' }).waitFor();
    await page.getByRole('link', { name: 'SPUK-WI2021 2026 run 1' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('language-en').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('main').textContent()).toMatch(/€\d{1,3}(,\d{3})+\.\d{2}/);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Scheme-years and allocation runs' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Advances' }).count()).toBe(1);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByTestId('language-nl').click();
    await page.getByRole('heading', { level: 1, name: 'Regelingen per jaar en verdeelberekeningen' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(problems).toEqual([]);
  });

  it('a 503 or a lost connection keeps the session and offers a retry; only UNAUTHENTICATED signs out', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.getByRole('heading', { level: 1, name: 'Regelingen per jaar en verdeelberekeningen' }).waitFor();
    const storedToken = () => page.evaluate<string | null>('sessionStorage.getItem("ife.token")');
    const token = await storedToken();
    expect(token).toBe(server.tokens.FINANCE_OFFICER);

    // The token check after a reload is answered 503: the session stays, a retry is offered.
    await page.route('**/graphql', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ errors: [{ message: 'The database is not ready', extensions: { code: 'SERVICE_UNAVAILABLE' } }] }),
      }),
    );
    await page.reload();
    await page.getByTestId('unavailable').waitFor();
    expect(await page.getByRole('textbox', { name: 'Token' }).count()).toBe(0);
    expect(await storedToken()).toBe(token);
    await page.unroute('**/graphql');
    await page.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Regelingen per jaar en verdeelberekeningen' }).waitFor();
    expect(await page.getByTestId('viewer').textContent()).toContain('Financieel medewerker');

    // A page's query that gets no answer: a retryable message on the page, still signed in.
    await page.route('**/graphql', (route) =>
      route.request().postData()?.includes('FinanceAdvancePlans') === true ? route.abort('failed') : route.continue(),
    );
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Voorschotten', exact: true }).click();
    await page.getByTestId('unavailable').waitFor();
    expect(await page.getByTestId('viewer').isVisible()).toBe(true);
    await page.unroute('**/graphql');
    await page.getByRole('button', { name: 'Opnieuw proberen' }).click();
    await page.getByTestId('plan-total').waitFor();
    expect(await storedToken()).toBe(token);

    // The server saying the token is no longer valid does end the session.
    await page.route('**/graphql', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/json',
        body: JSON.stringify({ errors: [{ message: 'The token has expired', extensions: { code: 'UNAUTHENTICATED' } }] }),
      }),
    );
    await page.reload();
    await page.getByRole('textbox', { name: 'Token' }).waitFor();
    expect(await storedToken()).toBeNull();
    await page.unroute('**/graphql');
    // The browser logs the refused and failed requests themselves; nothing else may fail.
    expect(problems.filter((p) => !/status of 503|net::ERR_FAILED/.test(p))).toEqual([]);
  });
});
