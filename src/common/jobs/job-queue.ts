import PgBoss from 'pg-boss';
import type { DataSource, QueryRunner } from 'typeorm';
import type { Pool } from 'pg';
import type { RequestContext } from '../../context';
import type { Logger } from '../logger';
import { isConnectionLost, retryOnConnectionLoss } from '../db/connection-loss';

/** The schema the job tables live in (migrations/1796200000000-JobQueue.ts). */
export const JOB_SCHEMA = 'pgboss';

// pg-boss's own statement texts (its `plans` module; pg-boss has no `exports` map, and the version
// is pinned in package-lock.json): the two below are sent by its workers without anyone awaiting
// them (`Manager.work`'s onFetch: `this.complete(…)` / `this.fail(…)`), so a rejection of either
// ends the process as an unhandled rejection. Both are idempotent (they change only a job still
// active, or not yet completed), so they are repeated when the connection drops.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plans = require('pg-boss/src/plans') as { completeJobs(schema: string): string; failJobsById(schema: string): string };
const UNAWAITED = new Set([plans.completeJobs(JOB_SCHEMA), plans.failJobsById(JOB_SCHEMA)]);

/**
 * How a queue treats repeated work (pg-boss policies): `standard` queues everything; `short` keeps
 * at most one queued job per singleton key (any number active: a request while one is queued is
 * dropped, the queued one will do it); `singleton` lets one job per singleton key be active at a
 * time; `stately` keeps at most one queued and one active per key.
 */
export type QueuePolicy = 'standard' | 'short' | 'singleton' | 'stately';

export interface QueueDefinition {
  name: string;
  policy?: QueuePolicy;
  /** Attempts after the first failure (default 2). */
  retryLimit?: number;
  /** Seconds between attempts (default 5, doubled each time). */
  retryDelaySeconds?: number;
  /** A job still active after this long is failed (and retried) by maintenance; default 15 minutes. */
  expireInSeconds?: number;
}

export interface EnqueueOptions {
  /** At most one job per key, as the queue's policy says (a replayed request enqueues nothing). */
  singletonKey?: string;
  /** Not before this many seconds from now. */
  startAfterSeconds?: number;
}

export interface WorkOptions {
  /** Handlers of this queue running at once in this process (default 1). */
  concurrency?: number;
  /** How often an idle worker of this queue looks for work (default: the queue's). */
  pollingIntervalSeconds?: number;
}

export interface Job<T> {
  id: string;
  name: string;
  data: T;
}

/** What the handler returns is kept as the job's output (`status().output`). */
export type JobHandler<T> = (job: Job<T>) => Promise<object | void>;

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

export interface JobStatus {
  id: string;
  name: string;
  state: JobState;
  retryCount: number;
  /** What the handler threw, for a failed job; null otherwise. */
  error: string | null;
  /** What the handler returned, for a completed job; null otherwise. */
  output: Record<string, unknown> | null;
}

export interface JobQueueOptions {
  queues: readonly QueueDefinition[];
  log: Logger;
  /** How often an idle worker looks for work (default 2 s; pg-boss's minimum is 0.5 s). */
  pollingIntervalSeconds?: number;
  /** Run cron schedules (default true). */
  schedule?: boolean;
}

/** pg-boss's database adapter: one statement (or a multi-statement script without values). */
interface Db {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The pool of the project's DataSource, shared with pg-boss: on the embedded database there is one
 * connection, and a second pool would be refused. pg-boss runs short single statements through
 * it (fetch, complete, maintenance), so they interleave with requests' transactions.
 */
function poolOf(dataSource: DataSource): Pool {
  const pool = (dataSource.driver as unknown as { master?: Pool }).master;
  if (pool === undefined) {
    throw new Error('the DataSource is not initialised');
  }
  return pool;
}

/**
 * Inside a command the job row is written on the command's own connection and transaction: it is
 * enqueued if and only if the command commits, and on a pool of one it never waits for the
 * connection its own transaction holds (which would hang until the pool's timeout).
 */
function transactionDb(runner: QueryRunner): Db {
  return {
    async executeSql(text, values) {
      const result = (await runner.query(text, values, true)) as { records?: unknown[] };
      return { rows: result.records ?? [] };
    },
  };
}

/** Which queue an after-commit hook wakes (one hook per queue and command). */
const wakes = new WeakMap<() => void, string>();

/**
 * A PostgreSQL-backed job queue (pg-boss 10) over the project's own pool, on the real server and on
 * the embedded one alike (decision 1150). Its tables come from a committed migration; pg-boss only
 * checks their version at start. Jobs survive restarts; a job that throws is retried as its queue
 * says; `stop()` lets running handlers finish before the pool is closed.
 */
export class JobQueue {
  private constructor(
    private readonly boss: PgBoss,
    private readonly log: Logger,
    private readonly pollingIntervalSeconds: number,
  ) {}

