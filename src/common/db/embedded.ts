import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { logger } from '../logger';
import { lockDataDir, type DataDirLock } from './data-dir-lock';

export interface EmbeddedDatabase {
  url: string;
  /** Tells CLIs that find the data directory locked where this process's API listens. */
  advertise(graphqlUrl: string): void;
  stop(): Promise<void>;
}

/**
 * PostgreSQL compiled to WASM (PGlite), served on a loopback socket so the ordinary `pg` driver,
 * TypeORM and the same migrations run unchanged. It takes one connection: the pool must be 1.
 * `dataDir` undefined keeps everything in memory. A data directory is locked for this process first
 * (src/common/db/data-dir-lock.ts): a second process is refused with DataDirLockedError.
 */
export async function startEmbeddedDatabase(dataDir: string | undefined, port = 0): Promise<EmbeddedDatabase> {
  let lock: DataDirLock | undefined;
  if (dataDir !== undefined) {
    fs.mkdirSync(dataDir, { recursive: true });
    lock = await lockDataDir(dataDir, (error) =>
      logger.error({ err: error, dataDir }, 'the lock on the embedded data directory was lost (event loop blocked too long?)'),
    );
  }
  const started = Date.now();
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir);
  } catch (error) {
    await lock?.release();
    throw error;
  }
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 1 });
  await server.start();
  const address = server.getServerConn();
  logger.info({ dataDir: dataDir ?? 'memory', address, ms: Date.now() - started }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    url: `postgres://postgres@${address}/postgres?sslmode=disable`,
    advertise(graphqlUrl: string) {
      lock?.advertise(graphqlUrl);
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
