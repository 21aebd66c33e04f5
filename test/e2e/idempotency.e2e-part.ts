import { getNamedType, isInputObjectType, type GraphQLSchema } from 'graphql';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { tableChecksums } from '../helpers/robustness';
import { getSchema } from '../../src/schema';
import { Role } from '../../src/common/auth/actor';
import { recordCounts } from '../../src/modules/counts';
import { RunStage } from '../../src/modules/allocations';
import { createAdvancePlan } from '../../src/modules/advances';
import { AlertCondition, subscribeAlert } from '../../src/modules/alerts';

/**
 * Idempotency compares (issue 20 item 6, decision 1101): for every mutation with an idempotency
 * or batch key, read from the schema, the first request does the work, the same request with the
 * same key is answered with the first result and writes nothing, and the same key with another
 * request is CONFLICT with reason IDEMPOTENCY_KEY_REUSED, naming the key's field, and writes
 * nothing. A mutation with a key and no row here fails the first test.
 */

const S = 'IDEM-TEST';
const S2 = 'IDEM-RUN';
const S3 = 'IDEM-INT';
const Y = 2026;
const OWN = 'GM0363';
const OTHER = 'GM0344';

/** What rows learn from earlier rows (ids of what they created). */
type Learnt = Record<string, string>;

interface Row {
  /** The input the first and the repeated request send. */
  input: (learnt: Learnt) => Record<string, unknown>;
  /** The same key with one thing changed. */
  other: (input: Record<string, unknown>, learnt: Learnt) => Record<string, unknown>;
  /** What to select and compare between the first answer and the replay. */
  select: string;
  /** Caller of all three requests (default the first finance officer). */
  caller?: 'finance2';
  /** Remembers something of the first answer for later rows. */
  learn?: (data: Record<string, unknown>, learnt: Learnt) => void;
}

const correction = (amount: string) => [
  { account: 'ministry:bank', direction: 'DEBIT', amount },
  { account: `ministry:expense:${S}:${Y}`, direction: 'CREDIT', amount },
];

