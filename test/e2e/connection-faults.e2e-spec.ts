import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createDataSource, initialise } from '../../src/common/db/data-source';
import { loadFixtures, systemContext } from '../../src/fixtures';
import { mintToken } from '../../src/common/auth/tokens';
import { Role } from '../../src/common/auth/actor';
import { money, sum } from '../../src/common/money/money';
import { RunStage } from '../../src/modules/allocations';
import { runLedgerChecks } from '../../src/modules/ledger';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { startPrivatePostgres, type PrivatePostgres } from '../helpers/private-postgres';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { TEST_SECRET } from '../helpers/test-app';

/**
 * The database dropping connections under load (issue 20 item 1, decision 1100). The compiled
 * server runs as a child process on a PostgreSQL cluster of this suite's own (a temporary
 * directory, its own port), so that its backends can be terminated and the whole server
 * restarted without touching the shared server the other suites run on.
 *
 * 30 clients write concurrently (manual corrections, count batches, allocation runs), each with
 * its own idempotency key, and repeat a request exactly as sent whenever it is answered
 * SERVICE_UNAVAILABLE with `retryable: true`, as a well-behaved client does. Meanwhile the
 * service's backends are terminated over and over, or the server is restarted. Afterwards: the
 * process is still up, every request ended in exactly one effect (nothing lost, nothing twice),
 * every refusal was a retryable SERVICE_UNAVAILABLE, and the ledger verifies.
 */

const S = 'CONN-FLT';
const Y = 2026;
const APP = 'inburgering-funding-engine';

interface Outcome {
  kind: 'correction' | 'counts' | 'run';
  key: string;
  amount?: string;
  /** Retryable refusals answered before the request went through. */
  refusals: number;
  reasons: string[];
  error?: string;
}

