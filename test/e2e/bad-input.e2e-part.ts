import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { createScenario, OTHER, OWN, S, Y, tableChecksums, watchWrites, type Ids } from '../helpers/robustness';
import { getSchema } from '../../src/schema';

/**
 * Bad input as one table (decision 0701): every mutation of the schema gets malformed and extreme
 * decimals, counts, unknown codes and ids, impossible dates and periods, oversized and duplicated
 * batches, injection strings in its identifier fields, the wrong role and the wrong municipality.
 * Each case must be refused with its code, name the field (in `extensions.field` or the message),
 * and leave every table byte-for-byte unchanged (audit_log excepted: it records the refusals).
 */

type Caller = 'finance' | 'auditor' | 'own' | 'other' | 'none';
interface Case {
  name: string;
  op: string;
  query: string;
  variables: Record<string, unknown>;
  caller: Caller;
  /** Accepted codes (the first is the one we expect; a second is named where both are right). */
  code: string[];
  /**
   * The error must name one of these (in extensions or the message): the field, or for NOT_FOUND
   * the unknown value itself; null for refusals of the caller.
   */
  field: string[] | null;
}

const W = 'SEC-WHOLE'; // a whole-euro scheme (unitScale 0)
const UUID = '00000000-0000-4000-8000-000000000000';
const BAD_MONEY: unknown[] = ['1e3', 'NaN', '12,50', '0.001', '1'.repeat(30), '-5.00', 12.5, 'Infinity', '', '1.2.3'];
const BAD_COUNT = ['-1', '1e3', 'NaN', '12,5', '1.1234567', '1'.repeat(30), 'abc'];
/** Impossible, malformed, out of range (PostgreSQL refuses year 0) and empty: an empty date is refused, never "not given". */
const BAD_DATE = ['2026-02-30', '2026-13-01', '20260101', 'yesterday', '0000-01-01', ''];
const INJECTION = ["'; DROP TABLE municipalities; --", '<script>alert(1)</script>', 'Ğ\u202e𝔘\u0000', 'x'.repeat(10_000)];

/** Input type of each input-object mutation, to declare `$input`. */
const INPUT_TYPE: Record<string, string> = {
  addRate: 'AddRateInput',
  createAdvancePlan: 'CreateAdvancePlanInput',
  createAllocationRule: 'AllocationRuleInput',
  createAllocationRuleVersion: 'AllocationRuleInput',
  createForecast: 'CreateForecastInput',
  createReportDraft: 'CreateReportDraftInput',
  createScheme: 'CreateSchemeInput',
  decideReport: 'DecideReportInput',
  distributeHousingTask: 'DistributeHousingTaskInput',
  draftSettlement: 'DraftSettlementInput',
  finaliseSettlement: 'FinaliseSettlementInput',
  importCounts: 'ImportCountsInput',
  importPersonEvents: 'ImportPersonEventsInput',
  invoiceRecovery: 'RecoveryInput',
  overrideForecast: 'OverrideForecastInput',
  runForecastBacktest: 'RunForecastBacktestInput',
  startInterimEstimate: 'StartInterimEstimateInput',
  decideInterimEstimate: 'DecideInterimEstimateInput',
  runKeyComparison: 'RunKeyComparisonInput',
  payTranches: 'PayTranchesInput',
  postManualCorrection: 'ManualCorrectionInput',
  recordRecoveryReceived: 'RecoveryReceivedInput',
  registerMerger: 'RegisterMergerInput',
  registerPersonEventSource: 'RegisterPersonEventSourceInput',
  releaseAdvances: 'AdvanceSuspensionInput',
  reopenAccountability: 'ReopenAccountabilityInput',
  reverseTransaction: 'ReverseTransactionInput',
  reviseAdvancePlan: 'ReviseAdvancePlanInput',
  runAllocation: 'RunAllocationInput',
  setAccountabilityTolerance: 'SetAccountabilityToleranceInput',
  subscribeAlert: 'SubscribeAlertInput',
  cancelAlertSubscription: 'CancelAlertSubscriptionInput',
  resumeAlertSubscription: 'ResumeAlertSubscriptionInput',
  setBaseAmounts: 'SetBaseAmountsInput',
  startReconciliation: 'StartReconciliationInput',
  suspendAdvances: 'AdvanceSuspensionInput',
  updateReportDraft: 'UpdateReportDraftInput',
};

/** Mutations with plain arguments: their variable declarations and argument list. */
const PLAIN: Record<string, [string, string]> = {
  registerChainEndpoint: ['$municipalityCode: String!, $url: String!', 'municipalityCode: $municipalityCode, url: $url'],
  testChainEndpoint: ['$municipalityCode: String!', 'municipalityCode: $municipalityCode'],
  replayChainDeliveries: ['$municipalityCode: String!', 'municipalityCode: $municipalityCode'],
  bookDueMergerTransfers: ['$asOf: String', 'asOf: $asOf'],
  exportReconciliation: ['$runId: ID!, $format: ReconciliationExportFormat!', 'runId: $runId, format: $format'],
  publishRegisteredCounts: ['$rule: AttributionRule!, $year: Int!', 'rule: $rule, year: $year'],
  reproduceReconciliation: ['$runId: ID!', 'runId: $runId'],
  runAttribution: ['$rule: AttributionRule!, $year: Int!', 'rule: $rule, year: $year'],
  submitReport: ['$reportId: ID!', 'reportId: $reportId'],
  // No arguments: only who may call it can be wrong.
  startJournalVerification: ['', ''],
  evaluateAlerts: ['', ''],
  updateSchemeBudget: ['$schemeCode: String!, $year: Int!, $budget: Money!', 'schemeCode: $schemeCode, year: $year, budget: $budget'],
  updateSchemeStatus: [
    '$schemeCode: String!, $year: Int!, $status: SchemeStatus!',
    'schemeCode: $schemeCode, year: $year, status: $status',
  ],
};