/** In the order they run: later rows use what earlier ones made (a plan to pay, a settlement to finalise). */
const ROWS: Record<string, Row> = {
  runAllocation: {
    input: (l) => ({ schemeCode: S2, year: Y, ruleVersionId: l.rule2, stage: 'INTERIM', idempotencyKey: 'idem-run' }),
    other: (i) => ({ ...i, stage: 'PROVISIONAL' }),
    select: 'replayed run { id totalAmount bookingTransactionId }',
  },
  createAdvancePlan: {
    input: (l) => ({ schemeCode: S, year: Y, allocationRunId: l.run, idempotencyKey: 'idem-plan' }),
    other: (i) => ({ ...i, advanceRate: '0.5' }),
    select: 'replayed plan { id version }',
  },
  reviseAdvancePlan: {
    input: (l) => ({ schemeCode: S, year: Y, allocationRunId: l.run, reason: 'same run, checked', idempotencyKey: 'idem-revise' }),
    other: (i) => ({ ...i, reason: 'another reason' }),
    select: 'replayed plan { id version }',
  },
  payTranches: {
    input: () => ({ schemeCode: S, year: Y, dueUpTo: `${Y}-12-31`, idempotencyKey: 'idem-pay' }),
    other: (i) => ({ ...i, dueUpTo: `${Y}-06-30` }),
    select: 'replayed paidCount totalAmount totalCash',
  },
  draftSettlement: {
    input: (l) => ({ schemeCode: S, year: Y, allocationRunId: l.definitive, recoveryMode: 'OFFSET', idempotencyKey: 'idem-draft' }),
    other: (i) => ({ ...i, recoveryMode: 'INVOICE' }),
    select: 'replayed settlement { id }',
    // four-eyes: the second officer drafts, the first finalises
    caller: 'finance2',
    learn: (d, l) => {
      l.settlement = (d.draftSettlement as { settlement: { id: string } }).settlement.id;
    },
  },
  finaliseSettlement: {
    input: (l) => ({ settlementId: l.settlement, effectiveDate: `${Y + 1}-09-01`, idempotencyKey: 'idem-final' }),
    // the reported defect: another effective date with the same key was answered with the first result
    other: (i) => ({ ...i, effectiveDate: `${Y + 1}-09-02` }),
    select: 'replayed settlement { id status transactionIds }',
  },
  invoiceRecovery: {
    input: () => ({ schemeCode: S, year: Y, municipalityCode: OTHER, effectiveDate: `${Y + 1}-10-01`, idempotencyKey: 'idem-invoice' }),
    other: (i) => ({ ...i, effectiveDate: `${Y + 1}-10-02` }),
    select: 'transactionId amount action',
  },
  recordRecoveryReceived: {
    input: () => ({
      schemeCode: S,
      year: Y,
      municipalityCode: OTHER,
      amount: '500.00',
      effectiveDate: `${Y + 1}-11-01`,
      idempotencyKey: 'idem-received',
    }),
    other: (i) => ({ ...i, amount: '400.00' }),
    select: 'transactionId amount action',
  },
  subscribeAlert: {
    input: () => ({ condition: 'REPORT_OVERDUE', municipalityCode: OWN, schemeCode: S, year: Y, idempotencyKey: 'idem-alert' }),
    other: (i) => ({ ...i, municipalityCode: OTHER }),
    select: 'replayed subscription { id condition municipalityCode schemeCode year }',
    learn: (d, l) => {
      l.alertSubscription = (d.subscribeAlert as { subscription: { id: string } }).subscription.id;
    },
  },
  cancelAlertSubscription: {
    input: (l) => ({ id: l.alertSubscription, idempotencyKey: 'idem-alert-cancel' }),
    other: (i, l) => ({ ...i, id: l.otherAlertSubscription }),
    select: 'replayed subscription { id cancelledAt cancelledBy } cleared { id }',
  },
  // The subscription the row above cancelled (decision 1910).
  resumeAlertSubscription: {
    input: (l) => ({ id: l.alertSubscription, idempotencyKey: 'idem-alert-resume' }),
    other: (i, l) => ({ ...i, id: l.otherAlertSubscription }),
    select: 'replayed subscription { id cancelledAt resumedAt resumedBy }',
  },
  registerMerger: {
    // A merger whose date has come: the registration books the transfer of balances too.
    input: () => ({ dissolvedCodes: ['GM1680'], successorCode: 'GM0358', effectiveDate: '2026-01-01', idempotencyKey: 'idem-merger' }),
    other: (i) => ({ ...i, successorCode: 'GM0197' }),
    select: 'dissolvedCode successorCode effectiveDate transferTransactionId',
  },
  distributeHousingTask: {
    input: () => ({ year: 2030, half: 2, total: 250, idempotencyKey: 'idem-housing-task' }),
    other: (i) => ({ ...i, total: 251 }),
    select: 'replayed id inputHash resultHash lines { municipalityCode counted }',
  },
  createForecast: {
    input: () => ({ year: Y, method: 'TAAKSTELLING', idempotencyKey: 'idem-forecast' }),
    other: (i) => ({ ...i, method: 'TRAILING_ACTUALS', periods: 2 }),
    select: 'replayed forecast { id }',
  },
  runForecastBacktest: {
    input: () => ({ method: 'TAAKSTELLING', fromYear: Y, toYear: Y, idempotencyKey: 'idem-backtest' }),
    // TAAKSTELLING ignores periods (an equal request): another year range is another request.
    other: (i) => ({ ...i, fromYear: Y - 1 }),
    select: 'replayed backtest { id }',
  },
  overrideForecast: {
    input: () => ({
      year: Y,
      municipalityCode: OWN,
      category: 'ASIELSTATUSHOUDER',
      value: '5',
      reason: 'known',
      idempotencyKey: 'idem-ovr',
    }),
    other: (i) => ({ ...i, value: '6' }),
    select: 'replayed forecast { id }',
  },
  postManualCorrection: {
    input: () => ({ effectiveDate: `${Y}-03-01`, reason: 'correction', postings: correction('2.00'), idempotencyKey: 'idem-mc' }),
    other: (i) => ({ ...i, postings: correction('3.00') }),
    select: 'id hash',
    learn: (d, l) => {
      l.tx = (d.postManualCorrection as { id: string }).id;
    },
  },
  reverseTransaction: {
    input: (l) => ({ transactionId: l.tx, reason: 'entered twice', idempotencyKey: 'idem-rev' }),
    other: (i) => ({ ...i, reason: 'entered in error' }),
    select: 'id hash reversesId',
  },
  importCounts: {
    input: () => ({
      batchKey: 'idem-batch',
      rows: [
        {
          municipalityCode: OWN,
          periodType: 'YEAR',
          periodStart: `${Y}-01-01`,
          periodEnd: `${Y}-12-31`,
          category: 'OVERIG',
          basis: 'FORECAST',
          source: 'MINISTRY',
          value: '7',
        },
      ],
    }),
    other: (i) => ({ ...i, rows: [{ ...(i.rows as Record<string, unknown>[])[0], value: '8' }] }),
    select: 'replayed id rowCount',
  },
  importPersonEvents: {
    input: () => ({
      batchKey: 'idem-events',
      events: [
        {
          eventId: 'idem-e1',
          personId: 'pseudo-idem-0001',
          type: 'OBLIGATION_STARTED',
          date: `${Y}-02-01`,
          category: 'ASIELSTATUSHOUDER',
          source: 'COA',
          sourceRecordedAt: `${Y}-02-01T10:00:00Z`,
        },
      ],
    }),
    other: (i) => ({ ...i, events: [{ ...(i.events as Record<string, unknown>[])[0], date: `${Y}-02-02` }] }),
    select: 'replayed batchKey received applied pending',
  },
  startInterimEstimate: {
    // On its own scheme-year (S3), so that the decision's INTERIM run replaces no run of S.
    input: () => ({ schemeCode: S3, year: Y, idempotencyKey: 'idem-interim' }),
    other: (i) => ({ ...i, year: Y - 1 }),
    select: 'replayed estimate { id inputHash outputHash total }',
    learn: (d, l) => {
      l.estimate = (d.startInterimEstimate as { estimate: { id: string } }).estimate.id;
    },
  },
  runKeyComparison: {
    input: (l) => ({ schemeCode: S, year: Y, ruleVersionId: l.ruleS, fromYear: Y - 1, toYear: Y, idempotencyKey: 'idem-keys' }),
    other: (i) => ({ ...i, fromYear: Y - 2 }),
    select: 'replayed comparison { id inputHash outputHash }',
  },
  decideInterimEstimate: {
    input: (l) => ({ estimateId: l.estimate, reason: 'mid-year re-estimate', idempotencyKey: 'idem-decide' }),
    other: (i) => ({ ...i, reason: 'another reason' }),
    select: 'replayed decision { id allocationRunId planVersion }',
  },
};

