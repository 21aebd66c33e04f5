import { Client } from 'pg';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { money } from '../../src/common/money/money';
import { Role } from '../../src/common/auth/actor';
import { RunStage } from '../../src/modules/allocations';
import { createAdvancePlan, payTranches } from '../../src/modules/advances';
import { accounts, postTransaction } from '../../src/modules/ledger';
import {
  hashInputs,
  jobHooks,
  processRun,
  processRuns,
  reconciliationQueues,
  recoverInterruptedRuns,
  startReconciliation,
  startReconciliationWorkers,
  type FrozenInputs,
} from '../../src/modules/reconciliation';
import { JobQueue } from '../../src/common/jobs';
import { logger } from '../../src/common/logger';
import { urlForDatabase } from '../helpers/db-urls';

const S = 'REC-TEST';
const Y = 2026;
const X = 'GM0363';
const Z = 'GM0344';

const RUN = `id status progressDone progressTotal inputHash outputHash journalHeadHash differenceCount error durationMs`;
const DIFFS = `query($runId: ID!, $filter: ReconciliationDifferenceFilter) {
  reconciliationDifferences(runId: $runId, first: 500, filter: $filter) {
    totalCount edges { node { ordinal check municipalityCode account unit expected actual difference direction cause detail refs } } } }`;

interface Diff {
  ordinal: number;
  check: string;
  municipalityCode: string | null;
  account: string | null;
  expected: string;
  actual: string;
  difference: string;
  direction: string;
  cause: string;
  refs: string[];
}
interface Run {
  id: string;
  status: string;
  progressDone: number;
  progressTotal: number;
  inputHash: string | null;
  outputHash: string | null;
  differenceCount: number | null;
  error: string | null;
}