/** Valid arguments of every mutation (for input-object mutations: the `input`). */
function bases(id: Ids) {
  const row = {
    municipalityCode: OWN,
    periodType: 'YEAR',
    periodStart: `${Y}-01-01`,
    periodEnd: `${Y}-12-31`,
    category: 'OVERIG',
    route: null,
    basis: 'FORECAST',
    rule: null,
    source: 'MINISTRY',
    value: '7',
  };
  return {
    addRate: { schemeCode: S, category: 'GEZINSMIGRANT', route: null, validFrom: `${Y}-01-01`, amount: '10.00' },
    createAdvancePlan: { schemeCode: S, year: Y, allocationRunId: id.run, idempotencyKey: 'bi-plan' },
    createAllocationRule: { schemeCode: S, ruleKey: 'BI-NEW', basis: 'FORECAST', categories: [{ category: 'ASIELSTATUSHOUDER' }] },
    createAllocationRuleVersion: {
      schemeCode: S,
      ruleKey: `${S}-FORECAST`,
      basis: 'FORECAST',
      categories: [{ category: 'ASIELSTATUSHOUDER' }],
    },
    createForecast: { year: Y, method: 'TAAKSTELLING', idempotencyKey: 'bi-forecast' },
    runForecastBacktest: { method: 'TAAKSTELLING', fromYear: Y, toYear: Y, idempotencyKey: 'bi-backtest' },
    startInterimEstimate: { schemeCode: S, year: Y, forecastId: id.forecast, level: 'MEAN', idempotencyKey: 'bi-interim' },
    decideInterimEstimate: { estimateId: UUID, reason: 'mid-year', idempotencyKey: 'bi-decide' },
    runKeyComparison: { schemeCode: S, year: Y, ruleVersionId: id.rule, fromYear: Y - 1, toYear: Y, idempotencyKey: 'bi-keys' },
    createReportDraft: {
      municipalityCode: OWN,
      schemeCode: S,
      year: Y,
      counts: [{ category: 'ASIELSTATUSHOUDER', count: '3' }],
      expenditure: [{ component: 'LANGUAGE_AND_INTEGRATION', amount: '100.00' }],
    },
    createScheme: { code: 'BI-NEW', name: 'n', stream: 'INTEGRATION_PROVISIONS', year: Y, budgetMode: 'OPEN_ENDED', budget: '100.00' },
    decideReport: { reportId: id.reportToDecide, decision: 'REJECT', reason: 'incomplete' },
    draftSettlement: { schemeCode: S, year: Y, allocationRunId: id.definitive, recoveryMode: 'OFFSET', idempotencyKey: 'bi-settle' },
    finaliseSettlement: { settlementId: id.settlement, idempotencyKey: 'bi-final' },
    importCounts: { batchKey: 'bi-batch', rows: [row] },
    importPersonEvents: {
      batchKey: 'bi-events',
      events: [
        {
          eventId: 'bi-e1',
          personId: 'pseudo-bi-0001',
          type: 'OBLIGATION_STARTED',
          date: `${Y}-02-01`,
          category: 'ASIELSTATUSHOUDER',
          source: 'COA',
          sourceRecordedAt: `${Y}-02-01T10:00:00Z`,
        },
      ],
    },
    invoiceRecovery: { schemeCode: S, year: Y, municipalityCode: OWN, idempotencyKey: 'bi-inv' },
    distributeHousingTask: { year: 2031, half: 1, total: 100, idempotencyKey: 'bi-ht' },
    overrideForecast: {
      year: Y,
      municipalityCode: OWN,
      category: 'ASIELSTATUSHOUDER',
      value: '5',
      reason: 'r',
      idempotencyKey: 'bi-ovr',
    },
    payTranches: { schemeCode: S, year: Y, dueUpTo: `${Y}-02-01`, idempotencyKey: 'bi-pay' },
    postManualCorrection: {
      effectiveDate: `${Y}-03-01`,
      idempotencyKey: 'bi-mc',
      reason: 'r',
      postings: [
        { account: 'ministry:bank', direction: 'DEBIT', amount: '1.00' },
        { account: `ministry:expense:${S}:${Y}`, direction: 'CREDIT', amount: '1.00' },
      ],
    },
    recordRecoveryReceived: { schemeCode: S, year: Y, municipalityCode: OWN, amount: '1.00', idempotencyKey: 'bi-rec' },
    registerMerger: { dissolvedCodes: ['GM0014'], successorCode: 'GM9990', successorName: 'Nieuw', effectiveDate: '2031-01-01' },
    registerPersonEventSource: { code: 'BI-SRC', outOfOrder: false },
    releaseAdvances: { schemeCode: S, year: Y, municipalityCode: OWN, reason: 'r' },
    reopenAccountability: { schemeCode: S, year: Y, reason: 'reopened for a correction' },
    reverseTransaction: { transactionId: id.tx, idempotencyKey: 'bi-rev', reason: 'r' },
    reviseAdvancePlan: { schemeCode: S, year: Y, allocationRunId: id.run, idempotencyKey: 'bi-revise', reason: 'r' },
    runAllocation: { schemeCode: S, year: Y, ruleVersionId: id.rule, stage: 'INTERIM', idempotencyKey: 'bi-run', dryRun: false },
    setAccountabilityTolerance: {
      schemeCode: S,
      year: Y,
      amountAbsolute: '10.00',
      amountRelative: '0.01',
      countAbsolute: '1',
      countRelative: '0.02',
    },
    setBaseAmounts: { schemeCode: S, year: Y, amounts: [{ municipalityCode: OWN, amount: '100.00' }] },
    startReconciliation: { schemeCode: S, year: Y },
    startJournalVerification: {},
    evaluateAlerts: {},
    subscribeAlert: { condition: 'REPORT_OVERDUE', municipalityCode: OWN, schemeCode: S, year: Y, idempotencyKey: 'bi-alert' },
    cancelAlertSubscription: { id: id.alertSubscription, idempotencyKey: 'bi-alert-cancel' },
    resumeAlertSubscription: { id: id.alertSubscription, idempotencyKey: 'bi-alert-resume' },
    suspendAdvances: { schemeCode: S, year: Y, municipalityCode: OWN, reason: 'r' },
    updateReportDraft: { reportId: id.report, counts: [{ category: 'ASIELSTATUSHOUDER', count: '4' }] },
    // plain-argument mutations: their variables
    registerChainEndpoint: { municipalityCode: OWN, url: 'http://127.0.0.1:9/hook' },
    testChainEndpoint: { municipalityCode: OWN },
    replayChainDeliveries: { municipalityCode: OWN },
    bookDueMergerTransfers: { asOf: '2020-01-01' },
    exportReconciliation: { runId: id.recon, format: 'CSV' },
    publishRegisteredCounts: { rule: 'PEILDATUM', year: Y },
    reproduceReconciliation: { runId: id.recon },
    runAttribution: { rule: 'PEILDATUM', year: Y },
    submitReport: { reportId: id.report },
    updateSchemeBudget: { schemeCode: S, year: Y, budget: '2000000.00' },
    updateSchemeStatus: { schemeCode: S, year: Y, status: 'CLOSED' },
  };
}

/** The caller a mutation is meant for, and one it is refused to. */
const CONTROLLER_OPS = ['createReportDraft', 'updateReportDraft', 'submitReport'];
const MINISTRY_OPS = ['startReconciliation', 'reproduceReconciliation', 'exportReconciliation', 'startJournalVerification'];
const rightCaller = (op: string): Caller => (CONTROLLER_OPS.includes(op) ? 'own' : 'finance');

/** A deep copy of `value` with `path` ("a.0.b") set to `to`. */
function withPath(value: Record<string, unknown>, path: string, to: unknown): Record<string, unknown> {
  const copy = structuredClone(value);
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = to;
  return copy;
}

