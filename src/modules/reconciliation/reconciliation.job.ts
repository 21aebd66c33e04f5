import crypto from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { runCommand } from '../../common/db/run-command';
import type { JobQueue, QueueDefinition } from '../../common/jobs';
import { logger, type Logger } from '../../common/logger';
import { hashInputs, hashOutput, reconcile, type FrozenInputs } from './reconciliation.calculator';
import { publishCheckpoint, type JournalVerification } from '../ledger';
import { accountsOf, freezeBalances, freezeGlobal, type FreezeRequest } from './reconciliation.freeze';

/**
 * Reconciliation runs as jobs on the project's PostgreSQL job queue (decision 1410, replacing the
 * in-process runner of decision 0500). `startReconciliation` writes the run (QUEUED) and its job in
 * one transaction; the queue's worker hands the job's run, together with every other run QUEUED at
 * that moment, to `processRuns` (one chain verification for all of them, decision 0660).
 *
 * A run is claimed on ONE dedicated connection that holds a session advisory lock for the
 * scheme-year while it works, so a second worker (another process) cannot run the same scheme-year
 * at the same time. Progress is committed in small autocommit updates, so it is visible while the
 * run works; the results (inputs, output, differences) are written in ONE `runCommand` transaction
 * on that connection together with the SUCCEEDED status, so a run that fails or is killed never
 * leaves half-written results.
 */

/** The queue of reconciliation runs: a job per queued run, payload `{ runId }`. */
export const RECONCILIATION_QUEUE = 'reconciliation';

export interface ReconciliationJob {
  runId: string;
}

/**
 * A run's failure is recorded on the run itself (FAILED with its error), never by failing the job:
 * a job fails only when the database could not be reached, and then its retry finds the run no
 * longer QUEUED (FAILED or RUNNING) and does nothing, or still QUEUED and processes it.
 */
export const reconciliationQueues: readonly QueueDefinition[] = [{ name: RECONCILIATION_QUEUE, retryLimit: 2, retryDelaySeconds: 5 }];

const BATCH = 25;

/** Test seam: called after each committed batch of municipalities; throwing there fails the run. */
export const jobHooks: { afterBatch?: (runId: string, done: number, total: number) => void | Promise<void> } = {};

const lockKey = (schemeCode: string, year: number) => `reconciliation:${schemeCode}:${year}`;

/** Runs that a crash left QUEUED or RUNNING are FAILED ("interrupted"); a new run can be started. */
export async function recoverInterruptedRuns(dataSource: DataSource): Promise<number> {
  const rows: unknown[] = await dataSource.query(
    `UPDATE reconciliation_runs SET status = 'FAILED', error = 'interrupted', finished_at = now(),
            duration_ms = CASE WHEN started_at IS NULL THEN NULL ELSE (extract(epoch FROM now() - started_at) * 1000)::int END
      WHERE status IN ('QUEUED', 'RUNNING') RETURNING id`,
  );
  return Array.isArray(rows[0]) ? (rows[0] as unknown[]).length : rows.length;
}

function jobContext(dataSource: DataSource, qr: QueryRunner, runId: string, log: Logger): RequestContext {
  // Reads everything as a ministry auditor would (the run covers every municipality in scope).
  return {
    requestId: `reconciliation-${runId}`,
    actor: { subject: `reconciliation:${runId}`, role: Role.AUDITOR, municipalityCode: null },
    dataSource,
    em: qr.manager,
    inTransaction: false,
    log,
  };
}

interface ClaimedRun {
  id: string;
  started: number;
  lockName: string;
  req: FreezeRequest;
}

/** Processes one QUEUED run to SUCCEEDED or FAILED. Returns false when it was not claimable. */
export async function processRun(dataSource: DataSource, runId: string, log: Logger = logger): Promise<boolean> {
  const [processed] = await processRuns(dataSource, [runId], log);
  return processed ?? false;
}

/**
 * Processes QUEUED runs together (the worker hands over every run queued when it looks), each to
 * SUCCEEDED or FAILED on its own: all are claimed (locked, RUNNING) first, then the hash chain is
 * verified ONCE for all of them, while every one of them is RUNNING, and then each is frozen,
 * reconciled and written in its own final transaction (decision 0660). The verification is as
 * recent for each run as if the run had made it itself: it lies between the run's start and end.
 * Returns per id whether it was processed (false when it was not claimable).
 */
