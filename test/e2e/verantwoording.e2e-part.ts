import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { money } from '../../src/common/money/money';
import { createScheme, updateSchemeStatus, BudgetMode, FundingStream, SchemeStatus } from '../../src/modules/schemes';
import { recordCounts } from '../../src/modules/counts';
import { accounts, postTransaction } from '../../src/modules/ledger';
import { acceptedEligibleSpending } from '../../src/modules/verantwoording';

const REPORT_FIELDS = `id municipalityCode version replacesId status late contentHash deadline eligibleSpending
  counts { line category route count } expenditure { line component amount } attachments { name sha256 }
  differences { check category reported expected difference beyondTolerance }`;

let t: TestApp;
let amsterdam: string;
let utrecht: string;

const CREATE = `mutation($input: CreateReportDraftInput!) { createReportDraft(input: $input) { ${REPORT_FIELDS} } }`;
const UPDATE = `mutation($input: UpdateReportDraftInput!) { updateReportDraft(input: $input) { ${REPORT_FIELDS} } }`;
const SUBMIT = `mutation($id: ID!) { submitReport(reportId: $id) { ${REPORT_FIELDS} } }`;
const DECIDE = `mutation($input: DecideReportInput!) { decideReport(input: $input) { ${REPORT_FIELDS} } }`;
const GET = `query($id: ID!) { accountabilityReport(id: $id) { ${REPORT_FIELDS} } }`;

type Report = {
  id: string;
  version: number;
  replacesId: string | null;
  status: string;
  late: boolean | null;
  contentHash: string | null;
  eligibleSpending: string;
  differences: {
    check: string;
    category: string | null;
    reported: string;
    expected: string;
    difference: string;
    beyondTolerance: boolean;
  }[];
};

const content = {
  counts: [
    { category: 'ASIELSTATUSHOUDER', count: '100' },
    { category: 'GEZINSMIGRANT', count: '40.5' },
  ],
  expenditure: [
    { component: 'LANGUAGE_AND_INTEGRATION', amount: '900000.00' },
    { component: 'FINANCIEEL_ONTZORGEN', amount: '50000.00' },
    { component: 'IMPLEMENTATION_COSTS', amount: '70000.00' },
  ],
  attachments: [{ name: 'jaarrekening-2031.pdf', sha256: 'ab'.repeat(32) }],
};

