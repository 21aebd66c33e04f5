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
import { systemContext } from '../../src/fixtures';
import { JobQueue } from '../../src/common/jobs';
import { logger } from '../../src/common/logger';
import { allQueues, startWorkers } from '../../src/modules/jobs';
import { adminUrl, TEMPLATE_ENV, urlForDatabase } from './db-urls';

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

/** A fresh database cloned from the run's template, and the app on it. */
export async function createTestApp(
  options: { poolSize?: number; poolTimeoutMs?: number; jobs?: boolean; env?: Record<string, string> } = {},
): Promise<TestApp> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) {
    throw new Error('globalSetup did not run (no template database)');
  }
  const databaseName = `${template}_${crypto.randomBytes(4).toString('hex')}`;
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
    options.jobs === true ? await JobQueue.start(dataSource, { queues: allQueues(), log: logger, pollingIntervalSeconds: 0.5 }) : undefined;
  if (jobs !== undefined) {
    await startWorkers(jobs, dataSource, config);
  }
  const app = await createApp({ config, dataSource, verifier, jobs });
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
    ctx(role = Role.FINANCE_OFFICER, municipalityCode = null, subject = 'test-actor') {
      return { ...systemContext(dataSource), jobs, actor: { subject, role, municipalityCode } };
    },
    async close() {
      await app.apollo.stop();
      await jobs?.stop();
      await dataSource.destroy();
      const a = new Client({ connectionString: adminUrl() });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The error codes of a result, for `expect(codes(r)).toEqual(['FORBIDDEN'])`. */
export function codes(result: GqlResult<unknown>): string[] {
  return (result.errors ?? []).map((e) => String(e.extensions?.code));
}