  /** Worker ids by queue name, for `notify`. */
  private readonly workers = new Map<string, string[]>();

  /** Opens the queue (`open`) and starts it (`start`): what every caller but the server's start-up wants. */
  static async start(dataSource: DataSource, options: JobQueueOptions): Promise<JobQueue> {
    const queue = await JobQueue.open(dataSource, options);
    await queue.start();
    return queue;
  }

  /**
   * The queue over the DataSource's pool with every queue of `options` existing: jobs can be
   * enqueued (they wait in their tables), nothing is fetched, scheduled or maintained until
   * `start()`. The server opens it before its banner and starts it right after (decision 1840).
   */
  static async open(dataSource: DataSource, options: JobQueueOptions): Promise<JobQueue> {
    const pool = poolOf(dataSource);
    const db: Db = {
      executeSql: (text, values) => {
        // A handler that outlived `stop()` (past its timeout) finishes after the DataSource was
        // closed: pg-boss then records its completion or failure on an ended pool, which would
        // be an unhandled rejection in a process that is shutting down. Nothing can be written
        // any more; the job stays active and expires, and is retried on the next start.
        if ((pool as Pool & { ending?: boolean }).ending === true) {
          options.log.warn({ statement: text.slice(0, 60) }, 'job queue: statement after the pool was closed, skipped');
          // No result: pg-boss counts a completion or failure without one as affecting nothing.
          return Promise.resolve(undefined as unknown as { rows: unknown[] });
        }
        if (!UNAWAITED.has(text)) {
          return pool.query<Record<string, unknown>>(text, values);
        }
        // A job's completion or failure, which nobody awaits: repeated while the connection drops;
        // if it still cannot be written, the job stays active, expires and is retried (its
        // handlers are idempotent), which is what a crash at this point would have led to.
        return retryOnConnectionLoss(() => pool.query<Record<string, unknown>>(text, values)).catch((error: unknown) => {
          options.log.warn(
            { err: error, connectionLost: isConnectionLost(error), statement: text.trim().slice(0, 60) },
            "job queue: a job's completion or failure could not be recorded; it expires and is retried",
          );
          return undefined as unknown as { rows: unknown[] };
        });
      },
    };
    const boss = new PgBoss({
      db,
      schema: JOB_SCHEMA,
      // The schema is the migration's; pg-boss refuses to start on another version instead of
      // changing it.
      migrate: false,
      supervise: true,
      schedule: options.schedule ?? true,
      maintenanceIntervalSeconds: 60,
    });
    boss.on('error', (error: Error) => {
      options.log.warn({ err: error }, 'job queue: background error (retried on its next round)');
    });
    // Only the queues that do not exist yet are created (one query to know which, instead of one
    // per queue at every start, decision 1840); an existing queue is left as it is, as
    // createQueue itself would.
    const existing = new Set((await boss.getQueues()).map((q) => q.name));
    for (const queue of options.queues.filter((q) => !existing.has(q.name))) {
      await boss.createQueue(queue.name, {
        name: queue.name,
        policy: queue.policy ?? 'standard',
        retryLimit: queue.retryLimit ?? 2,
        retryDelay: queue.retryDelaySeconds ?? 5,
        retryBackoff: true,
        expireInSeconds: queue.expireInSeconds ?? 15 * 60,
      });
    }
    return new JobQueue(boss, options.log, options.pollingIntervalSeconds ?? 2);
  }

  /** Checks the job schema's version and starts maintenance and the cron schedules (pg-boss `start`). */
  async start(): Promise<void> {
    await this.boss.start();
  }