beforeAll(async () => {
  t = await createTestApp();
  amsterdam = await t.tokens.controller('GM0363');
  utrecht = await t.tokens.controller('GM0344');
  const ctx = t.ctx();
  await createScheme(ctx, {
    code: 'VER-TEST',
    name: 'SPUK Wi2021',
    stream: FundingStream.INTEGRATION_PROVISIONS,
    year: 2031,
    budgetMode: BudgetMode.OPEN_ENDED,
    budget: money('410120000.00'),
    unitScale: 2,
    settlesOnSpending: true,
    usesRoutes: false,
    status: SchemeStatus.OPEN,
    accountabilityDeadline: '2032-07-15',
  });
  await createScheme(ctx, {
    code: 'LATE-TEST',
    name: 'Deadline passed',
    stream: FundingStream.INTEGRATION_PROVISIONS,
    year: 2025,
    budgetMode: BudgetMode.OPEN_ENDED,
    budget: money('1000.00'),
    unitScale: 0,
    settlesOnSpending: false,
    usesRoutes: false,
    status: SchemeStatus.OPEN,
    accountabilityDeadline: '2026-07-15',
  });
  await recordCounts(ctx, {
    batchKey: 'registered-2031-GM0363',
    rows: [
      {
        municipalityCode: 'GM0363',
        periodType: 'YEAR',
        periodStart: '2031-01-01',
        periodEnd: '2031-12-31',
        category: 'ASIELSTATUSHOUDER',
        basis: 'REGISTERED',
        rule: 'PEILDATUM',
        source: 'ATTRIBUTION',
        value: '100.2',
      },
      {
        municipalityCode: 'GM0363',
        periodType: 'YEAR',
        periodStart: '2031-01-01',
        periodEnd: '2031-12-31',
        category: 'GEZINSMIGRANT',
        basis: 'REGISTERED',
        rule: 'PEILDATUM',
        source: 'ATTRIBUTION',
        value: '50',
      },
    ],
  });
  // The current decision for Amsterdam: EUR 800,000.00 committed; EUR 960,000.00 of advances paid in 2031.
  await postTransaction(ctx, {
    idempotencyKey: 'test-commit-GM0363',
    kind: 'ALLOCATION',
    effectiveDate: '2031-01-01',
    reason: 'test decision',
    cause: { type: 'TEST', id: '1' },
    postings: [
      { account: accounts.commitment('VER-TEST', 2031), direction: 'DEBIT', amount: money('800000.00') },
      { account: accounts.committed('GM0363', 'VER-TEST', 2031), direction: 'CREDIT', amount: money('800000.00') },
    ],
  });
  await postTransaction(ctx, {
    idempotencyKey: 'test-advance-GM0363',
    kind: 'ADVANCE_TRANCHE',
    effectiveDate: '2031-06-01',
    reason: 'test advance',
    cause: { type: 'TEST', id: '2' },
    postings: [
      { account: accounts.advance('GM0363', 'VER-TEST', 2031), direction: 'DEBIT', amount: money('960000.00') },
      { account: accounts.bank(), direction: 'CREDIT', amount: money('960000.00') },
    ],
  });
});
afterAll(async () => {
  await t.close();
});

async function draft(token: string, municipalityCode = 'GM0363', schemeCode = 'VER-TEST', year = 2031, body = content): Promise<Report> {
  const d = await t.ok<{ createReportDraft: Report }>(CREATE, { input: { municipalityCode, schemeCode, year, ...body } }, token);
  return d.createReportDraft;
}

