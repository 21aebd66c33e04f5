import 'reflect-metadata';
import v8 from 'node:v8';
import { ConfigError, loadConfig, type Config } from './config';
import { logger } from './common/logger';
import { createDataSource, initialise, migrate } from './common/db/data-source';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './common/db/embedded';
import { DataDirLockedError } from './common/db/data-dir-lock';
import { createTokenVerifier, devTokens, resolveSecret } from './common/auth/tokens';
import { createApp } from './server';
import { fixtureSnapshotFor, loadFixturesOnce } from './fixtures';
import { startDuoSimulator, type DuoSimulator } from './modules/chain';
import { JobQueue } from './common/jobs';
import { allQueues, startWorkers } from './modules/jobs';

/** Milliseconds since the process started, at each step of the start-up (logged with "server ready"). */
const phases: Record<string, number> = {};
const mark = (phase: string): void => {
  phases[phase] = Math.round(performance.now());
};

async function main(): Promise<void> {
  mark('modulesLoaded');
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      // Plain text on stderr: this is read by a person at a terminal.
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }

  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (url === undefined) {
    if (!config.embeddedWasmOptimise) {
      // PGlite on V8's baseline WebAssembly code only, set before it compiles its module (decision
      // 1840): with tier-up, opening the database took twice as long and then stalled the event
      // loop for 0.2-0.8 s while optimised code was installed.
      v8.setFlagsFromString('--liftoff-only');
    }
    // A new database starts as a copy of the fixture snapshot (decision 1200); a restart opens its files.
    const seed = config.loadFixtures ? await fixtureSnapshotFor(config.embeddedDataDir) : undefined;
    try {
      embedded = await startEmbeddedDatabase(config.embeddedDataDir, { seed });
    } catch (error) {
      if (error instanceof DataDirLockedError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(2);
      }
      throw error;
    }
    url = embedded.url;
    mark('databaseOpen');
  }
  const dataSource = createDataSource({ url, poolSize: embedded ? 1 : config.dbPoolSize, poolTimeoutMs: config.dbPoolTimeoutMs });
  await initialise(dataSource);
  mark('dataSourceInitialised');
  // One query when the database has every migration already (a restart), decision 1840.
  const applied = await migrate(dataSource);
  logger.info({ applied }, 'migrations applied');
  mark('migrations');
  if (config.loadFixtures) {
    await loadFixturesOnce(dataSource);
  }
  mark('fixtures');

  // The PostgreSQL job queue on the same pool (one connection on the embedded database), opened:
  // requests can enqueue; it is started (maintenance, cron schedules) with the workers below.
  const jobs = await JobQueue.open(dataSource, { queues: allQueues(), log: logger });
  mark('jobQueue');
  // Workers, schedules and start-up passes of every module (modules/jobs.ts): among them
  // reconciliation's (which first marks runs a crash left behind FAILED), the chain's delivery and
  // the booking of merger transfers that fell due (decision 1610). They run right after the banner
  // (decision 1840), not before it: /readyz answers 503 "starting" until they ran, and jobs a
  // request enqueues meanwhile wait in their queue for the workers.
  let beginPasses: () => void = () => undefined;
  const startupPasses = new Promise<void>((resolve) => {
    beginPasses = resolve;
  }).then(async () => {
    const started = performance.now();
    await jobs.start();
    await startWorkers(jobs, dataSource, config);
    logger.info({ ms: Math.round(performance.now() - started) }, 'start-up passes ran: job workers started');
  });
  const verifier = await createTokenVerifier(config);
  // Development tokens: printed at start-up and offered as sign-in buttons by the console. Only
  // with the generated (or configured) HS256 development secret, never in production.
  let tokens: Record<string, string> | undefined;
  if (embedded !== undefined || config.nodeEnv === 'development') {
    const secret = resolveSecret(config);
    if (secret !== undefined && config.nodeEnv !== 'production') {
      tokens = await devTokens(secret);
    }
  }
  for (const warning of config.chain.warnings) {
    logger.warn(warning);
  }
  // Raadpleging outside production without CHAIN_SOURCE_URL: the shipped DUO simulator, on a free
  // local port (it starts in milliseconds and answers every valid BSN deterministically).
  let simulator: DuoSimulator | undefined;
  if (config.chain.sourceUrl === undefined && config.nodeEnv !== 'production') {
    simulator = await startDuoSimulator({ derive: true });
    config = { ...config, chain: { ...config.chain, sourceUrl: simulator.url } };
    logger.warn({ url: simulator.url }, 'CHAIN_SOURCE_URL is not set: consulting the shipped DUO simulator');
  }
  mark('tokensAndSimulator');
  const app = await createApp({
    config,
    dataSource,
    verifier,
    devTokens: tokens,
    jobs,
    startupPasses,
    warmUpInbound: config.chainInboundWarmUp,
  });
  mark('app');
  await new Promise<void>((resolve) => app.httpServer.listen(config.port, config.host, resolve));
  const address = app.httpServer.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const origin = `http://${config.host}:${port}`;
  const graphqlUrl = `${origin}/graphql`;
  embedded?.advertise(graphqlUrl);
  mark('listening');
  logger.info({ url: graphqlUrl, database: embedded ? 'embedded' : 'external', phases }, 'server ready');

  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0): Promise<void> => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down: no new requests, finishing the ones in flight');
    app.beginShutdown();
    const force = setTimeout(() => {
      logger.error('shutdown grace period over, exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    force.unref();
    try {
      // Stops accepting, waits for in-flight requests (drain plugin), then closes the pool and the
      // embedded database so its files are flushed.
      await app.apollo.stop();
      logger.info('http server closed');
      await simulator?.close();
      // Workers still being started are started first, so that stopping the queue stops them all.
      await startupPasses.catch(() => undefined);
      // Running jobs finish (or are failed, to be retried on the next start) before the pool closes.
      await jobs.stop(config.shutdownGraceMs);
      await dataSource.destroy();
      logger.info('database pool closed');
      await embedded?.stop();
      logger.info('stopped cleanly');
      process.exit(exitCode);
    } catch (error) {
      logger.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  // The banner is the sign of readiness that people and tests wait for: only once a SIGTERM is
  // handled (before, a signal right after it killed the process without closing the database).
  if (tokens !== undefined) {
    const lines = Object.entries(tokens).map(([role, token]) => `  ${role.padEnd(22)} ${token}`);
    process.stdout.write(
      `\nConsole: ${origin}/\nGraphQL: ${graphqlUrl}\nDevelopment tokens (valid 12 hours; controller is bound to GM0363 Amsterdam):\n${lines.join('\n')}\n\n`,
    );
  } else {
    process.stdout.write(`Console: ${origin}/\nGraphQL: ${graphqlUrl}\n`);
  }
  beginPasses();
  startupPasses.catch((error: unknown) => {
    // As a failure before the banner was: the process does not run on without its workers.
    logger.fatal({ err: error }, 'failed to start: the start-up passes failed');
    void shutdown('start-up passes failed', 1);
  });
}

// A promise rejected with nobody to handle it, or an exception no handler caught, leaves the process
// in a state nothing vouches for: Node's default ends it, and so do we, but only after saying what
// it was in the log (Node's own stack trace on stderr is easily lost beside the JSON log).
process.on('unhandledRejection', (reason: unknown) => {
  logger.fatal({ err: reason }, 'unhandled promise rejection: exiting');
  process.exit(1);
});
process.on('uncaughtException', (error: Error, origin: string) => {
  logger.fatal({ err: error, origin }, 'uncaught exception: exiting');
  process.exit(1);
});

main().catch((error: unknown) => {
  logger.fatal({ err: error }, 'failed to start');
  process.exit(1);
});