  /**
   * Adds a job. Inside a command (`ctx.inTransaction`) it is written in the command's transaction
   * and exists only if that commits. Returns the job's id, or null when the singleton key already
   * has a job the queue's policy counts.
   */
  async enqueue<T extends object>(ctx: RequestContext, name: string, payload: T, options: EnqueueOptions = {}): Promise<string | null> {
    const runner = ctx.inTransaction ? ctx.em.queryRunner : undefined;
    const id = await this.boss.send(name, payload, {
      singletonKey: options.singletonKey,
      startAfter: options.startAfterSeconds,
      db: runner === undefined ? undefined : transactionDb(runner),
    });
    if (options.startAfterSeconds === undefined) {
      // Work for now (a new job, or one of its singleton key already waiting): the workers look as
      // soon as it exists (after the commit, inside a command) instead of at their next poll.
      if (runner === undefined) {
        this.notify(name);
      } else if (ctx.afterCommit !== undefined && !ctx.afterCommit.some((hook) => wakes.get(hook) === name)) {
        const hook = () => this.notify(name);
        wakes.set(hook, name);
        ctx.afterCommit.push(hook);
      }
    }
    return id;
  }

  /**
   * Runs `handler` for each job of the queue, one at a time per worker (`concurrency` workers in
   * this process, default one). A handler that throws fails the job (retried as the queue says);
   * one that returns completes it.
   */
  async work<T extends object>(name: string, handler: JobHandler<T>, options: WorkOptions = {}): Promise<void> {
    const ids = this.workers.get(name) ?? [];
    for (let i = 0; i < Math.max(1, options.concurrency ?? 1); i += 1) {
      // One job per fetch: pg-boss keeps the handler's result as the output of a batch of one.
      const workerId = await this.boss.work<T>(
        name,
        { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? this.pollingIntervalSeconds },
        async ([job]) => {
          if (job === undefined) {
            return undefined;
          }
          try {
            return (await handler({ id: job.id, name: job.name, data: job.data })) ?? undefined;
          } catch (error) {
            this.log.warn({ err: error, job: job.id, queue: name }, 'job failed');
            throw error;
          }
        },
      );
      ids.push(workerId);
    }
    this.workers.set(name, ids);
  }

  /** Wakes the queue's workers now instead of at their next poll (after enqueueing outside a transaction). */
  notify(name: string): void {
    for (const workerId of this.workers.get(name) ?? []) {
      this.boss.notifyWorker(workerId);
    }
  }

  /**
   * Brings the queued (not yet started) job of this singleton key forward to at most `withinSeconds`
   * from now (default: now), for work that became due earlier than the job was scheduled (a replay
   * of a delivery waiting out its backoff). Outside a transaction: it runs on the pool.
   */
  async expedite(name: string, singletonKey: string, withinSeconds = 0): Promise<void> {
    await this.boss.getDb().executeSql(
      `UPDATE ${JOB_SCHEMA}.job SET start_after = least(start_after, now() + $3 * interval '1 second')
          WHERE name = $1 AND singleton_key = $2 AND state < 'active'`,
      [name, singletonKey, withinSeconds],
    );
  }

  /** Enqueues `payload` on the queue by a cron expression (UTC), once across all processes. */
  async schedule<T extends object>(name: string, cron: string, payload: T): Promise<void> {
    await this.boss.schedule(name, cron, payload, { tz: 'UTC' });
  }

  async status(name: string, id: string): Promise<JobStatus | null> {
    const job = await this.boss.getJobById<Record<string, unknown>>(name, id, { includeArchive: true });
    if (job === null) {
      return null;
    }
    const output = (job.output ?? null) as Record<string, unknown> | null;
    return {
      id: job.id,
      name: job.name,
      state: job.state,
      retryCount: job.retryCount,
      error: job.state === 'failed' && typeof output?.message === 'string' ? output.message : null,
      output: job.state === 'completed' ? output : null,
    };
  }

  /**
   * The newest job of the queue with this singleton key that has not finished (queued, retrying or
   * active), or null: what a request deduplicated by a stately queue should poll instead.
   */
  async pendingJobId(name: string, singletonKey: string): Promise<string | null> {
    const { rows } = await this.boss
      .getDb()
      .executeSql(
        `SELECT id FROM ${JOB_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state < 'completed' ORDER BY created_on DESC LIMIT 1`,
        [name, singletonKey],
      );
    const row = rows[0] as { id?: string } | undefined;
    return row?.id ?? null;
  }

  /**
   * Stops fetching, waits up to `timeoutMs` for running handlers, then marks whatever is still
   * running failed (it is retried on the next start). Call before closing the DataSource.
   */
  async stop(timeoutMs = 30_000): Promise<void> {
    // With `wait` it resolves once handlers finished (or the timeout passed) and the rest is failed.
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: false });
    this.log.info('job queue stopped');
  }
}
