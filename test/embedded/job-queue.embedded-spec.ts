import { runEmbeddedScript } from '../helpers/embedded-script';

/**
 * [embedded] smoke: the job queue on PGlite through its socket, one connection shared by the
 * queue's polling and maintenance, the handlers' own commands and a command that enqueues. PGlite
 * cannot start inside a jest worker (pitfall 6), so the compiled code runs in a child process
 * (test/helpers/embedded-script.ts) that returns what it saw.
 */
const body = `
  const { runCommand } = require(dist + '/common/db/run-command');
  const { systemContext } = require(dist + '/fixtures');
  const { JobQueue } = require(dist + '/common/jobs');
  const { logger } = require(dist + '/common/logger');
  const log = logger.child({}, { level: 'error' });
  const queue = await JobQueue.start(ds, { log, pollingIntervalSeconds: 0.5, queues: [{ name: 'echo' }, { name: 'once', policy: 'stately' }, { name: 'flaky', retryLimit: 1, retryDelaySeconds: 0 }] });
  const seen = [];
  let done;
  const allDone = new Promise((r) => (done = r));
  let flakyAttempts = 0;
  await queue.work('echo', async (job) => {
    // The handler's own command needs the one connection.
    const [row] = await runCommand(systemContext(ds), (tx) => tx.em.query("SELECT $1::numeric(18,2)::text AS amount", [job.data.amount]));
    seen.push(row.amount);
    if (seen.length === 2) done();
  });
  await queue.work('flaky', async () => {
    flakyAttempts += 1;
    if (flakyAttempts === 1) throw new Error('first attempt fails');
  });
  const outside = await queue.enqueue(systemContext(ds), 'echo', { amount: '1234.5' });
  // Inside a command, on the command's connection (a second checkout would wait forever on a pool of one).
  const inside = await runCommand(systemContext(ds), (tx) => queue.enqueue(tx, 'echo', { amount: '0.05' }));
  const rolledBack = await runCommand(systemContext(ds), (tx) => queue.enqueue(tx, 'echo', { amount: '9.99' }), { dryRun: true });
  const once = [
    await queue.enqueue(systemContext(ds), 'once', {}, { singletonKey: 'k' }),
    await queue.enqueue(systemContext(ds), 'once', {}, { singletonKey: 'k' }),
  ];
  const flaky = await queue.enqueue(systemContext(ds), 'flaky', {});
  queue.notify('echo');
  await allDone;
  let flakyStatus;
  for (const deadline = Date.now() + 60000; Date.now() < deadline; ) {
    flakyStatus = await queue.status('flaky', flaky);
    if (flakyStatus && flakyStatus.state === 'completed') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const states = await ds.query("SELECT data->>'amount' AS amount, state::text FROM pgboss.job WHERE name = 'echo' ORDER BY 1");
  await queue.stop();
  return { seen: seen.sort(), outside: typeof outside, inside: typeof inside, rolledBack: await Promise.resolve(rolledBack !== null), once: once.map((x) => x === null ? null : 'id'), flakyStatus, flakyAttempts, states };
`;

describe('[embedded] job queue on PGlite (pool of one)', () => {
  it('runs jobs, enqueues inside commands, honours singleton keys, retries, and stops cleanly', async () => {
    const { code, stderr, result } = await runEmbeddedScript<Record<string, unknown>>(body);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(result).toEqual({
      seen: ['0.05', '1234.50'],
      outside: 'string',
      inside: 'string',
      rolledBack: true,
      once: ['id', null],
      flakyStatus: expect.objectContaining({ state: 'completed', retryCount: 1 }),
      flakyAttempts: 2,
      // The dry run's job was rolled back with its command.
      states: [
        { amount: '0.05', state: 'completed' },
        { amount: '1234.5', state: 'completed' },
      ],
    });
  });
});