export async function processRuns(dataSource: DataSource, runIds: string[], log: Logger = logger): Promise<boolean[]> {
  const qr = dataSource.createQueryRunner();
  await qr.connect();
  const processed = new Map<string, boolean>();
  const claimed: ClaimedRun[] = [];
  try {
    for (const id of runIds) {
      const started = Date.now();
      try {
        const run = await claim(qr, id);
        processed.set(id, run !== null);
        if (run) {
          claimed.push({ ...run, started });
        }
      } catch (error) {
        processed.set(id, true);
        await markFailed(qr, id, error, started, log);
      }
    }
    if (claimed.length === 0) {
      return runIds.map((id) => processed.get(id) ?? false);
    }
    let chain: JournalVerification;
    try {
      // Verifies from the last verified checkpoint to the head and publishes a signed checkpoint of
      // it (issue 19 item 4, issue 20 item 8; decision 1702): the checkpoint row records the range.
      const published = await publishCheckpoint(jobContext(dataSource, qr, claimed[0]?.id ?? '', log), 'RECONCILIATION', {
        cause: `reconciliation runs ${claimed.map((r) => r.id).join(' ')}`,
      });
      // `count` keeps its meaning: transactions intact from genesis (the chain is gapless from 1).
      chain = { ...published.verification, count: Number(published.verification.headSequence) };
    } catch (error) {
      for (const run of claimed.splice(0)) {
        await markFailed(qr, run.id, error, run.started, log);
        await qr.query(`SELECT pg_advisory_unlock(hashtext($1))`, [run.lockName]);
      }
      return runIds.map((id) => processed.get(id) ?? false);
    }
    while (claimed.length > 0) {
      const run = claimed.shift() as ClaimedRun;
      try {
        await work(dataSource, qr, run, chain, log);
      } catch (error) {
        if (qr.isTransactionActive) {
          await qr.rollbackTransaction();
        }
        await markFailed(qr, run.id, error, run.started, log);
      } finally {
        await qr.query(`SELECT pg_advisory_unlock(hashtext($1))`, [run.lockName]);
      }
    }
    return runIds.map((id) => processed.get(id) ?? false);
  } finally {
    for (const run of claimed) {
      await qr.query(`SELECT pg_advisory_unlock(hashtext($1))`, [run.lockName]).catch(() => undefined);
    }
    await qr.release();
  }
}

/** QUEUED → RUNNING under the scheme-year's session advisory lock; null when not QUEUED. Throws when another worker holds the lock. */
async function claim(qr: QueryRunner, runId: string): Promise<Omit<ClaimedRun, 'started'> | null> {
  const rows = await qr.manager.query<{ scheme_code: string; year: number; as_of: Date; municipality_codes: string[] | null }[]>(
    `SELECT scheme_code, year, as_of, municipality_codes FROM reconciliation_runs WHERE id = $1 AND status = 'QUEUED'`,
    [runId],
  );
  const run = rows[0];
  if (!run) {
    return null;
  }
  const lockName = lockKey(run.scheme_code, run.year);
  const [{ ok }] = await qr.manager.query<[{ ok: boolean }]>(`SELECT pg_try_advisory_lock(hashtext($1)) AS ok`, [lockName]);
  if (!ok) {
    throw new Error(`another reconciliation of ${run.scheme_code} ${run.year} holds the lock`);
  }
  const updated = await qr.manager.query<unknown[]>(
    `UPDATE reconciliation_runs SET status = 'RUNNING', started_at = now() WHERE id = $1 AND status = 'QUEUED' RETURNING id`,
    [runId],
  );
  if ((Array.isArray(updated[0]) ? (updated[0] as unknown[]) : updated).length === 0) {
    await qr.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockName]);
    return null;
  }
  return {
    id: runId,
    lockName,
    req: { schemeCode: run.scheme_code, year: run.year, asOf: run.as_of, municipalityCodes: run.municipality_codes },
  };
}

async function markFailed(qr: QueryRunner, runId: string, error: unknown, started: number, log: Logger): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  log.warn({ runId, err: error }, 'reconciliation run failed');
  await qr.query(
    `UPDATE reconciliation_runs SET status = 'FAILED', error = $2, finished_at = now(), duration_ms = $3 WHERE id = $1 AND status IN ('QUEUED', 'RUNNING')`,
    [runId, message.slice(0, 2000), Date.now() - started],
  );
}

/** Freezes, reconciles and writes one claimed run (results and SUCCEEDED in one transaction). */
async function work(dataSource: DataSource, qr: QueryRunner, run: ClaimedRun, chain: JournalVerification, log: Logger): Promise<void> {
  const runId = run.id;
  const { req, started } = run;
  const ctx = jobContext(dataSource, qr, runId, log);
  const global = await freezeGlobal(ctx, req, chain);
  const total = global.municipalities.length;
  await qr.query(`UPDATE reconciliation_runs SET progress_total = $2 WHERE id = $1`, [runId, total]);
  const balances: FrozenInputs['ledger']['balances'] = [];
  for (let i = 0; i < total; i += BATCH) {
    const batch = global.municipalities.slice(i, i + BATCH);
    balances.push(...(await freezeBalances(ctx, accountsOf(req.schemeCode, req.year, batch), req.asOf)));
    const done = Math.min(i + BATCH, total);
    await qr.query(`UPDATE reconciliation_runs SET progress_done = $2 WHERE id = $1`, [runId, done]);
    await jobHooks.afterBatch?.(runId, done, total);
  }
  balances.sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  const inputs: FrozenInputs = { ...global, ledger: { ...global.ledger, balances } };
  const output = reconcile(inputs);
  const inputHash = hashInputs(inputs);
  const outputHash = hashOutput(output);
  // One transaction on the run's own connection (the one that holds its scheme-year's lock).
  await runCommand(ctx, (tx) => writeResults(tx, runId, started, { inputs, output, inputHash, outputHash }));
  log.info({ runId, differences: output.differences.length, ms: Date.now() - started }, 'reconciliation run succeeded');
}

