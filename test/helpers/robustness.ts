import type { DataSource } from 'typeorm';
import type { TestApp } from './test-app';
import { countsAndRun, createTestRules, createTestScheme } from './advances';
import { Role } from '../../src/common/auth/actor';
import { RunStage } from '../../src/modules/allocations';
import { processRun } from '../../src/modules/reconciliation';

/** The scheme-year of the robustness suites (security matrix, bad input). */
export const S = 'SEC-TEST';
export const Y = 2026;
/** The controller's own municipality in the scenario, and another one. */
export const OWN = 'GM0363';
export const OTHER = 'GM0344';

/** Ids of the scenario and used in the sample arguments. */
export interface Ids {
  rule: string;
  run: string;
  definitive: string;
  plan: string;
  settlement: string;
  forecast: string;
  report: string;
  reportToDecide: string;
  recon: string;
  tx: string;
  attribution: string;
  /** Ordinal of a reconciliation difference of OWN. */
  ownDifference: number;
  /** An alert subscription of OWN's controller (REPORT_OVERDUE of the scheme-year). */
  alertSubscription: string;
}

/**
 * One of everything an operation can point at, made through the API where it can be: a scheme-year
 * with rules, a PROVISIONAL and a DEFINITIVE allocation run, an advance plan, a draft settlement (by
 * the second officer, so the first may finalise it), a forecast, a draft report of OWN, a submitted
 * report of GM0014, a finished reconciliation run, a manual correction and an attribution run.
 */
export async function createScenario(t: TestApp): Promise<Ids> {
  const fo = t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
  await createTestScheme(fo, S, Y, '1000.00', { deadline: `${Y + 1}-07-15` });
  const rules = await createTestRules(fo, S);
  const run = await countsAndRun(fo, {
    code: S,
    year: Y,
    ruleId: rules.forecast,
    basis: 'FORECAST',
    stage: RunStage.PROVISIONAL,
    counts: { [OWN]: '10', [OTHER]: '30' },
    key: 'sec',
  });
  const definitive = await countsAndRun(fo, {
    code: S,
    year: Y,
    ruleId: rules.registered,
    basis: 'REGISTERED',
    stage: RunStage.DEFINITIVE,
    counts: { [OWN]: '12', [OTHER]: '28' },
    key: 'sec-def',
  });
  const plan = await t.ok<{ createAdvancePlan: { plan: { id: string } } }>(
    `mutation { createAdvancePlan(input: { schemeCode: "${S}", year: ${Y}, allocationRunId: "${run}", idempotencyKey: "sec-plan" }) { plan { id } } }`,
  );
  const settlement = await t.ok<{ draftSettlement: { settlement: { id: string } } }>(
    `mutation { draftSettlement(input: { schemeCode: "${S}", year: ${Y}, allocationRunId: "${definitive}", recoveryMode: OFFSET, idempotencyKey: "sec-settle" }) { settlement { id } } }`,
    {},
    t.tokens.finance2, // four-eyes: the officer in the table (fo-1) finalises it
  );
  await t.ok(
    `mutation { importCounts(input: { batchKey: "sec-taak", rows: [{ municipalityCode: "${OWN}", periodType: "YEAR", periodStart: "${Y}-01-01",
        periodEnd: "${Y}-12-31", category: "ASIELSTATUSHOUDER", basis: "TAAKSTELLING", source: "MINISTRY", value: "11" }] }) { id } }`,
  );
  const forecast = await t.ok<{ createForecast: { forecast: { id: string } } }>(
    `mutation { createForecast(input: { year: ${Y}, method: TAAKSTELLING, idempotencyKey: "sec-forecast" }) { forecast { id } } }`,
  );
  const own = await t.tokens.controller(OWN);
  const draft = `mutation($m: String!) { createReportDraft(input: { municipalityCode: $m, schemeCode: "${S}", year: ${Y},
      counts: [{ category: "ASIELSTATUSHOUDER", count: "3" }] }) { id } }`;
  const report = await t.ok<{ createReportDraft: { id: string } }>(draft, { m: OWN }, own);
  const other = await t.tokens.controller('GM0014');
  const toDecide = await t.ok<{ createReportDraft: { id: string } }>(draft, { m: 'GM0014' }, other);
  await t.ok(`mutation($id: ID!) { submitReport(reportId: $id) { id } }`, { id: toDecide.createReportDraft.id }, other);
  const recon = await t.ok<{ startReconciliation: { id: string } }>(
    `mutation { startReconciliation(input: { schemeCode: "${S}", year: ${Y} }) { id } }`,
  );
  await processRun(t.dataSource, recon.startReconciliation.id);
  const diffs = await t.ok<{ reconciliationDifferences: { edges: { node: { ordinal: number } }[] } }>(
    `query($id: ID!) { reconciliationDifferences(runId: $id, first: 1, filter: { municipalityCode: "${OWN}" }) { edges { node { ordinal } } } }`,
    { id: recon.startReconciliation.id },
  );
  const ownDifference = diffs.reconciliationDifferences.edges[0]?.node.ordinal;
  if (ownDifference === undefined) {
    throw new Error('setup: the reconciliation found no difference for the own municipality');
  }
  const tx = await t.ok<{ postManualCorrection: { id: string } }>(
    `mutation { postManualCorrection(input: { effectiveDate: "${Y}-03-01", idempotencyKey: "sec-tx", reason: "setup",
        postings: [{ account: "ministry:bank", direction: "DEBIT", amount: "2.00" }, { account: "ministry:expense:${S}:${Y}", direction: "CREDIT", amount: "2.00" }] }) { id } }`,
  );
  const attribution = await t.ok<{ runAttribution: { id: string } }>(`mutation { runAttribution(rule: PEILDATUM, year: ${Y}) { id } }`);
  const alert = await t.ok<{ subscribeAlert: { subscription: { id: string } } }>(
    `mutation { subscribeAlert(input: { condition: REPORT_OVERDUE, schemeCode: "${S}", year: ${Y}, idempotencyKey: "sec-alert-own" }) { subscription { id } } }`,
    {},
    own,
  );
  return {
    rule: rules.forecast,
    run,
    definitive,
    plan: plan.createAdvancePlan.plan.id,
    settlement: settlement.draftSettlement.settlement.id,
    forecast: forecast.createForecast.forecast.id,
    report: report.createReportDraft.id,
    reportToDecide: toDecide.createReportDraft.id,
    recon: recon.startReconciliation.id,
    tx: tx.postManualCorrection.id,
    attribution: attribution.runAttribution.id,
    ownDifference,
    alertSubscription: alert.subscribeAlert.subscription.id,
  };
}

