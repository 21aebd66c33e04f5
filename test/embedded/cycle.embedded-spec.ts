import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

/**
 * A whole scheme-year through the GraphQL API on the embedded PostgreSQL, as `npm start` serves it:
 * allocation on a forecast, advances paid, a definitive run on registered counts, a settlement
 * prepared by one officer and finalised by another, an accountability report, and the ledger
 * balanced and verified at the end. (The money and concurrency suites run on the real PostgreSQL.)
 */
describe('[embedded] a scheme-year from forecast to settlement on PGlite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-embedded-cycle-'));
  let server: ServerProcess;

  beforeAll(async () => {
    server = await startServerProcess({
      EMBEDDED_DATA_DIR: path.join(dir, 'pglite'),
      JWT_SECRET: 'embedded-cycle-secret-0123456789abcdef',
    });
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function gql<T = Record<string, unknown>>(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token ?? ''}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string; reason?: string } }[] };
  }
  async function ok<T = Record<string, unknown>>(
    token: string | undefined,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<T> {
    const r = await gql<T>(token, query, variables);
    if (r.errors) {
      throw new Error(JSON.stringify(r.errors));
    }
    return r.data as T;
  }

  const row = (municipalityCode: string, basis: string, value: string, rule: string | null = null) => ({
    municipalityCode,
    periodType: 'YEAR',
    periodStart: '2027-01-01',
    periodEnd: '2027-12-31',
    category: 'ASIELSTATUSHOUDER',
    basis,
    rule,
    source: basis === 'REGISTERED' ? 'DUO' : 'MINISTRY',
    value,
  });

  it('allocates, advances, settles (four-eyes), reports, and keeps the ledger balanced and verified', async () => {
    const fo = server.tokens.FINANCE_OFFICER;
    const fo2 = server.tokens.FINANCE_OFFICER_2;
    const controller = server.tokens.MUNICIPAL_CONTROLLER; // GM0363
    await ok(
      fo,
      `mutation { createScheme(input: { code: "EMB-CYCLE", name: "Embedded cycle", stream: INTEGRATION_PROVISIONS, year: 2027, budgetMode: OPEN_ENDED, budget: "100000.00", status: OPEN }) { id } }`,
    );
    await ok(
      fo,
      `mutation { addRate(input: { schemeCode: "EMB-CYCLE", category: ASIELSTATUSHOUDER, amount: "1000.00", validFrom: "2027-01-01" }) { id } }`,
    );
    await ok(fo, `mutation($rows: [CountRowInput!]!) { importCounts(input: { batchKey: "emb-cycle", rows: $rows }) { rowCount } }`, {
      rows: [
        row('GM0363', 'FORECAST', '10'),
        row('GM0344', 'FORECAST', '5'),
        row('GM0363', 'REGISTERED', '12', 'PEILDATUM'),
        row('GM0344', 'REGISTERED', '4', 'PEILDATUM'),
      ],
    });
    const rule = (basis: string, key: string, attribution = '') =>
      ok<{ createAllocationRule: { id: string } }>(
        fo,
        `mutation { createAllocationRule(input: { ruleKey: "${key}", schemeCode: "EMB-CYCLE", basis: ${basis}, ${attribution} categories: [{ category: ASIELSTATUSHOUDER }], useBaseAmounts: false, description: "${key}" }) { id } }`,
      );
    const forecastRule = (await rule('FORECAST', 'emb-forecast')).createAllocationRule.id;
    const registeredRule = (await rule('REGISTERED', 'emb-registered', 'attributionRule: "PEILDATUM",')).createAllocationRule.id;
    const run = async (ruleId: string, stage: string) =>
      (
        await ok<{ runAllocation: { run: { id: string; totalAmount: string } } }>(
          fo,
          `mutation { runAllocation(input: { schemeCode: "EMB-CYCLE", year: 2027, ruleVersionId: "${ruleId}", stage: ${stage}, idempotencyKey: "emb-${stage}" }) { run { id totalAmount } } }`,
        )
      ).runAllocation.run;
    const provisional = await run(forecastRule, 'PROVISIONAL');
    expect(provisional.totalAmount).toBe('15000.00');

    await ok(
      fo,
      `mutation { createAdvancePlan(input: { schemeCode: "EMB-CYCLE", year: 2027, allocationRunId: "${provisional.id}", idempotencyKey: "emb-plan" }) { replayed } }`,
    );
    const pay = `mutation { payTranches(input: { schemeCode: "EMB-CYCLE", year: 2027, dueUpTo: "2027-12-01", idempotencyKey: "emb-pay" }) { tranches { municipalityCode } } }`;
    const paid = await ok<{ payTranches: { tranches: unknown[] } }>(fo, pay);
    expect(paid.payTranches.tranches.length).toBe(24);
    const statement = await ok<{ municipalityAdvanceStatement: { totalPaid: string } }>(
      controller,
      `{ municipalityAdvanceStatement(schemeCode: "EMB-CYCLE", year: 2027, municipalityCode: "GM0363") { totalPaid } }`,
    );
    expect(statement.municipalityAdvanceStatement.totalPaid).toBe('10000.00');

    const definitive = await run(registeredRule, 'DEFINITIVE');
    expect(definitive.totalAmount).toBe('16000.00');
    const draft = await ok<{ draftSettlement: { settlement: { id: string; lines: { municipalityCode: string; amount: string }[] } } }>(
      fo,
      `mutation { draftSettlement(input: { schemeCode: "EMB-CYCLE", year: 2027, allocationRunId: "${definitive.id}", recoveryMode: INVOICE, idempotencyKey: "emb-settle" }) { settlement { id lines { municipalityCode amount } } } }`,
    );
    const lines = Object.fromEntries(
      draft.draftSettlement.settlement.lines
        .filter((l) => ['GM0363', 'GM0344'].includes(l.municipalityCode))
        .map((l) => [l.municipalityCode, l.amount]),
    );
    expect(lines).toEqual({ GM0363: '2000.00', GM0344: '-1000.00' });
    const finalise = (token: string | undefined) =>
      gql<{ finaliseSettlement: { settlement: { status: string } } }>(
        token,
        `mutation { finaliseSettlement(input: { settlementId: "${draft.draftSettlement.settlement.id}", idempotencyKey: "emb-final" }) { settlement { status } } }`,
      );
    const self = await finalise(fo);
    expect(self.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const final = await finalise(fo2);
    expect(final.errors).toBeUndefined();

    const balances = await ok<{ a: { address: string; balance: string }[]; b: { address: string; balance: string }[] }>(
      server.tokens.AUDITOR,
      `{ a: municipalityBalances(code: "GM0363") { address balance } b: municipalityBalances(code: "GM0344") { address balance } }`,
    );
    const balance = (list: { address: string; balance: string }[], address: string) =>
      list.find((x) => x.address === address)?.balance ?? '0.00';
    expect(balance(balances.a, 'municipality:GM0363:advance:EMB-CYCLE:2027')).toBe('0.00');
    expect(balance(balances.b, 'municipality:GM0344:advance:EMB-CYCLE:2027')).toBe('0.00');
    expect(balance(balances.b, 'municipality:GM0344:receivable:EMB-CYCLE')).toBe('1000.00');

    const report = await ok<{ createReportDraft: { id: string } }>(
      controller,
      `mutation { createReportDraft(input: { municipalityCode: "GM0363", schemeCode: "EMB-CYCLE", year: 2027, counts: [{ category: "ASIELSTATUSHOUDER", count: "12" }], expenditure: [{ component: "LANGUAGE_AND_INTEGRATION", amount: "11500.00" }] }) { id } }`,
    );
    const submitted = await ok<{ submitReport: { status: string; contentHash: string } }>(
      controller,
      `mutation { submitReport(reportId: "${report.createReportDraft.id}") { status contentHash } }`,
    );
    expect(submitted.submitReport.status).toBe('SUBMITTED');
    expect(submitted.submitReport.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const other = await gql(
      controller,
      `{ municipalityAdvanceStatement(schemeCode: "EMB-CYCLE", year: 2027, municipalityCode: "GM0344") { totalPaid } }`,
    );
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const ledger = await ok<{ trialBalance: { net: string }; verifyJournal: { ok: boolean } }>(
      server.tokens.AUDITOR,
      `{ trialBalance { net } verifyJournal { ok } }`,
    );
    expect(ledger).toEqual({ trialBalance: { net: '0.00' }, verifyJournal: { ok: true } });
    const replayed = await ok<{ publishRegisteredCounts: { replayed: boolean } }>(
      fo,
      `mutation { publishRegisteredCounts(year: 2026, rule: PEILDATUM) { replayed } }`,
    );
    expect(replayed.publishRegisteredCounts.replayed).toBe(true);
  });
});