interface RunResults {
  inputs: FrozenInputs;
  output: ReturnType<typeof reconcile>;
  inputHash: string;
  outputHash: string;
}

/** The differences, then the run SUCCEEDED with its inputs and output (inside the run's one transaction). */
async function writeResults(
  tx: RequestContext,
  runId: string,
  started: number,
  { inputs, output, inputHash, outputHash }: RunResults,
): Promise<void> {
  const d = output.differences;
  if (d.length > 0) {
    await tx.em.query(
      `INSERT INTO reconciliation_differences (run_id, ordinal, check_code, municipality_code, account, unit, expected, actual, difference, direction, cause, detail, refs)
       SELECT $1::uuid, o, c, m, a, u, e::numeric, x::numeric, df::numeric, dir, ca, de, r::jsonb
         FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[])
           AS t(o, c, m, a, u, e, x, df, dir, ca, de, r)`,
      [
        runId,
        d.map((_, i) => i + 1),
        d.map((x) => x.check),
        d.map((x) => x.municipalityCode),
        d.map((x) => x.account),
        d.map((x) => x.unit),
        d.map((x) => x.expected),
        d.map((x) => x.actual),
        d.map((x) => x.difference),
        d.map((x) => x.direction),
        d.map((x) => x.cause),
        d.map((x) => x.detail),
        d.map((x) => JSON.stringify(x.refs)),
      ],
    );
  }
  await tx.em.query(
    `UPDATE reconciliation_runs SET status = 'SUCCEEDED', inputs = $2::jsonb, input_hash = $3, output = $4::jsonb, output_hash = $5,
            journal_head_hash = $6, journal_head_sequence = $7::bigint, difference_count = $8, progress_done = progress_total,
            finished_at = now(), duration_ms = $9
      WHERE id = $1 AND status = 'RUNNING'`,
    [
      runId,
      JSON.stringify(inputs),
      inputHash,
      JSON.stringify(output),
      outputHash,
      inputs.ledger.headHash,
      inputs.ledger.headSequence,
      d.length,
      Date.now() - started,
    ],
  );
}

/**
 * The runs to process with the job's own: every run QUEUED now, oldest first (at most 10 in one
 * group), so runs queued together share one chain verification (decision 0660) and a run queued
 * by a process without the job queue is not left behind.
 */
async function queuedWith(dataSource: DataSource, runId: string | undefined): Promise<string[]> {
  const queued: { id: string }[] = await dataSource.query(
    `SELECT id::text AS id FROM reconciliation_runs WHERE status = 'QUEUED' ORDER BY created_at LIMIT 10`,
  );
  const ids = queued.map((q) => q.id);
  return runId === undefined || ids.includes(runId) ? ids : [runId, ...ids.slice(0, 9)];
}

/**
 * Registers the reconciliation worker on the job queue (from `src/modules/jobs.ts`): first marks
 * runs a crash left behind as FAILED ("interrupted"; runs are never resumed, decision 0500), then
 * processes each job's run with the others queued at that moment.
 */
export async function startReconciliationWorkers(queue: JobQueue, dataSource: DataSource, log: Logger = logger): Promise<void> {
  const recovered = await recoverInterruptedRuns(dataSource);
  if (recovered > 0) {
    log.warn({ recovered }, 'reconciliation runs interrupted by a restart were marked FAILED');
  }
  await queue.work<ReconciliationJob>(RECONCILIATION_QUEUE, async (job) => {
    const ids = await queuedWith(dataSource, job.data.runId);
    const processed = await processRuns(dataSource, ids, log.child({ job: job.id }));
    return { runs: ids.filter((_, i) => processed[i] === true) };
  });
}

/**
 * Queues the job of a run just written (inside `startReconciliation`'s command, so the job exists
 * only if the run does). Without a job queue in this process (tools, tests) the run stays QUEUED
 * for `processRun`, or for the next job of any process, which takes every QUEUED run along.
 */
export async function enqueueRun(tx: RequestContext, runId: string): Promise<void> {
  await tx.jobs?.enqueue<ReconciliationJob>(tx, RECONCILIATION_QUEUE, { runId });
}

/** Wakes this process's worker after the command committed (it would find the job at its next poll). */
export function wakeWorker(ctx: RequestContext): void {
  ctx.jobs?.notify(RECONCILIATION_QUEUE);
}

export const newRunId = (): string => crypto.randomUUID();