const KEY_FIELDS = ['idempotencyKey', 'batchKey'];

/** Mutations with an idempotency or batch key, as an argument or a field of an input argument, and the key's path. */
function mutationsWithKey(schema: GraphQLSchema): Record<string, { path: string; inputType: string }> {
  const found: Record<string, { path: string; inputType: string }> = {};
  for (const field of Object.values(schema.getMutationType()?.getFields() ?? {})) {
    for (const arg of field.args) {
      const type = getNamedType(arg.type);
      if (KEY_FIELDS.includes(arg.name)) {
        found[field.name] = { path: arg.name, inputType: type.name };
      } else if (isInputObjectType(type)) {
        const key = Object.keys(type.getFields()).find((f) => KEY_FIELDS.includes(f));
        if (key !== undefined) {
          found[field.name] = { path: `${arg.name}.${key}`, inputType: type.name };
        }
      }
    }
  }
  return found;
}

/** The answer without its `replayed` flags, to compare a first answer with its replay. */
function withoutReplayed(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutReplayed);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([k]) => k !== 'replayed')
        .map(([k, v]) => [k, withoutReplayed(v)]),
    );
  }
  return value;
}

describe('idempotency: one mechanism, every mutation with a key', () => {
  let t: TestApp;
  let keyed: Record<string, { path: string; inputType: string }>;
  const learnt: Learnt = {};

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
    keyed = mutationsWithKey(await getSchema());
    const fo = t.ctx(Role.FINANCE_OFFICER, null, 'fo-setup');
    await createTestScheme(fo, S, Y, '1000.00', { deadline: `${Y + 1}-07-15` });
    const rules = await createTestRules(fo, S);
    learnt.ruleS = rules.registered;
    learnt.run = await countsAndRun(fo, {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { [OWN]: '10', [OTHER]: '30' },
      key: 'idem-prov',
    });
    // A recovery for OTHER (paid 30, entitled to 28) and an additional payment for OWN (10 → 12).
    learnt.definitive = await countsAndRun(fo, {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.DEFINITIVE,
      counts: { [OWN]: '12', [OTHER]: '28' },
      key: 'idem-def',
    });
    await createTestScheme(fo, S2, Y, '100.00');
    learnt.rule2 = (await createTestRules(fo, S2)).forecast;
    await recordCounts(fo, {
      batchKey: 'idem-s2-counts',
      rows: [OWN, OTHER].map((municipalityCode) => ({
        municipalityCode,
        periodType: 'YEAR',
        periodStart: `${Y}-01-01`,
        periodEnd: `${Y}-12-31`,
        category: 'ASIELSTATUSHOUDER',
        route: null,
        basis: 'TAAKSTELLING',
        rule: null,
        source: 'MINISTRY',
        value: '4',
      })),
    });
    await createTestScheme(fo, S3, Y, '100.00');
    const rules3 = await createTestRules(fo, S3);
    const run3 = await countsAndRun(fo, {
      code: S3,
      year: Y,
      ruleId: rules3.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { [OWN]: '3', [OTHER]: '5' },
      key: 'idem-int-prov',
    });
    await createAdvancePlan(fo, { schemeCode: S3, year: Y, allocationRunId: run3, idempotencyKey: 'idem-int-plan' });
    learnt.otherAlertSubscription = (
      await subscribeAlert(fo, {
        condition: AlertCondition.REPORT_OVERDUE,
        schemeCode: S,
        year: Y,
        idempotencyKey: 'idem-alert-other',
      })
    ).subscription.id;
  }, 600_000);

  afterAll(() => t.close());

  it('has a row for every mutation with a key, read from the schema', () => {
    expect(Object.keys(keyed).length).toBeGreaterThanOrEqual(14);
    expect(Object.keys(ROWS).sort()).toEqual(Object.keys(keyed).sort());
  });

  it.each(Object.keys(ROWS))('%s: does the work once, replays the same request, refuses the key with another request', async (op) => {
    const row = ROWS[op]!;
    const { path, inputType } = keyed[op]!;
    const query = `mutation($input: ${inputType}!) { ${op}(input: $input) { ${row.select} } }`;
    const token = row.caller === 'finance2' ? t.tokens.finance2 : t.tokens.finance;
    const input = row.input(learnt);

    const first = await t.gql<Record<string, unknown>>(query, { input }, token);
    expect(first.errors).toBeUndefined();
    const firstData = first.data as Record<string, unknown>;
    row.learn?.(firstData, learnt);
    const afterFirst = await tableChecksums(t.dataSource);

    const replay = await t.gql<Record<string, unknown>>(query, { input }, token);
    expect(replay.errors).toBeUndefined();
    expect(withoutReplayed(replay.data)).toEqual(withoutReplayed(firstData));
    const flag = (replay.data?.[op] as { replayed?: boolean }).replayed;
    if (flag !== undefined) {
      expect((firstData[op] as { replayed: boolean }).replayed).toBe(false);
      expect(flag).toBe(true);
    }
    expect(await tableChecksums(t.dataSource)).toEqual(afterFirst);

    const reused = await t.gql(query, { input: row.other(input, learnt) }, token);
    expect(codes(reused)).toEqual(['CONFLICT']);
    expect(reused.errors?.[0]?.extensions).toMatchObject({ reason: 'IDEMPOTENCY_KEY_REUSED', field: path });
    expect(await tableChecksums(t.dataSource)).toEqual(afterFirst);
  });

  it('two concurrent requests with one key for different scheme-years: one does the work, the other is refused', async () => {
    // No lock serialises them (the locks are per scheme-year): the unique index on the key decides,
    // and the loser's command is re-run, which then sees the winner's row.
    const run = (schemeCode: string, ruleVersionId: string) =>
      t.gql(
        `mutation($input: RunAllocationInput!) { runAllocation(input: $input) { run { id } } }`,
        { input: { schemeCode, year: Y, ruleVersionId, stage: 'INTERIM', idempotencyKey: 'idem-race' } },
        t.tokens.finance,
      );
    const rule1 = (await t.dataSource.query<{ id: string }[]>(`SELECT id FROM allocation_rules WHERE rule_key = $1`, [`${S}-FORECAST`]))[0]!
      .id;
    const results = await Promise.all([run(S, rule1), run(S2, learnt.rule2!)]);
    expect(results.map((r) => codes(r)).sort()).toEqual([[], ['CONFLICT']]);
    expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM allocation_runs WHERE idempotency_key = 'idem-race'`)).toEqual([
      { n: 1 },
    ]);
  });
});