describe('reconciliation runs', () => {
  let t: TestApp;
  const fo = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');

  /** Queues a run through GraphQL and processes it right here (the worker is tested separately). */
  async function reconcileNow(token = t.tokens.auditor): Promise<Run> {
    const started = await t.ok<{ startReconciliation: Run }>(
      `mutation($input: StartReconciliationInput!) { startReconciliation(input: $input) { ${RUN} } }`,
      { input: { schemeCode: S, year: Y } },
      token,
    );
    expect(started.startReconciliation.status).toBe('QUEUED');
    await processRun(t.dataSource, started.startReconciliation.id);
    return getRun(started.startReconciliation.id);
  }
  async function getRun(id: string): Promise<Run> {
    return (await t.ok<{ reconciliationRun: Run }>(`query($id: ID!) { reconciliationRun(id: $id) { ${RUN} } }`, { id }, t.tokens.auditor))
      .reconciliationRun;
  }
  async function differences(runId: string, filter: Record<string, unknown> = {}, token = t.tokens.auditor): Promise<Diff[]> {
    const r = await t.ok<{ reconciliationDifferences: { edges: { node: Diff }[] } }>(DIFFS, { runId, filter }, token);
    return r.reconciliationDifferences.edges.map((e) => e.node);
  }

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
    await createTestScheme(fo(), S, Y, '1000.00', { deadline: `${Y + 1}-07-15` });
    const rules = await createTestRules(fo(), S);
    const run = await countsAndRun(fo(), {
      code: S,
      year: Y,
      ruleId: rules.registered,
      basis: 'REGISTERED',
      stage: RunStage.PROVISIONAL,
      counts: { [X]: '3', [Z]: '2' },
      key: 'rec-prov',
    });
    // Two tranches, both due in the past: X gets 1500.00 + 1500.00, Z 1000.00 + 1000.00.
    await createAdvancePlan(fo(), {
      schemeCode: S,
      year: Y,
      allocationRunId: run,
      schedule: [{ dueDate: `${Y}-01-01` }, { dueDate: `${Y}-02-01` }],
      idempotencyKey: 'rec-plan',
    });
    await payTranches(fo(), { schemeCode: S, year: Y, dueUpTo: `${Y}-01-01`, idempotencyKey: 'rec-pay-1' });
  }, 600_000);
  afterAll(async () => {
    jobHooks.afterBatch = undefined;
    await t.close();
  });

  let cleanRun: Run;

  it('an unpaid tranche shows up as ADVANCE_NOT_PAID for each municipality with its amount', async () => {
    const run = await reconcileNow();
    expect(run.status).toBe('SUCCEEDED');
    expect(run.progressDone).toBe(run.progressTotal);
    expect(run.progressTotal).toBeGreaterThan(300);
    const d = await differences(run.id);
    expect(d.map((x) => [x.check, x.municipalityCode, x.cause, x.expected, x.actual, x.difference])).toEqual([
      ['TRANCHES_PAID', Z, 'ADVANCE_NOT_PAID', '1000.00', '0.00', '-1000.00'],
      ['TRANCHES_PAID', X, 'ADVANCE_NOT_PAID', '1500.00', '0.00', '-1500.00'],
    ]);
    // Tranche indexes are 0-based: the second tranche is index 1 (its idempotency key in the ledger).
    expect(d[1]?.refs).toEqual([`tranche:${S}:${Y}:${X}:1`]);
  });

  it('a clean scenario reconciles with zero differences, and reproduces to the same hashes', async () => {
    await payTranches(fo(), { schemeCode: S, year: Y, dueUpTo: `${Y}-02-01`, idempotencyKey: 'rec-pay-2' });
    cleanRun = await reconcileNow(t.tokens.finance);
    expect(cleanRun.status).toBe('SUCCEEDED');
    expect(cleanRun.differenceCount).toBe(0);
    expect(await differences(cleanRun.id)).toEqual([]);
    expect(cleanRun.inputHash).toMatch(/^[0-9a-f]{64}$/);

    const rep = await t.ok<{ reproduceReconciliation: { matches: boolean; inputHash: string; outputHash: string } }>(
      `mutation($id: ID!) { reproduceReconciliation(runId: $id) { matches inputHash outputHash } }`,
      { id: cleanRun.id },
      t.tokens.auditor,
    );
    expect(rep.reproduceReconciliation).toEqual({ matches: true, inputHash: cleanRun.inputHash, outputHash: cleanRun.outputHash });
    const list = await t.ok<{ reconciliationReproductions: { reproducedBy: string; matches: boolean }[] }>(
      `query($id: ID!) { reconciliationReproductions(runId: $id) { reproducedBy matches } }`,
      { id: cleanRun.id },
      t.tokens.auditor,
    );
    expect(list.reconciliationReproductions).toEqual([{ reproducedBy: 'auditor-1', matches: true }]);

    // The frozen inputs hold what the balances were checked against.
    const [row] = await t.dataSource.query(`SELECT inputs FROM reconciliation_runs WHERE id = $1`, [cleanRun.id]);
    const inputs = row.inputs as FrozenInputs;
    expect(inputs.ledger.balances.find((b) => b.account === accounts.committed(X, S, Y))?.net).toBe('-3000.00');
    expect(inputs.ledger.balances.find((b) => b.account === accounts.advance(Z, S, Y))?.net).toBe('2000.00');
    expect(hashInputs(inputs)).toBe(cleanRun.inputHash);
    // Changing any frozen input changes the input hash.
    const changed = structuredClone(inputs);
    changed.advances.payments[0]!.amount = '1000.01';
    expect(hashInputs(changed)).not.toBe(cleanRun.inputHash);
  });

  it('a finished run is read-only', async () => {
    await expect(t.dataSource.query(`UPDATE reconciliation_runs SET difference_count = 5 WHERE id = $1`, [cleanRun.id])).rejects.toThrow(
      /read-only/,
    );
    await expect(t.dataSource.query(`DELETE FROM reconciliation_runs WHERE id = $1`, [cleanRun.id])).rejects.toThrow(/never deleted/);
  });

  it('refuses a second start while one is active, and controllers cannot start', async () => {
    const first = await t.ok<{ startReconciliation: Run }>(
      `mutation($input: StartReconciliationInput!) { startReconciliation(input: $input) { ${RUN} } }`,
      { input: { schemeCode: S, year: Y } },
    );
    const second = await t.gql(`mutation($input: StartReconciliationInput!) { startReconciliation(input: $input) { id } }`, {
      input: { schemeCode: S, year: Y },
    });
    expect(codes(second)).toEqual(['CONFLICT']);
    const ctl = await t.gql(
      `mutation($input: StartReconciliationInput!) { startReconciliation(input: $input) { id } }`,
      { input: { schemeCode: S, year: Y } },
      await t.tokens.controller(X),
    );
    expect(codes(ctl)).toEqual(['FORBIDDEN']);
    // A crash leaves it QUEUED: on start-up it is marked FAILED ("interrupted") and a new run can start.
    expect(await recoverInterruptedRuns(t.dataSource)).toBe(1);
    const after = await getRun(first.startReconciliation.id);
    expect(after).toMatchObject({ status: 'FAILED', error: 'interrupted', inputHash: null });
  });

  it('a run killed mid-way leaves no results behind and is marked FAILED; it can be restarted', async () => {
    const started = await t.ok<{ startReconciliation: Run }>(
      `mutation($input: StartReconciliationInput!) { startReconciliation(input: $input) { ${RUN} } }`,
      { input: { schemeCode: S, year: Y } },
    );
    const seen: number[] = [];
    jobHooks.afterBatch = async (runId, done) => {
      // Progress is committed as the run works: another connection sees it.
      const [r] = await t.dataSource.query(`SELECT status, progress_done FROM reconciliation_runs WHERE id = $1`, [runId]);
      seen.push(r.progress_done as number);
      expect(r.status).toBe('RUNNING');
      if (done >= 50) {
        throw new Error('simulated crash');
      }
    };
    await processRun(t.dataSource, started.startReconciliation.id);
    jobHooks.afterBatch = undefined;
    expect(seen).toEqual([25, 50]);
    const run = await getRun(started.startReconciliation.id);
    expect(run).toMatchObject({ status: 'FAILED', error: 'simulated crash', inputHash: null, outputHash: null, differenceCount: null });
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM reconciliation_differences WHERE run_id = $1`, [run.id]);
    expect(n).toBe(0);
    const again = await reconcileNow();
    expect(again).toMatchObject({ status: 'SUCCEEDED', differenceCount: 0, outputHash: cleanRun.outputHash });
  });

  it('runs queued together share one chain verification and still succeed or fail each on its own', async () => {
    // Scheme-years of their own, so the listing test below sees only its own runs.
    const [one, other] = ['REC-TEST-A', 'REC-TEST-B'];
    await createTestScheme(fo(), one, Y, '500.00');
    await createTestScheme(fo(), other, Y, '500.00');
    const start = async (schemeCode: string) =>
      (
        await t.ok<{ startReconciliation: Run }>(
          `mutation($input: StartReconciliationInput!) { startReconciliation(input: $input) { ${RUN} } }`,
          { input: { schemeCode, year: Y, municipalityCodes: [X, Z] } },
        )
      ).startReconciliation.id;
    const failing = await start(one);
    const succeeding = await start(other);
    jobHooks.afterBatch = (runId) => {
      if (runId === failing) {
        throw new Error('simulated failure of one run');
      }
    };
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect(await processRuns(t.dataSource, [failing, succeeding, unknown])).toEqual([true, true, false]);
    jobHooks.afterBatch = undefined;
    expect(await getRun(failing)).toMatchObject({ status: 'FAILED', error: 'simulated failure of one run', inputHash: null });
    expect(await getRun(succeeding)).toMatchObject({ status: 'SUCCEEDED', progressDone: 2, progressTotal: 2 });
    // The succeeding run froze the verification made while both were RUNNING.
    const [row] = await t.dataSource.query(`SELECT inputs->'ledger'->'chain' AS chain FROM reconciliation_runs WHERE id = $1`, [
      succeeding,
    ]);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM journal_transactions`);
    expect(row.chain).toEqual({ ok: true, count: n, brokenAt: null });
    // Every lock was released: the failed scheme-year runs again at once.
    const again = await start(one);
    expect(await processRun(t.dataSource, again)).toBe(true);
    expect(await getRun(again)).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('the worker picks up a queued run and reports progress', async () => {
    // The job queue as main.ts starts it, with the reconciliation worker of src/modules/jobs.ts.
    const queue = await JobQueue.start(t.dataSource, { queues: reconciliationQueues, log: logger, pollingIntervalSeconds: 0.5 });
    try {
      await startReconciliationWorkers(queue, t.dataSource);
      // startReconciliation writes the run and its job in one transaction (the service, as the
      // resolver calls it, with the queue in its context as a server's requests have it).
      const started = await startReconciliation({ ...fo(), jobs: queue }, { schemeCode: S, year: Y, municipalityCodes: [X, Z] });
      expect(started.status).toBe('QUEUED');
      let run = await getRun(started.id);
      // Until the run ends (the test's timeout ends a run that never does).
      while (run.status === 'QUEUED' || run.status === 'RUNNING') {
        await new Promise((r) => setTimeout(r, 50));
        run = await getRun(run.id);
      }
      expect(run).toMatchObject({ status: 'SUCCEEDED', progressDone: 2, progressTotal: 2, differenceCount: 0 });
    } finally {
      await queue.stop();
    }
  });

  it('a manual correction and a report that differs from registration each show up with cause, municipality and amount', async () => {
    await postTransaction(fo(), {
      idempotencyKey: 'rec-manual-1',
      kind: 'MANUAL_CORRECTION',
      effectiveDate: `${Y}-03-01`,
      reason: 'test correction',
      cause: null,
      postings: [
        { account: accounts.committed(X, S, Y), direction: 'DEBIT', amount: money('50.00') },
        { account: accounts.commitment(S, Y), direction: 'CREDIT', amount: money('50.00') },
      ],
    });
    const zToken = await t.tokens.controller(Z);
    const draft = await t.ok<{ createReportDraft: { id: string } }>(
      `mutation($input: CreateReportDraftInput!) { createReportDraft(input: $input) { id } }`,
      {
        input: {
          municipalityCode: Z,
          schemeCode: S,
          year: Y,
          counts: [{ category: 'ASIELSTATUSHOUDER', count: '10' }],
          expenditure: [{ component: 'LANGUAGE_AND_INTEGRATION', amount: '1000.00' }],
          attachments: [],
        },
      },
      zToken,
    );
    await t.ok(`mutation($id: ID!) { submitReport(reportId: $id) { id } }`, { id: draft.createReportDraft.id }, zToken);

    const run = await reconcileNow();
    const all = await differences(run.id);
    const manual = all.filter((d) => d.cause === 'MANUAL_CORRECTION');
    expect(manual.map((d) => [d.check, d.municipalityCode, d.account, d.expected, d.actual, d.difference, d.direction])).toEqual([
      ['COMMITTED_BALANCE', X, accounts.committed(X, S, Y), '-3000.00', '-2950.00', '50.00', 'ACTUAL_HIGHER'],
    ]);
    const reported = await differences(run.id, { cause: 'REPORTED_COUNT_DIFFERS' });
    expect(reported.map((d) => [d.municipalityCode, d.expected, d.actual, d.difference])).toEqual([
      [Z, '2.000000', '10.000000', '8.000000'],
    ]);
    expect(reported[0]?.refs).toEqual([draft.createReportDraft.id]);
    expect(all.filter((d) => d.cause === 'UNEXPLAINED')).toEqual([]);

    // Filter by size; follow the difference to the ledger transaction behind it.
    expect((await differences(run.id, { minimumAbsolute: '8' })).map((d) => d.cause).sort()).toEqual([
      'MANUAL_CORRECTION',
      'REPORTED_COUNT_DIFFERS',
    ]);
    expect((await differences(run.id, { minimumAbsolute: '8.000001' })).map((d) => d.cause)).toEqual(['MANUAL_CORRECTION']);
    expect((await differences(run.id, { minimumAbsolute: '50.01' })).map((d) => d.cause)).toEqual([]);
    const trail = await t.ok<{
      reconciliationDifferenceTrail: { transactions: { kind: string; postings: { account: string }[] }[]; inputs: string[] };
    }>(
      `query($id: ID!, $o: Int!) { reconciliationDifferenceTrail(runId: $id, ordinal: $o) { transactions { kind postings { account } } inputs } }`,
      { id: run.id, o: manual[0]!.ordinal },
      t.tokens.auditor,
    );
    expect(trail.reconciliationDifferenceTrail.transactions.map((x) => x.kind).sort()).toEqual(['ALLOCATION', 'MANUAL_CORRECTION']);

    // The same transactions a page at a time (decision 1830): one per page, in chain order, each page
    // the next of the full list, the count on every page; the console asks for pages.
    const PAGE = `query($id: ID!, $o: Int!, $after: String) {
      reconciliationDifferenceTrail(runId: $id, ordinal: $o) {
        transactions { id }
        transactionPage(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id sequence kind postings { account } postingCount shownPostings { account } } } }
      } }`;
    type TrailPage = {
      reconciliationDifferenceTrail: {
        transactions: { id: string }[];
        transactionPage: {
          totalCount: number;
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          edges: {
            node: {
              id: string;
              sequence: string;
              kind: string;
              postings: { account: string }[];
              postingCount: number;
              shownPostings: { account: string }[];
            };
          }[];
        };
      };
    };
    const pageThrough = async (token: string) => {
      const seen: TrailPage['reconciliationDifferenceTrail']['transactionPage']['edges'][number]['node'][] = [];
      let after: string | null = null;
      let all: string[] = [];
      for (let n = 0; n < 10; n += 1) {
        const r: TrailPage = await t.ok<TrailPage>(PAGE, { id: run.id, o: manual[0]!.ordinal, after }, token);
        const p = r.reconciliationDifferenceTrail.transactionPage;
        all = r.reconciliationDifferenceTrail.transactions.map((x) => x.id);
        expect(p.edges.length).toBeLessThanOrEqual(1);
        expect(p.totalCount).toBe(all.length);
        seen.push(...p.edges.map((e) => e.node));
        if (!p.pageInfo.hasNextPage) {
          break;
        }
        after = p.pageInfo.endCursor;
      }
      expect(seen.map((x) => x.id)).toEqual(all);
      expect(seen.map((x) => Number(x.sequence))).toEqual([...seen.map((x) => Number(x.sequence))].sort((a, b) => a - b));
      return seen;
    };
    const paged = await pageThrough(t.tokens.auditor);
    expect(paged.map((x) => x.kind).sort()).toEqual(['ALLOCATION', 'MANUAL_CORRECTION']);
    expect(paged.map((x) => x.postings)).toEqual(trail.reconciliationDifferenceTrail.transactions.map((x) => x.postings));
    // A row shows the postings on the difference's account (the console reads the rest when the row opens).
    for (const x of paged) {
      expect(x.postingCount).toBe(x.postings.length);
      const on = x.postings.filter((p) => p.account === manual[0]!.account);
      expect(x.shownPostings).toEqual(on.length > 0 ? on : x.postings.slice(0, 1));
    }
    expect(paged.filter((x) => x.shownPostings.some((p) => p.account === manual[0]!.account)).length).toBeGreaterThan(0);
    // Its own municipality's controller pages the same transactions (its own and the ministry's postings).
    expect((await pageThrough(await t.tokens.controller(X))).map((x) => x.id)).toEqual(paged.map((x) => x.id));
    // A cursor this API did not return is refused.
    expect(codes(await t.gql(PAGE, { id: run.id, o: manual[0]!.ordinal, after: 'bm90LWEtY3Vyc29y' }, t.tokens.auditor))).toEqual([
      'BAD_USER_INPUT',
    ]);

    // A controller sees only its own municipality's differences.
    const xToken = await t.tokens.controller(X);
    expect((await differences(run.id, {}, xToken)).map((d) => d.municipalityCode)).toEqual([X]);
    expect(codes(await t.gql(DIFFS, { runId: run.id, filter: { municipalityCode: Z } }, xToken))).toEqual(['FORBIDDEN']);
    const zOrdinal = reported[0]!.ordinal;
    expect(
      codes(
        await t.gql(
          `query($id: ID!, $o: Int!) { reconciliationDifferenceTrail(runId: $id, ordinal: $o) { inputs } }`,
          { id: run.id, o: zOrdinal },
          xToken,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
    expect(
      codes(
        await t.gql(
          `query($id: ID!, $o: Int!) { reconciliationDifferenceTrail(runId: $id, ordinal: $o) { transactionPage(first: 5) { totalCount } } }`,
          { id: run.id, o: zOrdinal },
          xToken,
        ),
      ),
    ).toEqual(['FORBIDDEN']);
  });

  it('a tampered journal row breaks the chain and shows up as JOURNAL_TAMPERED with its municipality and amount', async () => {
    const admin = new Client({ connectionString: urlForDatabase(t.databaseName) });
    await admin.connect();
    try {
      await admin.query(`SET session_replication_role = replica`);
      const res = await admin.query(
        `UPDATE journal_postings p SET amount = amount + 100 FROM ledger_accounts a
          WHERE a.id = p.account_id AND a.address = $1 RETURNING p.transaction_id`,
        [accounts.committed(Z, S, Y)],
      );
      expect(res.rowCount).toBe(1);
      // A run verifies from the last verified checkpoint (decision 1702): the earlier runs' are
      // removed, so this run verifies from genesis like a first run. Tampering before a checkpoint
      // is the full check's to find (test/e2e/journal-checkpoints.e2e-part.ts).
      await admin.query(`DELETE FROM journal_checkpoints`);
    } finally {
      await admin.end();
    }
    const run = await reconcileNow();
    const tampered = await differences(run.id, { cause: 'JOURNAL_TAMPERED' });
    expect(tampered.map((d) => [d.check, d.municipalityCode, d.difference])).toEqual([
      ['COMMITTED_BALANCE', Z, '-100.00'],
      ['TRIAL_BALANCE', null, '-100.00'],
      // The allocation's booking transaction touches both municipalities: the link names no single one.
      ['JOURNAL_CHAIN', null, '0'],
    ]);
    expect(tampered[2]?.refs).toHaveLength(1);
    // The manual correction still explains X's difference exactly.
    expect((await differences(run.id, { cause: 'MANUAL_CORRECTION' })).map((d) => [d.municipalityCode, d.difference])).toEqual([
      [X, '50.00'],
    ]);
  });

  it('a reproduction that does not match is recorded as such', async () => {
    // Forge the stored output hash of the clean run behind the triggers' back.
    const admin = new Client({ connectionString: urlForDatabase(t.databaseName) });
    await admin.connect();
    try {
      await admin.query(`SET session_replication_role = replica`);
      await admin.query(`UPDATE reconciliation_runs SET output_hash = $2 WHERE id = $1`, [cleanRun.id, 'f'.repeat(64)]);
    } finally {
      await admin.end();
    }
    const rep = await t.ok<{ reproduceReconciliation: { matches: boolean; outputHash: string } }>(
      `mutation($id: ID!) { reproduceReconciliation(runId: $id) { matches outputHash } }`,
      { id: cleanRun.id },
      t.tokens.finance,
    );
    expect(rep.reproduceReconciliation).toEqual({ matches: false, outputHash: cleanRun.outputHash });
    const list = await t.ok<{ reconciliationReproductions: { reproducedBy: string; matches: boolean }[] }>(
      `query($id: ID!) { reconciliationReproductions(runId: $id) { reproducedBy matches } }`,
      { id: cleanRun.id },
      t.tokens.auditor,
    );
    expect(list.reconciliationReproductions).toEqual([
      { reproducedBy: 'auditor-1', matches: true },
      { reproducedBy: 'fo-1', matches: false },
    ]);
  });

  it('auditors list runs by scheme, year and status, newest first, page by page', async () => {
    const LIST = `query($f: ReconciliationRunFilter, $after: String) {
      reconciliationRuns(first: 2, after: $after, filter: $f) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status createdAt } } } }`;
    type L = {
      reconciliationRuns: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string };
        edges: { node: { id: string; status: string; createdAt: string } }[];
      };
    };
    const failed = await t.ok<L>(LIST, { f: { schemeCode: S, year: Y, status: 'FAILED' } }, t.tokens.auditor);
    expect(failed.reconciliationRuns.totalCount).toBe(2);
    expect(failed.reconciliationRuns.edges.map((e) => e.node.status)).toEqual(['FAILED', 'FAILED']);
    const ids: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let i = 0; i < 10; i += 1) {
      const page: L = await t.ok<L>(LIST, { f: { schemeCode: S }, after }, t.tokens.auditor);
      total = page.reconciliationRuns.totalCount;
      ids.push(...page.reconciliationRuns.edges.map((e) => e.node.id));
      if (!page.reconciliationRuns.pageInfo.hasNextPage) {
        break;
      }
      after = page.reconciliationRuns.pageInfo.endCursor;
    }
    expect(new Set(ids).size).toBe(total);
    expect(total).toBe(8);
  });
});
