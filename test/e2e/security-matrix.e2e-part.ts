import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import {
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLOutputType,
} from 'graphql';
import { createTestApp, codes, TEST_SECRET, type TestApp } from '../helpers/test-app';
import { createScenario, OTHER, OWN, S, Y, type Ids } from '../helpers/robustness';
import { mintToken } from '../../src/common/auth/tokens';
import { Role } from '../../src/common/auth/actor';
import { getSchema } from '../../src/schema';

/**
 * Every query and mutation against every caller, as one explicit table (decision 0700). The list
 * of operations is read from the built schema: an operation without a row here fails the test, and
 * so does a row for an operation that no longer exists.
 *
 * Outcomes: `ok` = the call got past authorization (it may still be refused for its content, e.g.
 * NOT_FOUND or CONFLICT, but never FORBIDDEN, UNAUTHENTICATED or INTERNAL_SERVER_ERROR);
 * `FORBIDDEN`; `UNAUTHENTICATED`. Columns: finance officer, auditor, controller of the municipality
 * named in the arguments (GM0363), controller of another municipality (GM0344). No token, an
 * expired token and a token with a bad signature are UNAUTHENTICATED for every operation.
 */

type Outcome = 'ok' | 'FORBIDDEN';
type Row = [finance: Outcome, auditor: Outcome, ownController: Outcome, otherController: Outcome];

