import 'reflect-metadata';
import crypto from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { GraphQLFormattedError } from 'graphql';
import { createDataSource, initialise } from '../../src/common/db/data-source';
import { createApp, type App } from '../../src/server';
import { loadConfig } from '../../src/config';
import { createTokenVerifier, mintToken } from '../../src/common/auth/tokens';
import { Role } from '../../src/common/auth/actor';
import type { RequestContext } from '../../src/context';
import { loadFixtures, systemContext } from '../../src/fixtures';
import { runCommand } from '../../src/common/db/run-command';
import { loadPeopleFixtures } from '../../src/modules/people';
import { JobQueue } from '../../src/common/jobs';
import { logger } from '../../src/common/logger';
import { allQueues, startWorkers } from '../../src/modules/jobs';
import { adminUrl, BROWSER_TEMPLATE_ENV, TEMPLATE_ENV, urlForDatabase } from './db-urls';
import { waitForTemplate } from './template-making';

export const TEST_SECRET = 'test-secret-that-is-long-enough-0123456789';

export interface GqlResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: readonly GraphQLFormattedError[];
}

export interface TestApp {
  app: App;
  dataSource: DataSource;
  databaseName: string;
  url: string;
  /** The job queue, when the suite asked for it (`jobs: true`). */
  jobs?: JobQueue;
  tokens: { finance: string; finance2: string; auditor: string; controller: (code: string) => Promise<string> };
  /** Runs an operation in-process with the given bearer token (null = none). */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<GqlResult<T>>;
  /** Like gql but fails the test on any error and returns data. */
  ok<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T>;
  /** Context for calling services directly, as the given role. */
  ctx(role?: Role, municipalityCode?: string | null, subject?: string): RequestContext;
  close(): Promise<void>;
}

/** The actor of `TestApp.ctx()` with its defaults: what a file's own seeding ran as. */
const TEST_ACTOR = { subject: 'test-actor', role: Role.FINANCE_OFFICER, municipalityCode: null };

/**
 * Data several files load the same way before their tests (issue 19 item 7). Instead of each file
 * loading it into its own clone, the first file of the run that asks loads it once into a template
 * of its own (the run's template plus the seed), and every such file clones that: the same rows
 * the file's own load made, in a fraction of the time.
 * - `fixtures`: `loadFixtures` with its scenarios (what `npm start` loads), as `loadFixtures(t.dataSource)`.
 *   When the run has the browser project's template, that is cloned instead: `npm start` filled it
 *   with the same load into a new database (test/helpers/browser-setup.ts), plus what a start adds
 *   beside it (the `fixture_loads` row, the job queue's tables, the attribution runs its workers
 *   store), so the run loads the fixtures into PostgreSQL once, not twice (issue 19 item 7).
 * - `people`: the 5,000-person fixture, as `runCommand(t.ctx(), (tx) => loadPeopleFixtures(tx))`.
 */
export type Seed = 'fixtures' | 'people';
const SEEDS: Record<Seed, (dataSource: DataSource) => Promise<unknown>> = {
  fixtures: (dataSource) => loadFixtures(dataSource),
  people: (dataSource) => runCommand({ ...systemContext(dataSource), actor: TEST_ACTOR }, (tx) => loadPeopleFixtures(tx)),
};

/**
 * The run's template with `seed` loaded: made by the first caller under a session advisory lock
 * (the others wait on the lock, not on a clock), under a scratch name renamed only once it is
 * complete, so a file that dies half-way leaves nothing another file could clone. Dropped with the
 * run's other databases by the global teardown (they share the template's name as a prefix).
 */
