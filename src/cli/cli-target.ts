import 'reflect-metadata';
import os from 'node:os';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../config';
import { createDataSource, initialise } from '../common/db/data-source';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../common/db/embedded';
import { DataDirLockedError } from '../common/db/data-dir-lock';
import { mintToken, resolveSecret } from '../common/auth/tokens';
import { Role } from '../common/auth/actor';
import { DomainError } from '../common/errors/domain-error';
import { logger, logToStderr } from '../common/logger';
import { JobQueue } from '../common/jobs';
import { systemContext } from '../fixtures';
import { recordCounts, type RawCountRow } from '../modules/counts';
import { importPersonEvents, RECORD_FIELDS, type ImportSummary } from '../modules/people';
import { allQueues } from '../modules/jobs';

/**
 * Where a CLI that writes sends its rows (decision 1003): through the running server's GraphQL API
 * when there is one (the same validation, authorisation and audit as any client), or straight into
 * the database when the CLI may own it. It never writes around the embedded database's lock.
 */

/** One refused line of an import, as the API or the service reported it. */
export interface Problem {
  /** 1-based position in the batch sent (the caller maps it to a file line). */
  index: number;
  field: string;
  code?: string;
  reason: string;
}

/** The batch was refused as a whole: nothing of it was written. */
export class BatchRefused extends Error {
  constructor(
    message: string,
    readonly problems: Problem[],
  ) {
    super(message);
    this.name = 'BatchRefused';
  }
}

export type EventsSummary = ImportSummary;

export interface CliTarget {
  /** Said on stderr before the work starts, e.g. "the server at http://127.0.0.1:4000/graphql". */
  readonly description: string;
  importCounts(batchKey: string, rows: RawCountRow[]): Promise<{ rowCount: number; replayed: boolean }>;
  importEvents(batchKey: string, events: Record<string, unknown>[]): Promise<EventsSummary>;
  close(): Promise<void>;
}

/** Options every writing CLI takes: `--url` / IFE_API_URL and `--token` / IFE_TOKEN. */
export interface TargetOptions {
  url?: string;
  token?: string;
}

/** Reads `--name value` pairs; returns the rest in order. */
export function takeOption(args: string[], name: string): { value: string | undefined; rest: string[] } {
  const at = args.indexOf(`--${name}`);
  if (at < 0) {
    return { value: undefined, rest: args };
  }
  return { value: args[at + 1], rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

const COUNTS_MUTATION = `mutation CliImportCounts($input: ImportCountsInput!) { importCounts(input: $input) { rowCount replayed } }`;
const EVENTS_MUTATION = `mutation CliImportPersonEvents($input: ImportPersonEventsInput!) {
  importPersonEvents(input: $input) { batchKey received applied pending unchanged released replayed } }`;

interface GraphQLErrorShape {
  message: string;
  extensions?: Record<string, unknown>;
}

/** Problems carried by a refusal: counts put them in `problems`, person events in `lines`. */
function problemsOf(extensions: Record<string, unknown> | undefined, message: string): Problem[] {
  const rows = (extensions?.problems ?? extensions?.lines) as
    { line?: number; field?: string; code?: string; reason?: string; message?: string }[] | undefined;
  if (Array.isArray(rows) && rows.some((r) => typeof r.line === 'number')) {
    return rows.map((r) => ({ index: r.line ?? 0, field: r.field ?? '', code: r.code, reason: r.reason ?? r.message ?? '' }));
  }
  return [{ index: 0, field: String(extensions?.field ?? ''), code: String(extensions?.code ?? ''), reason: message }];
}

/** A target that posts to a GraphQL endpoint with a bearer token. */
export function apiTarget(graphqlUrl: string, token: string): CliTarget {
  const call = async <T>(query: string, variables: Record<string, unknown>): Promise<T> => {
    let response: Response;
    try {
      response = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new Error(`the server at ${graphqlUrl} did not answer (${(error as Error).message}): is it running?`);
    }
    const text = await response.text();
    let body: { data?: T | null; errors?: GraphQLErrorShape[] };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new Error(`the server at ${graphqlUrl} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    }
    const first = body.errors?.[0];
    if (first !== undefined) {
      const code = String(first.extensions?.code ?? '');
      if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') {
        throw new Error(
          `the server refused the token (${code}: ${first.message}); pass a finance officer's token with --token or IFE_TOKEN`,
        );
      }
      throw new BatchRefused(first.message, problemsOf(first.extensions, first.message));
    }
    return body.data as T;
  };
  return {
    description: `the server at ${graphqlUrl}`,
    async importCounts(batchKey, rows) {
      const data = await call<{ importCounts: { rowCount: number; replayed: boolean } }>(COUNTS_MUTATION, {
        input: { batchKey, rows: rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v]))) },
      });
      return data.importCounts;
    },
    async importEvents(batchKey, events) {
      const data = await call<{ importPersonEvents: EventsSummary }>(EVENTS_MUTATION, {
        input: { batchKey, events: events.map(asEventInput) },
      });
      return data.importPersonEvents;
    },
    async close() {},
  };
}