const ALL: Row = ['ok', 'ok', 'ok', 'ok'];
const MINISTRY: Row = ['ok', 'ok', 'FORBIDDEN', 'FORBIDDEN'];
const FINANCE: Row = ['ok', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'];
/** Any role, but a controller only for its own municipality. */
const SCOPED: Row = ['ok', 'ok', 'ok', 'FORBIDDEN'];
const CONTROLLER_OWN: Row = ['FORBIDDEN', 'FORBIDDEN', 'ok', 'FORBIDDEN'];
/** A finance officer for any municipality, a controller for its own; not the auditor. */
const FINANCE_OR_OWN: Row = ['ok', 'FORBIDDEN', 'ok', 'FORBIDDEN'];

/** operation -> [sample arguments (GraphQL syntax, without parentheses), expected outcomes]. */
const matrix = (id: Ids): Record<string, [string, Row]> => ({
  // Queries
  accountBalance: [`address: "municipality:${OWN}:committed:${S}:${Y}"`, SCOPED],
  accountStatement: [`from: "${Y}-01-01", to: "${Y}-12-31", municipalityCode: "${OWN}"`, SCOPED],
  alerts: [`first: 5, municipalityCode: "${OWN}"`, SCOPED],
  alertSubscriptions: ['', ALL],
  accountabilityOverview: [`schemeCode: "${S}", year: ${Y}`, ALL],
  accountabilityReport: [`id: "${id.report}"`, SCOPED],
  accountabilityReports: ['', ALL],
  advancePlanLines: [`planId: "${id.plan}", municipalityCodes: ["${OWN}"]`, SCOPED],
  advancePlanMonths: [`planId: "${id.plan}"`, ALL],
  advancePlans: [`schemeCode: "${S}", year: ${Y}`, ALL],
  advanceSuspensions: [`schemeCode: "${S}", year: ${Y}, municipalityCodes: ["${OWN}"]`, SCOPED],
  allocationExplanation: [`municipalityCode: "${OWN}", runId: "${id.run}"`, SCOPED],
  allocationRules: [`schemeCode: "${S}"`, ALL],
  allocationRun: [`id: "${id.run}"`, ALL],
  allocationRuns: [`schemeCode: "${S}", year: ${Y}`, ALL],
  attributedCounts: [`runId: "${id.attribution}", municipalityCodes: ["${OWN}"]`, SCOPED],
  attributionDetail: [`runId: "${id.attribution}", municipalityCodes: ["${OWN}"], first: 5`, SCOPED],
  attributionRuns: [`year: ${Y}`, ALL],
  attributionSideBySide: [`schemeCode: "${S}", year: ${Y}, ruleVersionId: "${id.rule}", municipalityCodes: ["${OWN}"]`, SCOPED],
  auditLog: ['first: 1', MINISTRY],
  baseAmounts: [`schemeCode: "${S}", year: ${Y}`, MINISTRY],
  chainDeliveries: [`municipalityCodes: ["${OWN}"]`, SCOPED],
  chainInbox: ['first: 1', MINISTRY],
  chainNotifications: [`municipalityCode: "${OWN}", first: 1`, SCOPED],
  notificationTimeliness: [`from: "${Y}-01-01", to: "${Y}-12-31", municipalityCodes: ["${OWN}"]`, SCOPED],
  compareAllocationRuns: [`runA: "${id.run}", runB: "${id.run}"`, ALL],
  counts: ['first: 5', ALL],
  forecast: [`id: "${id.forecast}"`, ALL],
  forecasts: [`year: ${Y}`, ALL],
  forecastBacktest: ['id: "00000000-0000-4000-8000-000000000000"', ALL],
  forecastBacktests: ['', ALL],
  forecastExposure: [`forecastId: "${id.forecast}", allocationRunId: "${id.run}"`, ALL],
  interimEstimate: ['id: "00000000-0000-4000-8000-000000000000"', ALL],
  interimEstimates: [`schemeCode: "${S}", year: ${Y}`, ALL],
  keyComparison: ['id: "00000000-0000-4000-8000-000000000000"', ALL],
  keyComparisons: [`schemeCode: "${S}", year: ${Y}`, ALL],
  handovers: [`from: "${Y}-01-01", to: "${Y}-12-31", municipalityCodes: ["${OWN}"]`, SCOPED],
  housingDelay: [`from: "${Y}-01-01", to: "${Y}-12-31"`, MINISTRY],
  housingTask: [`year: 2031, half: 1, municipalityCodes: ["${OWN}"]`, SCOPED],
  housingDelays: [`from: "${Y}-01-01", to: "${Y}-12-31", first: 5`, MINISTRY],
  handoverTotals: [`from: "${Y}-01-01", to: "${Y}-12-31"`, ALL],
  journalTransactions: ['first: 5', ALL],
  ledgerAccounts: ['first: 5', ALL],
  municipalities: ['first: 5', ALL],
  municipality: [`code: "${OWN}"`, SCOPED],
  municipalityAdvanceStatement: [`municipalityCode: "${OWN}", schemeCode: "${S}", year: ${Y}`, SCOPED],
  municipalityBalances: [`code: "${OWN}"`, SCOPED],
  municipalityMergers: ['', ALL],
  municipalityPeriods: [`from: "${Y}-01-01", to: "${Y}-12-31", municipalityCode: "${OWN}"`, SCOPED],
  overrunView: [`schemeCode: "${S}", year: ${Y}`, ALL],
  pendingPersonEvents: ['', MINISTRY],
  peopleInReception: [`date: "${Y}-06-30"`, MINISTRY],
  peopleInView: [`municipalityCode: "${OWN}", date: "${Y}-06-30"`, SCOPED],
  personEventSources: ['', MINISTRY],
  personHistory: ['personId: "P-SEC-1"', MINISTRY],
  rates: [`schemeCode: "${S}"`, ALL],
  reconciliationDifferenceTrail: [`runId: "${id.recon}", ordinal: ${id.ownDifference}`, SCOPED],
  reconciliationDifferences: [`runId: "${id.recon}"`, ALL],
  reconciliationReproductions: [`runId: "${id.recon}"`, ALL],
  reconciliationRun: [`id: "${id.recon}"`, ALL],
  reconciliationRuns: ['', ALL],
  scheme: [`code: "${S}", year: ${Y}`, ALL],
  schemes: ['', ALL],
  settlement: [`id: "${id.settlement}"`, ALL],
  settlements: [`schemeCode: "${S}", year: ${Y}`, ALL],
  trialBalance: [`asOf: "${Y}-12-31"`, MINISTRY],
  verifyJournal: ['', MINISTRY],
  verifyJournalSinceCheckpoint: ['', MINISTRY],
  journalVerification: [`id: "00000000-0000-4000-8000-000000000000"`, MINISTRY],
  journalCheckpoints: ['first: 1', MINISTRY],
  checkpointPublicKey: ['', MINISTRY],
  checkJournalAgainstCheckpoint: ['checkpoint: "{}"', MINISTRY],
  viewer: ['', ALL],
  // Mutations (refusals must not write; allowed calls may succeed or be refused for their content)
  addRate: [`input: { schemeCode: "${S}", category: GEZINSMIGRANT, validFrom: "${Y}-01-01", amount: "10.00" }`, FINANCE],
  createAdvancePlan: [`input: { schemeCode: "${S}", year: ${Y}, allocationRunId: "${id.run}", idempotencyKey: "sec-plan" }`, FINANCE],
  createAllocationRule: [
    `input: { schemeCode: "${S}", ruleKey: "SEC-NEW", basis: FORECAST, categories: [{ category: ASIELSTATUSHOUDER }] }`,
    FINANCE,
  ],
  createAllocationRuleVersion: [
    `input: { schemeCode: "${S}", ruleKey: "${S}-FORECAST", basis: FORECAST, categories: [{ category: ASIELSTATUSHOUDER }] }`,
    FINANCE,
  ],
  createForecast: [`input: { year: ${Y}, method: TAAKSTELLING, idempotencyKey: "sec-forecast" }`, FINANCE],
  runForecastBacktest: [`input: { method: TAAKSTELLING, fromYear: ${Y}, toYear: ${Y}, idempotencyKey: "sec-backtest" }`, FINANCE],
  startInterimEstimate: [`input: { schemeCode: "${S}", year: ${Y}, forecastId: "${id.forecast}", idempotencyKey: "sec-interim" }`, FINANCE],
  runKeyComparison: [
    `input: { schemeCode: "${S}", year: ${Y}, ruleVersionId: "${id.rule}", fromYear: ${Y - 1}, toYear: ${Y}, idempotencyKey: "sec-keys" }`,
    FINANCE,
  ],
  decideInterimEstimate: [
    `input: { estimateId: "00000000-0000-4000-8000-000000000000", reason: "r", idempotencyKey: "sec-decide" }`,
    FINANCE,
  ],
  createReportDraft: [
    `input: { municipalityCode: "${OWN}", schemeCode: "${S}", year: ${Y}, counts: [{ category: "ASIELSTATUSHOUDER", count: "3" }] }`,
    CONTROLLER_OWN,
  ],
  createScheme: [
    `input: { code: "SEC-NEW", name: "n", stream: INTEGRATION_PROVISIONS, year: ${Y}, budgetMode: OPEN_ENDED, budget: "100.00" }`,
    FINANCE,
  ],
  decideReport: [`input: { reportId: "${id.reportToDecide}", decision: ACCEPT }`, FINANCE],
  draftSettlement: [
    `input: { schemeCode: "${S}", year: ${Y}, allocationRunId: "${id.definitive}", recoveryMode: OFFSET, idempotencyKey: "sec-settle" }`,
    FINANCE,
  ],
  exportReconciliation: [`runId: "${id.recon}", format: CSV`, MINISTRY],
  finaliseSettlement: [`input: { settlementId: "${id.settlement}", idempotencyKey: "sec-final" }`, FINANCE],
  importCounts: [
    `input: { batchKey: "sec-batch", rows: [{ municipalityCode: "${OWN}", periodType: "YEAR", periodStart: "${Y}-01-01", periodEnd: "${Y}-12-31", category: "OVERIG", basis: "FORECAST", source: "MINISTRY", value: "1" }] }`,
    FINANCE,
  ],
  importPersonEvents: [`input: { batchKey: "sec-events", events: [] }`, FINANCE],
  invoiceRecovery: [`input: { schemeCode: "${S}", year: ${Y}, municipalityCode: "${OWN}", idempotencyKey: "sec-inv" }`, FINANCE],
  overrideForecast: [
    `input: { year: ${Y}, municipalityCode: "${OWN}", category: "ASIELSTATUSHOUDER", value: "5", reason: "r", idempotencyKey: "sec-ovr" }`,
    FINANCE,
  ],
  payTranches: [`input: { schemeCode: "${S}", year: ${Y}, dueUpTo: "${Y}-02-01", idempotencyKey: "sec-pay" }`, FINANCE],
  postManualCorrection: [
    `input: { effectiveDate: "${Y}-03-01", idempotencyKey: "sec-mc", reason: "r", postings: [{ account: "ministry:bank", direction: "DEBIT", amount: "1.00" }, { account: "ministry:expense:${S}:${Y}", direction: "CREDIT", amount: "1.00" }] }`,
    FINANCE,
  ],
  publishRegisteredCounts: [`rule: PEILDATUM, year: ${Y}`, FINANCE],
  recordRecoveryReceived: [
    `input: { schemeCode: "${S}", year: ${Y}, municipalityCode: "${OWN}", amount: "1.00", idempotencyKey: "sec-rec" }`,
    FINANCE,
  ],
  bookDueMergerTransfers: [`asOf: "2020-01-01"`, FINANCE],
  distributeHousingTask: [`input: { year: 2031, half: 1, total: 100, idempotencyKey: "sm-ht" }`, FINANCE],
  registerMerger: [`input: { dissolvedCodes: ["GM9991"], successorCode: "GM9992", effectiveDate: "2031-01-01" }`, FINANCE],
  registerPersonEventSource: ['input: { code: "SEC-SRC", outOfOrder: false }', FINANCE],
  releaseAdvances: [`input: { schemeCode: "${S}", year: ${Y}, municipalityCode: "${OWN}", reason: "r" }`, FINANCE],
  reopenAccountability: [`input: { schemeCode: "${S}", year: ${Y}, reason: "r" }`, FINANCE],
  reproduceReconciliation: [`runId: "${id.recon}"`, MINISTRY],
  reverseTransaction: [`input: { transactionId: "${id.tx}", idempotencyKey: "sec-rev", reason: "r" }`, FINANCE],
  reviseAdvancePlan: [
    `input: { schemeCode: "${S}", year: ${Y}, allocationRunId: "${id.run}", idempotencyKey: "sec-revise", reason: "r" }`,
    FINANCE,
  ],
  runAllocation: [
    `input: { schemeCode: "${S}", year: ${Y}, ruleVersionId: "${id.rule}", stage: PROVISIONAL, idempotencyKey: "sec-run", dryRun: true }`,
    FINANCE,
  ],
  runAttribution: [`rule: PEILDATUM, year: ${Y}`, FINANCE],
  registerChainEndpoint: [`municipalityCode: "${OWN}", url: "http://127.0.0.1:9/hook"`, FINANCE_OR_OWN],
  testChainEndpoint: [`municipalityCode: "${OWN}"`, FINANCE_OR_OWN],
  replayChainDeliveries: [`municipalityCode: "${OWN}"`, FINANCE],
  setAccountabilityTolerance: [
    `input: { schemeCode: "${S}", year: ${Y}, amountAbsolute: "10.00", amountRelative: "0.01", countAbsolute: "1", countRelative: "0.02" }`,
    FINANCE,
  ],
  setBaseAmounts: [`input: { schemeCode: "${S}", year: ${Y}, amounts: [{ municipalityCode: "${OWN}", amount: "100.00" }] }`, FINANCE],
  startReconciliation: [`input: { schemeCode: "${S}", year: ${Y} }`, MINISTRY],
  startJournalVerification: ['', MINISTRY],
  evaluateAlerts: ['', FINANCE],
  // The subscription is OWN's controller's: the finance officer cancels it, OWN's controller then
  // reuses the key (CONFLICT, past authorization), another controller is FORBIDDEN.
  cancelAlertSubscription: [`input: { id: "${id.alertSubscription}", idempotencyKey: "sec-alert-cancel" }`, FINANCE_OR_OWN],
  // The same subscription: resumed by the finance officer (or CONFLICT if it is not cancelled at that moment), never by the others.
  resumeAlertSubscription: [`input: { id: "${id.alertSubscription}", idempotencyKey: "sec-alert-resume" }`, FINANCE_OR_OWN],
  subscribeAlert: [
    `input: { condition: REPORT_OVERDUE, municipalityCode: "${OWN}", schemeCode: "${S}", year: ${Y}, idempotencyKey: "sec-alert" }`,
    FINANCE_OR_OWN,
  ],
  submitReport: [`reportId: "${id.report}"`, CONTROLLER_OWN],
  suspendAdvances: [`input: { schemeCode: "${S}", year: ${Y}, municipalityCode: "${OWN}", reason: "r" }`, FINANCE],
  updateReportDraft: [`input: { reportId: "${id.report}", counts: [{ category: "ASIELSTATUSHOUDER", count: "4" }] }`, CONTROLLER_OWN],
  updateSchemeBudget: [`schemeCode: "${S}", year: ${Y}, budget: "2000000.00"`, FINANCE],
  updateSchemeStatus: [`schemeCode: "${S}", year: ${Y}, status: OPEN`, FINANCE],
});

/**
 * Every plain HTTP route, keyed `METHOD path` as Express registered it, with a sample URL and the
 * outcome per caller (decision 0700): `PUBLIC` routes answer everyone alike (never 401/403);
 * the others are 401 without a valid token. The list of routes is read from the Express app: a
 * route without a row fails, and so does a row for a route that no longer exists.
 */
/** `SENDER`: only the chain gateway's secret is accepted; every token holder is UNAUTHENTICATED (decision 1501). */
type HttpRow = Row | 'PUBLIC' | 'SENDER';
const httpMatrix = (id: Ids & { exportId: string }): Record<string, [string, HttpRow]> => ({
  'GET /healthz': ['/healthz', 'PUBLIC'],
  'GET /readyz': ['/readyz', 'PUBLIC'],
  'GET /console-api/dev-tokens': ['/console-api/dev-tokens', 'PUBLIC'],
  'GET /.*/': ['/municipalities/GM0363', 'PUBLIC'],
  'GET /exports/reconciliation/:id': [`/exports/reconciliation/${id.exportId}`, MINISTRY],
  'GET /exports/journal.ledger': [`/exports/journal.ledger?municipality=${OWN}`, SCOPED],
  'GET /exports/journal.csv': [`/exports/journal.csv?municipality=${OWN}`, SCOPED],
  'POST /notificaties': ['/notificaties', 'SENDER'],
});

/** Express 5's registered routes (not middleware mounts such as /graphql or /assets). */
function expressRoutes(app: Express): string[] {
  const stack = (app as unknown as { router: { stack: { route?: { path: unknown; methods: Record<string, boolean> } }[] } }).router.stack;
  return stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).map((m) => `${m.toUpperCase()} ${String(layer.route!.path)}`) : [],
  );
}