function buildCases(id: Ids): Case[] {
  const base = bases(id);
  const baseOf = base as Record<string, Record<string, unknown>>;
  const cases: Case[] = [];
  const documentOf = (op: string): string => {
    const plain = PLAIN[op];
    if (plain && plain[0] === '') {
      return `mutation { ${op} { __typename } }`;
    }
    if (plain) {
      return `mutation(${plain[0]}) { ${op}(${plain[1]}) { __typename } }`;
    }
    const selection = ['reopenAccountability', 'setAccountabilityTolerance'].includes(op) ? '' : ' { __typename }';
    return `mutation($input: ${INPUT_TYPE[op]}!) { ${op}(input: $input)${selection} }`;
  };
  const variablesOf = (op: string, args: Record<string, unknown>) => (PLAIN[op] ? args : { input: args });
  /** A case: `op` with `path` of its base arguments set to `to` (or the arguments given whole). */
  const add = (
    name: string,
    op: string,
    change: [path: string, to: unknown] | Record<string, unknown>,
    code: string | string[],
    field: string | string[] | null,
    caller: Caller = rightCaller(op),
  ) => {
    const args = Array.isArray(change) ? withPath(baseOf[op] as Record<string, unknown>, change[0], change[1]) : change;
    cases.push({
      name: `${op}: ${name}`,
      op,
      query: documentOf(op),
      variables: variablesOf(op, args),
      caller,
      code: Array.isArray(code) ? code : [code],
      field:
        field === null
          ? null
          : [
              ...(Array.isArray(field) ? field : [field]),
              ...(Array.isArray(change) && typeof change[1] === 'string' && change[1].length > 0 ? [change[1].slice(0, 100)] : []),
            ],
    });
  };

  // Malformed and extreme amounts in every Money field
  const moneyFields: [string, string][] = [
    ['addRate', 'amount'],
    ['createScheme', 'budget'],
    ['setBaseAmounts', 'amounts.0.amount'],
    ['recordRecoveryReceived', 'amount'],
    ['postManualCorrection', 'postings.0.amount'],
    ['updateSchemeBudget', 'budget'],
  ];
  for (const [op, path] of moneyFields) {
    for (const value of BAD_MONEY) {
      add(`amount ${JSON.stringify(value).slice(0, 20)}`, op, [path, value], 'BAD_USER_INPUT', path.split('.').pop() as string);
    }
  }
  // Cents in whole-euro schemes
  add(
    'budget 1000.50 in a whole-euro scheme',
    'updateSchemeBudget',
    { schemeCode: W, year: Y, budget: '1000.50' },
    'BAD_USER_INPUT',
    'budget',
  );
  add(
    'base amount 100.50 in a whole-euro scheme',
    'setBaseAmounts',
    { schemeCode: W, year: Y, amounts: [{ municipalityCode: OWN, amount: '100.50' }] },
    'BAD_USER_INPUT',
    'amount',
  );
  add(
    'whole-euro budget with cents',
    'createScheme',
    { ...base.createScheme, code: 'BI-W2', unitScale: 0, budget: '100.50' },
    'BAD_USER_INPUT',
    'budget',
  );
  add('unit scale 3', 'createScheme', ['unitScale', 3], 'BAD_USER_INPUT', 'unitScale');
  add('report expenditure 0.001', 'createReportDraft', ['expenditure.0.amount', '0.001'], 'BAD_USER_INPUT', 'amount');
  add('report expenditure 1e3', 'createReportDraft', ['expenditure.0.amount', '1e3'], 'BAD_USER_INPUT', 'amount');
  add('report expenditure of 30 digits', 'createReportDraft', ['expenditure.0.amount', '1'.repeat(30)], 'BAD_USER_INPUT', 'amount');
  add(
    'draft expenditure of 30 digits',
    'updateReportDraft',
    ['expenditure', [{ component: 'LANGUAGE_AND_INTEGRATION', amount: '1'.repeat(30) }]],
    'BAD_USER_INPUT',
    'amount',
  );
  add('report expenditure 12,50', 'createReportDraft', ['expenditure.0.amount', '12,50'], 'BAD_USER_INPUT', 'amount');
  add('posting of zero', 'postManualCorrection', ['postings.0.amount', '0.00'], 'BAD_USER_INPUT', 'amount');
  add('unbalanced postings', 'postManualCorrection', ['postings.1.amount', '2.00'], ['LEDGER_UNBALANCED', 'BAD_USER_INPUT'], 'postings');
  add('posting direction SIDEWAYS', 'postManualCorrection', ['postings.0.direction', 'SIDEWAYS'], 'BAD_USER_INPUT', 'direction');
  // Decimals that are rates and tolerances
  for (const value of ['1e3', 'NaN', '-0.5', '12,5']) {
    add(`advance rate ${value}`, 'createAdvancePlan', ['advanceRate', value], 'BAD_USER_INPUT', 'advanceRate');
    add(`relative tolerance ${value}`, 'setAccountabilityTolerance', ['amountRelative', value], 'BAD_USER_INPUT', 'amountRelative');
  }
  add('absolute tolerance -1', 'setAccountabilityTolerance', ['countAbsolute', '-1'], 'BAD_USER_INPUT', 'countAbsolute');
  // Counts: negative, exponent, comma, too many decimals, huge
  for (const value of BAD_COUNT) {
    add(`count ${value.slice(0, 20)}`, 'importCounts', ['rows.0.value', value], 'BAD_USER_INPUT', 'value');
    add(`forecast ${value.slice(0, 20)}`, 'overrideForecast', ['value', value], 'BAD_USER_INPUT', 'value');
    add(`report count ${value.slice(0, 20)}`, 'createReportDraft', ['counts.0.count', value], 'BAD_USER_INPUT', 'count');
    add(`draft count ${value.slice(0, 20)}`, 'updateReportDraft', ['counts.0.count', value], 'BAD_USER_INPUT', 'count');
  }
  add(
    'forecast periods 0',
    'createForecast',
    { ...base.createForecast, method: 'TRAILING_ACTUALS', periods: 0 },
    'BAD_USER_INPUT',
    'periods',
  );
  add('backtest periods 0', 'runForecastBacktest', ['periods', 0], 'BAD_USER_INPUT', 'periods');
  add('backtest year 1800', 'runForecastBacktest', ['fromYear', 1800], 'BAD_USER_INPUT', 'fromYear');
  add('interim level 0.33', 'startInterimEstimate', ['level', '0.33'], 'BAD_USER_INPUT', 'level');
  add('interim level without a forecast', 'startInterimEstimate', ['forecastId', null], 'BAD_USER_INPUT', 'level');
  add('interim year 1800', 'startInterimEstimate', ['year', 1800], 'BAD_USER_INPUT', 'year');
  add('interim scheme code with spaces', 'startInterimEstimate', ['schemeCode', 'A B'], 'BAD_USER_INPUT', 'schemeCode');
  add('interim unknown forecast', 'startInterimEstimate', ['forecastId', UUID], 'NOT_FOUND', UUID);
  add('interim unknown rule', 'startInterimEstimate', ['ruleVersionId', 'no-such-rule'], 'NOT_FOUND', 'no-such-rule');
  add('interim decision without a reason', 'decideInterimEstimate', ['reason', ''], 'BAD_USER_INPUT', 'reason');
  add('key comparison from after to', 'runKeyComparison', ['fromYear', Y + 1], 'BAD_USER_INPUT', 'toYear');
  add(
    'key comparison past the scheme-year',
    'runKeyComparison',
    { ...base.runKeyComparison, fromYear: Y, toYear: Y + 1 },
    'BAD_USER_INPUT',
    'toYear',
  );
  add('key comparison over 11 years', 'runKeyComparison', ['fromYear', Y - 10], 'BAD_USER_INPUT', 'fromYear');
  add('key comparison final rule BY_LOTTERY', 'runKeyComparison', ['finalRule', 'BY_LOTTERY'], 'BAD_USER_INPUT', 'finalRule');
  add('key comparison year 1800', 'runKeyComparison', ['fromYear', 1800], 'BAD_USER_INPUT', 'fromYear');
  add('key comparison unknown rule', 'runKeyComparison', ['ruleVersionId', UUID], 'NOT_FOUND', UUID);
  add('interim decision with an empty key', 'decideInterimEstimate', ['idempotencyKey', ''], 'BAD_USER_INPUT', 'idempotencyKey');
  add(
    'forecast periods -3',
    'createForecast',
    { ...base.createForecast, method: 'TRAILING_ACTUALS', periods: -3 },
    'BAD_USER_INPUT',
    'periods',
  );

  // Issue 20 item 5: each value that was accepted, or failed deep inside, is refused before any work
  add(
    'forecast periods 2147483647 (refused before a query per year)',
    'createForecast',
    { ...base.createForecast, method: 'TRAILING_ACTUALS', periods: 2147483647 },
    'BAD_USER_INPUT',
    'periods',
  );
  add('empty scheme code', 'createAllocationRule', ['schemeCode', ''], 'BAD_USER_INPUT', 'schemeCode');
  add('empty scheme code', 'createAllocationRuleVersion', ['schemeCode', ''], 'BAD_USER_INPUT', 'schemeCode');
  add('lower-case scheme code', 'runAllocation', ['schemeCode', 'sec-test'], 'BAD_USER_INPUT', 'schemeCode');
  add('absolute amount tolerance "1.234"', 'setAccountabilityTolerance', ['amountAbsolute', '1.234'], 'BAD_USER_INPUT', 'amountAbsolute');
  add(
    'absolute amount tolerance of 49 digits',
    'setAccountabilityTolerance',
    ['amountAbsolute', '1'.repeat(49)],
    'BAD_USER_INPUT',
    'amountAbsolute',
  );
  add(
    'absolute count tolerance with 7 decimals',
    'setAccountabilityTolerance',
    ['countAbsolute', '1.1234567'],
    'BAD_USER_INPUT',
    'countAbsolute',
  );
  add('relative count tolerance "2"', 'setAccountabilityTolerance', ['countRelative', '2'], 'BAD_USER_INPUT', 'countRelative');
  add('relative amount tolerance "2"', 'setAccountabilityTolerance', ['amountRelative', '2'], 'BAD_USER_INPUT', 'amountRelative');
  add('municipality ""', 'reopenAccountability', ['municipalityCode', ''], 'BAD_USER_INPUT', 'municipalityCode');
  add('municipality "GM36"', 'reopenAccountability', ['municipalityCode', 'GM36'], 'BAD_USER_INPUT', 'municipalityCode');
  add('municipality ""', 'invoiceRecovery', ['municipalityCode', ''], 'BAD_USER_INPUT', 'municipalityCode');
  add('advance rate 1.5', 'createAdvancePlan', ['advanceRate', '1.5'], 'BAD_USER_INPUT', 'advanceRate');
  add('scheme-year 99999', 'payTranches', ['year', 99999], 'BAD_USER_INPUT', 'year');
  add('budget of 17 digits', 'updateSchemeBudget', ['budget', '12345678901234567'], 'BAD_USER_INPUT', 'budget');
  add('schedule date ""', 'createAdvancePlan', ['schedule', [{ dueDate: '' }]], 'BAD_USER_INPUT', 'dueDate');
  add('period start 0000-01-01', 'importCounts', ['rows.0.periodStart', '0000-01-01'], 'BAD_USER_INPUT', 'periodStart');
  add('event on 0000-01-01', 'importPersonEvents', ['events.0.date', '0000-01-01'], 'BATCH_REJECTED', 'date');

  add('unknown rule key', 'createAllocationRuleVersion', ['ruleKey', 'NO-SUCH-RULE'], ['NOT_FOUND', 'BAD_USER_INPUT'], 'ruleKey');
  add('categories empty', 'createAllocationRuleVersion', ['categories', []], 'BAD_USER_INPUT', 'categories');
  for (const year of [0, 1800, 99999]) {
    add(`year ${year}`, 'publishRegisteredCounts', { rule: 'PEILDATUM', year }, 'BAD_USER_INPUT', 'year');
    add(`year ${year}`, 'runAttribution', { rule: 'PEILDATUM', year }, 'BAD_USER_INPUT', 'year');
  }
  add('unknown rule', 'runAttribution', { rule: 'BY_LOTTERY', year: Y }, 'BAD_USER_INPUT', 'rule');
  for (const code of ['', "'; DROP TABLE municipalities; --", 'x'.repeat(10_000)]) {
    add(`source code ${JSON.stringify(code.slice(0, 12))}`, 'registerPersonEventSource', ['code', code], 'BAD_USER_INPUT', 'code');
  }
  // Unknown codes
  const GM = 'GM9999';
  add('unknown municipality', 'importCounts', ['rows.0.municipalityCode', GM], 'BAD_USER_INPUT', 'municipalityCode');
  add('unknown municipality', 'overrideForecast', ['municipalityCode', GM], ['NOT_FOUND', 'BAD_USER_INPUT'], 'municipalityCode');
  add('unknown municipality', 'setBaseAmounts', ['amounts.0.municipalityCode', GM], ['NOT_FOUND', 'BAD_USER_INPUT'], 'municipalityCode');
  add('unknown municipality', 'suspendAdvances', ['municipalityCode', GM], ['NOT_FOUND', 'BAD_USER_INPUT'], 'municipalityCode');
  add('unknown municipality', 'releaseAdvances', ['municipalityCode', GM], ['NOT_FOUND', 'BAD_USER_INPUT'], 'municipalityCode');
  add('unknown municipality', 'reopenAccountability', ['municipalityCode', GM], ['NOT_FOUND', 'BAD_USER_INPUT'], 'municipalityCode');
  add('unknown dissolved municipality', 'registerMerger', ['dissolvedCodes', [GM]], ['NOT_FOUND', 'BAD_USER_INPUT'], 'dissolvedCodes');
  add(
    'unknown municipality',
    'startReconciliation',
    ['municipalityCodes', [GM]],
    ['NOT_FOUND', 'BAD_USER_INPUT'],
    ['municipalityCodes', GM],
  );
  add(
    'unknown municipality on a posting account',
    'postManualCorrection',
    ['postings.1.account', `municipality:${GM}:advance:${S}:${Y}`],
    ['NOT_FOUND', 'BAD_USER_INPUT'],
    ['account', GM],
  );
  add(
    'unknown account kind',
    'postManualCorrection',
    ['postings.1.account', 'ministry:petty-cash'],
    ['NOT_FOUND', 'BAD_USER_INPUT'],
    'account',
  );
  const schemeOps = [
    'addRate',
    'createAdvancePlan',
    'createAllocationRule',
    'draftSettlement',
    'payTranches',
    'runAllocation',
    'setAccountabilityTolerance',
    'setBaseAmounts',
    'startReconciliation',
    'suspendAdvances',
    'reopenAccountability',
    'createReportDraft',
    'updateSchemeBudget',
    'updateSchemeStatus',
    'startInterimEstimate',
    'runKeyComparison',
  ];
  for (const op of schemeOps) {
    add('unknown scheme', op, ['schemeCode', 'NOPE'], ['NOT_FOUND', 'BAD_USER_INPUT'], 'schemeCode');
  }
  add('unknown category', 'importCounts', ['rows.0.category', 'ASTRONAUT'], 'BAD_USER_INPUT', 'category');
  add('unknown category', 'overrideForecast', ['category', 'ASTRONAUT'], 'BAD_USER_INPUT', 'category');
  add('unknown category', 'createReportDraft', ['counts.0.category', 'ASTRONAUT'], 'BAD_USER_INPUT', 'category');
  add('unknown category', 'addRate', ['category', 'ASTRONAUT'], 'BAD_USER_INPUT', 'category');
  add('unknown route', 'importCounts', ['rows.0.route', 'X_ROUTE'], 'BAD_USER_INPUT', 'route');
  add('unknown route', 'addRate', ['route', 'X_ROUTE'], 'BAD_USER_INPUT', 'route');
  add('unknown route', 'createReportDraft', ['counts.0.route', 'X_ROUTE'], 'BAD_USER_INPUT', 'route');
  add('unknown component', 'createReportDraft', ['expenditure.0.component', 'FIREWORKS'], 'BAD_USER_INPUT', 'component');
  add('unknown basis', 'importCounts', ['rows.0.basis', 'GUESS'], 'BAD_USER_INPUT', 'basis');
  add('unknown source', 'importCounts', ['rows.0.source', 'RUMOUR'], 'BAD_USER_INPUT', 'source');
  add('unknown period type', 'importCounts', ['rows.0.periodType', 'DECADE'], 'BAD_USER_INPUT', 'periodType');
  add('unknown event type', 'importPersonEvents', ['events.0.type', 'ABDUCTED'], 'BATCH_REJECTED', 'type');
  add(
    'unknown event municipality',
    'importPersonEvents',
    {
      batchKey: 'bi-events',
      events: [
        {
          eventId: 'bi-e2',
          personId: 'pseudo-bi-0001',
          type: 'HOUSED',
          date: `${Y}-03-01`,
          municipalityCode: GM,
          source: 'COA',
          sourceRecordedAt: `${Y}-03-01T10:00:00Z`,
        },
      ],
    },
    'BATCH_REJECTED',
    ['municipalityCode', GM],
  );
  add(
    'unknown attribution rule',
    'createAllocationRule',
    { ...base.createAllocationRule, basis: 'REGISTERED', attributionRule: 'BY_LOTTERY' },
    'BAD_USER_INPUT',
    'attributionRule',
  );
  // Unknown and malformed ids
  const idOps: [string, string][] = [
    ['reviseAdvancePlan', 'allocationRunId'],
    ['runAllocation', 'ruleVersionId'],
    ['draftSettlement', 'allocationRunId'],
    ['finaliseSettlement', 'settlementId'],
    ['decideReport', 'reportId'],
    ['submitReport', 'reportId'],
    ['updateReportDraft', 'reportId'],
    ['reverseTransaction', 'transactionId'],
    ['reproduceReconciliation', 'runId'],
    ['exportReconciliation', 'runId'],
    ['decideInterimEstimate', 'estimateId'],
  ];
  for (const [op, path] of idOps) {
    add('unknown id', op, [path, UUID], 'NOT_FOUND', path);
    add('malformed id', op, [path, 'not-a-uuid'], ['NOT_FOUND', 'BAD_USER_INPUT'], path);
  }

  // Wrong dates and periods
  const dateFields: [string, string][] = [
    ['addRate', 'validFrom'],
    ['payTranches', 'dueUpTo'],
    ['postManualCorrection', 'effectiveDate'],
    ['importCounts', 'rows.0.periodStart'],
    ['registerMerger', 'effectiveDate'],
    ['reverseTransaction', 'effectiveDate'],
    ['finaliseSettlement', 'effectiveDate'],
    ['invoiceRecovery', 'effectiveDate'],
    ['recordRecoveryReceived', 'effectiveDate'],
    ['draftSettlement', 'payeeDate'],
    ['importCounts', 'rows.0.periodEnd'],
    ['createReportDraft', 'periodStart'],
    ['createReportDraft', 'periodEnd'],
    ['createScheme', 'accountabilityDeadline'],
    ['createAllocationRule', 'referenceDate'],
  ];
  for (const [op, path] of dateFields) {
    for (const value of BAD_DATE) {
      add(`date ${value}`, op, [path, value], 'BAD_USER_INPUT', path.split('.').pop() as string);
    }
  }
  add('period end before start', 'importCounts', ['rows.0.periodEnd', `${Y - 1}-12-31`], 'BAD_USER_INPUT', 'period');
  add('YEAR period of half a year', 'importCounts', ['rows.0.periodEnd', `${Y}-06-30`], 'BAD_USER_INPUT', 'period');
  add(
    'report period outside the year',
    'createReportDraft',
    { ...base.createReportDraft, periodStart: `${Y - 1}-01-01`, periodEnd: `${Y}-12-31` },
    'BAD_USER_INPUT',
    'period',
  );
  add(
    'report period end before start',
    'createReportDraft',
    { ...base.createReportDraft, periodStart: `${Y}-06-01`, periodEnd: `${Y}-03-01` },
    'BAD_USER_INPUT',
    'period',
  );
  add('merger not on 1 January', 'registerMerger', ['effectiveDate', '2031-03-01'], 'BAD_USER_INPUT', 'effectiveDate');
  add('empty idempotency key', 'registerMerger', ['idempotencyKey', ''], 'BAD_USER_INPUT', 'idempotencyKey');
  add('half 3', 'distributeHousingTask', ['half', 3], 'BAD_USER_INPUT', 'half');
  add('half 0', 'distributeHousingTask', ['half', 0], 'BAD_USER_INPUT', 'half');
  add('negative task', 'distributeHousingTask', ['total', -1], 'BAD_USER_INPUT', 'total');
  add('task of two million', 'distributeHousingTask', ['total', 2_000_000], 'BAD_USER_INPUT', 'total');
  add('year 1999', 'distributeHousingTask', ['year', 1999], 'BAD_USER_INPUT', 'year');
  add('empty idempotency key', 'distributeHousingTask', ['idempotencyKey', ''], 'BAD_USER_INPUT', 'idempotencyKey');
  add('booking date 2026-02-30', 'bookDueMergerTransfers', { asOf: '2026-02-30' }, 'BAD_USER_INPUT', 'asOf');
  add('booking ahead of the date', 'bookDueMergerTransfers', { asOf: '2999-01-01' }, 'BAD_USER_INPUT', 'asOf');
  add('scheme year 0', 'createScheme', ['year', 0], 'BAD_USER_INPUT', 'year');
  add('scheme year 99999', 'createScheme', ['year', 99999], 'BAD_USER_INPUT', 'year');
  add('schedule date outside the year', 'createAdvancePlan', ['schedule', [{ dueDate: `${Y + 5}-01-01` }]], 'BAD_USER_INPUT', 'dueDate');
  add(
    'event recorded at is not a timestamp',
    'importPersonEvents',
    ['events.0.sourceRecordedAt', 'noon'],
    'BATCH_REJECTED',
    'sourceRecordedAt',
  );
  add('event on 2026-02-30', 'importPersonEvents', ['events.0.date', '2026-02-30'], 'BATCH_REJECTED', 'date');

  // Oversized batches and duplicate keys
  const many = Array.from({ length: 50_001 }, (_, i) => ({
    ...(base.importCounts.rows as Record<string, unknown>[])[0],
    value: String(i),
  }));
  add('50,001 rows', 'importCounts', { batchKey: 'bi-huge', rows: many }, 'BAD_USER_INPUT', 'rows');
  add(
    'two identical rows',
    'importCounts',
    { batchKey: 'bi-dup', rows: [(base.importCounts.rows as unknown[])[0], (base.importCounts.rows as unknown[])[0]] },
    'BAD_USER_INPUT',
    'rows',
  );
  add('batch key of 201 characters', 'importCounts', ['batchKey', 'k'.repeat(201)], 'BAD_USER_INPUT', 'batchKey');
  add(
    'one municipality twice',
    'setBaseAmounts',
    [
      'amounts',
      [
        { municipalityCode: OWN, amount: '1.00' },
        { municipalityCode: OWN, amount: '2.00' },
      ],
    ],
    'BAD_USER_INPUT',
    'amounts',
  );
  add(
    'one category twice',
    'createAllocationRule',
    ['categories', [{ category: 'ASIELSTATUSHOUDER' }, { category: 'ASIELSTATUSHOUDER' }]],
    'BAD_USER_INPUT',
    'categories',
  );
  add('no categories', 'createAllocationRule', ['categories', []], 'BAD_USER_INPUT', 'categories');
  add(
    'successor among the dissolved',
    'registerMerger',
    { ...base.registerMerger, dissolvedCodes: ['GM0014', 'GM0014'] },
    'BAD_USER_INPUT',
    'dissolvedCodes',
  );
  add(
    'one event id twice with other content',
    'importPersonEvents',
    {
      ...base.importPersonEvents,
      events: [...base.importPersonEvents.events, { ...base.importPersonEvents.events[0], date: `${Y}-02-02` }],
    },
    'BATCH_REJECTED',
    'eventId',
  );
  add(
    'idempotency key reused with other content',
    'postManualCorrection',
    { ...base.postManualCorrection, idempotencyKey: 'sec-tx' },
    'CONFLICT',
    'idempotencyKey',
  );
  add('existing scheme-year', 'createScheme', { ...base.createScheme, code: S }, 'CONFLICT', 'code');
  add('existing rule key', 'createAllocationRule', ['ruleKey', `${S}-FORECAST`], 'CONFLICT', 'ruleKey');
  add(
    'report counts one category twice',
    'createReportDraft',
    [
      'counts',
      [
        { category: 'ASIELSTATUSHOUDER', count: '1' },
        { category: 'ASIELSTATUSHOUDER', count: '2' },
      ],
    ],
    'BAD_USER_INPUT',
    'counts',
  );
  add(
    'one posting',
    'postManualCorrection',
    ['postings', [(base.postManualCorrection.postings as unknown[])[0]]],
    'BAD_USER_INPUT',
    'postings',
  );

  // Injection strings in identifier fields: refused, never executed or stored
  const injectable: [string, string][] = [
    ['addRate', 'schemeCode'],
    ['importCounts', 'rows.0.municipalityCode'],
    ['overrideForecast', 'category'],
    ['postManualCorrection', 'postings.0.account'],
    ['reverseTransaction', 'transactionId'],
    ['suspendAdvances', 'municipalityCode'],
    ['createReportDraft', 'expenditure.0.component'],
  ];
  for (const [op, path] of injectable) {
    for (const value of INJECTION) {
      add(
        `injection ${JSON.stringify(value.slice(0, 12))} in ${path}`,
        op,
        [path, value],
        ['BAD_USER_INPUT', 'NOT_FOUND'],
        path.split('.').pop() as string,
      );
    }
  }
  // Over-long free text is refused, not truncated
  add('reason of 10,000 characters', 'suspendAdvances', ['reason', 'x'.repeat(10_000)], 'BAD_USER_INPUT', 'reason');
  add('empty reason', 'suspendAdvances', ['reason', '  '], 'BAD_USER_INPUT', 'reason');
  add('empty reason', 'postManualCorrection', ['reason', ''], 'BAD_USER_INPUT', 'reason');
  add('empty reason', 'reverseTransaction', ['reason', ''], 'BAD_USER_INPUT', 'reason');
  add('empty reason', 'overrideForecast', ['reason', ''], 'BAD_USER_INPUT', 'reason');
  add('rejection without a reason', 'decideReport', ['reason', null], 'BAD_USER_INPUT', 'reason');

  // Chain endpoints: a URL that is not http(s), a code that is not a municipality code
  add('ftp URL', 'registerChainEndpoint', ['url', 'ftp://example.org/hook'], 'BAD_USER_INPUT', 'url');
  add('URL with credentials', 'registerChainEndpoint', ['url', 'https://user:pw@example.org/hook'], 'BAD_USER_INPUT', 'url');
  add('code X', 'testChainEndpoint', ['municipalityCode', 'X'], 'BAD_USER_INPUT', 'municipalityCode');
  add('code X', 'replayChainDeliveries', ['municipalityCode', 'X'], 'BAD_USER_INPUT', 'municipalityCode');

  // Alert subscriptions: what each condition needs, and nothing it does not use
  add('overdue without a year', 'subscribeAlert', ['year', null], 'BAD_USER_INPUT', 'input.year');
  add('overdue with days', 'subscribeAlert', ['days', 3], 'BAD_USER_INPUT', 'input.days');
  add('overdue with a threshold', 'subscribeAlert', ['threshold', '5.00'], 'BAD_USER_INPUT', 'input.threshold');
  add('municipality GM1', 'subscribeAlert', ['municipalityCode', 'GM1'], 'BAD_USER_INPUT', 'municipalityCode');
  add('unknown municipality', 'subscribeAlert', ['municipalityCode', 'GM9999'], 'NOT_FOUND', 'GM9999');
  add('unknown scheme-year', 'subscribeAlert', ['year', 2099], 'NOT_FOUND', 'scheme');
  add('condition SOMETIMES', 'subscribeAlert', ['condition', 'SOMETIMES'], 'BAD_USER_INPUT', 'condition');
  add('empty key', 'subscribeAlert', ['idempotencyKey', ''], 'BAD_USER_INPUT', 'idempotencyKey');
  add(
    'national condition for one municipality',
    'subscribeAlert',
    { condition: 'PERSON_WAITING_TOO_LONG', municipalityCode: OWN, days: 30, idempotencyKey: 'bi-alert-2' },
    'BAD_USER_INPUT',
    'input.municipalityCode',
  );
  add(
    'waiting 0 days',
    'subscribeAlert',
    { condition: 'PERSON_WAITING_TOO_LONG', days: 0, idempotencyKey: 'bi-alert-3' },
    'BAD_USER_INPUT',
    'input.days',
  );
  add(
    'deadline 400 days ahead',
    'subscribeAlert',
    { condition: 'DEADLINE_APPROACHING', schemeCode: S, year: Y, days: 400, idempotencyKey: 'bi-alert-4' },
    'BAD_USER_INPUT',
    'input.days',
  );
  for (const value of BAD_MONEY) {
    add(
      `recovery threshold ${JSON.stringify(value).slice(0, 20)}`,
      'subscribeAlert',
      { condition: 'RECOVERY_ABOVE_THRESHOLD', allocationRunId: id.run, threshold: value, idempotencyKey: 'bi-alert-5' },
      'BAD_USER_INPUT',
      'threshold',
    );
  }
  add(
    'unknown allocation run',
    'subscribeAlert',
    { condition: 'OVERRUN_RANGE_CROSSES_BUDGET', allocationRunId: UUID, idempotencyKey: 'bi-alert-6' },
    'NOT_FOUND',
    UUID,
  );
  add(
    'feed that was never declared',
    'subscribeAlert',
    { condition: 'FEED_SILENT', source: 'NO-SUCH-FEED', days: 3, idempotencyKey: 'bi-alert-7' },
    'BAD_USER_INPUT',
    'input.source',
  );
  add(
    'feed code with spaces',
    'subscribeAlert',
    { condition: 'FEED_SILENT', source: 'no such feed', days: 3, idempotencyKey: 'bi-alert-8' },
    'BAD_USER_INPUT',
    'input.source',
  );
  add('another municipality', 'subscribeAlert', base.subscribeAlert, 'FORBIDDEN', null, 'other');
  add(
    'national condition by a controller',
    'subscribeAlert',
    { condition: 'FEED_SILENT', source: 'COA', days: 3, idempotencyKey: 'bi-alert-9' },
    'FORBIDDEN',
    null,
    'own',
  );

  // Cancelling a subscription: unknown and malformed ids, an empty key, another municipality's controller
  add('unknown id', 'cancelAlertSubscription', ['id', UUID], 'NOT_FOUND', UUID);
  for (const value of INJECTION) {
    // A NUL character is refused before the lookup (BAD_USER_INPUT naming input.id); the rest are unknown ids.
    add(
      `id ${JSON.stringify(value).slice(0, 20)}`,
      'cancelAlertSubscription',
      ['id', value],
      ['NOT_FOUND', 'BAD_USER_INPUT'],
      ['alert subscription', 'input.id'],
    );
  }
  add('empty key', 'cancelAlertSubscription', ['idempotencyKey', ''], 'BAD_USER_INPUT', 'idempotencyKey');
  add('another municipality', 'cancelAlertSubscription', base.cancelAlertSubscription, 'FORBIDDEN', null, 'other');

  // Resuming one (decision 1910): the same checks as cancelling
  add('unknown id', 'resumeAlertSubscription', ['id', UUID], 'NOT_FOUND', UUID);
  add('empty key', 'resumeAlertSubscription', ['idempotencyKey', ''], 'BAD_USER_INPUT', 'idempotencyKey');
  add('another municipality', 'resumeAlertSubscription', base.resumeAlertSubscription, 'FORBIDDEN', null, 'other');

  // Wrong role for every mutation, the wrong municipality, and no token
  for (const op of Object.keys(base)) {
    const wrong: Caller = CONTROLLER_OPS.includes(op) ? 'finance' : MINISTRY_OPS.includes(op) ? 'own' : 'auditor';
    add('wrong role', op, baseOf[op] as Record<string, unknown>, 'FORBIDDEN', null, wrong);
  }
  add('another municipality', 'createReportDraft', base.createReportDraft, 'FORBIDDEN', null, 'other');
  add('another municipality', 'updateReportDraft', base.updateReportDraft, 'FORBIDDEN', null, 'other');
  add('another municipality', 'submitReport', base.submitReport, 'FORBIDDEN', null, 'other');
  for (const op of ['postManualCorrection', 'runAllocation', 'createReportDraft', 'startReconciliation']) {
    add('no token', op, baseOf[op] as Record<string, unknown>, 'UNAUTHENTICATED', null, 'none');
  }
  return cases;
}