/** A file's event as the GraphQL input: known fields, strings, absent for empty. */
function asEventInput(e: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of RECORD_FIELDS) {
    const v = e[key];
    if (v !== undefined && v !== null && v !== '') {
      out[key] = typeof v === 'string' ? v : JSON.stringify(v);
    }
  }
  return out;
}

/**
 * A target that calls the services on a data source the CLI holds itself (as the system actor).
 * The context carries the job queue of that database, opened but not started (no workers, no
 * schedules, decision 1911): what an import queues (the side-by-side precompute, decision 1750;
 * chain deliveries, decision 1510) is written in the import's transaction and commits with it, so
 * a server running on the same database (DATABASE_URL) runs it at its next poll, and the next
 * `npm start` on an embedded directory finds it waiting.
 */
export function databaseTarget(dataSource: DataSource, description: string, close: () => Promise<void> = async () => {}): CliTarget {
  const base = systemContext(dataSource);
  let queue: Promise<JobQueue> | undefined;
  const context = async () => {
    queue ??= JobQueue.open(dataSource, { queues: allQueues(), log: logger, schedule: false });
    return { ...base, jobs: await queue };
  };
  const refused = (error: unknown): never => {
    if (error instanceof DomainError) {
      throw new BatchRefused(error.message, problemsOf(error.extensions, error.message));
    }
    throw error;
  };
  return {
    description,
    async importCounts(batchKey, rows) {
      try {
        const batch = await recordCounts(await context(), { batchKey, rows });
        return { rowCount: batch.rowCount, replayed: batch.replayed };
      } catch (error) {
        return refused(error);
      }
    },
    async importEvents(batchKey, events) {
      try {
        return await importPersonEvents(await context(), { batchKey, events });
      } catch (error) {
        return refused(error);
      }
    },
    close,
  };
}

/**
 * Chooses the target (decision 1003):
 * 1. `--url` / IFE_API_URL: that server's API.
 * 2. DATABASE_URL: that PostgreSQL directly (it serves any number of clients; a server beside it is
 *    no obstacle).
 * 3. The embedded database: if its directory is free, the CLI opens it itself and holds the lock
 *    while it works; if a server holds it, the rows go through that server's API (its URL is in the
 *    lock's owner file); if anything else holds it, the CLI refuses and says what to do.
 * The token is `--token` / IFE_TOKEN, or in development a finance officer's minted from the same
 * secret the server uses (JWT_SECRET or ./data/dev-jwt-secret).
 */
export async function resolveTarget(options: TargetOptions, env: NodeJS.ProcessEnv = process.env): Promise<CliTarget> {
  logToStderr();
  const config = loadConfig(env, []);
  const url = options.url ?? (env.IFE_API_URL === '' ? undefined : env.IFE_API_URL);
  if (url !== undefined) {
    return apiTarget(url, await tokenFor(config, options.token ?? env.IFE_TOKEN));
  }
  if (config.databaseUrl !== undefined) {
    const ds = createDataSource({ url: config.databaseUrl, poolSize: 1, applicationName: 'cli' });
    await initialise(ds);
    return databaseTarget(ds, 'the PostgreSQL database of DATABASE_URL', () => ds.destroy());
  }
  if (config.embeddedDataDir === undefined) {
    throw new Error(
      'EMBEDDED_EPHEMERAL keeps the embedded database in memory: a CLI would write into a database of its own that vanishes. ' +
        'Pass the running server with --url http://127.0.0.1:4000/graphql (and --token), or use a data directory.',
    );
  }
  let embedded: EmbeddedDatabase;
  try {
    embedded = await startEmbeddedDatabase(config.embeddedDataDir);
  } catch (error) {
    if (error instanceof DataDirLockedError && error.owner?.graphqlUrl !== undefined) {
      return apiTarget(error.owner.graphqlUrl, await tokenFor(config, options.token ?? env.IFE_TOKEN));
    }
    throw error;
  }
  const ds = createDataSource({ url: embedded.url, poolSize: 1, applicationName: 'cli' });
  try {
    await initialise(ds);
    // This process owns the directory now: bring a fresh one up to date, as `npm start` would.
    await ds.runMigrations({ transaction: 'each' });
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return databaseTarget(ds, `the embedded database in ${config.embeddedDataDir} (no server is running; held by this process)`, async () => {
    await ds.destroy().catch(() => undefined);
    await embedded.stop();
  });
}

async function tokenFor(config: Config, token: string | undefined): Promise<string> {
  if (token !== undefined && token !== '') {
    return token;
  }
  const secret = resolveSecret(config);
  if (secret === undefined) {
    throw new Error(
      'no token: pass a finance officer token with --token or IFE_TOKEN (production tokens come from your identity provider)',
    );
  }
  return mintToken(secret, {
    subject: `cli-${os.userInfo().username}`,
    role: Role.FINANCE_OFFICER,
    expiresIn: '1h',
    issuer: config.jwt.issuer,
    audience: config.jwt.audience,
  });
}

/** Progress on stderr, at most about once a second and always at the end: "events 5000/23000". */
export function progress(label: string, total: number, write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {
  let last = 0;
  return (done: number): void => {
    const now = Date.now();
    if (done === total || now - last >= 1000) {
      last = now;
      write(`${label}: ${done}/${total} (${total === 0 ? 100 : Math.floor((done * 100) / total)}%)`);
    }
  };
}