/** Per caller, the outcome a row says; no token, an expired one or a bad signature is always UNAUTHENTICATED. */
const expectedOutcomes = (row: Row): Record<string, string> => ({
  none: 'UNAUTHENTICATED',
  expired: 'UNAUTHENTICATED',
  badSignature: 'UNAUTHENTICATED',
  otherController: row[3],
  ownController: row[2],
  auditor: row[1],
  finance: row[0],
});

/** Mutations whose allowed call changes what a later row needs run last, in this order. */
const LAST = ['submitReport', 'decideReport', 'finaliseSettlement', 'updateSchemeStatus'];

describe('security matrix', () => {
  let t: TestApp;
  let ids: Ids;
  let operations: { name: string; kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[];
  const callers: Record<string, string | null> = {};

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
    const schema = await getSchema();
    const fields = (type: GraphQLObjectType | null | undefined) => Object.values(type?.getFields() ?? {});
    operations = [
      ...fields(schema.getQueryType()).map((field) => ({ name: field.name, kind: 'query' as const, field })),
      ...fields(schema.getMutationType()).map((field) => ({ name: field.name, kind: 'mutation' as const, field })),
    ];
    ids = await createScenario(t);
    const own = await t.tokens.controller(OWN);
    callers.finance = t.tokens.finance;
    callers.auditor = t.tokens.auditor;
    callers.ownController = own;
    callers.otherController = await t.tokens.controller(OTHER);
    callers.none = null;
    callers.expired = await mintToken(TEST_SECRET, { subject: 'fo-old', role: Role.FINANCE_OFFICER, expiresIn: '-1 minute' });
    callers.badSignature = await mintToken('another-secret-that-is-long-enough-0123456789', {
      subject: 'fo-x',
      role: Role.FINANCE_OFFICER,
    });
  }, 600_000);

  afterAll(() => t.close());

  it('has exactly one row per operation of the built schema', () => {
    const table = Object.keys(matrix(ids)).sort();
    expect(operations.length).toBeGreaterThan(80);
    expect(table).toEqual(operations.map((o) => o.name).sort());
  });

  it('gives every caller the outcome in the table', async () => {
    const table = matrix(ids);
    const ordered = [
      ...operations.filter((o) => o.kind === 'query'),
      ...operations.filter((o) => o.kind === 'mutation' && !LAST.includes(o.name)),
      ...LAST.map((name) => operations.find((o) => o.name === name)).filter((o) => o !== undefined),
    ];
    const mismatches: string[] = [];
    let checked = 0;
    for (const op of ordered) {
      const entry = table[op.name];
      if (!entry) {
        mismatches.push(`${op.name}: no row`);
        continue;
      }
      const [args, row] = entry;
      const selection = isLeafType(getNamedType(op.field.type)) ? '' : ' { __typename }';
      const document = `${op.kind} { ${op.name}${args ? `(${args})` : ''}${selection} }`;
      const expected = expectedOutcomes(row);
      // Refused callers go first, so a mutation's allowed call cannot change what they see.
      const order = Object.keys(expected).sort((a, b) => Number(expected[a] === 'ok') - Number(expected[b] === 'ok'));
      for (const caller of order) {
        const result = await t.gql(document, {}, callers[caller]);
        const got = codes(result);
        const want = expected[caller];
        const outcome =
          got.includes('UNAUTHENTICATED') ||
          got.includes('FORBIDDEN') ||
          got.includes('INTERNAL_SERVER_ERROR') ||
          got.includes('GRAPHQL_VALIDATION_FAILED')
            ? got.join(',')
            : 'ok';
        checked += 1;
        if (outcome !== want) {
          mismatches.push(`${op.name} as ${caller}: expected ${want}, got ${outcome} ${JSON.stringify(result.errors?.[0]?.message ?? '')}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(checked).toBe(operations.length * 7);
  }, 300_000);

  describe('nested fields', () => {
    let foreignTransactions: Set<string>;
    let foreignIds: Set<string>;
    let foreignCountIds: Set<string>;

    beforeAll(async () => {
      // Money moves for both municipalities: tranches paid and the settlement finalised, so that
      // transactions of each exist. When the whole file runs, the matrix's own calls did this first.
      const { settlement } = await t.ok<{ settlement: { status: string } }>(`query($id: ID!) { settlement(id: $id) { status } }`, {
        id: ids.settlement,
      });
      if (settlement.status === 'DRAFT') {
        await t.ok(
          `mutation { payTranches(input: { schemeCode: "${S}", year: ${Y}, dueUpTo: "${Y}-12-31", idempotencyKey: "nested-pay" }) { paidCount } }`,
        );
        await t.ok(
          `mutation($id: ID!) { finaliseSettlement(input: { settlementId: $id, idempotencyKey: "nested-final" }) { settlement { status } } }`,
          {
            id: ids.settlement,
          },
        );
      }
      // People in both municipalities, so that every attribution rule counts someone (side by side).
      const started = (personId: string, municipalityCode: string) => ({
        eventId: `nested-${personId}`,
        personId,
        type: 'OBLIGATION_STARTED',
        date: `${Y}-02-01`,
        category: 'ASIELSTATUSHOUDER',
        municipalityCode,
        source: 'BRP',
        sourceRecordedAt: `${Y}-02-01T10:00:00Z`,
      });
      await t.ok(`mutation($input: ImportPersonEventsInput!) { importPersonEvents(input: $input) { applied } }`, {
        input: { batchKey: 'nested-people', events: [started('pseudo-nested-own', OWN), started('pseudo-nested-other', OTHER)] },
      });
      // A journal transaction is another municipality's when it posts to municipality accounts and
      // none of them is the controller's own.
      const tx = await t.dataSource.query<{ id: string }[]>(
        `SELECT p.transaction_id::text AS id FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id
          GROUP BY p.transaction_id
         HAVING count(a.municipality_code) > 0 AND count(*) FILTER (WHERE a.municipality_code = $1) = 0`,
        [OWN],
      );
      foreignTransactions = new Set(tx.map((r) => r.id));
      const reports = await t.dataSource.query<{ id: string }[]>(
        `SELECT id::text FROM accountability_reports WHERE municipality_code <> $1`,
        [OWN],
      );
      foreignIds = new Set([...foreignTransactions, ...reports.map((r) => r.id)]);
      const counts = await t.dataSource.query<{ id: string }[]>(`SELECT id::text FROM counts WHERE municipality_code <> $1`, [OWN]);
      foreignCountIds = new Set(counts.map((r) => r.id));
      expect(foreignTransactions.size).toBeGreaterThan(3);
    }, 600_000);

    it('gives a controller nothing of another municipality in any nested field of any query it may call', async () => {
      const schema = await getSchema();
      const table = matrix(ids);
      const leaks: string[] = [];
      const hiddenFields: string[] = [];
      const ownBookings = new Set<string>();
      let fieldsSeen = 0;
      for (const op of operations.filter((o) => o.kind === 'query')) {
        const [args, row] = table[op.name] ?? ['', FINANCE];
        if (row[2] !== 'ok') {
          continue;
        }
        const named = getNamedType(op.field.type);
        // Fields a controller may not read at all (field-level roles) are left out, one by one.
        const hidden = new Set<string>();
        let result: Awaited<ReturnType<TestApp['gql']>>;
        for (;;) {
          const selection = isObjectType(named) ? ` { ${selectionOf(named, NESTED_DEPTH, hidden)} }` : '';
          result = await t.gql(`query { ${op.name}${args ? `(${args})` : ''}${selection} }`, {}, callers.ownController);
          const forbidden = (result.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN' && (e.path?.length ?? 0) > 1);
          const fresh = forbidden.map((e) => fieldAt(op.field.type, e.path ?? [])).filter((f) => f !== null && !hidden.has(f));
          if (fresh.length === 0) {
            break;
          }
          fresh.forEach((f) => hidden.add(f as string));
        }
        const refused = codes(result).filter((c) => c !== 'NOT_FOUND' && c !== 'CONFLICT');
        if (refused.length > 0) {
          leaks.push(`${op.name}: refused ${refused.join(',')} ${JSON.stringify(result.errors?.[0]?.message)}`);
          continue;
        }
        hiddenFields.push(...[...hidden].map((f) => `${op.name}: ${f}`));
        walk(
          op.field.type,
          (result.data as Record<string, unknown> | null | undefined)?.[op.name],
          `${op.name}`,
          (path, parent, field, value) => {
            fieldsSeen += 1;
            if (PUBLIC_FIELDS.has(`${parent}.${field}`)) {
              return;
            }
            const text = JSON.stringify(value);
            const foreign = [...new Set(text.match(/GM\d{4}/g) ?? [])].filter((c) => c !== OWN);
            if (foreign.length > 0) {
              leaks.push(`${path} (${parent}.${field}) names ${foreign.join(', ')}`);
            }
            if (`${parent}.${field}` === 'Settlement.transactionIds' && Array.isArray(value)) {
              value.forEach((id) => ownBookings.add(String(id)));
            }
            for (const id of typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []) {
              if (foreignIds.has(id) || (field === 'countIds' && foreignCountIds.has(id))) {
                leaks.push(`${path} (${parent}.${field}) gives ${id}, which belongs to another municipality`);
              }
            }
          },
        );
        void schema;
      }
      expect(fieldsSeen).toBeGreaterThan(500);
      // The controller's own bookings are shown (the check looked at a list that was not empty).
      expect(ownBookings.size).toBeGreaterThan(0);
      // Fields a controller may not read at all are refused as a whole, not filtered.
      expect(hiddenFields.sort()).toEqual(HIDDEN_FROM_CONTROLLERS);
      expect(leaks).toEqual([]);
    }, 300_000);
  });

  describe('plain HTTP routes', () => {
    let base: string;
    let routes: string[];
    let exportId: string;

    beforeAll(async () => {
      await new Promise<void>((resolve) => t.app.httpServer.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(t.app.httpServer.address() as AddressInfo).port}`;
      routes = expressRoutes(t.app.httpServer.listeners('request')[0] as Express);
      const exp = await t.ok<{ exportReconciliation: { id: string } }>(
        `mutation($id: ID!) { exportReconciliation(runId: $id, format: CSV) { id } }`,
        { id: ids.recon },
      );
      exportId = exp.exportReconciliation.id;
    });

    afterAll(() => new Promise<void>((resolve) => t.app.httpServer.close(() => resolve())));

    const get = async (urlPath: string, token: string | null, method = 'GET') => {
      const res = await fetch(`${base}${urlPath}`, {
        method,
        headers: {
          accept: 'text/html, */*',
          ...(method === 'GET' ? {} : { 'content-type': 'application/json' }),
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
        },
        ...(method === 'GET' ? {} : { body: '{}' }),
      });
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()).toString('latin1') };
    };

    it('has exactly one row per route of the Express app', () => {
      expect(routes.length).toBeGreaterThanOrEqual(7);
      expect(Object.keys(httpMatrix({ ...ids, exportId })).sort()).toEqual([...routes].sort());
    });

    it('gives every caller the outcome in the table, and a controller nothing of another municipality', async () => {
      const table = httpMatrix({ ...ids, exportId });
      const mismatches: string[] = [];
      // 503 is the console fallback when the console is not built (unit runs): still no refusal.
      const status = (code: number): string =>
        code === 401 ? 'UNAUTHENTICATED' : code === 403 ? 'FORBIDDEN' : code >= 500 && code !== 503 ? `HTTP ${code}` : 'ok';
      for (const route of routes) {
        const [urlPath, row] = table[route] ?? ['', 'PUBLIC'];
        const method = route.split(' ')[0] as string;
        const expected =
          row === 'PUBLIC'
            ? Object.fromEntries(Object.keys(callers).map((c) => [c, 'ok']))
            : row === 'SENDER'
              ? Object.fromEntries(Object.keys(callers).map((c) => [c, 'UNAUTHENTICATED']))
              : expectedOutcomes(row);
        for (const [caller, want] of Object.entries(expected)) {
          const res = await get(urlPath, callers[caller] ?? null, method);
          const got = status(res.status);
          if (got !== want) {
            mismatches.push(`${route} as ${caller}: expected ${want}, got ${got} (${res.status}) ${res.body.slice(0, 200)}`);
          }
        }
        // Whatever a controller is given, by this URL or the bare path, names no other municipality.
        for (const [caller, own] of [
          ['ownController', OWN],
          ['otherController', OTHER],
        ] as const) {
          for (const candidate of new Set([urlPath, urlPath.replace(/\?.*$/, '')])) {
            const res = await get(candidate, callers[caller] ?? null, method);
            const foreign = res.status < 300 ? [...new Set(res.body.match(/GM\d{4}/g) ?? [])].filter((c) => c !== own) : [];
            if (foreign.length > 0) {
              mismatches.push(`${route} as ${caller} (${candidate}): shows ${foreign.join(', ')}`);
            }
          }
        }
      }
      expect(mismatches).toEqual([]);
    }, 600_000);

    it('logs and audits a refused download like a refused GraphQL field', async () => {
      const res = await get(`/exports/journal.csv?municipality=${OWN}`, callers.otherController ?? null);
      expect(res.status).toBe(403);
      const rows = await t.dataSource.query<{ subject: string; operation_type: string; operation_name: string; outcome: string }[]>(
        `SELECT subject, operation_type, operation_name, outcome FROM audit_log
          WHERE operation_type = 'http' AND subject = $1 ORDER BY id DESC LIMIT 1`,
        [`ctl-${OTHER}`],
      );
      expect(rows).toEqual([
        { subject: `ctl-${OTHER}`, operation_type: 'http', operation_name: 'GET /exports/journal.csv', outcome: 'FORBIDDEN' },
      ]);
    });
  });
});