describe('connection faults: the process survives and nothing is lost or doubled', () => {
  let pg: PrivatePostgres;
  let ds: DataSource;
  let server: ServerProcess | null = null;
  let token: string;
  let ruleId: string;
  let codes: string[];
  const database = 'ife_conn_faults';

  beforeAll(async () => {
    pg = await startPrivatePostgres();
    const admin = new Client({ connectionString: pg.url() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    ds = createDataSource({ url: pg.url(database), poolSize: 2, applicationName: 'fault-test' });
    await initialise(ds);
    await ds.runMigrations({ transaction: 'each' });
    await loadFixtures(ds, { scenarios: false });
    const fo = { ...systemContext(ds), actor: { subject: 'fo-setup', role: Role.FINANCE_OFFICER, municipalityCode: null } };
    await createTestScheme(fo, S, Y, '1000.00');
    const rules = await createTestRules(fo, S);
    ruleId = rules.forecast;
    const rows = await ds.query<{ code: string }[]>(
      `SELECT code FROM municipalities WHERE (valid_from IS NULL OR valid_from <= $1) AND (valid_until IS NULL OR valid_until >= $2) ORDER BY code LIMIT 60`,
      [`${Y}-01-01`, `${Y}-12-31`],
    );
    codes = rows.map((r) => r.code);
    await countsAndRun(fo, {
      code: S,
      year: Y,
      ruleId,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: Object.fromEntries(codes.map((c, i) => [c, String(5 + (i % 11))])),
      key: 'conn-setup',
    });
    token = await mintToken(TEST_SECRET, { subject: 'fo-fault', role: Role.FINANCE_OFFICER });
    server = await startServerProcess({
      DATABASE_URL: pg.url(database),
      LOAD_FIXTURES: 'false',
      JWT_SECRET: TEST_SECRET,
      LOG_LEVEL: 'warn',
      DB_POOL_SIZE: '10',
    });
  }, 600_000);

  afterAll(async () => {
    await server?.stop();
    await ds?.destroy().catch(() => undefined);
    await pg?.destroy();
  });

  async function post(query: string, variables: Record<string, unknown>) {
    const response = await fetch(server!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: Record<string, unknown> }[];
    };
  }

  /** Writes that went through so far: the backend killer strikes only after progress, so a slow machine is struck less often, never starved. */
  let completed = 0;

  /** Sends one request until it goes through, repeating it unchanged on a retryable refusal. */
  async function until(outcome: Outcome, query: string, variables: Record<string, unknown>, deadline: number): Promise<Outcome> {
    for (;;) {
      let body;
      try {
        body = await post(query, variables);
      } catch (error) {
        // fetch's own message is only "fetch failed": the socket's error is its cause.
        const cause = (error as { cause?: unknown }).cause;
        outcome.error = `no HTTP answer: ${String(error)}${cause === undefined ? '' : ` (${String(cause)})`}`;
        return outcome;
      }
      const first = body.errors?.[0];
      if (!first) {
        completed += 1;
        return outcome;
      }
      if (first.extensions?.code === 'SERVICE_UNAVAILABLE' && first.extensions.retryable === true && Date.now() < deadline) {
        outcome.refusals += 1;
        outcome.reasons.push(String(first.extensions.reason ?? 'BUSY'));
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
        continue;
      }
      outcome.error = `${String(first.extensions?.code)}: ${first.message}`;
      return outcome;
    }
  }

  /** 30 clients, each sending `perClient` writes one after the other. */
  async function load(tag: string, perClient: number): Promise<Outcome[]> {
    const deadline = Date.now() + 150_000;
    const client = async (c: number): Promise<Outcome[]> => {
      const done: Outcome[] = [];
      for (let i = 0; i < perClient; i += 1) {
        const key = `${tag}-${c}-${i}`;
        const kind = i % 5 === 4 ? (c % 3 === 0 ? 'run' : 'counts') : 'correction';
        const outcome: Outcome = { kind, key, refusals: 0, reasons: [] };
        if (kind === 'correction') {
          outcome.amount = `${1 + ((c * 7 + i) % 50)}.${String((c + i * 13) % 100).padStart(2, '0')}`;
          done.push(
            await until(
              outcome,
              `mutation($k: String!, $a: Money!) { postManualCorrection(input: { effectiveDate: "${Y}-05-01", idempotencyKey: $k, reason: "fault load",
                postings: [{ account: "ministry:bank", direction: "DEBIT", amount: $a }, { account: "ministry:expense:${S}:${Y}", direction: "CREDIT", amount: $a }] }) { id } }`,
              { k: key, a: outcome.amount },
              deadline,
            ),
          );
        } else if (kind === 'counts') {
          const rows = codes.slice(0, 5).map((m) => ({
            municipalityCode: m,
            periodType: 'YEAR',
            periodStart: `${Y}-01-01`,
            periodEnd: `${Y}-12-31`,
            category: 'GEZINSMIGRANT',
            basis: 'REGISTERED',
            rule: 'PEILDATUM',
            source: 'DUO',
            value: String(c + i),
          }));
          done.push(
            await until(
              outcome,
              `mutation($input: ImportCountsInput!) { importCounts(input: $input) { id } }`,
              { input: { batchKey: key, rows } },
              deadline,
            ),
          );
        } else {
          done.push(
            await until(
              outcome,
              `mutation($k: String!) { runAllocation(input: { schemeCode: "${S}", year: ${Y}, ruleVersionId: "${ruleId}", stage: INTERIM, idempotencyKey: $k }) { run { id } } }`,
              { k: key },
              deadline,
            ),
          );
        }
      }
      return done;
    };
    return (await Promise.all(Array.from({ length: 30 }, (_, c) => client(c)))).flat();
  }

  /** The server is still running; when it is not, the failure shows how it ended (its last output). */
  function expectServerUp(): void {
    const child = server!.child;
    if (child.exitCode !== null || child.signalCode !== null) {
      // Its errors first (the one that ended it is rarely among the last lines of a busy log).
      const output = server!.output();
      const errors = output.split('\n').filter((line) => /"level":(50|60)/.test(line));
      throw new Error(
        `the server ended (exit code ${child.exitCode}, signal ${child.signalCode}); its errors:\n${errors.join('\n').slice(-6000)}\nits last output:\n${output.slice(-3000)}`,
      );
    }
  }

  async function scalar(sql: string, params: unknown[] = []): Promise<string> {
    const rows = await ds.query<{ v: string }[]>(sql, params);
    return String(rows[0]?.v);
  }

  /** Every request had exactly one effect; the ledger is whole. */
  async function expectExactlyOnce(tag: string, outcomes: Outcome[]): Promise<void> {
    expect(outcomes.filter((o) => o.error !== undefined).map((o) => `${o.key}: ${o.error}`)).toEqual([]);
    const corrections = outcomes.filter((o) => o.kind === 'correction');
    const perKey = await ds.query<{ k: string; n: number }[]>(
      `SELECT idempotency_key AS k, count(*)::int AS n FROM journal_transactions WHERE idempotency_key LIKE $1 GROUP BY idempotency_key`,
      [`${tag}-%`],
    );
    expect(perKey.filter((r) => r.n !== 1)).toEqual([]);
    expect(perKey.map((r) => r.k).sort()).toEqual(corrections.map((o) => o.key).sort());
    const booked = await scalar(
      `SELECT COALESCE(SUM(p.amount), 0)::text AS v FROM journal_postings p JOIN journal_transactions x ON x.id = p.transaction_id
         JOIN ledger_accounts a ON a.id = p.account_id WHERE x.idempotency_key LIKE $1 AND a.address = 'ministry:bank'`,
      [`${tag}-%`],
    );
    expect(money(booked).toFixed(2)).toBe(sum(corrections.map((o) => money(o.amount!))).toFixed(2));
    const batches = await ds.query<{ k: string; rows: number }[]>(
      `SELECT b.batch_key AS k, (SELECT count(*)::int FROM counts c WHERE c.batch_id = b.id) AS rows FROM count_batches b WHERE b.batch_key LIKE $1`,
      [`${tag}-%`],
    );
    expect(batches.map((b) => b.k).sort()).toEqual(
      outcomes
        .filter((o) => o.kind === 'counts')
        .map((o) => o.key)
        .sort(),
    );
    expect(batches.filter((b) => b.rows !== 5)).toEqual([]);
    const runs = await ds.query<{ k: string }[]>(`SELECT idempotency_key AS k FROM allocation_runs WHERE idempotency_key LIKE $1`, [
      `${tag}-%`,
    ]);
    expect(runs.map((r) => r.k).sort()).toEqual(
      outcomes
        .filter((o) => o.kind === 'run')
        .map((o) => o.key)
        .sort(),
    );
    // One allocation booking of the scheme-year stands; every earlier one is reversed exactly once.
    const standing = await scalar(
      `SELECT count(*)::text AS v FROM allocation_runs r WHERE r.scheme_code = $1 AND r.booking_transaction_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM journal_transactions x WHERE x.reverses_id::text = r.booking_transaction_id)`,
      [S],
    );
    expect(standing).toBe('1');
    const checks = await runLedgerChecks(systemContext(ds));
    expect(checks.filter((c) => c.rows.length > 0)).toEqual([]);
    const trial = await post(`{ trialBalance { net } verifyJournal { ok } }`, {});
    expect(trial).toEqual({ data: { trialBalance: { net: '0.00' }, verifyJournal: { ok: true } } });
  }

  it('terminating the service backends again and again during 30 concurrent writers', async () => {
    const killer = new Client({ connectionString: pg.url(database), application_name: 'fault-killer' });
    await killer.connect();
    let running = true;
    let rounds = 0;
    let midTransaction = 0;
    const kills = (async () => {
      // Strike again only after at least one write went through since the last strike: on a loaded
      // machine a command can take longer than any fixed interval, and striking on a clock would
      // kill every attempt (a livelock the test would blame on the service).
      let seen = completed;
      while (running && rounds < 40) {
        while (running && completed === seen) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        if (!running) {
          break;
        }
        seen = completed;
        const r = await killer.query<{ killed: boolean; state: string }>(
          `SELECT pg_terminate_backend(pid) AS killed, state FROM pg_stat_activity WHERE datname = $1 AND application_name = $2`,
          [database, APP],
        );
        rounds += 1;
        midTransaction += r.rows.filter((x) => x.state === 'active' || x.state === 'idle in transaction').length;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    const outcomes = await load('kill', 10);
    running = false;
    await kills;
    await killer.end();

    expectServerUp();
    expect((await fetch(server!.url.replace('/graphql', '/healthz'))).status).toBe(200);
    expect(server!.output()).not.toMatch(/Unhandled 'error' event|uncaughtException|uncaught exception|unhandled promise rejection/);
    // The strikes hit writes in flight, and the server re-ran commands whose connection was lost.
    expect(rounds).toBeGreaterThanOrEqual(10);
    expect(midTransaction).toBeGreaterThan(0);
    expect(server!.output()).toMatch(/database connection lost, re-running the command/);
    // Nothing was refused as an internal error: every refusal was a retryable SERVICE_UNAVAILABLE.
    expect(server!.output()).not.toMatch(/"level":50.*"msg":"unexpected error"/);
    await expectExactlyOnce('kill', outcomes);
  }, 300_000);

  it('restarting the PostgreSQL server in the middle of 30 concurrent writers', async () => {
    const loadDone = load('restart', 10);
    // Strike once requests are in flight; bring the server back once the service has noticed it is gone.
    const watcher = new Client({ connectionString: pg.url(database), application_name: 'fault-watcher' });
    await watcher.connect();
    for (let seen = 0; seen === 0;) {
      expectServerUp();
      const r = await watcher.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = $2 AND state <> 'idle'`,
        [database, APP],
      );
      seen = r.rows[0]?.n ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await watcher.end();
    const mark = server!.output().length;
    await pg.stop();
    const healthz = await fetch(server!.url.replace('/graphql', '/healthz'));
    expect(healthz.status).toBe(200);
    const ready = await fetch(server!.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(503);
    // Wait until the service has answered a request refused for the outage before restarting.
    const noticed = Date.now() + 60_000;
    while (!/database connection lost/.test(server!.output().slice(mark)) && Date.now() < noticed) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await pg.start();
    const outcomes = await loadDone;

    expectServerUp();
    expect(server!.output()).not.toMatch(/Unhandled 'error' event|uncaughtException|uncaught exception|unhandled promise rejection/);
    // Requests in flight lost their connections and were re-run (or refused as retryable and sent again).
    expect(server!.output().slice(mark)).toMatch(/database connection lost, re-running the command/);
    expect(server!.output()).not.toMatch(/"level":50.*"msg":"unexpected error"/);
    // The suite's own pool lost its connections in the restart too: a fresh one reads the result.
    await ds.destroy();
    ds = createDataSource({ url: pg.url(database), poolSize: 2, applicationName: 'fault-test' });
    await initialise(ds);
    await expectExactlyOnce('restart', outcomes);
  }, 300_000);
});
