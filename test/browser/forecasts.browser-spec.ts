import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signInAs, startConsoleServer, type ConsoleServer } from './harness';

/** "9484800.00" → "€ 9.484.800,00", independently of the console's formatter. */
function dutch(amount: string): string {
  const [integer = '0', fraction = ''] = amount.replace(/^-/, '').split('.');
  return `€ ${amount.startsWith('-') ? '-' : ''}${integer.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${fraction.padEnd(2, '0').slice(0, 2)}`;
}

/** A whole count the Dutch way: "1092" → "1.092"; a 6-decimal one without trailing zeros ("12.500000" → "12,5"). */
function dutchCount(count: string): string {
  const [integer = '0', fraction = ''] = count.split('.');
  const decimals = fraction.replace(/0+$/, '');
  return `${integer.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${decimals === '' ? '' : `,${decimals}`}`;
}

/** A fraction with up to 6 decimals ("0.123456") as a Dutch percentage with 2 decimals, rounded half up on the digits: "12,35 %". */
function dutchPercent(fraction: string): string {
  const [integer = '0', decimals = ''] = fraction.split('.');
  const millionths = BigInt(integer) * 1_000_000n + BigInt(decimals.padEnd(6, '0').slice(0, 6));
  // percent × 100 = millionths / 100, rounded half up
  const hundredths = (millionths + 50n) / 100n;
  const s = hundredths.toString().padStart(3, '0');
  return `${s.slice(0, -2)},${s.slice(-2)} %`;
}

const YEARS = [2023, 2024];
const HISTORY: Record<string, number[]> = { GM0363: [980, 1060], GM0344: [410, 430], GM0599: [905, 940] };