/** Fields that name other municipalities by design: the public register and its mergers. */
const PUBLIC_FIELDS = new Set([
  'Municipality.neighbours',
  'Municipality.successorCode',
  'MunicipalityMerger.dissolvedCode',
  'MunicipalityMerger.successorCode',
]);
const NESTED_DEPTH = 4;
/**
 * Nested fields with a role rule of their own that refuses controllers as a whole (`query: Type.field`):
 * a run's canonical inputs hold every municipality's counts.
 */
const HIDDEN_FROM_CONTROLLERS = ['allocationRun: AllocationRun.inputs', 'allocationRuns: AllocationRun.inputs'];

function unwrap(type: GraphQLOutputType): GraphQLOutputType {
  return isNonNullType(type) ? unwrap(type.ofType) : type;
}

/** Every field of `type` whose arguments all have defaults, `depth` levels of objects deep, but the `hidden` (`Type.field`). */
function selectionOf(type: GraphQLObjectType, depth: number, hidden: ReadonlySet<string> = new Set()): string {
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined) || hidden.has(`${type.name}.${field.name}`)) {
      continue;
    }
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      parts.push(field.name);
    } else if (isObjectType(named) && depth > 0) {
      const inner = selectionOf(named, depth - 1, hidden);
      if (inner !== '') {
        parts.push(`${field.name} { ${inner} }`);
      }
    }
  }
  return parts.join(' ');
}