/**
 * md5 of every table's full content in `public` (audit_log excepted: it records refusals on
 * purpose), one per table: equal means byte-for-byte unchanged.
 */
export async function tableChecksums(dataSource: DataSource): Promise<Record<string, string>> {
  const tables = await dataSource.query<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'audit_log' ORDER BY tablename`,
  );
  const sql = tables
    .map(
      ({ tablename: name }) =>
        `SELECT '${name}' AS name, md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) AS sum FROM "${name}" t`,
    )
    .join(' UNION ALL ');
  const rows = await dataSource.query<{ name: string; sum: string }[]>(sql);
  return Object.fromEntries(rows.map((r) => [r.name, r.sum]));
}

/**
 * A cheap witness of writes for `tableChecksums` (decision 1860): a statement-level trigger on every
 * table it sums (INSERT, UPDATE, DELETE, TRUNCATE; COPY fires them too) appends the table's name to
 * `test_watch.writes`, inside the writing transaction, so a rolled-back write leaves nothing. While
 * `writes()` is unchanged no statement has changed any of those tables, and their checksums are
 * unchanged by construction; when it moved, the caller computes the checksums and compares them, as
 * it always did. Installed on the file's own clone only (the schema is outside `public`, so the
 * checksums never see it).
 */
export async function watchWrites(dataSource: DataSource): Promise<{ writes(): Promise<number> }> {
  const tables = await dataSource.query<{ tablename: string }[]>(
    `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'audit_log' ORDER BY tablename`,
  );
  await dataSource.query(`CREATE SCHEMA test_watch`);
  await dataSource.query(`CREATE TABLE test_watch.writes (id bigserial PRIMARY KEY, table_name text NOT NULL)`);
  await dataSource.query(
    `CREATE FUNCTION test_watch.record() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN INSERT INTO test_watch.writes (table_name) VALUES (TG_TABLE_NAME); RETURN NULL; END $$`,
  );
  for (const { tablename } of tables) {
    await dataSource.query(
      `CREATE TRIGGER test_watch_writes AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${tablename}"
         FOR EACH STATEMENT EXECUTE FUNCTION test_watch.record()`,
    );
  }
  return {
    async writes() {
      const [row] = await dataSource.query<{ n: string }[]>(`SELECT count(*)::text AS n FROM test_watch.writes`);
      return Number(row?.n ?? 0);
    },
  };
}
