import { createTestApp, type TestApp } from '../helpers/test-app';
import { loadFixtures } from '../../src/fixtures';
import { reportPath } from '../../src/settled-year.fixtures';
import { runLedgerChecks } from '../../src/modules/ledger';
import { todayInAmsterdam } from '../../src/common/dates';
import { processRun } from '../../src/modules/reconciliation';

let t: TestApp;
beforeAll(async () => {
  // Clones the run's template with `loadFixtures(dataSource)` done (test/helpers/test-app.ts, Seed).
  t = await createTestApp({ seed: 'fixtures' });
}, 600_000);
afterAll(async () => {
  await t.close();
});

const counts = async () =>
  (
    await t.dataSource.query<{ j: number; r: number; s: number; f: number; rr: number; c: number }[]>(
      `SELECT (SELECT count(*)::int FROM journal_transactions) AS j, (SELECT count(*)::int FROM accountability_reports) AS r,
              (SELECT count(*)::int FROM settlements) AS s, (SELECT count(*)::int FROM settlement_finalisations) AS f,
              (SELECT count(*)::int FROM reconciliation_runs) AS rr, (SELECT count(*)::int FROM counts) AS c`,
    )
  )[0];

describe('the console scenario: 2025 settled and closed (decision 0800)', () => {
  it('gives the GM0363 controller a final and a draft settlement and an accepted report with its deadline', async () => {
    const token = await t.tokens.controller('GM0363');
    const data = await t.ok<{
      settlements: {
        status: string;
        lines: { municipalityCode: string; status: string; amount: string | null; explanation: string[] }[];
      }[];
      accountabilityReports: { edges: { node: { status: string; deadline: string; late: boolean; municipalityCode: string } }[] };
    }>(
      `{ settlements(schemeCode: "SPUK-WI2021", year: 2025) { status lines { municipalityCode status amount explanation } }
         accountabilityReports(first: 10, filter: { schemeCode: "SPUK-WI2021", year: 2025 }) { edges { node { municipalityCode status deadline late } } } }`,
      {},
      token,
    );
    expect(data.settlements.map((s) => s.status).sort()).toEqual(['DRAFT', 'FINALISED']);
    for (const s of data.settlements) {
      expect(s.lines.map((l) => l.municipalityCode)).toEqual(['GM0363']);
      expect(s.lines[0]).toMatchObject({ status: 'SETTLED' });
      expect(s.lines[0]!.amount).not.toBeNull();
      expect(s.lines[0]!.explanation.length).toBeGreaterThan(0);
    }
    expect(data.accountabilityReports.edges.map((e) => e.node)).toEqual([
      { municipalityCode: 'GM0363', status: 'ACCEPTED', deadline: '2026-07-15', late: false },
    ]);
  });

  it('lists settlement headers without their lines exactly as the full list has them (decision 1760)', async () => {
    type S = { id: string; status: string; createdAt: string; finalisedAt: string | null; totalAmount?: string; lines?: unknown[] };
    const headers = await t.ok<{ settlements: S[] }>(
      `{ settlements(schemeCode: "SPUK-WI2021", year: 2025) { id status createdAt finalisedAt } }`,
      {},
      t.tokens.finance,
    );
    // The line fields asked through a fragment and an inline fragment still read the lines.
    const full = await t.ok<{ settlements: S[] }>(
      `query { settlements(schemeCode: "SPUK-WI2021", year: 2025) { id status createdAt finalisedAt ...T ... on Settlement { lines { municipalityCode } } } }
       fragment T on Settlement { totalAmount }`,
      {},
      t.tokens.finance,
    );
    expect(headers.settlements.map((s) => s.status).sort()).toEqual(['DRAFT', 'FINALISED']);
    expect(full.settlements.map(({ id, status, createdAt, finalisedAt }) => ({ id, status, createdAt, finalisedAt }))).toEqual(
      headers.settlements,
    );
    for (const s of full.settlements) {
      expect(s.lines!.length).toBeGreaterThan(300);
      expect(s.totalAmount).toMatch(/^-?\d+\.\d{2}$/);
    }
    const settled = await t.dataSource.query<{ total: string }[]>(
      `SELECT COALESCE(SUM(l.amount), 0)::numeric(20,2)::text AS total FROM settlements s JOIN settlement_lines l ON l.settlement_id = s.id
        WHERE s.scheme_code = 'SPUK-WI2021' AND s.year = 2025 AND l.status = 'SETTLED' GROUP BY s.id, s.created_at ORDER BY s.created_at DESC`,
    );
    expect(full.settlements.map((s) => s.totalAmount)).toEqual(settled.map((r) => r.total));
  });

  it('shows the finance officer who is late and who never reported, as the scenario drew them', async () => {
    const overview = await t.ok<{
      accountabilityOverview: { edges: { node: { municipalityCode: string; late: boolean; overdue: boolean } }[] };
    }>(
      `{ accountabilityOverview(schemeCode: "SPUK-WI2021", year: 2025, asOf: "2026-11-01", first: 500) {
           edges { node { municipalityCode late overdue } } } }`,
      {},
      t.tokens.finance,
    );
    const rows = overview.accountabilityOverview.edges.map((e) => e.node);
    expect(rows).toHaveLength(342);
    const late = rows.filter((r) => r.late).map((r) => r.municipalityCode);
    const overdue = rows.filter((r) => r.overdue).map((r) => r.municipalityCode);
    expect(late).toEqual(rows.map((r) => r.municipalityCode).filter((c) => reportPath(c).startsWith('LATE')));
    expect(overdue).toEqual(rows.map((r) => r.municipalityCode).filter((c) => reportPath(c) === 'MISSING'));
    expect(late.length).toBeGreaterThan(20);
    expect(overdue.length).toBeGreaterThan(5);
  });

  it('stores each 2025 submission at its scenario moment, and late agrees with it against the deadline', async () => {
    type Node = {
      municipalityCode: string;
      status: string;
      deadline: string;
      late: boolean | null;
      submittedAt: string | null;
      decidedAt: string | null;
    };
    const data = await t.ok<{ accountabilityReports: { edges: { node: Node }[] } }>(
      `{ accountabilityReports(first: 500, filter: { schemeCode: "SPUK-WI2021", year: 2025 }) {
           edges { node { municipalityCode status deadline late submittedAt decidedAt } } } }`,
      {},
      t.tokens.finance,
    );
    const reports = data.accountabilityReports.edges.map((e) => e.node).filter((r) => r.submittedAt !== null);
    expect(reports.length).toBeGreaterThan(300);
    const dutchDay = (iso: string) => todayInAmsterdam(new Date(iso));
    const disagreeing = reports.filter((r) => r.late !== dutchDay(r.submittedAt!) > r.deadline);
    expect(disagreeing).toEqual([]);
    // The scenario happened before the fixtures were loaded: nothing is stamped with the load time.
    expect(reports.filter((r) => dutchDay(r.submittedAt!) > '2026-09-04')).toEqual([]);
    expect(reports.filter((r) => r.decidedAt !== null && r.decidedAt < r.submittedAt!)).toEqual([]);
    // Late exactly where the scenario drew a late path.
    expect(reports.filter((r) => r.late).map((r) => r.municipalityCode)).toEqual(
      reports.map((r) => r.municipalityCode).filter((c) => reportPath(c).startsWith('LATE')),
    );
    const amsterdam = reports.find((r) => r.municipalityCode === 'GM0363')!;
    expect(amsterdam.late).toBe(false);
    expect(dutchDay(amsterdam.submittedAt!) <= '2026-07-15').toBe(true);
    // Reports accepted before the first settlement (1 September 2026) were decided before it.
    const beforeSettlement = reports.filter(
      (r) => r.status === 'ACCEPTED' && reportPath(r.municipalityCode) !== 'LATE_ACCEPTED_AFTER_SETTLEMENT',
    );
    expect(beforeSettlement.filter((r) => dutchDay(r.decidedAt!) > '2026-08-31')).toEqual([]);
  });

  it('settles with both additional payments and recoveries, finalised by a second officer, and closes 2025', async () => {
    const [s] = await t.dataSource.query<{ pos: number; neg: number; awaiting: number; prepared: string; approved: string }[]>(
      `SELECT count(*) FILTER (WHERE l.amount > 0)::int AS pos, count(*) FILTER (WHERE l.amount < 0)::int AS neg,
              count(*) FILTER (WHERE l.status = 'AWAITING_REPORT')::int AS awaiting, s.prepared_by AS prepared, f.approved_by AS approved
         FROM settlements s JOIN settlement_finalisations f ON f.settlement_id = s.id JOIN settlement_lines l ON l.settlement_id = s.id
        WHERE s.scheme_code = 'SPUK-WI2021' AND s.year = 2025 GROUP BY s.prepared_by, f.approved_by`,
    );
    expect(s!.pos).toBeGreaterThan(50);
    expect(s!.neg).toBeGreaterThan(50);
    expect(s!.awaiting).toBeGreaterThan(0);
    expect(s!.prepared).not.toBe(s!.approved);
    const schemes = await t.dataSource.query<{ status: string }[]>(`SELECT DISTINCT status FROM funding_schemes WHERE year = 2025`);
    expect(schemes).toEqual([{ status: 'CLOSED' }]);
  });

  it('leaves the auditor one completed reconciliation run with differences', async () => {
    const runs = await t.ok<{ reconciliationRuns: { edges: { node: { status: string; differenceCount: number } }[] } }>(
      `{ reconciliationRuns(first: 10, filter: { schemeCode: "SPUK-WI2021", year: 2025 }) { edges { node { status differenceCount } } } }`,
      {},
      t.tokens.auditor,
    );
    expect(runs.reconciliationRuns.edges).toHaveLength(1);
    expect(runs.reconciliationRuns.edges[0]!.node.status).toBe('SUCCEEDED');
    expect(runs.reconciliationRuns.edges[0]!.node.differenceCount).toBeGreaterThan(0);
  });

  it('keeps the ledger consistent, and a second load adds nothing', async () => {
    const failed = (await runLedgerChecks(t.ctx())).filter((c) => c.rows.length > 0).map((c) => c.name);
    expect(failed).toEqual([]);
    const before = await counts();
    await loadFixtures(t.dataSource);
    expect(await counts()).toEqual(before);
  }, 600_000);

  describe('a first reconciliation of the fixture data (issue 15)', () => {
    const reconcile = async (year: number): Promise<string> => {
      const run = await t.ok<{ startReconciliation: { id: string } }>(
        `mutation($y: Int!) { startReconciliation(input: { schemeCode: "SPUK-WI2021", year: $y }) { id } }`,
        { y: year },
        t.tokens.auditor,
      );
      await processRun(t.dataSource, run.startReconciliation.id);
      return run.startReconciliation.id;
    };
    type Diff = { municipalityCode: string | null; check: string; account: string | null; difference: string; cause: string };
    const differences = async (runId: string): Promise<Diff[]> => {
      const page = await t.ok<{ reconciliationDifferences: { totalCount: number; edges: { node: Diff }[] } }>(
        `query($id: ID!) { reconciliationDifferences(runId: $id, first: 500) {
            totalCount edges { node { municipalityCode check account difference cause } } } }`,
        { id: runId },
        t.tokens.auditor,
      );
      // One page holds them all (a run on 342 municipalities without false alarms has few).
      expect(page.reconciliationDifferences.edges).toHaveLength(page.reconciliationDifferences.totalCount);
      return page.reconciliationDifferences.edges.map((e) => e.node);
    };

    it('shows no UNEXPLAINED difference in either year: 2025 recoveries invoiced are expected on the 2026 receivable', async () => {
      const [{ n }] = await t.dataSource.query<[{ n: number }]>(
        `SELECT count(*)::int AS n FROM ledger_accounts a JOIN journal_postings p ON p.account_id = a.id WHERE a.address LIKE '%:receivable:SPUK-WI2021'`,
      );
      expect(n).toBeGreaterThan(100); // the 2025 settlement invoiced its recoveries
      for (const year of [2025, 2026]) {
        const found = await differences(await reconcile(year));
        expect([year, found.filter((d) => d.cause === 'UNEXPLAINED')]).toEqual([year, []]);
        expect([year, found.filter((d) => d.check === 'RECEIVABLE_BALANCE')]).toEqual([year, []]);
      }
    }, 600_000);

    it('still shows a difference planted on a receivable', async () => {
      await t.ok(
        `mutation { postManualCorrection(input: { effectiveDate: "2026-10-01", idempotencyKey: "plant-receivable", reason: "planted for the test",
            postings: [{ account: "municipality:GM0344:receivable:SPUK-WI2021", direction: "DEBIT", amount: "12.34" },
                       { account: "ministry:bank", direction: "CREDIT", amount: "12.34" }] }) { id } }`,
      );
      const found = (await differences(await reconcile(2026))).filter((d) => d.check === 'RECEIVABLE_BALANCE');
      expect(found).toEqual([
        {
          municipalityCode: 'GM0344',
          check: 'RECEIVABLE_BALANCE',
          account: 'municipality:GM0344:receivable:SPUK-WI2021',
          difference: '12.34',
          cause: 'MANUAL_CORRECTION',
        },
      ]);
    }, 600_000);
  });
});