/** `Type.field` of the field at a response path (list indices skipped), from the operation's type. */
function fieldAt(type: GraphQLOutputType, path: readonly (string | number)[]): string | null {
  let current: GraphQLOutputType = type;
  let owner = '';
  let name = '';
  for (const key of path.slice(1)) {
    if (typeof key === 'number') {
      continue;
    }
    const named = getNamedType(current);
    if (!isObjectType(named)) {
      return null;
    }
    const field = named.getFields()[key];
    if (!field) {
      return null;
    }
    owner = named.name;
    name = key;
    current = field.type;
  }
  return name === '' ? null : `${owner}.${name}`;
}

/** Calls `visit` for every leaf value in `value` (of GraphQL type `type`), with its type and field name. */
function walk(
  type: GraphQLOutputType,
  value: unknown,
  path: string,
  visit: (path: string, parent: string, field: string, value: unknown) => void,
): void {
  const t = unwrap(type);
  if (value === null || value === undefined) {
    return;
  }
  if (isListType(t)) {
    (value as unknown[]).forEach((v, i) => walk(t.ofType as GraphQLOutputType, v, `${path}[${i}]`, visit));
    return;
  }
  if (!isObjectType(t)) {
    return;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const field = t.getFields()[key];
    if (!field) {
      continue;
    }
    if (isLeafType(getNamedType(field.type))) {
      visit(`${path}.${key}`, t.name, key, v);
    } else {
      walk(field.type, v, `${path}.${key}`, visit);
    }
  }
}
