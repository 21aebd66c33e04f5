import crypto from 'node:crypto';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signInAs, startConsoleServer, type ConsoleServer } from './harness';
import { oinForMunicipality } from '../../src/modules/chain';
import { DEV_SENDER_OIN } from '../../src/modules/chain/chain.config';
import { todayInAmsterdam } from '../../src/common/dates';

/** The development secret of POST /notificaties (chain.config.ts), as `npm start` uses it without configuration. */
const DEV_INBOUND_SECRET = 'development-only-chain-inbound-secret-0123456789';

/** A BSN passing the elfproef, from a seed. */
function validBsn(seed: number): string {
  for (let n = 20_000_000 + seed * 37; ; n += 1) {
    const digits = String(n).padStart(8, '0');
    let sum = 0;
    for (let i = 0; i < 8; i += 1) {
      sum += (9 - i) * Number(digits[i]);
    }
    if (sum % 11 <= 9) {
      return `${digits}${sum % 11}`;
    }
  }
}

interface Row {
  municipalityCode: string;
  count: number;
  notifyP50Seconds: number | null;
  notifyP90Seconds: number | null;
}

describe('console: the chain page (real PostgreSQL)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  // The engine's dates are Amsterdam's (between 23:00 and 24:00 UTC the UTC date is a day behind).
  const today = todayInAmsterdam();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    // Two DUO notifications for GM0363 through the real route (the shipped simulator answers the raadpleging).
    for (const seed of [1, 2]) {
      const res = await fetch(`${server.origin}/notificaties`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${DEV_INBOUND_SECRET}`,
          bron: DEV_SENDER_OIN,
          doel: oinForMunicipality('GM0363'),
          berichtId: crypto.randomUUID(),
        },
        body: JSON.stringify({ gebeurtenisId: 'SS139', registratieDatumTijd: new Date().toISOString(), bsn: validBsn(seed) }),
      });
      expect(res.status).toBe(201);
    }
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the finance officer each municipality’s delays and the people in reception as the API reports them', async () => {
    const api = await server.gql<{ notificationTimeliness: Row[]; peopleInReception: { totalCount: number } }>(
      'FINANCE_OFFICER',
      `query($from: String!, $to: String!, $date: String!) {
         notificationTimeliness(from: $from, to: $to) { municipalityCode count notifyP50Seconds notifyP90Seconds }
         peopleInReception(date: $date) { totalCount } }`,
      { from: `${today.slice(0, 4)}-01-01`, to: today, date: today },
    );
    const own = api.data?.notificationTimeliness.find((r) => r.municipalityCode === 'GM0363');
    expect(own?.count).toBeGreaterThanOrEqual(2);
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.waitForURL(`${server.origin}/finance`);
    await page.getByRole('link', { name: 'Keten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Keten' }).waitFor();
    const row = page.getByTestId('chain-timeliness').getByRole('row').filter({ hasText: 'GM0363' });
    await row.waitFor();
    const cells = await row.getByRole('cell').allTextContents();
    const nl = (n: number | null | undefined) => (n ?? 0).toLocaleString('nl-NL');
    expect(cells.slice(0, 4)).toEqual(['GM0363', nl(own?.count), nl(own?.notifyP50Seconds), nl(own?.notifyP90Seconds)]);
    await page.getByTestId('chain-chart').waitFor();
    const reception = await page.getByTestId('chain-reception-summary').textContent();
    expect(reception).toContain(`${api.data?.peopleInReception.totalCount.toLocaleString('nl-NL')} personen`);
    expect(await page.getByTestId('chain-parked').textContent()).toContain('0 gemeenten geparkeerd');
    await screenshot(page, 'finance-chain');
    expect(problems).toEqual([]);
  });

  it('lets a controller register its own endpoint and shows the secret once; the ministry-only part is not shown', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
    await page.waitForURL(`${server.origin}/municipalities/GM0363`);
    await page.getByRole('link', { name: 'Keten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Keten' }).waitFor();
    await page.getByLabel('URL').fill('http://127.0.0.1:9/hook');
    await page.getByRole('button', { name: 'Registreren' }).click();
    const secret = page.getByTestId('chain-secret');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/whsec_[A-Za-z0-9+/=]{32}/);
    await page
      .getByTestId('chain-deliveries')
      .waitFor({ timeout: 5000 })
      .catch(() => undefined);
    const deliveries = await server.gql<{ chainDeliveries: { municipalityCode: string; url: string }[] }>(
      'MUNICIPAL_CONTROLLER',
      `{ chainDeliveries { municipalityCode url } }`,
    );
    expect(deliveries.data?.chainDeliveries).toEqual([{ municipalityCode: 'GM0363', url: 'http://127.0.0.1:9/hook' }]);
    expect(await page.getByText('Inburgeringsplichtig, nog bij geen gemeente in beeld').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
