import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { createDataSource, initialise } from '../src/common/db/data-source';
import { loadFixtures, systemContext } from '../src/fixtures';
import { Role } from '../src/common/auth/actor';
import { mintToken } from '../src/common/auth/tokens';
import { runCommand } from '../src/common/db/run-command';
import { HISTORY_FIXTURE, loadHistoryFixtures } from '../src/modules/people';
import { publishAttribution } from '../src/modules/registration';
import { createForecast, runBacktest, runKeyComparison } from '../src/modules/forecasts';
import { publishCheckpoint } from '../src/modules/ledger';
import { documentOf, lastCheckpoint } from '../src/modules/ledger/checkpoint.service';
import { ForecastMethodEnum } from '../src/modules/forecasts/forecast.type';
import { startServer } from './export.bench';
import { timed, type Benchmark, type Figure } from './harness';

/** The console's page target (issue 19 item 2), and the side-by-side's. */
const TARGET_MS = 300;
const SIDE_BY_SIDE_TARGET_MS = 1000;
const USERS = 10;
const CONTROLLER_CODE = 'GM0363';
/** Operations the console sends on a click rather than on a page load: the full journal verification (decision 1770). */
const ON_REQUEST = new Set(['AuditorVerifyJournalFull']);

export interface ConsoleOperation {
  name: string;
  kind: 'query' | 'mutation';
  text: string;
  variables: string[];
}

/**
 * The console's own operations, exactly as it sends them: the documents graphql-codegen generated
 * into console/src/gql/graphql.ts (each `…Document` constant is the parsed document as JSON),
 * printed back to text. Read at run time, so the benchmark always replays the console as built.
 */
export function consoleOperations(root = path.resolve(__dirname, '..', '..')): ConsoleOperation[] {
  const source = fs.readFileSync(path.join(root, 'console/src/gql/graphql.ts'), 'utf8');
  const found: ConsoleOperation[] = [];
  for (const m of source.matchAll(/^export const (\w+)Document = (\{.*\}) as unknown as DocumentNode/gm)) {
    const document = JSON.parse(m[2] as string) as DocumentNode;
    const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
    if (!op || op.operation === 'subscription') {
      continue;
    }
    found.push({
      name: m[1] as string,
      kind: op.operation,
      text: print(document),
      variables: (op.variableDefinitions ?? []).map((v) => v.variable.name.value),
    });
  }
  if (found.length === 0) {
    throw new Error('no operations found in console/src/gql/graphql.ts (run npm run schema?)');
  }
  return found;
}

/** Which role's page sends the operation, from the console's naming (Auditor…, Controller…, Finance…, Console…). */
function roleOf(name: string): 'auditor' | 'controller' | 'finance' {
  if (name.startsWith('Auditor')) {
    return 'auditor';
  }
  if (name.startsWith('Controller')) {
    return 'controller';
  }
  return 'finance';
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) {
    return NaN;
  }
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

interface Measured {
  requests: number;
  p50: number;
  p95: number;
  max: number;
  bytes: number;
}