/** Over-deep and over-complex documents (queries are where they hurt), and malformed query arguments. */
const documents = (id: Ids): { name: string; query: string; code: string; field?: string }[] => [
  {
    name: 'over-deep query (depth 12)',
    query: `{ viewer { ${'a { '.repeat(11)}b${' }'.repeat(11)} } }`,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'over-complex query (20 × 500 transactions)',
    query: `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: journalTransactions(first: 500) { edges { node { id postings { account amount } } } }`).join(' ')} }`,
    code: 'BAD_USER_INPUT',
  },
  { name: 'NUL character in a literal argument', query: `{ municipality(code: "GM\\u0000363") { name } }`, code: 'BAD_USER_INPUT' },
  { name: 'unknown field', query: `{ municipalities { edges { node { salary } } } }`, code: 'BAD_USER_INPUT' },
  { name: 'page size 501', query: `{ municipalities(first: 501) { totalCount } }`, code: 'BAD_USER_INPUT' },
  { name: 'page size -1', query: `{ counts(first: -1) { totalCount } }`, code: 'BAD_USER_INPUT' },
  {
    name: 'bad cursor',
    query: `{ municipalities(first: 5, after: "'; DROP TABLE municipalities; --") { totalCount } }`,
    code: 'BAD_USER_INPUT',
  },
  // Issue 20 item 5: a TypeError inside money() before; empty dates silently "not given" before
  {
    name: 'minimum difference "1e3"',
    query: `{ reconciliationDifferences(runId: "${id.recon}", filter: { minimumAbsolute: "1e3" }) { totalCount } }`,
    code: 'BAD_USER_INPUT',
    field: 'minimumAbsolute',
  },
  {
    name: 'minimum difference "-5"',
    query: `{ reconciliationDifferences(runId: "${id.recon}", filter: { minimumAbsolute: "-5" }) { totalCount } }`,
    code: 'BAD_USER_INPUT',
    field: 'minimumAbsolute',
  },
  {
    name: 'difference filter municipality ""',
    query: `{ reconciliationDifferences(runId: "${id.recon}", filter: { municipalityCode: "" }) { totalCount } }`,
    code: 'BAD_USER_INPUT',
    field: 'municipalityCode',
  },
  { name: 'rates as of ""', query: `{ rates(schemeCode: "${S}", asOf: "") { amount } }`, code: 'BAD_USER_INPUT', field: 'asOf' },
  {
    name: 'accountability overview as of ""',
    query: `{ accountabilityOverview(schemeCode: "${S}", year: ${Y}, asOf: "") { edges { cursor } } }`,
    code: 'BAD_USER_INPUT',
    field: 'asOf',
  },
  {
    name: 'people in view on ""',
    query: `{ peopleInView(municipalityCode: "${OWN}", date: "") { totalCount } }`,
    code: 'BAD_USER_INPUT',
    field: 'date',
  },
  {
    name: 'journal from 0000-01-01',
    query: `{ journalTransactions(first: 5, filter: { from: "0000-01-01" }) { totalCount } }`,
    code: 'BAD_USER_INPUT',
    field: 'from',
  },
];

describe('bad input', () => {
  let t: TestApp;
  let cases: Case[];
  let ids: Ids;
  let tables: string[];
  const tokens: Partial<Record<Caller, string | null>> = {};

  const checksums = () => tableChecksums(t.dataSource);
  let watch: Awaited<ReturnType<typeof watchWrites>>;

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
    ids = await createScenario(t);
    await t.ok(
      `mutation { createScheme(input: { code: "${W}", name: "whole euros", stream: IMPLEMENTATION_COSTS, year: ${Y}, budgetMode: CLOSED,
        budget: "100000", unitScale: 0, status: OPEN }) { id } }`,
    );
    cases = buildCases(ids);
    const rows = await t.dataSource.query<{ tablename: string }[]>(
      `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'audit_log' ORDER BY tablename`,
    );
    tables = rows.map((r) => r.tablename);
    tokens.finance = t.tokens.finance;
    tokens.auditor = t.tokens.auditor;
    tokens.own = await t.tokens.controller(OWN);
    tokens.other = await t.tokens.controller(OTHER);
    tokens.none = null;
    watch = await watchWrites(t.dataSource);
  }, 600_000);

  afterAll(() => t.close());

  it('has at least 150 cases and covers every mutation of the schema', async () => {
    const schema = await getSchema();
    const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {}).sort();
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect([...new Set(cases.map((c) => c.op))].sort()).toEqual(mutations);
    // every mutation with arguments gets at least one case about its content, not only the wrong role
    const fields = schema.getMutationType()?.getFields() ?? {};
    const contentCases = new Set(cases.filter((c) => c.field !== null).map((c) => c.op));
    expect(mutations.filter((m) => (fields[m]?.args.length ?? 0) > 0 && !contentCases.has(m))).toEqual([]);
  });

  it('refuses every case with its code, names the field, and changes no table', async () => {
    const failures: string[] = [];
    let before = await checksums();
    let writes = await watch.writes();
    expect(tables.length).toBeGreaterThan(20);
    for (const c of cases) {
      const result = await t.gql(c.query, c.variables, tokens[c.caller]);
      const got = codes(result);
      const error = result.errors?.[0];
      const text = `${JSON.stringify(error?.extensions ?? {})} ${error?.message ?? ''}`;
      if (got.length === 0) {
        failures.push(`${c.name}: accepted`);
      } else if (!c.code.includes(got[0] as string)) {
        failures.push(`${c.name}: expected ${c.code.join('|')}, got ${got.join(',')} ${JSON.stringify(error?.message.slice(0, 160))}`);
      } else if (c.field !== null && !c.field.some((f) => text.includes(f))) {
        failures.push(`${c.name}: the error does not name ${c.field.join(' or ')}: ${JSON.stringify(text.slice(0, 160))}`);
      }
      // No statement wrote to any table since the last case: every checksum is the same by
      // construction (watchWrites); otherwise they are computed and compared.
      const writesNow = await watch.writes();
      if (writesNow === writes) {
        continue;
      }
      writes = writesNow;
      const after = await checksums();
      const changed = tables.filter((name) => before[name] !== after[name]);
      if (changed.length > 0) {
        failures.push(`${c.name}: changed ${changed.join(', ')}`);
        before = after;
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('refuses every malformed document and query argument, naming the field, and changes no table', async () => {
    const failures: string[] = [];
    const before = await checksums();
    for (const { name, query, code, field } of documents(ids)) {
      const result = await t.gql(query, {}, t.tokens.auditor);
      const error = result.errors?.[0];
      const text = `${JSON.stringify(error?.extensions ?? {})} ${error?.message ?? ''}`;
      if (!codes(result).includes(code)) {
        failures.push(`${name}: expected ${code}, got ${codes(result).join(',') || 'no error'} ${JSON.stringify(error?.message ?? '')}`);
      } else if (field !== undefined && !text.includes(field)) {
        failures.push(`${name}: the error does not name ${field}: ${text.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(await checksums()).toEqual(before);
  });

  it('the write witness behind "changes no table" sees every committed statement on a summed table, and no rolled-back one', async () => {
    const start = await watch.writes();
    const runner = t.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query(`UPDATE municipalities SET name = name || ' (tmp)' WHERE code = $1`, [OWN]);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }
    expect(await watch.writes()).toBe(start);
    const before = await checksums();
    // One committed statement on each kind of write, and the content as it was.
    await t.dataSource.query(`UPDATE municipalities SET name = name WHERE code = $1`, [OWN]);
    await t.dataSource.query(`DELETE FROM municipalities WHERE false`);
    expect(await watch.writes()).toBe(start + 2);
    expect(await checksums()).toEqual(before);
    expect(tables.length).toBeGreaterThan(20);
  });
});