describe('verantwoording workflow', () => {
  let first: Report;

  it('lets a controller draft its own report and refuses another municipality by every path', async () => {
    first = await draft(amsterdam);
    expect(first).toMatchObject({ version: 1, status: 'DRAFT', replacesId: null, contentHash: null, eligibleSpending: '950000.00' });
    expect(
      codes(await t.gql(CREATE, { input: { municipalityCode: 'GM0344', schemeCode: 'VER-TEST', year: 2031, ...content } }, amsterdam)),
    ).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(GET, { id: first.id }, utrecht))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(SUBMIT, { id: first.id }, utrecht))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(UPDATE, { input: { reportId: first.id, ...content } }, utrecht))).toEqual(['FORBIDDEN']);
    expect(
      codes(await t.gql(`{ accountabilityReports(first: 10, filter: { municipalityCode: "GM0363" }) { totalCount } }`, {}, utrecht)),
    ).toEqual(['FORBIDDEN']);
    const own = await t.ok<{ accountabilityReports: { totalCount: number } }>(
      `{ accountabilityReports(first: 10) { totalCount } }`,
      {},
      utrecht,
    );
    expect(own.accountabilityReports.totalCount).toBe(0);
    // Finance officers decide, they do not write a municipality's report.
    expect(
      codes(
        await t.gql(CREATE, { input: { municipalityCode: 'GM0363', schemeCode: 'VER-TEST', year: 2031, ...content } }, t.tokens.finance),
      ),
    ).toEqual(['FORBIDDEN']);
  });

  it('refuses bad lines naming field and line, and leaves the draft exactly as it was', async () => {
    const before = await t.ok<{ accountabilityReport: Report }>(GET, { id: first.id }, amsterdam);
    const bad = await t.gql(
      UPDATE,
      {
        input: {
          reportId: first.id,
          counts: [
            { category: 'ASIELSTATUSHOUDER', count: '1' },
            { category: 'GEZINSMIGRANT', count: '-3' },
          ],
          expenditure: [{ component: 'LANGUAGE_AND_INTEGRATION', amount: '10.005' }],
          attachments: [],
        },
      },
      amsterdam,
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ field: 'input.counts[1].count', line: 2 });
    const problems = bad.errors?.[0]?.extensions?.problems as { field: string; line: number }[];
    expect(problems.map((p) => [p.field, p.line])).toEqual([
      ['input.counts[1].count', 2],
      ['input.expenditure[0].amount', 1],
    ]);
    const unknown = await t.gql(
      UPDATE,
      {
        input: {
          reportId: first.id,
          counts: [],
          expenditure: [{ component: 'FEESTJE', amount: '1.00' }],
          attachments: [],
          periodStart: '2025-12-31',
        },
      },
      amsterdam,
    );
    expect(unknown.errors?.[0]?.extensions?.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'input.expenditure[0].component', line: 1 }),
        expect.objectContaining({ field: 'input.periodStart' }),
      ]),
    );
    const after = await t.ok<{ accountabilityReport: Report }>(GET, { id: first.id }, amsterdam);
    expect(after).toEqual(before);
  });

  it('only one open version at a time', async () => {
    expect(
      codes(await t.gql(CREATE, { input: { municipalityCode: 'GM0363', schemeCode: 'VER-TEST', year: 2031, ...content } }, amsterdam)),
    ).toEqual(['CONFLICT']);
  });

  it('freezes a submitted report with its hash and records differences beyond tolerance', async () => {
    const submitted = (await t.ok<{ submitReport: Report }>(SUBMIT, { id: first.id }, amsterdam)).submitReport;
    expect(submitted.status).toBe('SUBMITTED');
    expect(submitted.late).toBe(false);
    expect(submitted.contentHash).toMatch(/^[0-9a-f]{64}$/);
    const byCheck = submitted.differences.map((d) => [d.check, d.category, d.reported, d.expected, d.difference, d.beyondTolerance]);
    expect(byCheck).toEqual([
      // 100 reported vs 100.2 registered: within 0.5 absolute.
      ['REPORTED_COUNT_DIFFERS', 'ASIELSTATUSHOUDER', '100', '100.2', '-0.2', false],
      // 40.5 vs 50: -9.5, beyond 0.5 and beyond 2%.
      ['REPORTED_COUNT_DIFFERS', 'GEZINSMIGRANT', '40.5', '50', '-9.5', true],
      // Eligible spending 950,000.00 against 800,000.00 committed and 960,000.00 paid.
      ['SPENDING_BELOW_ADVANCES', null, '950000', '960000', '-10000', true],
      ['SPENDING_EXCEEDS_FUNDING', null, '950000', '800000', '150000', true],
    ]);
    expect(codes(await t.gql(UPDATE, { input: { reportId: first.id, ...content } }, amsterdam))).toEqual(['CONFLICT']);
    expect(codes(await t.gql(SUBMIT, { id: first.id }, amsterdam))).toEqual(['CONFLICT']);
    await expect(
      t.dataSource.query(`UPDATE accountability_expenditure_lines SET amount = 1 WHERE report_id = $1`, [first.id]),
    ).rejects.toThrow(/cannot change/);
    await expect(t.dataSource.query(`UPDATE accountability_reports SET content_hash = 'x' WHERE id = $1`, [first.id])).rejects.toThrow(
      /cannot change/,
    );
    await expect(t.dataSource.query(`DELETE FROM accountability_reports WHERE id = $1`, [first.id])).rejects.toThrow(/never deleted/);
    // Visible to the finance officer and the auditor.
    for (const token of [t.tokens.finance, t.tokens.auditor]) {
      const seen = await t.ok<{ accountabilityReport: Report }>(GET, { id: first.id }, token);
      expect(seen.accountabilityReport.differences.filter((d) => d.beyondTolerance)).toHaveLength(3);
    }
  });

  it('is decided by a finance officer only; a rejection needs a reason', async () => {
    expect(codes(await t.gql(DECIDE, { input: { reportId: first.id, decision: 'ACCEPT' } }, amsterdam))).toEqual(['FORBIDDEN']);
    expect(codes(await t.gql(DECIDE, { input: { reportId: first.id, decision: 'REJECT' } }))).toEqual(['BAD_USER_INPUT']);
    const rejected = await t.ok<{ decideReport: Report }>(DECIDE, {
      input: { reportId: first.id, decision: 'REJECT', reason: 'counts differ from registration' },
    });
    expect(rejected.decideReport.status).toBe('REJECTED');
    expect(codes(await t.gql(DECIDE, { input: { reportId: first.id, decision: 'ACCEPT' } }))).toEqual(['CONFLICT']);
  });

  it('is corrected by a new version pointing at the one it replaces; both stay readable', async () => {
    const correction = await draft(amsterdam, 'GM0363', 'VER-TEST', 2031, {
      ...content,
      counts: [
        { category: 'ASIELSTATUSHOUDER', count: '100' },
        { category: 'GEZINSMIGRANT', count: '50' },
      ],
      expenditure: [{ component: 'LANGUAGE_AND_INTEGRATION', amount: '700000.00' }],
    });
    expect(correction).toMatchObject({ version: 2, replacesId: first.id, status: 'DRAFT' });
    await t.ok(SUBMIT, { id: correction.id }, amsterdam);
    const accepted = await t.ok<{ decideReport: Report }>(
      DECIDE,
      { input: { reportId: correction.id, decision: 'ACCEPT' } },
      t.tokens.finance2,
    );
    expect(accepted.decideReport.status).toBe('ACCEPTED');
    const versions = await t.ok<{ accountabilityReports: { edges: { node: Report }[] } }>(
      `{ accountabilityReports(first: 10, filter: { municipalityCode: "GM0363", schemeCode: "VER-TEST", year: 2031 }) { edges { node { id version status } } } }`,
      {},
      t.tokens.auditor,
    );
    expect(versions.accountabilityReports.edges.map((e) => [e.node.version, e.node.status])).toEqual([
      [1, 'REJECTED'],
      [2, 'ACCEPTED'],
    ]);
    const spending = await acceptedEligibleSpending(t.ctx(), { municipalityCode: 'GM0363', schemeCode: 'VER-TEST', year: 2031 });
    expect(spending?.toFixed(2)).toBe('700000.00');
    expect(await acceptedEligibleSpending(t.ctx(), { municipalityCode: 'GM0344', schemeCode: 'VER-TEST', year: 2031 })).toBeNull();
  });
});

