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
    db = await PGlite.create({ dataDir, loadDataDir });
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
