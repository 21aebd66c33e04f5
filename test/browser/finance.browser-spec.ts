import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signInAs, startConsoleServer, type ConsoleServer } from './harness';

/** The Dutch way, computed independently of the console's formatter: "9484800.00" → "€ 9.484.800,00". */
function dutch(amount: string): string {
  const [integer = '0', fraction = ''] = amount.replace(/^-/, '').split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `€ ${amount.startsWith('-') ? '-' : ''}${grouped},${fraction.padEnd(2, '0').slice(0, 2)}`;
}

/** Exact sum of two-decimal strings (cents as BigInt). */
function sumCents(values: (string | null)[]): string {
  const cents = values.reduce((n, v) => (v === null ? n : n + BigInt(v.replace('.', ''))), 0n);
  const s = cents.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
}

const rows = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] tbody tr`);

/** Waits until the table shows exactly n body rows. */
async function waitForRows(page: Page, testId: string, n: number): Promise<void> {
  // Polled from here: the console's CSP (script-src 'self') refuses waitForFunction's string eval.
  const deadline = Date.now() + 120_000;
  let count = await rows(page, testId).count();
  while (count !== n) {
    if (Date.now() > deadline) {
      throw new Error(`${testId}: expected ${n} rows, the page shows ${count}`);
    }
    await page.waitForTimeout(100);
    count = await rows(page, testId).count();
  }
}

/** Width of the whole page and of the viewport, in CSS pixels. */
async function pageWidths(page: Page): Promise<{ page: number; viewport: number }> {
  return page.evaluate<{ page: number; viewport: number }>('({ page: document.documentElement.scrollWidth, viewport: window.innerWidth })');
}

describe('console: finance officer pages (real PostgreSQL)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let runId: string;

  async function ok<T>(role: Parameters<ConsoleServer['gql']>[0], query: string, variables?: Record<string, unknown>): Promise<T> {
    const r = await server.gql<T>(role, query, variables);
    if (r.errors !== undefined || r.data === undefined) {
      throw new Error(JSON.stringify(r.errors));
    }
    return r.data;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    const runs = await ok<{ allocationRuns: { id: string; status: string }[] }>(
      'FINANCE_OFFICER',
      `{ allocationRuns(schemeCode: "SPUK-WI2021", year: 2026) { id status } }`,
    );
    runId = runs.allocationRuns.find((r) => r.status === 'CURRENT')?.id ?? '';
    // Amsterdam reports on SPUK 2026 (drafted and submitted by its controller), so the reporting page
    // has one submitted municipality among the ones that have not reported yet.
    const draft = await ok<{ createReportDraft: { id: string } }>(
      'MUNICIPAL_CONTROLLER',
      `mutation { createReportDraft(input: { municipalityCode: "GM0363", schemeCode: "SPUK-WI2021", year: 2026 }) { id } }`,
    );
    await ok('MUNICIPAL_CONTROLLER', `mutation($id: ID!) { submitReport(reportId: $id) { id } }`, { id: draft.createReportDraft.id });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the SPUK 2026 run from the scheme-years page: 342 rows, Dutch amounts, province filter, search, explanation', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.getByRole('heading', { level: 1, name: 'Scheme-years and allocation runs' }).waitFor();
    await screenshot(page, 'finance-scheme-years');
    let graphqlRequests = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql')) {
        graphqlRequests += 1;
      }
    });
    await page.getByRole('link', { name: 'SPUK-WI2021 2026 run 1' }).click();
    await page.waitForURL(`${server.origin}/finance/runs/${runId}`);
    await page.locator('[data-testid="allocation-table"] tbody tr').nth(341).waitFor();
    expect(await rows(page, 'allocation-table').count()).toBe(342);
    // Run, its lines in one page of 500, the municipalities in one page of 500: no query per row.
    expect(graphqlRequests).toBeLessThanOrEqual(4);

    const rotterdam = await ok<{ allocationRun: { lines: { edges: { node: { amount: string } }[] } } }>(
      'FINANCE_OFFICER',
      `query($id: String!) { allocationRun(id: $id) { lines(first: 1, municipalityCodes: ["GM0599"]) { edges { node { amount } } } } }`,
      { id: runId },
    );
    const amount = rotterdam.allocationRun.lines.edges[0]?.node.amount ?? '';
    expect(amount).toMatch(/^\d+\.\d{2}$/);
    expect(await page.getByTestId('amount-GM0599').textContent()).toBe(dutch(amount));

    // Province filter: as many rows as the API has lines for Utrecht's municipalities.
    const utrecht = await ok<{ municipalities: { edges: { node: { code: string } }[] } }>(
      'FINANCE_OFFICER',
      `{ municipalities(first: 500, filter: { provinceCode: "PV26" }) { edges { node { code } } } }`,
    );
    const codes = utrecht.municipalities.edges.map((e) => e.node.code);
    const inProvince = await ok<{ allocationRun: { lines: { totalCount: number } } }>(
      'FINANCE_OFFICER',
      `query($id: String!, $codes: [String!]) { allocationRun(id: $id) { lines(first: 500, municipalityCodes: $codes) { totalCount } } }`,
      { id: runId, codes },
    );
    expect(inProvince.allocationRun.lines.totalCount).toBeGreaterThan(5);
    await page.getByLabel('Province').selectOption({ label: 'Utrecht' });
    await waitForRows(page, 'allocation-table', inProvince.allocationRun.lines.totalCount);
    expect(await rows(page, 'allocation-table').count()).toBe(inProvince.allocationRun.lines.totalCount);

    // Search by name (all provinces again).
    await page.getByLabel('Province').selectOption({ label: 'All provinces' });
    await page.getByLabel('Search name or code').fill('amsterd');
    await waitForRows(page, 'allocation-table', 1);
    expect(await rows(page, 'allocation-table').first().textContent()).toContain('Amsterdam');

    // The explanation of Amsterdam's line, term by term, as the API computed it.
    const explanation = await ok<{ allocationExplanation: { amount: string; terms: { product: string }[] } }>(
      'FINANCE_OFFICER',
      `query($id: String!) { allocationExplanation(municipalityCode: "GM0363", runId: $id) { amount terms { product } } }`,
      { id: runId },
    );
    await page.getByRole('link', { name: 'Explain Amsterdam (GM0363)' }).click();
    await page.waitForURL(/\/municipalities\/GM0363/);
    await page.getByRole('heading', { name: 'Explanation: Amsterdam (GM0363)' }).waitFor();
    expect(await page.getByTestId('explanation-amount').textContent()).toBe(dutch(explanation.allocationExplanation.amount));
    const terms = page.getByRole('table', { name: 'Terms of the weight' }).locator('tbody tr');
    // One row per term, plus the base amount and the weight.
    expect(await terms.count()).toBe(explanation.allocationExplanation.terms.length + 2);
    expect(await terms.first().textContent()).toContain(dutch(explanation.allocationExplanation.terms[0]?.product ?? 'x'));
    await screenshot(page, 'finance-run-explanation');
    // The table stays filtered behind the explanation.
    expect(await rows(page, 'allocation-table').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('the allocation table page is usable at 390 px: the page itself does not scroll sideways', async () => {
    const { page, problems } = await openPage(browser, 390, 800);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.goto(`${server.origin}/finance/runs/${runId}`);
    await page.locator('[data-testid="allocation-table"] tbody tr').nth(341).waitFor();
    const widths = await pageWidths(page);
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await page.getByLabel('Search name or code').fill('GM0363');
    await waitForRows(page, 'allocation-table', 1);
    await page.getByRole('link', { name: 'Explain Amsterdam (GM0363)' }).click();
    await page.getByTestId('explanation-amount').waitFor();
    expect((await pageWidths(page)).page).toBeLessThanOrEqual(widths.viewport);
    expect(problems).toEqual([]);
  });

  it('charts the largest gains and losses of an attribution rule against the taakstelling', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Attribution vs taakstelling' }).click();
    // The page opens on the closed-budget scheme, where every variant shares the budget: some
    // municipalities gain what others lose.
    const uitv = await ok<{ allocationRuns: { ruleVersionId: string; status: string }[] }>(
      'FINANCE_OFFICER',
      `{ allocationRuns(schemeCode: "UITV-WI2021", year: 2026) { ruleVersionId status } }`,
    );
    const ruleVersionId = uitv.allocationRuns.find((r) => r.status === 'CURRENT')?.ruleVersionId ?? '';
    const sbs = await ok<{
      attributionSideBySide: {
        variants: { label: string; total: string }[];
        lines: { amounts: { variant: string; difference: string }[] }[];
      };
    }>(
      'FINANCE_OFFICER',
      `query($v: ID!) { attributionSideBySide(schemeCode: "UITV-WI2021", year: 2026, ruleVersionId: $v) { variants { label total } lines { amounts { variant difference } } } }`,
      { v: ruleVersionId },
    );
    const peildatum = sbs.attributionSideBySide.lines.flatMap((l) => l.amounts.filter((a) => a.variant === 'PEILDATUM'));
    const gains = peildatum.filter((a) => Number(a.difference) > 0).length;
    const losses = peildatum.filter((a) => Number(a.difference) < 0).length;
    expect(gains).toBeGreaterThan(0);
    expect(losses).toBeGreaterThan(0);
    const bars = page.locator('[data-testid="side-by-side-chart"] svg .recharts-bar-rectangle');
    await bars.first().waitFor();
    // Ten largest gains and ten largest losses (fewer when fewer municipalities gain or lose).
    expect(await bars.count()).toBe(Math.min(10, gains) + Math.min(10, losses));
    expect(await page.getByText(`The ${Math.min(10, gains)} largest gains.`).count()).toBe(1);
    const totals = await page.getByTestId('variant-totals').textContent();
    for (const v of sbs.attributionSideBySide.variants) {
      expect(totals).toContain(dutch(v.total));
    }
    expect(await rows(page, 'side-by-side-table').count()).toBe(342);
    await screenshot(page, 'finance-side-by-side');
    // Another rule redraws the chart.
    await page.getByLabel('Attribution rule').selectOption('FIRST_OF_MONTH');
    await page.getByRole('heading', { name: /under first of the month/ }).waitFor();
    expect(await bars.count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('shows the advances paid against planned with the totals the API has', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.goto(`${server.origin}/finance/advances`);
    const plans = await ok<{ advancePlans: { id: string; current: boolean; totalAdvance: string }[] }>(
      'FINANCE_OFFICER',
      `{ advancePlans(schemeCode: "SPUK-WI2021", year: 2026) { id current totalAdvance } }`,
    );
    const plan = plans.advancePlans.find((p) => p.current);
    const lines = await ok<{ advancePlanLines: { tranches: { status: string; cash: string | null; offset: string | null }[] }[] }>(
      'FINANCE_OFFICER',
      `query($id: ID!) { advancePlanLines(planId: $id) { tranches { status cash offset } } }`,
      { id: plan?.id },
    );
    const paid = sumCents(
      lines.advancePlanLines.flatMap((l) => l.tranches.filter((t) => t.status === 'PAID').flatMap((t) => [t.cash, t.offset])),
    );
    expect(paid).not.toBe('0.00');
    await page.getByTestId('paid-total').waitFor();
    expect(await page.getByTestId('paid-total').textContent()).toBe(dutch(paid));
    expect(await page.getByTestId('planned-total').textContent()).toBe(dutch(plan?.totalAdvance ?? 'x'));
    expect(await page.getByTestId('plan-total').textContent()).toBe(dutch(plan?.totalAdvance ?? 'x'));
    expect(await page.locator('[data-testid="advances-chart"] svg .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await rows(page, 'advances-table').count()).toBe(12);
    await screenshot(page, 'finance-advances');
    expect(problems).toEqual([]);
  });

  it('shows the national overrun figures of the open-ended scheme', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.goto(`${server.origin}/finance/overrun`);
    const view = await ok<{ overrunView: { overrun: string; lines: unknown[] } }>(
      'FINANCE_OFFICER',
      `{ overrunView(schemeCode: "SPUK-WI2021", year: 2026) { overrun lines { municipalityCode } } }`,
    );
    await page.getByTestId('overrun-amount').waitFor();
    expect(await page.getByTestId('overrun-amount').textContent()).toContain(dutch(view.overrunView.overrun));
    expect(await rows(page, 'overrun-table').count()).toBe(view.overrunView.lines.length);
    await screenshot(page, 'finance-overrun');
    expect(problems).toEqual([]);
  });

  it('lists who has reported, filterable by status, with the deadline', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.goto(`${server.origin}/finance/reporting`);
    await page.locator('[data-testid="reporting-table"] tbody tr').nth(341).waitFor();
    expect(await page.getByTestId('deadline').textContent()).toBe('15 juli 2027');
    expect(await page.getByTestId('status-GM0363').textContent()).toBe('Submitted');
    expect(await page.getByTestId('status-GM0599').textContent()).toBe('Not reported yet');
    await screenshot(page, 'finance-reporting');
    await page.getByLabel('Status').selectOption({ label: 'Reported (submitted)' });
    await waitForRows(page, 'reporting-table', 1);
    expect(await rows(page, 'reporting-table').first().textContent()).toContain('Amsterdam');
    await page.getByLabel('Status').selectOption({ label: 'Overdue (deadline passed, nothing submitted)' });
    await page.getByText('No municipality matches this status.').waitFor();
    expect(problems).toEqual([]);
  });
});