describe('deadlines, closed years and the overview', () => {
  it('flags a late submission and shows late and overdue municipalities', async () => {
    const r = await draft(utrecht, 'GM0344', 'LATE-TEST', 2025, {
      counts: [],
      expenditure: [{ component: 'LANGUAGE_AND_INTEGRATION', amount: '10' }],
      attachments: [],
    });
    const s = await t.ok<{ submitReport: Report }>(SUBMIT, { id: r.id }, utrecht);
    expect(s.submitReport.late).toBe(true);
    const overview = await t.ok<{
      accountabilityOverview: {
        totalCount: number;
        edges: { node: { municipalityCode: string; late: boolean; overdue: boolean; submitted: boolean } }[];
      };
    }>(
      `{ accountabilityOverview(schemeCode: "LATE-TEST", year: 2025, asOf: "2026-08-01", first: 5, filter: { submitted: true }) { totalCount edges { node { municipalityCode late overdue submitted } } } }`,
    );
    expect(overview.accountabilityOverview.totalCount).toBe(1);
    expect(overview.accountabilityOverview.edges[0]?.node).toEqual({
      municipalityCode: 'GM0344',
      late: true,
      overdue: false,
      submitted: true,
    });
    const overdue = await t.ok<{ accountabilityOverview: { totalCount: number } }>(
      `{ accountabilityOverview(schemeCode: "LATE-TEST", year: 2025, asOf: "2026-08-01", first: 5, filter: { overdue: true }) { totalCount } }`,
    );
    expect(overdue.accountabilityOverview.totalCount).toBe(341);
    const beforeDeadline = await t.ok<{ accountabilityOverview: { totalCount: number } }>(
      `{ accountabilityOverview(schemeCode: "LATE-TEST", year: 2025, asOf: "2026-07-15", first: 5, filter: { overdue: true }) { totalCount } }`,
    );
    expect(beforeDeadline.accountabilityOverview.totalCount).toBe(0);
    const own = await t.ok<{ accountabilityOverview: { totalCount: number } }>(
      `{ accountabilityOverview(schemeCode: "LATE-TEST", year: 2025, first: 500) { totalCount } }`,
      {},
      amsterdam,
    );
    expect(own.accountabilityOverview.totalCount).toBe(1);
  });

  it('refuses reports for a closed year until a finance officer reopens it', async () => {
    await updateSchemeStatus(t.ctx(), { schemeCode: 'LATE-TEST', year: 2025, status: SchemeStatus.CLOSED });
    const refused = await t.gql(
      CREATE,
      { input: { municipalityCode: 'GM0363', schemeCode: 'LATE-TEST', year: 2025, counts: [], expenditure: [], attachments: [] } },
      amsterdam,
    );
    expect(codes(refused)).toEqual(['SCHEME_YEAR_CLOSED']);
    await t.ok(
      `mutation { reopenAccountability(input: { schemeCode: "LATE-TEST", year: 2025, municipalityCode: "GM0363", reason: "late SiSa agreed" }) }`,
    );
    const r = await draft(amsterdam, 'GM0363', 'LATE-TEST', 2025, { counts: [], expenditure: [], attachments: [] });
    expect(r.status).toBe('DRAFT');
    expect(
      codes(
        await t.gql(
          CREATE,
          { input: { municipalityCode: 'GM0344', schemeCode: 'LATE-TEST', year: 2025, counts: [], expenditure: [], attachments: [] } },
          utrecht,
        ),
      ),
    ).toEqual(['SCHEME_YEAR_CLOSED']);
  });

  it('uses configured tolerances for later submissions', async () => {
    await t.ok(
      `mutation { setAccountabilityTolerance(input: { schemeCode: "VER-TEST", year: 2031, countAbsolute: "10", countRelative: "0", amountAbsolute: "1000000", amountRelative: "0" }) }`,
    );
    const denHaag = await t.tokens.controller('GM0518');
    await recordCounts(t.ctx(), {
      batchKey: 'registered-2031-GM0518',
      rows: [
        {
          municipalityCode: 'GM0518',
          periodType: 'YEAR',
          periodStart: '2031-01-01',
          periodEnd: '2031-12-31',
          category: 'GEZINSMIGRANT',
          basis: 'REGISTERED',
          rule: 'PEILDATUM',
          source: 'ATTRIBUTION',
          value: '50',
        },
      ],
    });
    const r = await draft(denHaag, 'GM0518', 'VER-TEST', 2031, {
      counts: [{ category: 'GEZINSMIGRANT', count: '40' }],
      expenditure: [],
      attachments: [],
    });
    const s = await t.ok<{ submitReport: Report }>(SUBMIT, { id: r.id }, denHaag);
    expect(s.submitReport.differences.map((d) => [d.check, d.difference, d.beyondTolerance])).toEqual([
      ['REPORTED_COUNT_DIFFERS', '-10', false],
    ]);
    expect(
      codes(
        await t.gql(
          `mutation { setAccountabilityTolerance(input: { schemeCode: "VER-TEST", year: 2031, countAbsolute: "-1", countRelative: "0", amountAbsolute: "0", amountRelative: "0" }) }`,
        ),
      ),
    ).toEqual(['BAD_USER_INPUT']);
  });
});
