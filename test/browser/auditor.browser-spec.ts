import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, screenshot, signInAs, startConsoleServer, type ConsoleServer } from './harness';

const S = 'SPUK-WI2021';
const Y = 2026;

interface Run {
  id: string;
  status: string;
  differenceCount: number | null;
  inputHash: string | null;
  outputHash: string | null;
  progressTotal: number;
}
interface Diff {
  ordinal: number;
  cause: string;
  municipalityCode: string | null;
  account: string | null;
  difference: string;
}

/** "1234.5" → "1.234,50" (test-side copy of the console's Dutch formatting, on the text). */
function dutch(text: string): string {
  const negative = text.startsWith('-');
  const [int = '0', frac = ''] = text.replace(/^-/, '').split('.');
  return `€ ${negative ? '-' : ''}${int.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${frac.padEnd(2, '0').slice(0, 2)}`;
}

/** Retries `read` until it returns `expected` (or the time is up, then fails with the last value). */
async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (last !== expected && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await read();
  }
  expect(last).toBe(expected);
}

describe('console: auditor pages (real PostgreSQL)', () => {
  let server: ConsoleServer;
  let browser: Browser;
  let run: Run;
  let differences: Diff[];
  let correctionId: string;

  async function ok<T>(role: Parameters<ConsoleServer['gql']>[0], query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const r = await server.gql<T>(role, query, variables);
    if (r.errors !== undefined || r.data === undefined) {
      throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(r.errors)}`);
    }
    return r.data;
  }

  async function waitForRun(id: string): Promise<Run> {
    // Follows the run until it ends; the limit only stops a run that never will (generous for a loaded machine).
    const until = Date.now() + 300_000;
    while (Date.now() < until) {
      const r = await ok<{ reconciliationRun: Run }>(
        'AUDITOR',
        `query($id: ID!) { reconciliationRun(id: $id) { id status differenceCount inputHash outputHash progressTotal } }`,
        { id },
      );
      if (r.reconciliationRun.status === 'SUCCEEDED' || r.reconciliationRun.status === 'FAILED') {
        return r.reconciliationRun;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error('the reconciliation run did not finish in five minutes');
  }

  async function countFor(filter: Record<string, unknown>): Promise<number> {
    const r = await ok<{ reconciliationDifferences: { totalCount: number } }>(
      'AUDITOR',
      `query($id: ID!, $f: ReconciliationDifferenceFilter) { reconciliationDifferences(runId: $id, filter: $f) { totalCount } }`,
      { id: run.id, f: filter },
    );
    return r.reconciliationDifferences.totalCount;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startConsoleServer(), launchBrowser()]);
    // A manual correction on GM0363's committed account: a MANUAL_CORRECTION difference of 50.00.
    const correction = await ok<{ postManualCorrection: { id: string } }>(
      'FINANCE_OFFICER',
      `mutation($input: ManualCorrectionInput!) { postManualCorrection(input: $input) { id } }`,
      {
        input: {
          effectiveDate: `${Y}-03-01`,
          idempotencyKey: 'browser-auditor-mc',
          reason: 'browser test correction',
          postings: [
            { account: `municipality:GM0363:committed:${S}:${Y}`, direction: 'DEBIT', amount: '50.00' },
            { account: `ministry:commitment:${S}:${Y}`, direction: 'CREDIT', amount: '50.00' },
          ],
        },
      },
    );
    correctionId = correction.postManualCorrection.id;
    // A paid tranche reversed without a reason the engine knows: an UNEXPLAINED advance difference.
    const tranches = await ok<{ journalTransactions: { edges: { node: { id: string } }[] } }>(
      'FINANCE_OFFICER',
      `{ journalTransactions(first: 1, filter: { municipalityCode: "GM0014", kind: "ADVANCE_TRANCHE" }) { edges { node { id } } } }`,
    );
    const tranche = tranches.journalTransactions.edges[0]?.node.id;
    if (tranche === undefined) {
      throw new Error('the fixtures paid no SPUK tranche to GM0014');
    }
    await ok('FINANCE_OFFICER', `mutation($input: ReverseTransactionInput!) { reverseTransaction(input: $input) { id } }`, {
      input: { transactionId: tranche, idempotencyKey: 'browser-auditor-rev', reason: 'paid to the wrong account' },
    });
    const started = await ok<{ startReconciliation: { id: string } }>(
      'AUDITOR',
      `mutation($input: StartReconciliationInput!) { startReconciliation(input: $input) { id } }`,
      { input: { schemeCode: S, year: Y } },
    );
    run = await waitForRun(started.startReconciliation.id);
    expect(run.status).toBe('SUCCEEDED');
    const d = await ok<{ reconciliationDifferences: { edges: { node: Diff }[] } }>(
      'AUDITOR',
      `query($id: ID!) { reconciliationDifferences(runId: $id, first: 500) { edges { node { ordinal cause municipalityCode account difference } } } }`,
      { id: run.id },
    );
    differences = d.reconciliationDifferences.edges.map((e) => e.node);
    expect(differences.map((x) => x.cause)).toEqual(expect.arrayContaining(['MANUAL_CORRECTION', 'UNEXPLAINED']));
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function auditor(width = 1280): Promise<{ page: Page; problems: string[] }> {
    const opened = await openPage(browser, width);
    await signInAs(opened.page, server.origin, 'AUDITOR');
    await opened.page.waitForURL(`${server.origin}/audit`);
    return opened;
  }

  it('lists the run with its status and difference count, and opens it with its hashes', async () => {
    const { page, problems } = await auditor();
    const link = page.locator(`a[href="/audit/runs/${run.id}"]`);
    await link.waitFor();
    const row = page.getByTestId('runs-table').locator('tr', { has: link });
    expect(await row.textContent()).toContain('geslaagd');
    expect(await row.textContent()).toContain(`${run.progressTotal} / ${run.progressTotal}`);
    expect(await row.locator('td').nth(3).textContent()).toBe(String(run.differenceCount));
    await screenshot(page, 'auditor-runs');

    await link.click();
    await page.waitForURL(`${server.origin}/audit/runs/${run.id}`);
    await page.getByRole('heading', { level: 1, name: `Afstemming ${S} ${Y}` }).waitFor();
    const facts = await page.getByTestId('run-facts').textContent();
    expect(facts).toContain(run.inputHash);
    expect(facts).toContain(run.outputHash);
    await expect(page.getByTestId('difference-count').textContent()).resolves.toBe(
      `${run.differenceCount} verschillen in deze afstemming.`,
    );
    expect(problems).toEqual([]);
  });

  it('filters the differences by cause and by size to the API’s counts', async () => {
    const { page, problems } = await auditor();
    await page.goto(`${server.origin}/audit/runs/${run.id}`);
    const count = page.getByTestId('difference-count');
    await count.waitFor();
    const table = page.getByTestId('differences-table');

    for (const cause of ['UNEXPLAINED', 'MANUAL_CORRECTION']) {
      const expected = await countFor({ cause });
      expect(expected).toBeGreaterThan(0);
      await page.getByLabel('Oorzaak').selectOption(cause);
      await page.waitForURL(new RegExp(`cause=${cause}`));
      // Every row shown has the cause (a page of at most 50), as many in all as the API counts.
      const causes = table.locator('tbody tr td:nth-child(4)');
      await eventually(async () => (await causes.allTextContents()).join(' '), Array(Math.min(50, expected)).fill(cause).join(' '));
      await table.locator('caption', { hasText: `(${expected} ${expected === 1 ? 'rij' : 'rijen'})` }).waitFor();
      expect(await count.textContent()).toBe(
        expected === 1 ? '1 verschil voldoet aan de filters.' : `${expected} verschillen voldoen aan de filters.`,
      );
    }

    // By size, on all causes: |difference| ≥ 100 leaves out the 50.00 correction.
    await page.getByLabel('Oorzaak').selectOption('');
    // A Dutch amount with a decimal comma is read exactly ("100,00" → 100.00).
    await page.getByLabel('Minimale omvang (absoluut)').fill('100,00');
    await page.getByRole('button', { name: 'Toepassen' }).click();
    const big = await countFor({ minimumAbsolute: '100.00' });
    expect(big).toBeLessThan(differences.length);
    await eventually(
      () => count.textContent(),
      big === 1 ? '1 verschil voldoet aan de filters.' : `${big} verschillen voldoen aan de filters.`,
    );
    expect(new URL(page.url()).searchParams.get('min')).toBe('100.00');
    expect(await table.locator('tbody tr').count()).toBe(Math.min(50, big));

    // A size that is not an amount is refused at the field, naming the notation it expects.
    const minimum = page.getByLabel('Minimale omvang (absoluut)');
    await minimum.fill('honderd');
    await page.getByRole('button', { name: 'Toepassen' }).click();
    await expect(minimum.getAttribute('aria-invalid')).resolves.toBe('true');
    expect(await page.locator('#min-error').textContent()).toMatch(/„honderd” is geen getal .* zoals 11\.800\.000,00/);

    // Sorting by difference puts the most negative first.
    await page.getByRole('button', { name: 'Filters wissen' }).click();
    await eventually(() => table.locator('tbody tr').count(), Math.min(50, differences.length));
    await table.locator('caption', { hasText: `(${differences.length} rijen)` }).waitFor();
    await table.getByRole('button', { name: /^Verschil/ }).click();
    const smallest = [...differences].sort((a, b) => Number(a.difference) - Number(b.difference))[0]!;
    expect(await table.locator('tbody tr').first().locator('td').nth(6).textContent()).toBe(dutch(smallest.difference));
    await page.getByRole('heading', { level: 2, name: 'Verschillen' }).evaluate((h) => h.scrollIntoView());
    await screenshot(page, 'auditor-run');
    expect(problems).toEqual([]);
  });

  it('follows a difference to the ledger transactions on its account, with the API’s ids and amounts', async () => {
    const target = differences.find((d) => d.cause === 'MANUAL_CORRECTION' && d.municipalityCode === 'GM0363')!;
    const trail = await ok<{
      reconciliationDifferenceTrail: { transactions: { id: string; postings: { account: string; direction: string; amount: string }[] }[] };
    }>(
      'AUDITOR',
      `query($id: ID!, $o: Int!) { reconciliationDifferenceTrail(runId: $id, ordinal: $o) { transactions { id postings { account direction amount } } } }`,
      { id: run.id, o: target.ordinal },
    );
    const { page, problems } = await auditor();
    await page.goto(`${server.origin}/audit/runs/${run.id}?cause=MANUAL_CORRECTION`);
    await page.getByRole('link', { name: `Verschil ${target.ordinal}: volg het naar het grootboek` }).click();
    await page.waitForURL(`${server.origin}/audit/runs/${run.id}/differences/${target.ordinal}`);
    await page.getByRole('heading', { level: 1, name: `Verschil ${target.ordinal}` }).waitFor();
    expect(await page.getByTestId('difference-amount').textContent()).toBe(dutch(target.difference));
    expect(await page.getByTestId('difference-ref').allTextContents()).toEqual([`${correctionId} `]);

    const table = page.getByTestId('trail-table');
    await table.waitFor();
    const ids = await table.getByTestId('trail-transaction').allTextContents();
    const apiIds = trail.reconciliationDifferenceTrail.transactions.map((t) => t.id);
    expect(ids.sort()).toEqual([...apiIds].sort());
    expect(ids).toContain(correctionId);
    const onAccount = trail.reconciliationDifferenceTrail.transactions.flatMap((t) =>
      t.postings.filter((p) => p.account === target.account).map((p) => dutch(p.amount)),
    );
    expect((await table.getByTestId('trail-amount').allTextContents()).sort()).toEqual(onAccount.sort());
    // The correction's own row: debit 50,00, marked as the transaction the difference names.
    const correctionRow = table.locator('tr', { hasText: correctionId });
    expect(await correctionRow.textContent()).toContain('genoemd');
    expect(await correctionRow.textContent()).toContain('€ 50,00');
    await correctionRow.getByRole('button', { name: /Toon alle 2 boekingen/ }).click();
    // The postings are read when the row opens (decision 1830).
    await correctionRow.locator('.audit-postings').waitFor();
    expect(await correctionRow.textContent()).toContain(`ministry:commitment:${S}:${Y}: credit € 50,00`);
    await screenshot(page, 'auditor-difference');
    expect(problems).toEqual([]);
  });

  it('shows the journal verified from the last checkpoint with the API’s head hash, and verifies again or fully on request', async () => {
    const api = await ok<{
      verifyJournal: { status: string; headHash: string; count: number };
      journalCheckpoints: { sequence: string }[];
    }>('AUDITOR', `{ verifyJournal { status headHash count } journalCheckpoints(first: 1) { sequence } }`);
    const { page, problems } = await auditor();
    await page.getByRole('link', { name: 'Controle journaal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Controle journaal' }).waitFor();
    const head = page.getByTestId('journal-head');
    await head.waitFor();
    expect(await head.textContent()).toBe(api.verifyJournal.headHash);
    expect(await page.getByTestId('journal-status').locator('[data-status]').getAttribute('data-status')).toBe(api.verifyJournal.status);
    expect(await page.getByTestId('journal-status').textContent()).toContain(api.verifyJournal.status === 'OK' ? 'in orde' : 'verbroken');
    // On load: from the last signed checkpoint (the reconciliation run published one), not from genesis.
    const checkpoint = api.journalCheckpoints[0]?.sequence;
    expect(checkpoint).toBeDefined();
    expect(await page.getByTestId('journal-range').textContent()).toContain(
      `vanaf het ondertekende controlepunt bij volgnummer ${checkpoint}`,
    );
    const again = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && r.request().postData()?.includes('query AuditorVerifyJournal ') === true,
    );
    await page.getByRole('button', { name: 'Opnieuw controleren' }).click();
    await again;
    await page.getByRole('button', { name: 'Opnieuw controleren' }).waitFor();
    expect(await head.textContent()).toBe(api.verifyJournal.headHash);
    // The full verification, one click away: from genesis, every transaction.
    const full = page.waitForResponse(
      (r) => r.url().endsWith('/graphql') && r.request().postData()?.includes('AuditorVerifyJournalFull') === true,
    );
    await page.getByRole('button', { name: 'Volledig controleren (vanaf het begin)' }).click();
    await full;
    await page.getByTestId('journal-range').getByText('vanaf het begin (de hele keten)').waitFor();
    expect(await page.getByTestId('journal-count').textContent()).toBe(
      String(api.verifyJournal.count).replace(/\B(?=(\d{3})+(?!\d))/g, '.'),
    );
    expect(await head.textContent()).toBe(api.verifyJournal.headHash);
    await screenshot(page, 'auditor-journal');
    expect(problems).toEqual([]);
  });

  it('downloads an export of the run and shows its manifest, checked against the zip', async () => {
    const { page, problems } = await auditor();
    await page.goto(`${server.origin}/audit/exports?run=${run.id}`);
    await page.getByLabel('Exportformaat').selectOption('CSV');
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Exporteren en downloaden' }).click();
    const file = await downloading;
    expect(file.suggestedFilename()).toMatch(new RegExp(`^reconciliation-${S}-${Y}-csv-[0-9a-f-]+\\.zip$`));
    const saved = await file.path();
    expect(fs.readFileSync(saved).subarray(0, 2).toString()).toBe('PK');

    const manifest = page.getByTestId('manifest-table');
    await manifest.waitFor();
    const names = await manifest.locator('tbody th').allTextContents();
    expect(names).toEqual(['summary.csv', 'municipalities.csv', 'differences.csv', 'inputs.json']);
    const differencesRow = manifest.locator('tr', { hasText: 'differences.csv' });
    expect(await differencesRow.locator('td').first().textContent()).toBe(String(run.differenceCount));
    expect(await manifest.locator('tbody tr', { hasText: 'klopt' }).count()).toBe(4);
    expect(await page.getByTestId('manifest-facts').textContent()).toContain(run.inputHash);
    await expect(page.getByTestId('manifest-check').textContent()).resolves.toContain(
      'Elk bestand in de zip komt overeen met het manifest',
    );
    await screenshot(page, 'auditor-exports');
    expect(problems).toEqual([]);
  });

  it('starts a reconciliation from the page and follows it to SUCCEEDED', async () => {
    const { page, problems } = await auditor();
    const start = page.getByRole('region', { name: 'Een afstemming starten' });
    await start.getByLabel('Regeling en jaar').selectOption(`UITV-WI2021|${Y}`);
    // A moment in the future is refused by the API, shown at the field.
    const asOf = start.getByLabel('Stand per (optioneel)');
    await asOf.fill('2099-01-01T12:00');
    await start.getByRole('button', { name: 'Afstemming starten' }).click();
    await page.locator('#start-asof-error').waitFor();
    expect(await page.locator('#start-asof-error').textContent()).toMatch(/future/);
    expect(await asOf.getAttribute('aria-invalid')).toBe('true');
    expect(await asOf.getAttribute('aria-describedby')).toBe('start-asof-error');
    await asOf.fill('');
    await start.getByRole('button', { name: 'Afstemming starten' }).click();
    await expect(page.locator('.notice').textContent()).resolves.toContain(`Een afstemming van UITV-WI2021 ${Y} staat in de wachtrij`);
    const row = page
      .getByTestId('runs-table')
      .locator('tbody tr', { hasText: `UITV-WI2021 ${Y}` })
      .first();
    await eventually(async () => /geslaagd/.test((await row.textContent()) ?? ''), true, 60_000);
    const api = await ok<{ reconciliationRuns: { edges: { node: { status: string; createdBy: string } }[] } }>(
      'AUDITOR',
      `{ reconciliationRuns(first: 1, filter: { schemeCode: "UITV-WI2021", year: ${Y} }) { edges { node { status createdBy } } } }`,
    );
    expect(api.reconciliationRuns.edges[0]?.node).toEqual({ status: 'SUCCEEDED', createdBy: 'dev-auditor' });
    expect(problems).toEqual([]);
  });

  it('at 390 px the runs page fits the screen and its run links work', async () => {
    const { page, problems } = await auditor(390);
    const link = page.locator(`a[href="/audit/runs/${run.id}"]`);
    await link.waitFor();
    const overflow = await page.locator('html').evaluate((html) => html.scrollWidth - html.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'auditor-runs-narrow');
    await link.scrollIntoViewIfNeeded();
    await link.click();
    await page.getByTestId('difference-count').waitFor();
    expect(problems).toEqual([]);
  });
});
