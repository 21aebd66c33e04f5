import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
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

/** A count the Dutch way: "1092.000000" → "1.092", "12.500000" → "12,5". */
function dutchCount(count: string): string {
  const [integer = '0', fraction = ''] = count.split('.');
  const decimals = fraction.replace(/0+$/, '');
  return `${integer.replace(/\B(?=(\d{3})+(?!\d))/g, '.')}${decimals === '' ? '' : `,${decimals}`}`;
}

const rows = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"] tbody tr`);

/** Waits until the table's caption counts n rows (all pages). */
async function waitForCaption(page: Page, testId: string, text: string): Promise<void> {
  await page.locator(`[data-testid="${testId}"] caption`, { hasText: text }).waitFor();
}

/** Clicks the table's CSV button and parses the file it saves (Dutch: ";" and a decimal comma, UTF-8 with a BOM). */
async function downloadTableCsv(page: Page, testId: string): Promise<{ name: string; records: string[][] }> {
  const downloading = page.waitForEvent('download');
  await page
    .locator('.table-block', { has: page.getByTestId(testId) })
    .getByRole('button', { name: /CSV downloaden/ })
    .click();
  const file = await downloading;
  const text = fs.readFileSync(await file.path(), 'utf8');
  expect(text.startsWith('\ufeff')).toBe(true);
  return { name: file.suggestedFilename(), records: parse(text, { bom: true, delimiter: ';' }) };
}

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

  it('opens the SPUK 2026 run from the scheme-years page: 342 rows in pages, Dutch amounts, totals, province filter, search, CSV, explanation', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.getByRole('heading', { level: 1, name: 'Regelingen per jaar en verdeelberekeningen' }).waitFor();
    await screenshot(page, 'finance-scheme-years');
    let graphqlRequests = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/graphql')) {
        graphqlRequests += 1;
      }
    });
    await page.getByRole('link', { name: 'SPUK-WI2021 2026 berekening 1' }).click();
    await page.waitForURL(`${server.origin}/finance/runs/${runId}`);
    await waitForCaption(page, 'allocation-table', '(342 rijen)');
    // A page of 50 at a time; the run, its lines in one page of 500, the municipalities in one page of 500: no query per row.
    expect(await rows(page, 'allocation-table').count()).toBe(50);
    expect(graphqlRequests).toBeLessThanOrEqual(4);

    // The totals row sums every line, to the cent: the run's total as the API has it.
    const run = await ok<{
      allocationRun: { totalAmount: string; lines: { edges: { node: { municipalityCode: string; amount: string } }[] } };
    }>(
      'FINANCE_OFFICER',
      `query($id: String!) { allocationRun(id: $id) { totalAmount lines(first: 500) { edges { node { municipalityCode amount } } } } }`,
      { id: runId },
    );
    const amountOf = new Map(run.allocationRun.lines.edges.map((e) => [e.node.municipalityCode, e.node.amount]));
    expect(sumCents([...amountOf.values()])).toBe(run.allocationRun.totalAmount);
    expect(await page.getByTestId('allocation-table-total-amount').textContent()).toBe(dutch(run.allocationRun.totalAmount));
    expect(await page.getByTestId('allocation-table-totals').textContent()).toContain('Totaal');
    const amount = amountOf.get('GM0599') ?? '';
    expect(amount).toMatch(/^\d+\.\d{2}$/);
    expect(await page.getByTestId('amount-GM0599').textContent()).toBe(dutch(amount));

    // The last of seven pages holds the remaining 42 municipalities.
    for (let i = 0; i < 6; i += 1) {
      await page.getByRole('button', { name: 'Volgende' }).click();
    }
    await page.getByTestId('allocation-table-page').filter({ hasText: 'Pagina 7 van 7 · rij 301–342 van 342' }).waitFor();
    expect(await rows(page, 'allocation-table').count()).toBe(42);
    await screenshot(page, 'finance-run-table');

    // Province filter: as many rows as the API has lines for Utrecht's municipalities, and their exact total.
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
    const n = inProvince.allocationRun.lines.totalCount;
    expect(n).toBeGreaterThan(5);
    await page.getByLabel('Provincie').selectOption({ label: 'Utrecht' });
    await waitForRows(page, 'allocation-table', n);
    expect(await rows(page, 'allocation-table').count()).toBe(n);
    const utrechtTotal = sumCents(codes.map((c) => amountOf.get(c) ?? null));
    expect(await page.getByTestId('allocation-table-total-amount').textContent()).toBe(dutch(utrechtTotal));
    expect(await page.getByTestId('allocation-table-totals').textContent()).toContain(`Totaal van ${n} rijen`);

    // The CSV holds what is shown: Utrecht's rows, in the table's order, amounts exact with a decimal comma.
    const shownCodes = (await rows(page, 'allocation-table').locator('td:first-child').allTextContents()).map((c) => c.trim());
    const csv = await downloadTableCsv(page, 'allocation-table');
    expect(csv.name).toBe('allocation-SPUK-WI2021-2026-run-1.csv');
    expect(csv.records[0]).toEqual(['Code', 'Gemeente', 'Provincie', 'Gewicht', 'Bedrag', 'Beschikkingsnummer']);
    expect(csv.records.slice(1).map((r) => r[0])).toEqual(shownCodes);
    expect(csv.records.slice(1).map((r) => r[4])).toEqual(shownCodes.map((c) => (amountOf.get(c) ?? '').replace('.', ',')));
    expect(new Set(csv.records.slice(1).map((r) => r[2]))).toEqual(new Set(['Utrecht']));

    // Back to all provinces and a search typed right away, on a slowed-down page (as on a loaded
    // machine): the province filter must not come back with the search.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
    await page.getByLabel('Provincie').selectOption({ label: 'Alle provincies' });
    await page.getByLabel('Zoek op naam of code').fill('amsterd');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await waitForRows(page, 'allocation-table', 1);
    expect(await rows(page, 'allocation-table').first().textContent()).toContain('Amsterdam');
    expect(await page.getByLabel('Provincie').inputValue()).toBe('');
    expect(new URL(page.url()).search).toBe('?q=amsterd');

    // The explanation of Amsterdam's line, term by term, as the API computed it, in Dutch notation.
    const explanation = await ok<{
      allocationExplanation: { amount: string; decisionNumber: string; terms: { count: string; product: string }[] };
    }>(
      'FINANCE_OFFICER',
      `query($id: String!) { allocationExplanation(municipalityCode: "GM0363", runId: $id) { amount decisionNumber terms { count product } } }`,
      { id: runId },
    );
    await page.getByRole('link', { name: 'Toelichting Amsterdam (GM0363)' }).click();
    await page.waitForURL(/\/municipalities\/GM0363/);
    await page.getByRole('heading', { name: 'Toelichting: Amsterdam (GM0363)' }).waitFor();
    const e = explanation.allocationExplanation;
    expect(await page.getByTestId('explanation-amount').textContent()).toBe(dutch(e.amount));
    const terms = page.getByRole('table', { name: 'Termen van het gewicht' }).locator('tbody tr');
    // One row per term, plus the base amount and the weight.
    expect(await terms.count()).toBe(e.terms.length + 2);
    expect(await terms.first().textContent()).toContain(dutch(e.terms[0]?.product ?? 'x'));
    // Counts show as counts, not as amounts with cents.
    expect(await page.getByTestId('term-count').allTextContents()).toEqual(e.terms.map((t) => dutchCount(t.count)));
    // The steps in Dutch, with Dutch notation: the last one names the amount and the decision.
    const steps = page.getByTestId('explanation-steps').locator('li');
    expect(await steps.count()).toBe(e.terms.length + 5);
    expect(await steps.last().textContent()).toBe(`bedrag = ${dutch(e.amount).slice(2)} (beschikking ${e.decisionNumber})`);
    await screenshot(page, 'finance-run-explanation');
    // The table stays filtered behind the explanation.
    expect(await rows(page, 'allocation-table').count()).toBe(1);
    expect(problems).toEqual([]);
  });

  it('the allocation table page is usable at 390 px: the page itself does not scroll sideways', async () => {
    const { page, problems } = await openPage(browser, 390, 800);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.goto(`${server.origin}/finance/runs/${runId}`);
    await waitForCaption(page, 'allocation-table', '(342 rijen)');
    const widths = await pageWidths(page);
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    await page.getByLabel('Zoek op naam of code').fill('GM0363');
    await waitForRows(page, 'allocation-table', 1);
    await page.getByRole('link', { name: 'Toelichting Amsterdam (GM0363)' }).click();
    await page.getByTestId('explanation-amount').waitFor();
    expect((await pageWidths(page)).page).toBeLessThanOrEqual(widths.viewport);
    expect(problems).toEqual([]);
  });

  it('charts the largest gains and losses of an attribution rule against the taakstelling', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.getByRole('navigation', { name: 'Hoofdmenu' }).getByRole('link', { name: 'Toerekening naast taakstelling' }).click();
    // The page opens on the closed-budget scheme, where every variant shares the budget: some
    // municipalities gain what others lose.
    const uitv = await ok<{ allocationRuns: { ruleVersionId: string; status: string }[] }>(
      'FINANCE_OFFICER',
      `{ allocationRuns(schemeCode: "UITV-WI2021", year: 2026) { ruleVersionId status } }`,
    );
    const ruleVersionId = uitv.allocationRuns.find((r) => r.status === 'CURRENT')?.ruleVersionId ?? '';
    const sbs = await ok<{
      attributionSideBySide: {
        reference: string;
        variants: { label: string; total: string }[];
        lines: { amounts: { variant: string; difference: string }[] }[];
      };
    }>(
      'FINANCE_OFFICER',
      `query($v: ID!) { attributionSideBySide(schemeCode: "UITV-WI2021", year: 2026, ruleVersionId: $v) { reference variants { label total } lines { amounts { variant difference } } } }`,
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
    expect(await page.getByText(`De ${Math.min(10, gains)} grootste winsten.`).count()).toBe(1);
    const totals = await page.getByTestId('variant-totals').textContent();
    for (const v of sbs.attributionSideBySide.variants) {
      expect(totals).toContain(dutch(v.total));
    }
    await waitForCaption(page, 'side-by-side-table', '(342 rijen)');
    expect(await rows(page, 'side-by-side-table').count()).toBe(50);
    // The totals row adds up every municipality: the API's national totals of the reference and of the rule shown.
    const { reference, variants } = sbs.attributionSideBySide;
    const shown = variants.find((v) => v.label !== reference);
    const referenceTotal = variants.find((v) => v.label === reference)?.total ?? 'x';
    expect(await page.getByTestId('side-by-side-table-total-reference').textContent()).toBe(dutch(referenceTotal));
    expect(await page.getByTestId('side-by-side-table-total-amount').textContent()).toBe(dutch(shown?.total ?? 'x'));
    await screenshot(page, 'finance-side-by-side');
    // Another rule redraws the chart.
    await page.getByLabel('Toerekeningsregel').selectOption('FIRST_OF_MONTH');
    await page.getByRole('heading', { name: /bij eerste van de maand/ }).waitFor();
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
    const view = await ok<{ overrunView: { overrun: string; total: string; lines: unknown[] } }>(
      'FINANCE_OFFICER',
      `{ overrunView(schemeCode: "SPUK-WI2021", year: 2026) { overrun total lines { municipalityCode } } }`,
    );
    await page.getByTestId('overrun-amount').waitFor();
    expect(await page.getByTestId('overrun-amount').textContent()).toContain(dutch(view.overrunView.overrun));
    await waitForCaption(page, 'overrun-table', `(${view.overrunView.lines.length} rijen)`);
    expect(await rows(page, 'overrun-table').count()).toBe(Math.min(50, view.overrunView.lines.length));
    // Σ entitlements, summed exactly in the totals row, is the API's total.
    expect(await page.getByTestId('overrun-table-total-entitlement').textContent()).toBe(dutch(view.overrunView.total));
    await screenshot(page, 'finance-overrun');
    expect(problems).toEqual([]);
  });

  it('lists who has reported, filterable by status, with the deadline', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'FINANCE_OFFICER');
    await page.goto(`${server.origin}/finance/reporting`);
    await waitForCaption(page, 'reporting-table', '(342 rijen)');
    expect(await page.getByTestId('deadline').textContent()).toBe('15 juli 2027');
    expect(await page.getByTestId('status-GM0363').textContent()).toBe('Ingediend');
    await screenshot(page, 'finance-reporting');
    await page.getByLabel('Zoek op naam of code').fill('GM0599');
    await waitForRows(page, 'reporting-table', 1);
    expect(await page.getByTestId('status-GM0599').textContent()).toBe('Nog niet verantwoord');
    await page.getByLabel('Zoek op naam of code').fill('');
    await page.getByLabel('Status').selectOption({ label: 'Verantwoord (ingediend)' });
    await waitForRows(page, 'reporting-table', 1);
    expect(await rows(page, 'reporting-table').first().textContent()).toContain('Amsterdam');
    await page.getByLabel('Status').selectOption({ label: 'Verlopen (termijn voorbij, niets ingediend)' });
    await page.getByText('Geen gemeente heeft deze status.').waitFor();
    expect(problems).toEqual([]);
  });
});