async function seededTemplate(template: string, seed: Seed): Promise<string> {
  const browserTemplate = process.env[BROWSER_TEMPLATE_ENV];
  if (seed === 'fixtures' && browserTemplate !== undefined) {
    await waitForTemplate(browserTemplate);
    return browserTemplate;
  }
  const name = `${template}_seed_${seed}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [name]);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      const scratch = `${name}_${crypto.randomBytes(3).toString('hex')}`;
      await admin.query(`CREATE DATABASE "${scratch}" TEMPLATE "${template}"`);
      const dataSource = createDataSource({ url: urlForDatabase(scratch), poolSize: 10 });
      await initialise(dataSource);
      try {
        await SEEDS[seed](dataSource);
      } finally {
        await dataSource.destroy();
      }
      await admin.query(`ALTER DATABASE "${scratch}" RENAME TO "${name}"`);
    }
  } finally {
    await admin.end(); // ends the session, and with it the lock
  }
  return name;
}

/**
 * A fresh database cloned from the run's template (or from that template with `seed` loaded, see
 * `Seed`), and the app on it.
 */
export async function createTestApp(
  options: {
    poolSize?: number;
    poolTimeoutMs?: number;
    /**
     * The job queue and every module's workers, as main.ts runs them (polling every 0.5 s); or a
     * queue polling as slowly as given and no workers, for a suite that starts its own (and proves
     * that work is noticed without the poll).
     */
    jobs?: boolean | { pollingIntervalSeconds: number; workers: false };
    env?: Record<string, string>;
    seed?: Seed;
  } = {},
): Promise<TestApp> {
  const base = process.env[TEMPLATE_ENV];
  if (!base) {
    throw new Error('globalSetup did not run (no template database)');
  }
  // Filled beside the first files of the run (decision 1860): wait until it is complete.
  await waitForTemplate(base);
  const template = options.seed === undefined ? base : await seededTemplate(base, options.seed);
  const databaseName = `${base}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${databaseName}" TEMPLATE "${template}"`);
  await admin.end();
  const url = urlForDatabase(databaseName);
  const dataSource = createDataSource({ url, poolSize: options.poolSize ?? 10, poolTimeoutMs: options.poolTimeoutMs });
  await initialise(dataSource);
  const config = loadConfig({ NODE_ENV: 'test', JWT_SECRET: TEST_SECRET, LOG_LEVEL: 'silent', ...options.env }, []);
  const verifier = await createTokenVerifier(config);
  // The job queue and every module's workers, as main.ts runs them (only for suites that ask).
  const jobs =
    options.jobs === undefined || options.jobs === false
      ? undefined
      : await JobQueue.start(dataSource, {
          queues: allQueues(),
          log: logger,
          pollingIntervalSeconds: options.jobs === true ? 0.5 : options.jobs.pollingIntervalSeconds,
        });
  if (jobs !== undefined && options.jobs === true) {
    await startWorkers(jobs, dataSource, config);
  }
  // No background compile of the chain's OpenAPI validator (decision 1920): only the files that
  // post notifications need it, and their first notification compiles it.
  const app = await createApp({ config, dataSource, verifier, jobs, warmUpInbound: false });
  const finance = await mintToken(TEST_SECRET, { subject: 'fo-1', role: Role.FINANCE_OFFICER });
  const finance2 = await mintToken(TEST_SECRET, { subject: 'fo-2', role: Role.FINANCE_OFFICER });
  const auditor = await mintToken(TEST_SECRET, { subject: 'auditor-1', role: Role.AUDITOR });
  const controller = (code: string) =>
    mintToken(TEST_SECRET, { subject: `ctl-${code}`, role: Role.MUNICIPAL_CONTROLLER, municipalityCode: code });

  const gql = async <T>(query: string, variables: Record<string, unknown> = {}, token: string | null = finance): Promise<GqlResult<T>> => {
    let contextValue: RequestContext;
    try {
      contextValue = await app.contextFor(token);
    } catch (error) {
      return {
        errors: [{ message: (error as Error).message, extensions: (error as { extensions?: Record<string, unknown> }).extensions }],
      };
    }
    const response = await app.apollo.executeOperation<T>({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') {
      throw new Error('incremental delivery is not expected');
    }
    return response.body.singleResult;
  };

  return {
    app,
    dataSource,
    databaseName,
    url,
    jobs,
    tokens: { finance, finance2, auditor, controller },
    gql,
    async ok<T>(query: string, variables?: Record<string, unknown>, token?: string | null): Promise<T> {
      const result = await gql<T>(query, variables, token === undefined ? finance : token);
      if (result.errors?.length) {
        throw new Error(`GraphQL errors: ${JSON.stringify(result.errors, null, 2)}`);
      }
      return result.data as T;
    },
    ctx(role = TEST_ACTOR.role, municipalityCode = TEST_ACTOR.municipalityCode, subject = TEST_ACTOR.subject) {
      return { ...systemContext(dataSource), jobs, actor: { subject, role, municipalityCode } };
    },
    async close() {
      await app.apollo.stop();
      await jobs?.stop();
      await dataSource.destroy();
      // The clone itself is dropped by the global teardown with the run's other databases, all at
      // once (decision 1920): on PostgreSQL 15 every DROP DATABASE waits for a checkpoint of the
      // whole cluster, 0.3-2.5 s per file on a busy machine, where one teardown's concurrent drops
      // share their checkpoints. Nothing connects to it after this.
    },
  };
}

/** The error codes of a result, for `expect(codes(r)).toEqual(['FORBIDDEN'])`. */
export function codes(result: GqlResult<unknown>): string[] {
  return (result.errors ?? []).map((e) => String(e.extensions?.code));
}
