import { Client } from 'pg';
import { JobQueue, type JobStatus } from '../../src/common/jobs';
import { runCommand } from '../../src/common/db/run-command';
import { logger } from '../../src/common/logger';
import { createTestApp, type TestApp } from '../helpers/test-app';

/** Resolves when `predicate` holds, polling; fails after `ms` (a hang, not a slow machine). */
async function until<T>(read: () => Promise<T>, predicate: (value: T) => boolean, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (predicate(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`condition not reached within ${ms} ms; last value ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

// The retry test's failures are expected: logged below warn.
const log = logger.child({ test: 'job-queue' }, { level: 'error' });

describe.each([
  ['a pool of ten', 10],
  ['a pool of one (as on the embedded database)', 1],
])('job queue on the real PostgreSQL, %s', (_label, poolSize) => {
  let t: TestApp;
  let queue: JobQueue;

  beforeAll(async () => {
    t = await createTestApp({ poolSize });
    queue = await JobQueue.start(t.dataSource, {
      log,
      pollingIntervalSeconds: 0.5,
      queues: [
        { name: 'echo' },
        { name: 'flaky', retryLimit: 2, retryDelaySeconds: 0 },
        { name: 'once', policy: 'stately' },
        { name: 'tx' },
        { name: 'wake' },
      ],
    });
  });
  afterAll(async () => {
    await queue.stop();
    await t.close();
  });

  const status = (name: string, id: string) => queue.status(name, id);

  it('runs an enqueued job with its payload and records it completed', async () => {
    const seen = deferred<unknown>();
    await queue.work<{ amount: string }>('echo', async (job) => seen.resolve(job.data));
    const id = await queue.enqueue(t.ctx(), 'echo', { amount: '1234.50' });
    expect(id).toEqual(expect.any(String));
    queue.notify('echo');
    expect(await seen.promise).toEqual({ amount: '1234.50' });
    const done = await until(
      () => status('echo', id ?? ''),
      (s) => s?.state === 'completed',
    );
    expect(done).toMatchObject({ id, name: 'echo', state: 'completed', retryCount: 0, error: null });
  });

  it('retries a job that throws, and records the error of one that keeps failing', async () => {
    const attempts = new Map<string, number>();
    await queue.work<{ failTimes: number }>('flaky', async (job) => {
      const n = (attempts.get(job.id) ?? 0) + 1;
      attempts.set(job.id, n);
      if (n <= job.data.failTimes) {
        throw new Error(`attempt ${n} failed`);
      }
    });
    const recovers = (await queue.enqueue(t.ctx(), 'flaky', { failTimes: 1 })) ?? '';
    const never = (await queue.enqueue(t.ctx(), 'flaky', { failTimes: 99 })) ?? '';
    const ok = await until(
      () => status('flaky', recovers),
      (s) => s?.state === 'completed',
    );
    expect(ok?.retryCount).toBe(1);
    const failed = await until<JobStatus | null>(
      () => status('flaky', never),
      (s) => s?.state === 'failed',
    );
    // The first attempt and two retries.
    expect(attempts.get(never)).toBe(3);
    expect(failed).toMatchObject({ state: 'failed', retryCount: 2, error: 'attempt 3 failed' });
  });

  it('keeps one queued job per singleton key on a stately queue', async () => {
    const ctx = t.ctx();
    const first = await queue.enqueue(ctx, 'once', { run: 1 }, { singletonKey: 'SPUK-WI2021:2026' });
    const second = await queue.enqueue(ctx, 'once', { run: 2 }, { singletonKey: 'SPUK-WI2021:2026' });
    const other = await queue.enqueue(ctx, 'once', { run: 3 }, { singletonKey: 'SPUK-WI2021:2027' });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    expect(other).toEqual(expect.any(String));
    expect(other).not.toBe(first);
  });

  it('wakes the workers when the command that enqueued commits, not at their next poll', async () => {
    const ran = deferred<string>();
    // Polls once at start, then every ten minutes: only the wake-up after COMMIT can run it sooner.
    await queue.work<{ label: string }>('wake', async (job) => ran.resolve(job.data.label), { pollingIntervalSeconds: 600 });
    await expect(
      runCommand(t.ctx(), async (tx) => {
        await queue.enqueue(tx, 'wake', { label: 'rolled back' });
        throw new Error('the command fails after enqueueing');
      }),
    ).rejects.toThrow('the command fails after enqueueing');
    await runCommand(t.ctx(), async (tx) => {
      await queue.enqueue(tx, 'wake', { label: 'committed' });
      // Nested commands join the transaction: one wake-up, after the outer COMMIT.
      await runCommand(tx, (inner) => queue.enqueue(inner, 'wake', { label: 'committed too' }));
    });
    const first = await Promise.race([
      ran.promise,
      new Promise<string>((_, reject) => setTimeout(() => reject(new Error('not woken within 60 s (hang guard)')), 60_000).unref()),
    ]);
    expect(['committed', 'committed too']).toContain(first);
  });

  it('enqueues inside a command only if the command commits, on the command’s own connection', async () => {
    const ran: string[] = [];
    await queue.work<{ label: string }>('tx', async (job) => {
      // The handler's own command: on a pool of one it needs the connection the worker let go of.
      await runCommand(t.ctx(), async (tx) => {
        await tx.em.query('SELECT 1');
      });
      ran.push(job.data.label);
    });
    const committed = await runCommand(t.ctx(), async (tx) => {
      await tx.em.query(`SELECT pg_advisory_xact_lock(42)`);
      return queue.enqueue(tx, 'tx', { label: 'committed' });
    });
    await expect(
      runCommand(t.ctx(), async (tx) => {
        await queue.enqueue(tx, 'tx', { label: 'rolled back' });
        throw new Error('the command fails after enqueueing');
      }),
    ).rejects.toThrow('the command fails after enqueueing');
    const dryRun = await runCommand(t.ctx(), (tx) => queue.enqueue(tx, 'tx', { label: 'dry run' }), { dryRun: true });
    await until(
      () => status('tx', committed ?? ''),
      (s) => s?.state === 'completed',
    );
    expect(dryRun).toEqual(expect.any(String));
    expect(await status('tx', dryRun ?? '')).toBeNull();
    const rows = await t.dataSource.query(`SELECT data->>'label' AS label FROM pgboss.job WHERE name = 'tx'`);
    expect(rows).toEqual([{ label: 'committed' }]);
    expect(ran).toEqual(['committed']);
  });

  it('is installed by the migration at the version pg-boss expects (it does not create its schema itself)', async () => {
    const rows = await t.dataSource.query(`SELECT version FROM pgboss.version`);
    expect(rows).toEqual([{ version: 24 }]);
  });
});

describe('job queue shutdown', () => {
  it('lets a running handler finish before stop() resolves, then the pool can close', async () => {
    const t = await createTestApp({ poolSize: 1 });
    const queue = await JobQueue.start(t.dataSource, { log, pollingIntervalSeconds: 0.5, queues: [{ name: 'slow' }] });
    const started = deferred();
    const release = deferred();
    let finished = false;
    await queue.work('slow', async () => {
      started.resolve();
      await release.promise;
      await runCommand(t.ctx(), (tx) => tx.em.query('SELECT 1'));
      finished = true;
    });
    const id = (await queue.enqueue(t.ctx(), 'slow', {})) ?? '';
    queue.notify('slow');
    await started.promise;
    const stopping = queue.stop();
    // stop() is waiting for the handler: let it finish now.
    release.resolve();
    await stopping;
    expect(finished).toBe(true);
    const rows = await t.dataSource.query(`SELECT state FROM pgboss.job WHERE id = $1`, [id]);
    expect(rows).toEqual([{ state: 'completed' }]);
    await t.close();
  });

  it('a handler that outlives stop() and fails after the pool closed leaves no unhandled rejection', async () => {
    const t = await createTestApp({ poolSize: 1 });
    const queue = await JobQueue.start(t.dataSource, { log, pollingIntervalSeconds: 0.5, queues: [{ name: 'late' }] });
    const started = deferred();
    const release = deferred();
    const failed = deferred();
    await queue.work('late', async () => {
      started.resolve();
      await release.promise;
      try {
        await t.dataSource.query('SELECT 1');
      } finally {
        failed.resolve();
      }
    });
    const id = (await queue.enqueue(t.ctx(), 'late', {})) ?? '';
    expect(id).not.toBe('');
    queue.notify('late');
    await started.promise;
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      // stop() gives up on the handler after 50 ms; the DataSource closes while it still runs.
      await queue.stop(50);
      await t.close();
      release.resolve();
      await failed.promise;
      // pg-boss records the failure on the closed pool a few turns later: wait for those turns.
      for (let i = 0; i < 20; i += 1) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });

  it('a completion that loses its connection is written again, with no unhandled rejection (pg-boss does not await it)', async () => {
    const t = await createTestApp({ poolSize: 2 });
    const queue = await JobQueue.start(t.dataSource, { log, pollingIntervalSeconds: 0.5, queues: [{ name: 'cut' }] });
    const locker = new Client({ connectionString: t.url });
    await locker.connect();
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const started = deferred();
      const release = deferred();
      await queue.work('cut', async () => {
        started.resolve();
        await release.promise;
        return { done: true };
      });
      const id = (await queue.enqueue(t.ctx(), 'cut', {})) ?? '';
      queue.notify('cut');
      await started.promise;
      // The job's row is locked, so that pg-boss's completion waits on it; its backend is then
      // terminated in the middle of the statement, as a failover or a restart would.
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM pgboss.job WHERE id = $1 FOR UPDATE`, [id]);
      const [{ pid: lockerPid }] = (await locker.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows as [{ pid: number }];
      release.resolve();
      // The backend that waits on the locker's lock: the completion, the only statement on that row.
      // (Found by what blocks it, not by its text: pg_stat_activity can still show a backend's
      // previous statement while the new one already waits, which made this test flaky under load.)
      const waiting = await until(
        async () =>
          (await locker.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE $1 = ANY (pg_blocking_pids(pid))`, [lockerPid]))
            .rows,
        (rows) => rows.length === 1,
      );
      await locker.query('SELECT pg_terminate_backend($1)', [waiting[0]!.pid]);
      await locker.query('ROLLBACK');
      const done = await until(
        () => queue.status('cut', id),
        (s) => s?.state === 'completed',
      );
      expect(done).toMatchObject({ id, state: 'completed', output: { done: true } });
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
      await locker.end();
      await queue.stop();
      await t.close();
    }
  });
});
