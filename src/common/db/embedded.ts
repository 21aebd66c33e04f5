import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { logger } from '../logger';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { copySnapshotInto, type FixtureSnapshot } from './fixture-snapshot';

export interface EmbeddedDatabase {
  url: string;
  /** Tells CLIs that find the data directory locked where this process's API listens. */
  advertise(graphqlUrl: string): void;
  /** Writes the data directory as an uncompressed tarball (PGlite `dumpDataDir`), after a checkpoint. */
  dumpDataDir(file: string): Promise<void>;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** 0 (default): any free loopback port. */
  port?: number;
  /**
   * A new database starts as a copy of this snapshot instead of an empty cluster (decision 1200):
   * its directory is copied into `dataDir`, or its tarball loaded in memory. Only for a data
   * directory that holds no database yet.
   */
  seed?: FixtureSnapshot;
}

/**
 * PGlite's own start parameters, with 64 MB of shared buffers instead of PostgreSQL's 128 MB: the
 * fixture database is some 40 MB, the files below the buffers are the operating system's (or, in
 * memory, PGlite's own), and initialising the other 64 MB took a quarter of a second of CPU at
 * every start (decision 2020).
 */
const START_PARAMS = [...PGlite.defaultStartParams, '-c', 'shared_buffers=64MB'];

/** A WAL segment's file name (timeline and number, 24 hex digits). */
export const WAL_SEGMENT = /^[0-9A-F]{24}$/;

/**
 * PostgreSQL keeps WAL segments recycled ahead of the one it writes (four of 16 MB after a
 * fixture load), to be overwritten later; they hold nothing it reads. A data directory written
 * to be copied (the fixture snapshot) leaves them out: PostgreSQL makes a segment when it needs
 * one. Only the segments after the current one, after a checkpoint, are removed.
 */
function removeRecycledWal(dataDir: string, current: string): void {
  const walDir = `${dataDir}/pg_wal`;
  for (const name of fs.readdirSync(walDir)) {
    if (WAL_SEGMENT.test(name) && name > current) {
      fs.rmSync(`${walDir}/${name}`);
    }
  }
}

/**
 * PostgreSQL compiled to WASM (PGlite), served on a loopback socket so the ordinary `pg` driver,
 * TypeORM and the same migrations run unchanged. It takes one connection: the pool must be 1.
 * `dataDir` undefined keeps everything in memory. A data directory is locked for this process first
 * (src/common/db/data-dir-lock.ts): a second process is refused with DataDirLockedError; the
 * snapshot is copied in only under that lock.
 */
export async function startEmbeddedDatabase(dataDir: string | undefined, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  let lock: DataDirLock | undefined;
  if (dataDir !== undefined) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = await lockDataDir(dataDir, (error) =>
      logger.error({ err: error, dataDir }, 'the lock on the embedded data directory was lost (event loop blocked too long?)'),
    );
  }
  const started = Date.now();
  const { seed } = options;
  let db: PGlite;
  try {
    if (seed !== undefined && dataDir !== undefined) {
      copySnapshotInto(seed, dataDir);
    }
    const loadDataDir = seed !== undefined && dataDir === undefined ? new Blob([fs.readFileSync(seed.tar)]) : undefined;
    db = await PGlite.create({ dataDir, loadDataDir, startParams: START_PARAMS });
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const server = new PGLiteSocketServer({ db, port: options.port ?? 0, host: '127.0.0.1', maxConnections: 1 });
  // A client that drops its socket, or a socket error on the listener, is reported as an event;
  // logged here so it is seen, and the handler for that connection is discarded by the server.
  server.addEventListener('error', (event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    logger.warn({ message: detail instanceof Error ? detail.message : String(detail) }, 'embedded PostgreSQL connection error');
  });
  await server.start();
  const address = server.getServerConn();
  logger.info({ dataDir: dataDir ?? 'memory', address, seededFrom: seed?.key, ms: Date.now() - started }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    url: `postgres://postgres@${address}/postgres?sslmode=disable`,
    advertise(graphqlUrl: string) {
      lock?.advertise(graphqlUrl);
    },
    async dumpDataDir(file: string) {
      await db.exec('CHECKPOINT');
      if (dataDir !== undefined) {
        const { rows } = await db.query<{ current: string }>('SELECT pg_walfile_name(pg_current_wal_insert_lsn()) AS current');
        removeRecycledWal(dataDir, (rows[0] as { current: string }).current);
      }
      const tarball = await db.dumpDataDir('none');
      fs.writeFileSync(file, new Uint8Array(await tarball.arrayBuffer()));
    },
    async stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      await server.stop();
      // Closing PGlite flushes and checkpoints, so the files are never left half-written.
      await db.close();
      // Only now, with the files flushed, may another process open the directory.
      await lock?.release();
      logger.info('embedded PostgreSQL stopped');
    },
  };
}
