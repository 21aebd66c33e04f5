import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signInAs, startConsoleServer, type ConsoleServer } from './harness';

const S = 'SPUK-WI2021';
const Y = 2026;

/** The key comparison page (issue 18.7): a finance officer makes a comparison and reads it; an auditor reads only. */
describe('console: which key? (real PostgreSQL)', () => {
  let server: ConsoleServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a finance officer makes a comparison and sees one summary row per key, the chart and the lines; an auditor reads it', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.waitForURL(`${server.origin}/finance`);
    await page.goto(`${server.origin}/finance/keys?scheme=${S}&year=${Y}`);
    await page.getByRole('button', { name: 'Vergelijking maken' }).click();
    await page.locator('[data-testid="key-summary"] tbody tr').nth(7).waitFor({ timeout: 120_000 });
    expect(await page.locator('[data-testid="key-summary"] tbody tr').count()).toBe(8);
    await page.locator('[data-testid="key-chart"] .recharts-bar-rectangle').first().waitFor();
    await page.locator('[data-testid="key-lines"] tbody tr').first().waitFor();
    await screenshot(page, 'finance-keys');
    const created = await server.gql<{ keyComparisons: { id: string }[] }>(
      'FINANCE_OFFICER',
      `{ keyComparisons(schemeCode: "${S}", year: ${Y}) { id } }`,
    );
    expect(created.data?.keyComparisons.length).toBe(1);
    expect(problems).toEqual([]);

    const auditor = await openPage(browser);
    await signInAs(auditor.page, server.origin, 'AUDITOR');
    await auditor.page.waitForURL(`${server.origin}/audit`);
    await auditor.page.getByRole('link', { name: 'Welke verdeelsleutel?' }).click();
    await auditor.page.waitForURL(/\/audit\/keys/);
    await auditor.page.goto(`${server.origin}/audit/keys?scheme=${S}&year=${Y}`);
    await auditor.page.locator('[data-testid="key-summary"] tbody tr').nth(7).waitFor({ timeout: 60_000 });
    expect(await auditor.page.getByRole('button', { name: 'Vergelijking maken' }).count()).toBe(0);
    expect(auditor.problems).toEqual([]);
  }, 300_000);
});