describe('console: forecasts, backtests, exposure and alerts (real PostgreSQL)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let backtestId: string;
  let runId: string;

  async function ok<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await server.gql<T>('FINANCE_OFFICER', query, variables);
    if (r.errors !== undefined || r.data === undefined) {
      throw new Error(JSON.stringify(r.errors));
    }
    return r.data;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    // The fixtures register 2025 and 2026 (PEILDATUM); two earlier years for three municipalities
    // give every backtest year two years of history.
    await ok(`mutation($input: ImportCountsInput!) { importCounts(input: $input) { id } }`, {
      input: {
        batchKey: 'browser-history-2023-2024',
        rows: Object.entries(HISTORY).flatMap(([municipalityCode, values]) =>
          YEARS.map((year, i) => ({
            municipalityCode,
            periodType: 'YEAR',
            periodStart: `${year}-01-01`,
            periodEnd: `${year}-12-31`,
            category: 'ASIELSTATUSHOUDER',
            basis: 'REGISTERED',
            rule: 'PEILDATUM',
            source: 'DUO',
            value: String(values[i]),
          })),
        ),
      },
    });
    const backtest = await ok<{ runForecastBacktest: { backtest: { id: string } } }>(
      `mutation { runForecastBacktest(input: { method: SHRINKAGE_EB, fromYear: 2025, toYear: 2026, periods: 2, idempotencyKey: "browser-bt" }) { backtest { id } } }`,
    );
    backtestId = backtest.runForecastBacktest.backtest.id;
    await ok(
      `mutation { createForecast(input: { year: 2026, method: SHRINKAGE_EB, periods: 2, idempotencyKey: "browser-fc-2026" }) { forecast { id } } }`,
    );
    const runs = await ok<{ allocationRuns: { id: string; status: string }[] }>(
      `{ allocationRuns(schemeCode: "SPUK-WI2021", year: 2026) { id status } }`,
    );
    runId = runs.allocationRuns.find((r) => r.status === 'CURRENT')?.id ?? '';
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const tableRows = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] tbody tr`);

  it('draws the fan chart of Amsterdam: a 10–90 % band, the median and the actual count for each backtest year', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.getByRole('link', { name: 'Prognoses' }).click();
    await page.getByRole('heading', { level: 1, name: 'Prognose per gemeente met bandbreedte en werkelijke aantallen' }).waitFor();
    await page.locator('[data-testid="fan-chart"][data-points="2"]').waitFor();
    expect(await page.locator('[data-testid="fan-chart"] svg .recharts-area-area').count()).toBe(1);
    expect(await page.locator('[data-testid="fan-chart"] svg .recharts-line').count()).toBe(2);
    // The figures are the stored backtest forecasts' (read apart, from the forecasts) and the
    // registered counts, as the API has them; the page reads only Amsterdam's lines (decision 1880).
    const bt = await ok<{
      forecastBacktest: {
        forecastIds: string[];
        municipalityCodes: string[];
        rowPage: { totalCount: number; edges: { node: { year: number; municipalityCode: string; category: string; actual: string } }[] };
      };
    }>(
      `query($id: ID!) { forecastBacktest(id: $id) { forecastIds municipalityCodes
        rowPage(municipalityCode: "GM0363", first: 500) { totalCount edges { node { year municipalityCode category actual } } } } }`,
      { id: backtestId },
    );
    expect(bt.forecastBacktest.municipalityCodes).toContain('GM0363');
    // The municipality picker lists the backtest's municipalities.
    expect(await page.getByLabel('Gemeente').locator('option').count()).toBe(bt.forecastBacktest.municipalityCodes.length);
    const rows = bt.forecastBacktest.rowPage.edges.map((e) => e.node);
    expect(rows.length).toBe(bt.forecastBacktest.rowPage.totalCount);
    expect(new Set(rows.map((r) => r.municipalityCode))).toEqual(new Set(['GM0363']));
    for (const id of bt.forecastBacktest.forecastIds) {
      const f = await ok<{
        forecast: {
          year: number;
          lines: { municipalityCode: string; category: string; value: string; p10: string; p50: string; p90: string }[];
        };
      }>(`query($id: ID!) { forecast(id: $id) { year lines { municipalityCode category value p10 p50 p90 } } }`, { id });
      const line = f.forecast.lines.find((l) => l.municipalityCode === 'GM0363' && l.category === 'ASIELSTATUSHOUDER');
      const actual = rows.find((r) => r.year === f.forecast.year && r.category === 'ASIELSTATUSHOUDER');
      expect(line).toBeDefined();
      const cells = await page.getByTestId(`fan-${f.forecast.year}`).locator('td').allTextContents();
      expect(cells).toEqual([
        dutchCount(line!.p10),
        dutchCount(line!.p50),
        dutchCount(line!.p90),
        dutchCount(line!.value),
        dutchCount(actual?.actual ?? ''),
      ]);
    }
    await screenshot(page, 'finance-fan-chart');
    expect(problems).toEqual([]);
  });

  it('shows the backtest table per method and size class with WAPE and the coverage of each interval', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.goto(`${server.origin}/finance/backtests`);
    await page.getByTestId('backtest-table').waitFor();
    const bt = await ok<{
      forecastBacktest: {
        summary: {
          sizeClass: string;
          wape: string | null;
          coverage50: string | null;
          coverage80: string | null;
          coverage90: string | null;
        }[];
      };
    }>(`query($id: ID!) { forecastBacktest(id: $id) { summary { sizeClass wape coverage50 coverage80 coverage90 } } }`, { id: backtestId });
    expect(await tableRows(page, 'backtest-table').count()).toBe(bt.forecastBacktest.summary.length);
    const all = bt.forecastBacktest.summary.find((s) => s.sizeClass === 'ALL')!;
    const cells = await page.getByTestId('backtest-SHRINKAGE_EB-ALL').locator('td').allTextContents();
    expect(cells[0]).toBe('alle gemeenten');
    expect(cells.slice(3)).toEqual([all.wape, all.coverage50, all.coverage80, all.coverage90].map((v) => dutchPercent(v ?? '')));
    await screenshot(page, 'finance-backtests');
    expect(problems).toEqual([]);
  });

  it('shows the exposure of the SPUK 2026 advances on the newest forecast, with the national range', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.goto(`${server.origin}/finance/exposure?scheme=SPUK-WI2021&year=2026`);
    const forecasts = await ok<{ forecasts: { id: string; method: string }[] }>(`{ forecasts(year: 2026) { id method } }`);
    const forecastId = forecasts.forecasts.find((f) => f.method === 'SHRINKAGE_EB')!.id;
    const ex = await ok<{ forecastExposure: { budget: string; totalP10: string; totalP50: string; totalP90: string; lines: unknown[] } }>(
      `query($f: ID!, $r: ID!) { forecastExposure(forecastId: $f, allocationRunId: $r) { budget totalP10 totalP50 totalP90 lines { municipalityCode } } }`,
      { f: forecastId, r: runId },
    );
    await page.getByTestId('exposure-total-p50').waitFor();
    expect(await page.getByTestId('exposure-budget').textContent()).toBe(dutch(ex.forecastExposure.budget));
    expect(await page.getByTestId('exposure-total-p10').textContent()).toBe(dutch(ex.forecastExposure.totalP10));
    expect(await page.getByTestId('exposure-total-p50').textContent()).toBe(dutch(ex.forecastExposure.totalP50));
    expect(await page.getByTestId('exposure-total-p90').textContent()).toBe(dutch(ex.forecastExposure.totalP90));
    await page.locator('[data-testid="exposure-table"] caption', { hasText: `(${ex.forecastExposure.lines.length} rijen)` }).waitFor();
    await screenshot(page, 'finance-exposure');
    expect(problems).toEqual([]);
  });

  it('subscribes to an alert with Dutch notation, evaluates, and lists what fired', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.goto(`${server.origin}/finance/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Signaleringen' }).waitFor();
    await page.getByLabel('Voorwaarde').selectOption({ label: 'Verwachte terugvordering boven drempel' });
    await page.getByLabel('Verdeelberekening (id) van de voorschotten').fill(runId);
    await page.getByLabel('Drempel (€)').fill('1.000,00');
    await page.getByRole('button', { name: 'Abonneren' }).click();
    await page.getByTestId('alert-subscribed').waitFor();
    const subs = await ok<{ alertSubscriptions: { condition: string; threshold: string; allocationRunId: string }[] }>(
      `{ alertSubscriptions { condition threshold allocationRunId } }`,
    );
    expect(subs.alertSubscriptions).toEqual([{ condition: 'RECOVERY_ABOVE_THRESHOLD', threshold: '1000.00', allocationRunId: runId }]);
    await page.getByRole('button', { name: 'Nu beoordelen' }).click();
    await page.getByTestId('alerts-evaluated').waitFor();
    const alerts = await ok<{ alerts: { totalCount: number } }>(`{ alerts(first: 1) { totalCount } }`);
    // On the newest forecast some municipalities are expected to pay back more than € 1.000,00.
    expect(alerts.alerts.totalCount).toBeGreaterThan(0);
    await page
      .locator('[data-testid="alerts-table"] caption', {
        hasText: `(${alerts.alerts.totalCount} ${alerts.alerts.totalCount === 1 ? 'rij' : 'rijen'})`,
      })
      .waitFor();
    expect(await tableRows(page, 'alerts-table').first().textContent()).toContain('afgegaan');
    await screenshot(page, 'finance-alerts');

    // A finance officer may cancel and resume any subscription (decision 1910): cancel, then resume, with the API agreeing.
    const [subscription] = (await ok<{ alertSubscriptions: { id: string }[] }>(`{ alertSubscriptions { id } }`)).alertSubscriptions;
    const item = page.getByTestId(`subscription-${subscription!.id}`);
    await item.getByRole('button', { name: 'Opzeggen' }).click();
    await page.getByTestId('alert-subscription-cancelled').waitFor();
    await item.getByRole('button', { name: 'Hervatten' }).waitFor();
    await item.getByText(/opgezegd/).waitFor();
    const state = async () =>
      (
        await ok<{ alertSubscriptions: { cancelledAt: string | null; resumedAt: string | null }[] }>(
          `{ alertSubscriptions { cancelledAt resumedAt } }`,
        )
      ).alertSubscriptions[0];
    expect((await state())?.cancelledAt).not.toBeNull();
    await item.getByRole('button', { name: 'Hervatten' }).click();
    await page.getByTestId('alert-subscription-resumed').waitFor();
    await item.getByRole('button', { name: 'Opzeggen' }).waitFor();
    expect(await state()).toMatchObject({ cancelledAt: null, resumedAt: expect.any(String) });
    // The page tells the earlier cancellation (decision 2040): once, resumed by this finance officer.
    const history = item.getByTestId(`subscription-${subscription!.id}-history`);
    await history.waitFor();
    expect(await history.textContent()).toMatch(/^eerder opgezegd \(1×\), laatst hervat .+ door \S+/);
    expect(problems).toEqual([]);
  });
});
