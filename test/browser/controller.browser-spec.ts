import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, screenshot, settled, signInAs, startConsoleServer, type ConsoleServer } from './harness';

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
  countBased: string;
  finalEntitlement: string;
  paid: string;
  amount: string;
  explanation: string[];
}

/** A decimal in Dutch notation, every decimal kept (as the explanation steps show them): "1234.5" → "1.234,5". */
function dutchExact(text: string): string {
  const [int = '0', frac] = text.replace('-', '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${text.startsWith('-') ? '-' : ''}${grouped}${frac === undefined ? '' : `,${frac}`}`;
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
      `{ settlements(schemeCode: "UITV-WI2021", year: 2026) { status lines { municipalityCode countBased finalEntitlement paid amount explanation } } }`,
    );
    const line = settlements.settlements.find((s) => s.status === 'FINALISED')?.lines.find((l) => l.municipalityCode === CODE);
    if (line === undefined) {
      throw new Error('no finalised settlement line for the controller');
    }
    settlementLine = line;
  }, 600_000);
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
    expect(await tranches.getByText('gepland').count()).toBeGreaterThan(0);
    // How the entitlement is calculated, in Dutch and Dutch notation: the last step names the API's amount and decision.
    const line = await ok<{ allocationRuns: { status: string; lines: { edges: { node: { decisionNumber: string } }[] } }[] }>(
      'MUNICIPAL_CONTROLLER',
      `{ allocationRuns(schemeCode: "SPUK-WI2021", year: 2026) { status lines(municipalityCodes: ["${CODE}"]) { edges { node { decisionNumber } } } } }`,
    );
    const decision = line.allocationRuns.find((r) => r.status === 'CURRENT')?.lines.edges[0]?.node.decisionNumber;
    const steps = page.getByTestId('entitlement-steps-SPUK-WI2021-2026').locator('li');
    expect(await steps.last().textContent()).toBe(`bedrag = ${dutchExact(entitlement['SPUK-WI2021'] ?? '')} (beschikking ${decision})`);
    await screenshot(page, 'controller-overview');
    expect(problems).toEqual([]);
  });

  it('settlements: the finalised settlement with its lines and the line-by-line explanation', async () => {
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
    await page.getByRole('link', { name: 'Vaststellingen' }).click();
    const section = page.getByTestId('settlement-FINALISED');
    await section.waitFor();
    expect(await page.getByRole('combobox', { name: 'Regeling' }).inputValue()).toBe('UITV-WI2021');
    expect(await page.getByRole('combobox', { name: 'Jaar' }).inputValue()).toBe('2026');
    const row = section.locator('tbody tr').first();
    expect(await row.textContent()).toContain(dutch(settlementLine.finalEntitlement));
    expect(await row.textContent()).toContain(dutch(settlementLine.amount));
    // The API's explanation, step for step, in Dutch with the API's figures in Dutch notation.
    const steps = await page.getByTestId(`explanation-${CODE}`).locator('li').allTextContents();
    expect(steps).toHaveLength(settlementLine.explanation.length);
    expect(steps[0]).toBe(`toekenning op basis van aantallen (definitieve verdeelberekening) ${dutchExact(settlementLine.countBased)}`);
    expect(steps[steps.length - 1]).toContain(
      `S = E(vastgesteld) ${dutchExact(settlementLine.finalEntitlement)} − betaalde termijnen ${dutchExact(settlementLine.paid)} = ${dutchExact(settlementLine.amount)}`,
    );
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
    await page.getByRole('link', { name: 'Inburgeringsplichtigen' }).click();
    const table = page.getByTestId('people');
    await table.waitFor();
    const ids = async () => (await table.locator('tbody tr td:first-child').allTextContents()).map((s) => s.trim());
    expect(await ids()).toEqual(first.peopleInView.edges.map((e) => e.node.personId));
    expect(await page.getByTestId('people-total').textContent()).toContain(
      String(first.peopleInView.totalCount).replace(/\B(?=(\d{3})+(?!\d))/g, '.'),
    );
    await screenshot(page, 'controller-people');
    await page.getByRole('button', { name: 'Volgende pagina' }).click();
    await page.getByText('Pagina 2').waitFor();
    await table
      .locator('tbody tr')
      .first()
      .getByText(second.peopleInView.edges[0]?.node.personId ?? '?', { exact: true })
      .waitFor();
    expect(await ids()).toEqual(second.peopleInView.edges.map((e) => e.node.personId));
    expect(problems).toEqual([]);
  });

  it('reports: Dutch figures are accepted, an ambiguous one is refused at the field, a bad amount shows the API’s error; then submitted', async () => {
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
    const stored = () =>
      ok<{
        accountabilityReports: {
          edges: {
            node: {
              status: string;
              eligibleSpending: string;
              late: boolean | null;
              submittedAt: string | null;
              counts: { count: string }[];
            };
          }[];
        };
      }>(
        'MUNICIPAL_CONTROLLER',
        `{ accountabilityReports(filter: { municipalityCode: "${CODE}", schemeCode: "SPUK-WI2021", year: 2026 }) { edges { node { status eligibleSpending late submittedAt counts { count } } } } }`,
      );

    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
    await page.getByRole('link', { name: 'Verantwoordingen' }).click();
    await page.getByRole('heading', { name: 'Verantwoording voor een regelingsjaar' }).waitFor();
    await page.getByRole('combobox', { name: 'Jaar' }).selectOption('2026');
    await page.getByRole('combobox', { name: 'Regeling' }).selectOption('SPUK-WI2021');
    const count = page.getByLabel('Asielstatushouders: aantal');
    const amount = page.getByLabel('Taal en inburgering: bedrag');

    // "1.092" could be 1092 or 1,092: refused at the field, naming both readings, and nothing is sent.
    await count.fill('1.092');
    await amount.fill('9.500.000,00');
    await page.getByRole('button', { name: 'Concept opslaan' }).click();
    const countError = page.getByTestId('error-count-ASIELSTATUSHOUDER|');
    await countError.waitFor();
    expect(await countError.textContent()).toContain('„1.092” is dubbelzinnig: bedoelt u 1092');
    expect(await countError.textContent()).toContain('1,092');
    expect(await count.getAttribute('aria-invalid')).toBe('true');
    expect((await stored()).accountabilityReports.edges).toEqual([]);

    // Dutch notation throughout; the amount with three decimals is the API's to refuse, at the field.
    await count.fill('1.092,5');
    await amount.fill('10,005');
    await page.getByRole('button', { name: 'Concept opslaan' }).click();
    const error = page.getByTestId('error-amount-LANGUAGE_AND_INTEGRATION');
    await error.waitFor();
    expect((await error.textContent())?.trim()).toBe(problem?.message);
    expect(await amount.getAttribute('aria-invalid')).toBe('true');
    expect(await amount.getAttribute('aria-describedby')).toBe(await error.getAttribute('id'));
    expect(await page.getByTestId('error-count-ASIELSTATUSHOUDER|').count()).toBe(0);
    await screenshot(page, 'controller-report-error');

    await amount.fill('9.500.000,00');
    await page.getByRole('button', { name: 'Opslaan en indienen' }).click();
    await page.getByTestId('report-notice').filter({ hasText: 'Verantwoording ingediend' }).waitFor();
    await page.getByTestId('report-status').filter({ hasText: 'ingediend' }).waitFor();
    expect(await page.getByTestId('error-amount-LANGUAGE_AND_INTEGRATION').count()).toBe(0);
    const reports = (await stored()).accountabilityReports.edges.map((e) => e.node);
    expect(reports.map((r) => ({ status: r.status, eligibleSpending: r.eligibleSpending, counts: r.counts }))).toEqual([
      { status: 'SUBMITTED', eligibleSpending: '9500000.00', counts: [{ count: '1092.500000' }] },
    ]);
    const row = page.getByTestId('reports').locator('tbody tr').first();
    expect(await row.textContent()).toContain('ingediend');
    expect(await row.textContent()).toContain(dutch('9500000.00'));
    // The submission moment and timeliness are the API's fields, shown as they are.
    const report = reports[0];
    expect(report?.late === true || report?.late === false).toBe(true);
    expect(await row.locator('time').getAttribute('datetime')).toBe(report?.submittedAt);
    expect(await row.textContent()).toContain(report?.late === true ? 'te laat' : 'op tijd');
    expect(await page.getByTestId('report-status').locator('time').getAttribute('datetime')).toBe(report?.submittedAt);
    await screenshot(page, 'controller-reports');
    expect(problems).toEqual([]);
  });

  it('alerts: only the conditions a controller may watch, subscribe to its own, cancel and resume it; never the ministry’s', async () => {
    // The ministry watches this municipality too: shown, but not offered for cancelling (the API refuses it).
    const ministry = await ok<{ subscribeAlert: { subscription: { id: string; subscriberRole: string } } }>(
      'FINANCE_OFFICER',
      `mutation { subscribeAlert(input: { condition: REPORT_OVERDUE, municipalityCode: "${CODE}", schemeCode: "UITV-WI2021", year: 2025, idempotencyKey: "browser-ministry-watch" }) { subscription { id subscriberRole } } }`,
    );
    expect(ministry.subscribeAlert.subscription.subscriberRole).toBe('FINANCE_OFFICER');
    const { page, problems } = await openPage(browser);
    await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
    await page.goto(`${server.origin}/municipalities/${CODE}/alerts`);
    const form = page.getByTestId('controller-alert-subscribe-form');
    await form.waitFor();
    // The national conditions are the ministry's: not offered.
    expect(await form.locator('select option').allTextContents()).toEqual([
      'Termijn verantwoording nadert',
      'Verantwoording te laat',
      'Verwachte terugvordering boven drempel',
    ]);
    await form.locator('select').selectOption('REPORT_OVERDUE');
    await form.getByLabel('Regeling').fill('UITV-WI2021');
    await form.getByLabel('Jaar').fill('2026');
    await form.getByRole('button', { name: 'Abonneren' }).click();
    await page.getByTestId('controller-alert-subscribed').waitFor();
    const list = page.getByTestId('controller-alert-subscriptions');
    const item = list.locator('li', { hasText: 'Verantwoording te laat · UITV-WI2021 2026' });
    await item.waitFor();
    // The API agrees: one active subscription of this controller for GM0363.
    const before = await ok<{
      alertSubscriptions: { id: string; condition: string; municipalityCode: string; cancelledAt: string | null }[];
    }>('MUNICIPAL_CONTROLLER', `{ alertSubscriptions { id condition municipalityCode cancelledAt } }`);
    const mine = before.alertSubscriptions.filter(
      (s) => s.condition === 'REPORT_OVERDUE' && s.cancelledAt === null && s.id !== ministry.subscribeAlert.subscription.id,
    );
    expect(mine.map((s) => s.municipalityCode)).toEqual([CODE]);
    const ministryItem = list.getByTestId(`subscription-${ministry.subscribeAlert.subscription.id}`);
    await ministryItem.getByText('Abonnement van het ministerie').waitFor();
    expect(await ministryItem.getByRole('button').count()).toBe(0);
    await item.getByRole('button', { name: 'Opzeggen' }).click();
    await page.getByTestId('controller-alert-cancelled').waitFor();
    await item.getByText(/opgezegd/).waitFor();
    expect(await item.getByRole('button', { name: 'Opzeggen' }).count()).toBe(0);
    const after = await ok<{ alertSubscriptions: { id: string; cancelledAt: string | null }[] }>(
      'MUNICIPAL_CONTROLLER',
      `{ alertSubscriptions { id cancelledAt } }`,
    );
    expect(after.alertSubscriptions.find((s) => s.id === mine[0]?.id)?.cancelledAt).not.toBeNull();
    await screenshot(page, 'controller-alerts');

    // Its own cancelled subscription is offered for resuming (decision 1910), and resumed.
    await item.getByRole('button', { name: 'Hervatten' }).click();
    await page.getByTestId('controller-alert-resumed').waitFor();
    await item.getByRole('button', { name: 'Opzeggen' }).waitFor();
    const resumed = await ok<{
      alertSubscriptions: { id: string; cancelledAt: string | null; resumedAt: string | null; resumedBy: string | null }[];
    }>('MUNICIPAL_CONTROLLER', `{ alertSubscriptions { id cancelledAt resumedAt resumedBy } }`);
    const mineResumed = resumed.alertSubscriptions.find((s) => s.id === mine[0]?.id);
    expect(mineResumed).toMatchObject({ cancelledAt: null, resumedAt: expect.any(String), resumedBy: expect.any(String) });
    // Its history on the page (decision 2040): one cancellation, resumed by this controller (the date as the page formats it).
    const history = item.getByTestId(`subscription-${mine[0]?.id}-history`);
    await history.waitFor();
    const escaped = (mineResumed?.resumedBy ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect((await history.textContent())?.trim()).toMatch(new RegExp(`^eerder opgezegd \\(1×\\), laatst hervat .+ door ${escaped}$`));
    // The ministry's subscription, once the ministry cancelled it, is not offered for resuming either (the API refuses it).
    await ok(
      'FINANCE_OFFICER',
      `mutation { cancelAlertSubscription(input: { id: "${ministry.subscribeAlert.subscription.id}", idempotencyKey: "browser-ministry-cancel" }) { replayed } }`,
    );
    await page.reload();
    await ministryItem.getByText(/opgezegd/).waitFor();
    await ministryItem.getByText('Abonnement van het ministerie').waitFor();
    expect(await ministryItem.getByRole('button').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it.each(['', '/settlements', '/reports', '/people', '/alerts'])(
    'another municipality’s URL %s is refused and shows nothing of it',
    async (suffix) => {
      const { page, problems } = await openPage(browser);
      await signInAs(page, server.origin, 'MUNICIPAL_CONTROLLER');
      await page.goto(`${server.origin}/municipalities/${OTHER}${suffix}`);
      const refusal = page.getByTestId('forbidden');
      await refusal.waitFor();
      expect(await refusal.textContent()).toContain(`you may only read data of municipality ${CODE}`);
      // Every query the page made has been answered and rendered (a wrong answer would show now).
      await settled(page);
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
    await page.getByRole('combobox', { name: 'Jaar' }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate<string>('document.activeElement?.tagName')).not.toBe('BODY');
    await screenshot(page, 'controller-overview-narrow');
    expect(problems).toEqual([]);
  });
});
