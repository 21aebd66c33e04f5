import { Client } from 'pg';
import { createTestApp, codes, TEST_SECRET, type GqlResult, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { adminUrl, urlForDatabase } from '../helpers/db-urls';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { money, sum } from '../../src/common/money/money';
import { Role } from '../../src/common/auth/actor';
import { RunStage } from '../../src/modules/allocations';
import { CHAIN_LOCK_KEY } from '../../src/modules/ledger/ledger.writer';

/**
 * Concurrency and faults on the real PostgreSQL (decision 0702): idempotency under 50 parallel
 * callers, one run per scheme-year, a connection killed in the middle of a large booking, the
 * server killed during a reconciliation run, and a soak of mixed requests from every role.
 */

const S = 'FLT-TEST';
const Y = 2026;
const OWN = 'GM0363';

describe('concurrency and faults', () => {
  let t: TestApp;
  let rules: { forecast: string; registered: string };
  let all: string[];
  const fo = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');

  async function scalar(sql: string, params: unknown[] = []): Promise<string> {
    const rows = await t.dataSource.query<{ v: string }[]>(sql, params);
    return String(rows[0]?.v);
  }
  async function admin(): Promise<Client> {
    const c = new Client({ connectionString: adminUrl(), application_name: 'fault-admin' });
    await c.connect();
    return c;
  }

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 10 });
    await createTestScheme(fo(), S, Y, '1000.00', { deadline: `${Y + 1}-07-15` });
    rules = await createTestRules(fo(), S);
    const rows = await t.dataSource.query<{ code: string }[]>(
      `SELECT code FROM municipalities WHERE (valid_from IS NULL OR valid_from <= $1) AND (valid_until IS NULL OR valid_until >= $2) ORDER BY code`,
      [`${Y}-01-01`, `${Y}-12-31`],
    );
    all = rows.map((r) => r.code);
    expect(all.length).toBeGreaterThan(300);
    const counts = Object.fromEntries(all.map((code, i) => [code, String(10 + (i % 37))]));
    const run = await countsAndRun(fo(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts,
      key: 'flt',
    });
    await t.ok(
      `mutation($run: String!) { createAdvancePlan(input: { schemeCode: "${S}", year: ${Y}, allocationRunId: $run, idempotencyKey: "flt-plan" }) { plan { id } } }`,
      {
        run,
      },
    );
  }, 600_000);

  afterAll(() => t.close());

  describe('50 concurrent identical mutations with one idempotency key', () => {
    const fifty = <T>(query: string, variables: Record<string, unknown>, token?: string) =>
      Promise.all(Array.from({ length: 50 }, () => t.gql<T>(query, variables, token)));
    const noErrors = (results: GqlResult<unknown>[]) => results.flatMap((r) => codes(r));

    it('postManualCorrection: one transaction, every caller gets it', async () => {
      const results = await fifty<{ postManualCorrection: { id: string } }>(
        `mutation { postManualCorrection(input: { effectiveDate: "${Y}-03-01", idempotencyKey: "flt-mc-50", reason: "fifty callers",
          postings: [{ account: "ministry:bank", direction: "DEBIT", amount: "12.34" }, { account: "ministry:expense:${S}:${Y}", direction: "CREDIT", amount: "12.34" }] }) { id } }`,
        {},
      );
      expect(noErrors(results)).toEqual([]);
      expect(new Set(results.map((r) => r.data?.postManualCorrection.id)).size).toBe(1);
      expect(await scalar(`SELECT count(*)::text AS v FROM journal_transactions WHERE idempotency_key = 'flt-mc-50'`)).toBe('1');
      expect(
        await scalar(
          `SELECT count(*)::text AS v FROM journal_postings p JOIN journal_transactions x ON x.id = p.transaction_id WHERE x.idempotency_key = 'flt-mc-50'`,
        ),
      ).toBe('2');
    });

    it('importCounts: one batch, its rows once', async () => {
      const rows = all.slice(0, 40).map((m) => ({
        municipalityCode: m,
        periodType: 'YEAR',
        periodStart: `${Y}-01-01`,
        periodEnd: `${Y}-12-31`,
        category: 'GEZINSMIGRANT',
        basis: 'FORECAST',
        source: 'MINISTRY',
        value: '3',
      }));
      const results = await fifty<{ importCounts: { id: string } }>(
        `mutation($input: ImportCountsInput!) { importCounts(input: $input) { id rowCount } }`,
        {
          input: { batchKey: 'flt-counts-50', rows },
        },
      );
      expect(noErrors(results)).toEqual([]);
      expect(new Set(results.map((r) => r.data?.importCounts.id)).size).toBe(1);
      expect(await scalar(`SELECT count(*)::text AS v FROM count_batches WHERE batch_key = 'flt-counts-50'`)).toBe('1');
      expect(
        await scalar(
          `SELECT count(*)::text AS v FROM counts c JOIN count_batches b ON b.id = c.batch_id WHERE b.batch_key = 'flt-counts-50'`,
        ),
      ).toBe('40');
    });

    it('runAllocation: one run, one booking', async () => {
      const results = await fifty<{ runAllocation: { run: { id: string } } }>(
        `mutation { runAllocation(input: { schemeCode: "${S}", year: ${Y}, ruleVersionId: "${rules.forecast}", stage: INTERIM, idempotencyKey: "flt-run-50" }) { run { id } } }`,
        {},
      );
      expect(noErrors(results)).toEqual([]);
      const ids = new Set(results.map((r) => r.data?.runAllocation.run.id));
      expect(ids.size).toBe(1);
      const [runId] = [...ids];
      expect(await scalar(`SELECT count(*)::text AS v FROM allocation_runs WHERE idempotency_key = 'flt-run-50'`)).toBe('1');
      expect(
        await scalar(`SELECT count(*)::text AS v FROM journal_transactions WHERE kind = 'ALLOCATION' AND cause_id = $1`, [runId]),
      ).toBe('1');
    });

    it('payTranches: each due tranche paid once', async () => {
      const before = Number(await scalar(`SELECT count(*)::text AS v FROM journal_transactions WHERE kind = 'ADVANCE_TRANCHE'`));
      const results = await fifty<{ payTranches: { paidCount: number; totalCash: string } }>(
        `mutation { payTranches(input: { schemeCode: "${S}", year: ${Y}, dueUpTo: "${Y}-02-15", idempotencyKey: "flt-pay-50" }) { paidCount totalCash } }`,
        {},
      );
      expect(noErrors(results)).toEqual([]);
      const paid = results[0]?.data?.payTranches.paidCount ?? 0;
      expect(paid).toBeGreaterThan(0);
      expect(new Set(results.map((r) => JSON.stringify(r.data)))).toEqual(new Set([JSON.stringify(results[0]?.data)]));
      const after = Number(await scalar(`SELECT count(*)::text AS v FROM journal_transactions WHERE kind = 'ADVANCE_TRANCHE'`));
      expect(after - before).toBeLessThanOrEqual(paid);
      expect(after - before).toBeGreaterThan(0);
      expect(await scalar(`SELECT count(*)::text AS v FROM tranche_payments WHERE payment_run_key = 'flt-pay-50'`)).toBe(String(paid));
    });
  });

  it('serialises two allocation runs of one scheme-year: one booking stands, the other is reversed', async () => {
    const run = (key: string) =>
      t.gql<{ runAllocation: { run: { id: string; totalAmount: string } } }>(
        `mutation { runAllocation(input: { schemeCode: "${S}", year: ${Y}, ruleVersionId: "${rules.forecast}", stage: INTERIM, idempotencyKey: "${key}" }) { run { id totalAmount } } }`,
      );
    const [a, b] = await Promise.all([run('flt-par-a'), run('flt-par-b')]);
    expect([...codes(a), ...codes(b)]).toEqual([]);
    const ids = [a.data?.runAllocation.run.id, b.data?.runAllocation.run.id] as string[];
    const bookings = await t.dataSource.query<{ run: string; booking: string; reversed: boolean }[]>(
      `SELECT r.id::text AS run, r.booking_transaction_id AS booking,
              EXISTS (SELECT 1 FROM journal_transactions x WHERE x.reverses_id::text = r.booking_transaction_id) AS reversed
         FROM allocation_runs r WHERE r.id = ANY($1::uuid[])`,
      [ids],
    );
    expect(bookings).toHaveLength(2);
    expect(bookings.filter((r) => !r.reversed)).toHaveLength(1);
    // Every allocation booking of the scheme-year but one is reversed: the committed balances are those of one run.
    const standing = await t.dataSource.query<{ total: string }[]>(
      `SELECT total_amount::text AS total FROM allocation_runs r
        WHERE r.scheme_code = $1 AND r.year = $2 AND r.booking_transaction_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM journal_transactions x WHERE x.reverses_id::text = r.booking_transaction_id)`,
      [S, Y],
    );
    expect(standing).toHaveLength(1);
    const committed = await scalar(
      `SELECT COALESCE(SUM(CASE WHEN p.direction = 'DEBIT' THEN p.amount ELSE -p.amount END), 0)::text AS v
         FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.address LIKE $1`,
      [`municipality:%:committed:${S}:${Y}`],
    );
    expect(money(committed).abs().toFixed(2)).toBe(money(standing[0]?.total ?? 'x').toFixed(2));
  });

  it('serialises two finalisations of one settlement: one succeeds, one booking', async () => {
    // its own scheme-year: a finalised settlement cancels the unpaid tranches the later tests pay
    const S2 = 'FLT-SETTLE';
    await createTestScheme(fo(), S2, Y, '1000.00', { deadline: `${Y + 1}-07-15` });
    const rules2 = await createTestRules(fo(), S2);
    const definitive = await countsAndRun(fo(), {
      code: S2,
      year: Y,
      ruleId: rules2.registered,
      basis: 'REGISTERED',
      stage: RunStage.DEFINITIVE,
      counts: Object.fromEntries(all.slice(0, 50).map((m, i) => [m, String(5 + (i % 7))])),
      key: 'flt-def',
    });
    const draft = await t.ok<{ draftSettlement: { settlement: { id: string } } }>(
      `mutation { draftSettlement(input: { schemeCode: "${S2}", year: ${Y}, allocationRunId: "${definitive}", recoveryMode: INVOICE, idempotencyKey: "flt-settle" }) { settlement { id } } }`,
      {},
      t.tokens.finance2,
    );
    const id = draft.draftSettlement.settlement.id;
    const finalise = (key: string) =>
      t.gql(`mutation { finaliseSettlement(input: { settlementId: "${id}", idempotencyKey: "${key}" }) { settlement { id status } } }`);
    const results = await Promise.all([finalise('flt-fin-a'), finalise('flt-fin-b'), finalise('flt-fin-c')]);
    // A finalised settlement is answered as it is (or the late callers are refused), never finalised twice.
    for (const r of results) {
      expect(codes(r).every((c) => c === 'CONFLICT')).toBe(true);
    }
    expect(results.some((r) => codes(r).length === 0)).toBe(true);
    const signatures = await t.dataSource.query<{ signature: string; n: number }[]>(
      `SELECT signature, count(*)::int AS n FROM (
         SELECT x.id, x.kind || ' ' || string_agg(a.address || ' ' || p.direction || ' ' || p.amount::text, ',' ORDER BY a.address, p.direction) AS signature
           FROM journal_transactions x JOIN journal_postings p ON p.transaction_id = x.id JOIN ledger_accounts a ON a.id = p.account_id
          WHERE x.cause_id = $1 GROUP BY x.id, x.kind) s
        GROUP BY signature`,
      [id],
    );
    expect(signatures.length).toBeGreaterThan(0);
    // no booking of the settlement appears twice
    expect(signatures.filter((r) => r.n > 1)).toEqual([]);
    const trial = await t.ok<{ trialBalance: { totalDebit: string; totalCredit: string } }>(
      `{ trialBalance { totalDebit totalCredit } }`,
      {},
      t.tokens.auditor,
    );
    expect(trial.trialBalance.totalDebit).toBe(trial.trialBalance.totalCredit);
  });

  it('a connection killed in the middle of a large booking: the command is re-run on a fresh connection and pays each tranche once', async () => {
    const due = Number(
      await scalar(
        `SELECT count(*)::text AS v FROM advance_plan_tranches tr JOIN advance_plans p ON p.id = tr.plan_id
          WHERE p.scheme_code = $1 AND p.year = $2 AND tr.due_date <= $3 AND tr.amount > 0
            AND NOT EXISTS (SELECT 1 FROM tranche_payments x WHERE x.scheme_code = p.scheme_code AND x.year = p.year
                              AND x.municipality_code = tr.municipality_code AND x.idx = tr.idx)`,
        [S, Y, `${Y}-12-31`],
      ),
    );
    expect(due).toBeGreaterThan(1000);
    const transactionsBefore = Number(await scalar(`SELECT count(*)::text AS v FROM journal_transactions`));
    // Hold the ledger's chain lock from outside, so the booking is caught between its reads and its appends
    // (the append takes it in ledger_append_begin, decision 1850, or in its own statement on the careful path).
    // advisory locks belong to a database: take it in the test's own
    const holder = new Client({ connectionString: urlForDatabase(t.databaseName), application_name: 'fault-admin' });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock($1::bigint)`, [CHAIN_LOCK_KEY]);
    const killer = await admin();
    const pay = t.gql<{ payTranches: { paidCount: number } }>(
      `mutation { payTranches(input: { schemeCode: "${S}", year: ${Y}, dueUpTo: "${Y}-12-31", idempotencyKey: "flt-pay-all" }) { paidCount } }`,
    );
    let killed = 0;
    const deadline = Date.now() + 300_000;
    let settled = false;
    void pay.finally(() => {
      settled = true;
    });
    while (killed === 0 && !settled && Date.now() < deadline) {
      const r = await killer.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND wait_event = 'advisory'
            AND (query LIKE '%pg_advisory_xact_lock%' OR query LIKE '%ledger_append_begin%')`,
        [t.databaseName],
      );
      for (const { pid } of r.rows) {
        await killer.query(`SELECT pg_terminate_backend($1)`, [pid]);
        killed += 1;
      }
      await new Promise((res) => setTimeout(res, 20));
    }
    await holder.query(`SELECT pg_advisory_unlock($1::bigint)`, [CHAIN_LOCK_KEY]);
    await holder.end();
    await killer.end();
    const paid = await pay;
    // The killed attempt rolled back with its connection; runCommand ran the command again on a
    // fresh one (decision 1100), which then paid every due tranche once.
    expect({ killed, errors: paid.errors?.map((e) => e.message) }).toEqual({ killed: 1, errors: undefined });
    expect(paid.data?.payTranches.paidCount).toBe(due);
    expect(await scalar(`SELECT count(*)::text AS v FROM tranche_payments WHERE payment_run_key = 'flt-pay-all'`)).toBe(String(due));
    const transactionsAfter = Number(await scalar(`SELECT count(*)::text AS v FROM journal_transactions`));
    expect(transactionsAfter - transactionsBefore).toBe(due);
    // The same request with the same key is answered from the first payment.
    const retry = await t.ok<{ payTranches: { paidCount: number; replayed: boolean } }>(
      `mutation { payTranches(input: { schemeCode: "${S}", year: ${Y}, dueUpTo: "${Y}-12-31", idempotencyKey: "flt-pay-all" }) { paidCount replayed } }`,
    );
    expect(retry.payTranches).toEqual({ paidCount: due, replayed: true });
    const verify = await t.ok<{ verifyJournal: { ok: boolean } }>(`{ verifyJournal { ok } }`, {}, t.tokens.auditor);
    expect(verify.verifyJournal.ok).toBe(true);
  }, 600_000);

  it('the server killed with SIGKILL during a reconciliation run: the run is FAILED, nothing half-written, a new run succeeds', async () => {
    const env = { DATABASE_URL: urlForDatabase(t.databaseName), LOAD_FIXTURES: 'false', JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'warn' };
    const watcher = new Client({ connectionString: urlForDatabase(t.databaseName), application_name: 'fault-admin' });
    await watcher.connect();
    const ours = new Set(
      (await watcher.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [t.databaseName])).rows.map(
        (r) => r.pid,
      ),
    );
    // The run blocks on its first read of the journal while this lock is held, so it is caught RUNNING.
    const locker = await admin();
    const lockerDb = new Client({ connectionString: urlForDatabase(t.databaseName), application_name: 'fault-admin' });
    await lockerDb.connect();
    await lockerDb.query('BEGIN');
    await lockerDb.query('LOCK TABLE journal_postings IN ACCESS EXCLUSIVE MODE');
    let server: ServerProcess | null = await startServerProcess(env);
    let runId = '';
    try {
      const started = await http(server, `mutation { startReconciliation(input: { schemeCode: "${S}", year: ${Y} }) { id status } }`);
      runId = started.id;
      await waitFor(
        async () => (await watcher.query(`SELECT status FROM reconciliation_runs WHERE id = $1`, [runId])).rows[0]?.status === 'RUNNING',
      );
      server.child.kill('SIGKILL');
      await server.exited;
      server = null;
    } finally {
      await lockerDb.query('ROLLBACK');
      await lockerDb.end();
      await locker.end();
      if (server) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
    }
    // The killed process's backends go away (PostgreSQL notices the closed sockets; make sure).
    await watcher.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'inburgering-funding-engine' AND NOT (pid = ANY($2::int[]))`,
      [t.databaseName, [...ours]],
    );
    const row = (await watcher.query(`SELECT status FROM reconciliation_runs WHERE id = $1`, [runId])).rows[0] as { status: string };
    expect(row.status).toBe('RUNNING'); // killed mid-run: nothing has touched it since
    server = await startServerProcess(env);
    try {
      const after = (
        await watcher.query(
          `SELECT status, error, inputs IS NULL AS no_inputs, output_hash, (SELECT count(*)::int FROM reconciliation_differences d WHERE d.run_id = r.id) AS diffs
             FROM reconciliation_runs r WHERE id = $1`,
          [runId],
        )
      ).rows[0] as { status: string; error: string; no_inputs: boolean; output_hash: string | null; diffs: number };
      expect(after).toEqual({ status: 'FAILED', error: 'interrupted', no_inputs: true, output_hash: null, diffs: 0 });
      const again = await http(server, `mutation { startReconciliation(input: { schemeCode: "${S}", year: ${Y} }) { id } }`);
      const newId = again.id;
      await waitFor(async () => {
        const r = await http(server, `{ reconciliationRun(id: "${newId}") { status } }`);
        return r.status === 'SUCCEEDED';
      });
      const done = await http(server, `{ reconciliationRun(id: "${newId}") { status inputHash outputHash progressDone progressTotal } }`);
      expect(done.inputHash).toMatch(/^[0-9a-f]{64}$/);
      expect(done.progressDone).toBe(done.progressTotal);
    } finally {
      await server.stop();
      await watcher.end();
    }
  }, 600_000);

  it('a soak of mixed requests from every role: every outcome as expected, the trial balance nets to zero, the journal verifies', async () => {
    const own = await t.tokens.controller(OWN);
    const other = await t.tokens.controller('GM0344');
    const balanceBefore = await scalar(
      `SELECT COALESCE(SUM(CASE WHEN p.direction = 'DEBIT' THEN p.amount ELSE -p.amount END), 0)::text AS v
         FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.address = 'ministry:bank'`,
    );
    type Kind = 'read' | 'write' | 'forbidden' | 'unauthenticated' | 'replay';
    // 800 requests, 8 at a time: every kind 80 times over; more adds suite time (issue 19 item 7), not coverage.
    const N = 800;
    const written: string[] = [];
    const plan = Array.from({ length: N }, (_, i): { kind: Kind; run: () => Promise<GqlResult<unknown>>; amount?: string } => {
      const k = i % 10;
      if (k === 0 || k === 5) {
        const amount = `${1 + (i % 13)}.${String(i % 100).padStart(2, '0')}`;
        return {
          kind: 'write',
          amount,
          run: () =>
            t.gql(
              `mutation($k: String!, $a: Money!) { postManualCorrection(input: { effectiveDate: "${Y}-04-01", idempotencyKey: $k, reason: "soak",
                postings: [{ account: "ministry:bank", direction: "DEBIT", amount: $a }, { account: "ministry:expense:${S}:${Y}", direction: "CREDIT", amount: $a }] }) { id } }`,
              { k: `soak-${i}`, a: amount },
              i % 20 === 0 ? t.tokens.finance : t.tokens.finance2,
            ),
        };
      }
      if (k === 1) {
        return {
          kind: 'read',
          run: () => t.gql(`{ municipality(code: "${OWN}") { code name } allocationRuns(schemeCode: "${S}", year: ${Y}) { id } }`, {}, own),
        };
      }
      if (k === 2) {
        return {
          kind: 'read',
          run: () => t.gql(`{ trialBalance { net } journalTransactions(first: 20) { totalCount } }`, {}, t.tokens.auditor),
        };
      }
      if (k === 3) {
        return { kind: 'forbidden', run: () => t.gql(`{ municipalityBalances(code: "${OWN}") { address } }`, {}, other) };
      }
      if (k === 4) {
        return {
          kind: 'forbidden',
          run: () =>
            t.gql(
              `mutation { postManualCorrection(input: { effectiveDate: "${Y}-04-01", idempotencyKey: "soak-x-${i}", reason: "no",
                postings: [{ account: "ministry:bank", direction: "DEBIT", amount: "1.00" }, { account: "ministry:expense:${S}:${Y}", direction: "CREDIT", amount: "1.00" }] }) { id } }`,
              {},
              t.tokens.auditor,
            ),
        };
      }
      if (k === 6) {
        return { kind: 'read', run: () => t.gql(`{ counts(first: 20, filter: { year: ${Y} }) { totalCount } }`, {}, own) };
      }
      if (k === 7) {
        return { kind: 'unauthenticated', run: () => t.gql(`{ viewer { subject } }`, {}, null) };
      }
      if (k === 8) {
        return {
          kind: 'replay',
          run: () =>
            t.gql(
              `mutation { payTranches(input: { schemeCode: "${S}", year: ${Y}, dueUpTo: "${Y}-12-31", idempotencyKey: "flt-pay-all" }) { replayed } }`,
            ),
        };
      }
      return {
        kind: 'read',
        run: () =>
          t.gql(`{ municipalityAdvanceStatement(municipalityCode: "${OWN}", schemeCode: "${S}", year: ${Y}) { totalPaid } }`, {}, own),
      };
    });
    // Outcomes are what this tests, not speed: no time limit beyond the test's own (a hang).
    const wrong: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < plan.length) {
        const i = next++;
        const item = plan[i];
        if (!item) {
          return;
        }
        const r = await item.run();
        const got = codes(r);
        const want = { read: [], write: [], replay: [], forbidden: ['FORBIDDEN'], unauthenticated: ['UNAUTHENTICATED'] }[item.kind];
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          wrong.push(`${i} ${item.kind}: ${got.join(',')} ${r.errors?.[0]?.message ?? ''}`);
        } else if (item.kind === 'write' && item.amount) {
          written.push(item.amount);
        } else if (item.kind === 'replay' && (r.data as { payTranches: { replayed: boolean } }).payTranches.replayed !== true) {
          wrong.push(`${i} replay: not replayed`);
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(written).toHaveLength(N / 5);
    const trial = await t.ok<{ trialBalance: { net: string; totalDebit: string; totalCredit: string } }>(
      `{ trialBalance { net totalDebit totalCredit } }`,
      {},
      t.tokens.auditor,
    );
    expect(trial.trialBalance.net).toBe('0.00');
    expect(trial.trialBalance.totalDebit).toBe(trial.trialBalance.totalCredit);
    const verify = await t.ok<{ verifyJournal: { ok: boolean; count: number } }>(`{ verifyJournal { ok count } }`, {}, t.tokens.auditor);
    expect(verify.verifyJournal.ok).toBe(true);
    expect(await scalar(`SELECT count(*)::text AS v FROM journal_transactions WHERE idempotency_key LIKE 'soak-%'`)).toBe(String(N / 5));
    expect(await scalar(`SELECT count(*)::text AS v FROM journal_transactions WHERE idempotency_key LIKE 'soak-x-%'`)).toBe('0');
    const balanceAfter = await scalar(
      `SELECT COALESCE(SUM(CASE WHEN p.direction = 'DEBIT' THEN p.amount ELSE -p.amount END), 0)::text AS v
         FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id WHERE a.address = 'ministry:bank'`,
    );
    expect(money(balanceAfter).minus(money(balanceBefore)).toFixed(2)).toBe(sum(written.map((a) => money(a))).toFixed(2));
  }, 900_000);
});

/** A GraphQL request to a server process as the finance officer of its banner. */
interface RunFields {
  id: string;
  status: string;
  inputHash: string | null;
  progressDone: number;
  progressTotal: number;
}
async function http(server: ServerProcess, query: string): Promise<RunFields> {
  const response = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens.FINANCE_OFFICER ?? ''}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: Record<string, RunFields>; errors?: unknown[] };
  const run = Object.values(body.data ?? {})[0];
  if (body.errors || !run) {
    throw new Error(JSON.stringify(body.errors));
  }
  return run;
}

async function waitFor(condition: () => Promise<boolean>, ms = 300_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