/** `USERS` users sending the same operation back to back for `seconds` (at least `minRequests` in all). */
async function measure(url: string, body: string, token: string, seconds: number, minRequests: number): Promise<Measured> {
  const latencies: number[] = [];
  let bytes = 0;
  const until = Date.now() + seconds * 1000;
  let sent = 0;
  const user = async () => {
    // Counted when sent, so `minRequests` is what is sent, not what had come back by then.
    while (Date.now() < until || sent < minRequests) {
      sent += 1;
      const started = process.hrtime.bigint();
      const res = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      });
      const text = await res.text();
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      bytes = text.length;
      if (res.status !== 200 || text.includes('"errors"')) {
        throw new Error(`HTTP ${res.status}: ${text.slice(0, 400)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: USERS }, user));
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: latencies.at(-1) ?? NaN,
    bytes,
  };
}

/**
 * Realistic variables for each console query, read from the benchmark database: the running
 * scheme-year (SPUK-WI2021 2026, runs and tranches), the settled one (2025, reports, settlements,
 * a reconciliation run), a controller's own municipality. Undefined: no data for it (reported).
 */
async function variablesFor(ds: import('typeorm').DataSource): Promise<Record<string, Record<string, unknown> | undefined>> {
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T | undefined> => (await ds.query<T[]>(sql, params))[0];
  const scheme = 'SPUK-WI2021';
  const run = await one<{ id: string; rule_version_id: string }>(
    `SELECT id, rule_version_id FROM allocation_runs WHERE scheme_code = $1 AND year = 2026 ORDER BY seq DESC LIMIT 1`,
    [scheme],
  );
  const plan = await one<{ id: string }>(
    `SELECT id FROM advance_plans WHERE scheme_code = $1 AND year = 2026 ORDER BY created_at DESC LIMIT 1`,
    [scheme],
  );
  const settlement = await one<{ id: string; year: number }>(
    `SELECT id, year FROM settlements WHERE scheme_code = $1 ORDER BY year LIMIT 1`,
    [scheme],
  );
  const recon = await one<{ id: string }>(`SELECT id FROM reconciliation_runs WHERE status = 'SUCCEEDED' ORDER BY created_at LIMIT 1`);
  const difference =
    recon &&
    (await one<{ ordinal: number }>(`SELECT ordinal FROM reconciliation_differences WHERE run_id = $1 ORDER BY ordinal LIMIT 1`, [
      recon.id,
    ]));
  const settledYear = settlement?.year ?? 2025;
  // A published forecast of the running year (the exposure needs the run's year; backtests store forecasts too).
  const forecast = await one<{ id: string }>(
    `SELECT id FROM forecasts WHERE year = 2026 AND purpose = 'PUBLISH' ORDER BY created_at DESC LIMIT 1`,
  );
  const backtest = await one<{ id: string }>(`SELECT id FROM forecast_backtests ORDER BY created_at DESC LIMIT 1`);
  // The key comparison the console's keys page opens first (the newest of the running scheme-year).
  const comparison = await one<{ id: string }>(
    `SELECT id FROM key_comparisons WHERE scheme_code = $1 AND year = 2026 ORDER BY created_at DESC LIMIT 1`,
    [scheme],
  );
  // The newest published checkpoint, as the document an auditor keeps (what `journalCheckpoints { document }` gives).
  const checkpoint = await lastCheckpoint(systemContext(ds));
  return {
    ConsoleViewer: {},
    ConsoleSchemeYears: {},
    AuditorCheckpointCheck: checkpoint ? { checkpoint: JSON.stringify(documentOf(checkpoint)) } : undefined,
    AuditorDifferenceTrail: recon && difference ? { runId: recon.id, ordinal: difference.ordinal, first: 100, after: null } : undefined,
    AuditorTrailPostings: recon && difference ? { runId: recon.id, ordinal: difference.ordinal, after: null } : undefined,
    AuditorVerifyJournal: {},
    AuditorVerifyJournalFull: {},
    AuditorReconciliationRuns: { filter: null },
    AuditorExportableRuns: {},
    AuditorRunDifferences: recon ? { runId: recon.id, filter: null, after: null } : undefined,
    AuditorReconciliationRun: recon ? { id: recon.id } : undefined,
    ControllerMunicipality: { code: CONTROLLER_CODE },
    ControllerRunLine: run ? { runId: run.id, code: CONTROLLER_CODE } : undefined,
    ControllerAdvanceStatement: { code: CONTROLLER_CODE, schemeCode: scheme, year: 2026 },
    ControllerPeople: { code: CONTROLLER_CODE, date: '2026-06-30', first: 50, after: null },
    ControllerSettlements: { schemeCode: scheme, year: settledYear },
    ControllerReports: { code: CONTROLLER_CODE },
    FinanceAdvancePlans: { schemeCode: scheme, year: 2026 },
    FinanceAdvancePlanMonths: plan ? { planId: plan.id } : undefined,
    FinanceAllocationExplanation: run ? { code: CONTROLLER_CODE, runId: run.id } : undefined,
    FinanceOverrunView: { schemeCode: scheme, year: settledYear, runId: null, settlementId: settlement?.id ?? null },
    FinanceOverrunSettlements: { schemeCode: scheme, year: settledYear },
    FinanceAccountabilityOverview: { schemeCode: scheme, year: settledYear, filter: null, after: null },
    FinanceAllocationRun: run ? { id: run.id } : undefined,
    FinanceAllocationRunLines: run ? { id: run.id, after: null } : undefined,
    FinanceAttributionSideBySide: run ? { schemeCode: scheme, year: 2026, ruleVersionId: run.rule_version_id } : undefined,
    FinanceMunicipalitiesPage: { after: null },
    FinanceAlerts: {},
    ControllerAlerts: { code: CONTROLLER_CODE },
    KeyComparisons: { schemeCode: scheme, year: 2026 },
    // As the console's keys page asks it: the default key, the first 500 lines.
    KeyComparisonDetail: comparison ? { id: comparison.id, key: 'SHRINKAGE_EB_MEDIAN', offset: 0, limit: 500 } : undefined,
    ChainTimeliness: { from: '2026-01-01', to: '2026-06-30', codes: null },
    ChainReception: { date: '2026-06-30' },
    ChainDeliveries: { codes: null },
    FinanceExposureForecasts: { year: 2026 },
    FinanceExposure: forecast && run ? { forecastId: forecast.id, runId: run.id } : undefined,
    FinanceForecastBacktests: {},
    // The fan chart reads one municipality's lines (decision 1880).
    FinanceBacktestRows: backtest ? { id: backtest.id, code: CONTROLLER_CODE, first: 500, after: null } : undefined,
  };
}

/**
 * Every query the console sends, per role, replayed by 10 concurrent users against the compiled
 * server (its own process, as `npm start` runs it) on the national-scale history: the scenario
 * fixtures (2025 settled with reports, settlements and a reconciliation run; 2026 with runs and
 * tranches) plus the national history (HISTORY_FIXTURE, cohorts 2019–2026 through the normal
 * import, every year attributed and published). p95 per query against the 300 ms target (the
 * side-by-side against 1 s). `--quick` loads a tenth of the national history; BENCH_HISTORY_SCALE
 * sets another share, BENCH_CONSOLE_DATABASE_URL a migrated database to build in and keep,
 * BENCH_CONSOLE_ONLY a regular expression on the operation names to measure.
 */
export const consoleQueriesBenchmark: Benchmark = {
  name: 'console-queries',
  async run(context): Promise<Figure[]> {
    const { quick } = context;
    // An existing database to (re)use while iterating: every setup step below is idempotent.
    const databaseUrl = process.env.BENCH_CONSOLE_DATABASE_URL ?? context.databaseUrl;
    const scale = Number(process.env.BENCH_HISTORY_SCALE ?? (quick ? '0.1' : '1'));
    const seconds = quick ? 2 : 5;
    const ds = createDataSource({ url: databaseUrl, poolSize: 2 });
    await initialise(ds);
    let people = 0;
    let events = 0;
    const built = await timed(async () => {
      await loadFixtures(ds, { scenarios: true });
      const ctx = systemContext(ds);
      await runCommand(ctx, (tx) => loadHistoryFixtures(tx, { ...HISTORY_FIXTURE, scale }));
      for (let y = HISTORY_FIXTURE.fromYear; y <= HISTORY_FIXTURE.toYear; y += 1) {
        await publishAttribution(ctx, { year: y, rule: 'PEILDATUM' });
      }
      // A forecast of the running year and a backtest, so the forecast pages have something to show
      // (idempotent by key: a kept database gets them once).
      await createForecast(ctx, { year: 2026, method: ForecastMethodEnum.TAAKSTELLING, idempotencyKey: 'bench-console-forecast-2026' });
      await runBacktest(ctx, {
        method: ForecastMethodEnum.TAAKSTELLING,
        fromYear: 2025,
        toYear: 2026,
        idempotencyKey: 'bench-console-backtest',
      });
      // A key comparison of the running scheme-year as the console's keys page runs it (the three
      // years before, the current run's rule), and a checkpoint of the journal head for the auditor
      // to check (published only when the head moved past the last one): both through the services.
      const [current] = await ds.query<{ rule_version_id: string }[]>(
        `SELECT rule_version_id FROM allocation_runs WHERE scheme_code = 'SPUK-WI2021' AND year = 2026 ORDER BY seq DESC LIMIT 1`,
      );
      if (current) {
        await runKeyComparison(ctx, {
          schemeCode: 'SPUK-WI2021',
          year: 2026,
          ruleVersionId: current.rule_version_id,
          fromYear: 2023,
          toYear: 2025,
          idempotencyKey: 'bench-console-key-comparison',
        });
      }
      const [head] = await ds.query<{ head: string }[]>(`SELECT COALESCE(max(sequence), 0)::text AS head FROM journal_transactions`);
      const last = await lastCheckpoint(ctx);
      if (last === null || BigInt(last.sequence) < BigInt(head?.head ?? '0')) {
        await publishCheckpoint(ctx, 'MANUAL', { cause: 'console-queries benchmark: a checkpoint for the auditor to check' });
      }
      await ds.query('VACUUM ANALYZE');
      const [counted] = await ds.query<[{ people: number; events: number }]>(
        `SELECT count(DISTINCT person_id)::int AS people, count(*)::int AS events FROM person_events`,
      );
      people = counted.people;
      events = counted.events;
    });
    const variables = await variablesFor(ds);
    await ds.destroy();

    const secret = crypto.randomBytes(32).toString('base64url');
    const tokens = {
      finance: await mintToken(secret, { subject: 'bench-fo', role: Role.FINANCE_OFFICER, municipalityCode: null, expiresIn: '2h' }),
      auditor: await mintToken(secret, { subject: 'bench-auditor', role: Role.AUDITOR, municipalityCode: null, expiresIn: '2h' }),
      controller: await mintToken(secret, {
        subject: `bench-ctl-${CONTROLLER_CODE}`,
        role: Role.MUNICIPAL_CONTROLLER,
        municipalityCode: CONTROLLER_CODE,
        expiresIn: '2h',
      }),
    };
    // Up to 5 minutes: on the loaded shared machine the server takes well over the default 30 s to listen.
    const { proc, base } = await startServer(databaseUrl, secret, 300);
    const figures: Figure[] = [];
    const dataSize = `${people} people, ${events} person events (national history at scale ${scale}, cohorts ${HISTORY_FIXTURE.fromYear}–${HISTORY_FIXTURE.toYear}) plus the scenario fixtures; built in ${(built.ms / 1000).toFixed(0)} s`;
    try {
      // BENCH_CONSOLE_ONLY: a regular expression on operation names, to measure a few while iterating.
      const only = process.env.BENCH_CONSOLE_ONLY ? new RegExp(process.env.BENCH_CONSOLE_ONLY) : null;
      for (const op of consoleOperations()) {
        if (op.kind !== 'query' || (only !== null && !only.test(op.name))) {
          continue; // writes are not pages; their cost is in the other benchmarks
        }
        const vars = variables[op.name];
        const role = roleOf(op.name);
        if (vars === undefined) {
          figures.push({
            name: `console ${role}: ${op.name}`,
            value: NaN,
            unit: 'ms p95',
            notes: 'not measured: no data for its variables',
          });
          continue;
        }
        const body = JSON.stringify({ query: op.text, variables: vars });
        const sideBySide = op.name === 'FinanceAttributionSideBySide';
        // Sent on a click, not on a page load (decision 1770): measured, one request per user, no target.
        const onRequest = ON_REQUEST.has(op.name);
        const target = sideBySide ? SIDE_BY_SIDE_TARGET_MS : TARGET_MS;
        const url = `${base}/graphql`;
        try {
          await measure(url, body, tokens[role], 0, 1); // warm (and check it answers without errors)
          // The side-by-side takes seconds and serialises (see README): one request per user.
          const once = sideBySide || onRequest;
          const m = await measure(url, body, tokens[role], once ? 0 : seconds, once ? USERS : 5 * USERS);
          if (onRequest) {
            figures.push({
              name: `console ${role}: ${op.name} (on request, not a page load), p95 at ${USERS} concurrent users`,
              value: m.p95,
              unit: 'ms',
              dataSize,
              notes: `p50 ${m.p50.toFixed(0)} ms, max ${m.max.toFixed(0)} ms, ${m.requests} requests, ${m.bytes} bytes per answer`,
            });
            continue;
          }
          figures.push({
            name: `console ${role}: ${op.name}, p95 at ${USERS} concurrent users`,
            value: m.p95,
            unit: 'ms',
            baseline: { name: 'target', value: target, unit: 'ms' },
            ratio: target / m.p95,
            ratioMeaning: `target / p95 (≥ 1 meets the ${target} ms target)`,
            dataSize,
            notes: `p50 ${m.p50.toFixed(0)} ms, max ${m.max.toFixed(0)} ms, ${m.requests} requests, ${m.bytes} bytes per answer`,
          });
        } catch (error) {
          figures.push({
            name: `console ${role}: ${op.name}`,
            value: NaN,
            unit: 'ms p95',
            notes: `FAILED: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500),
          });
        }
      }
    } finally {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    }
    return figures;
  },
};
