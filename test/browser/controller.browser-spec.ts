import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signInAs, startConsoleServer, type ConsoleServer } from './harness';

/*
 * The municipal controller's main path on `npm start`'s fixtures, with what the fixtures lack (a
 * definitive run and a finalised settlement of UITV 2026) made through the API first. Every figure
 * the pages show is compared with what the API returns to the same controller.
 */
const CODE = 'GM0363';
const OTHER = 'GM0599';

/** Dutch money, computed independently of the console's formatter. */
function dutch(amount: string): string {
  const [int = '0', frac = ''] = amount.replace('-', '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `€ ${amount.startsWith('-') ? '-' : ''}${grouped},${frac.padEnd(2, '0').slice(0, 2)}`;
}

interface Line {
  amount: string;
}
interface SettlementLine {
  municipalityCode: string;
  finalEntitlement: string;
  amount: string;
  explanation: string[];
}

describe('console: the municipal controller (real PostgreSQL)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  const entitlement: Record<string, string> = {};
  let totalPaid = '';
  let settlementLine: SettlementLine;

  async function ok<T>(role: Parameters<ConsoleServer['gql']>[0], query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await server.gql<T>(role, query, variables);
    if (r.errors !== undefined || r.data === undefined) {
      throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(r.errors)}`);
    }
    return r.data;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    // A definitive UITV 2026 run, drafted by one finance officer and finalised by another.
    const rules = await ok<{ allocationRules: { id: string }[] }>(
      'FINANCE_OFFICER',
      `{ allocationRules(schemeCode: "UITV-WI2021") { id } }`,
    );
    const run = await ok<{ runAllocation: { run: { id: string } } }>(
      'FINANCE_OFFICER',
      `mutation($i: RunAllocationInput!) { runAllocation(input: $i) { run { id } } }`,
      {
        i: {
          idempotencyKey: 'ctl-browser-def',
          ruleVersionId: rules.allocationRules[0]?.id,
          schemeCode: 'UITV-WI2021',
          stage: 'DEFINITIVE',
          year: 2026,
        },
      },
    );
    const draft = await ok<{ draftSettlement: { settlement: { id: string } } }>(
      'FINANCE_OFFICER',
      `mutation($i: DraftSettlementInput!) { draftSettlement(input: $i) { settlement { id } } }`,
      {
        i: {
          idempotencyKey: 'ctl-browser-draft',
          allocationRunId: run.runAllocation.run.id,
          schemeCode: 'UITV-WI2021',
          year: 2026,
          recoveryMode: 'OFFSET',
        },
      },
    );
    await ok('FINANCE_OFFICER_2', `mutation($i: FinaliseSettlementInput!) { finaliseSettlement(input: $i) { settlement { id } } }`, {
      i: { idempotencyKey: 'ctl-browser-final', settlementId: draft.draftSettlement.settlement.id },
    });

    // What the API tells the controller.
    const runs = await ok<{ allocationRuns: { schemeCode: string; year: number; status: string; lines: { edges: { node: Line }[] } }[] }>(
      'MUNICIPAL_CONTROLLER',
      `{ allocationRuns(year: 2026) { schemeCode year status lines(municipalityCodes: ["${CODE}"]) { edges { node { amount } } } } }`,
    );
    for (const r of runs.allocationRuns.filter((x) => x.status === 'CURRENT')) {
      entitlement[r.schemeCode] = r.lines.edges[0]?.node.amount ?? '';
    }
    const st = await ok<{ municipalityAdvanceStatement: { totalPaid: string } }>(
      'MUNICIPAL_CONTROLLER',
      `{ municipalityAdvanceStatement(municipalityCode: "${CODE}", schemeCode: "SPUK-WI2021", year: 2026) { totalPaid } }`,
    );
    totalPaid = st.municipalityAdvanceStatement.totalPaid;
    const settlements = await ok<{ settlements: { status: string; lines: SettlementLine[] }[] }>(
      'MUNICIPAL_CONTROLLER',
      `{ settlements(schemeCode: "UITV-WI2021", year: 2026) { status lines { municipalityCode finalEntitlement amount explanation } } }`,
    );
    const line = settlements.settlements.find((s) => s.status === 'FINALISED')?.lines.find((l) => l.municipalityCode === CODE);
    if (line === undefined) {
      throw new Error('no finalised settlement line for the controller');
    }
    settlementLine = line;
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('overview: the entitlement per scheme equals the API’s, formatted the Dutch way, with the tranches', async () => {
    expect(entitlement['SPUK-WI2021']).toMatch(/^\d+\.\d{2}$/);
    expect(entitlement['UITV-WI2021']).toMatch(/^\d+\.\d{2}$/);
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
    await page.waitForURL(`${server.origin}/municipalities/${CODE}`);
    const spuk = page.getByTestId('entitlement-SPUK-WI2021-2026');
    await spuk.waitFor();
    expect((await spuk.textContent())?.trim()).toBe(dutch(entitlement['SPUK-WI2021'] ?? ''));
    expect((await page.getByTestId('entitlement-UITV-WI2021-2026').textContent())?.trim()).toBe(dutch(entitlement['UITV-WI2021'] ?? ''));
    expect((await page.getByTestId('paid-SPUK-WI2021-2026').textContent())?.trim()).toBe(dutch(totalPaid));
    const tranches = page.getByTestId('tranches-SPUK-WI2021-2026');
    expect(await tranches.locator('tbody tr').count()).toBe(12);
    expect(await tranches.locator('tbody tr').first().textContent()).toContain('1 januari 2026');
    expect(await tranches.getByText('planned').count()).toBeGreaterThan(0);
    await screenshot(page, 'controller-overview');
    expect(problems).toEqual([]);
  });

  it('settlements: the finalised settlement with its lines and the line-by-line explanation', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
    await page.getByRole('link', { name: 'Settlements' }).click();
    const section = page.getByTestId('settlement-FINALISED');
    await section.waitFor();
    expect(await page.getByRole('combobox', { name: 'Scheme-year' }).inputValue()).not.toBe('');
    const row = section.locator('tbody tr').first();
    expect(await row.textContent()).toContain(dutch(settlementLine.finalEntitlement));
    expect(await row.textContent()).toContain(dutch(settlementLine.amount));
    const steps = await page.getByTestId(`explanation-${CODE}`).locator('li').allTextContents();
    expect(steps).toEqual(settlementLine.explanation);
    await screenshot(page, 'controller-settlements');
    expect(problems).toEqual([]);
  });

  it('people: pseudonymised ids, page by page, as the API lists them', async () => {
    const QUERY = `query($after: String) { peopleInView(municipalityCode: "${CODE}", first: 50, after: $after) { totalCount pageInfo { endCursor } edges { node { personId } } } }`;
    type View = { peopleInView: { totalCount: number; pageInfo: { endCursor: string }; edges: { node: { personId: string } }[] } };
    const first = await ok<View>('MUNICIPAL_CONTROLLER', QUERY);
    const second = await ok<View>('MUNICIPAL_CONTROLLER', QUERY, { after: first.peopleInView.pageInfo.endCursor });
    expect(first.peopleInView.totalCount).toBeGreaterThan(50);
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
    await page.getByRole('link', { name: 'People' }).click();
    const table = page.getByTestId('people');
    await table.waitFor();
    const ids = async () => (await table.locator('tbody tr td:first-child').allTextContents()).map((s) => s.trim());
    expect(await ids()).toEqual(first.peopleInView.edges.map((e) => e.node.personId));
    expect(await page.getByTestId('people-total').textContent()).toContain(String(first.peopleInView.totalCount));
    await screenshot(page, 'controller-people');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Page 2').waitFor();
    await table
      .locator('tbody tr')
      .first()
      .getByText(second.peopleInView.edges[0]?.node.personId ?? '?', { exact: true })
      .waitFor();
    expect(await ids()).toEqual(second.peopleInView.edges.map((e) => e.node.personId));
    expect(problems).toEqual([]);
  });

  it('reports: a bad amount shows the API’s error at the field; fixed, the report is submitted', async () => {
    // The API's own message for the same bad line (refused, so nothing is stored).
    const refused = await server.gql(
      'MUNICIPAL_CONTROLLER',
      `mutation($i: CreateReportDraftInput!) { createReportDraft(input: $i) { id } }`,
      {
        i: {
          municipalityCode: CODE,
          schemeCode: 'SPUK-WI2021',
          year: 2026,
          expenditure: [{ component: 'LANGUAGE_AND_INTEGRATION', amount: '10.005' }],
        },
      },
    );
    const problem = (refused.errors?.[0] as { extensions: { problems: { field: string; message: string }[] } }).extensions.problems[0];
    expect(problem?.field).toBe('input.expenditure[0].amount');

    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
    await page.getByRole('link', { name: 'Accountability reports' }).click();
    await page.getByRole('heading', { name: 'Report for a scheme-year' }).waitFor();
    await page.getByRole('combobox', { name: 'Scheme-year' }).selectOption({ label: '2026 · SPUK-WI2021 (open)' });
    await page.getByLabel('Asielstatushouders: count').fill('1092');
    const amount = page.getByLabel('Language and integration: amount');
    await amount.fill('10.005');
    await page.getByRole('button', { name: 'Save draft' }).click();
    const error = page.getByTestId('error-amount-LANGUAGE_AND_INTEGRATION');
    await error.waitFor();
    expect((await error.textContent())?.trim()).toBe(problem?.message);
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await amount.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    await screenshot(page, 'controller-report-error');

    await amount.fill('9500000.00');
    await page.getByRole('button', { name: 'Save and submit' }).click();
    await page.getByTestId('report-notice').filter({ hasText: 'Report submitted' }).waitFor();
    await page.getByTestId('report-status').filter({ hasText: 'submitted' }).waitFor();
    expect(await page.getByTestId('error-amount-LANGUAGE_AND_INTEGRATION').count()).toBe(0);
    const reports = await ok<{ accountabilityReports: { edges: { node: { status: string; eligibleSpending: string } }[] } }>(
      'MUNICIPAL_CONTROLLER',
      `{ accountabilityReports(filter: { municipalityCode: "${CODE}", schemeCode: "SPUK-WI2021", year: 2026 }) { edges { node { status eligibleSpending } } } }`,
    );
    expect(reports.accountabilityReports.edges.map((e) => e.node)).toEqual([{ status: 'SUBMITTED', eligibleSpending: '9500000.00' }]);
    const row = page.getByTestId('reports').locator('tbody tr').first();
    expect(await row.textContent()).toContain('submitted');
    expect(await row.textContent()).toContain(dutch('9500000.00'));
    await screenshot(page, 'controller-reports');
    expect(problems).toEqual([]);
  });

  it.each(['', '/settlements', '/reports', '/people'])(
    'another municipality’s URL %s is refused and shows nothing of it',
    async (suffix) => {
      const { page, problems } = await openPage(browser);
      await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
      await page.goto(`${server.origin}/municipalities/${OTHER}${suffix}`);
      const refusal = page.getByTestId('forbidden');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain(`you may only read data of municipality ${CODE}`);
      // Give any further query the time to (wrongly) render.
      await page.waitForTimeout(500);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).not.toContain('Rotterdam');
      expect(await page.locator('main table').count()).toBe(0);
      expect(await page.locator('main form').count()).toBe(0);
      expect(text).not.toMatch(/€/);
      if (suffix === '') {
        await screenshot(page, 'controller-forbidden');
      }
      expect(problems).toEqual([]);
    },
  );

  it('the overview is usable at 390 px', async () => {
    const { page, problems } = await openPage(browser, 390, 844);
    await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
    const spuk = page.getByTestId('entitlement-SPUK-WI2021-2026');
    await spuk.waitFor();
    expect(await spuk.isVisible()).toBe(true);
    expect((await spuk.textContent())?.trim()).toBe(dutch(entitlement['SPUK-WI2021'] ?? ''));
    // Nothing but the tables' own scroll areas is wider than the screen.
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await page.getByLabel('Year').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.tagName')).not.toBe('BODY');
    await screenshot(page, 'controller-overview-narrow');
    expect(problems).toEqual([]);
  });
});
