import { DataSource } from 'typeorm';
import { entities } from '../../entities';
import { migrations } from '../../../migrations';
import { logger } from '../logger';
import { lostCode, ResilientClient } from './connection-loss';

export interface DataSourceOptions {
  url: string;
  /** The embedded database takes exactly one connection; a bigger pool deadlocks transactions. */
  poolSize: number;
  /** Wait for a free connection at most this long (default 30 s), then fail with SERVICE_UNAVAILABLE. */
  poolTimeoutMs?: number;
  applicationName?: string;
}

/**
 * A DataSource that also closes what was kept beside its pool (`closeWithDataSource`) when it is
 * destroyed, before its own pool: connections that outlive a request (the journal verification's
 * readers, decision 2100) end with it, so a database can be dropped right after.
 */
class EngineDataSource extends DataSource {
  readonly closers: (() => Promise<void>)[] = [];

  override async destroy(): Promise<void> {
    const closing = this.closers.splice(0);
    await Promise.all(closing.map((close) => close().catch(() => undefined)));
    await super.destroy();
  }
}

/**
 * Runs `close` when `dataSource` is destroyed (once). A data source not made by `createDataSource`
 * keeps no such list: false, and the caller must not keep anything beside it.
 */
export function closeWithDataSource(dataSource: DataSource, close: () => Promise<void>): boolean {
  if (!(dataSource instanceof EngineDataSource)) {
    return false;
  }
  dataSource.closers.push(close);
  return true;
}

/** The only DataSource factory: the server, the CLIs, ormconfig.ts and the tests all use it. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new EngineDataSource({
    type: 'postgres',
    url: options.url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built in; no extension to install (PGlite has none).
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    // An idle connection that breaks (its backend terminated, the server restarted) is dropped by
    // the pool; logged, never fatal.
    poolErrorHandler: (error: Error) => {
      logger.warn({ code: lostCode(error), message: error.message }, 'idle database connection lost; the pool drops it');
    },
    extra: {
      // Every client listens for its own connection errors (see ResilientClient).
      Client: ResilientClient,
      max: options.poolSize,
      application_name: options.applicationName ?? 'inburgering-funding-engine',
      connectionTimeoutMillis: options.poolTimeoutMs ?? 30000,
    },
  });
}

/**
 * Initialises with a short retry: right after a client closes, the embedded database refuses the
 * next connection once.
 */
export async function initialise(dataSource: DataSource, attempts = 10): Promise<DataSource> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await dataSource.initialize();
    } catch (error) {
      if (attempt >= attempts) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
}

/**
 * Runs the migrations this code has and the database has not (each in its own transaction), and
 * returns their names. First one query reads the names the `migrations` table holds: when every
 * migration of the code is among them (a restart of the same code) nothing else is asked, where
 * TypeORM's `runMigrations` would first inspect the catalogue and lock (decision 1840). The test is
 * TypeORM's own, by name: a migration whose name is not in the table is run, whatever its timestamp.
 */
export async function migrate(dataSource: DataSource): Promise<string[]> {
  const names = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  let recorded: Set<string> | undefined;
  try {
    const rows = await dataSource.query<{ name: string }[]>(`SELECT name FROM "migrations"`);
    recorded = new Set(rows.map((r) => r.name));
  } catch {
    // No migrations table yet (a new database): TypeORM creates it.
    recorded = undefined;
  }
  if (recorded !== undefined && names.every((name) => recorded.has(name))) {
    return [];
  }
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
