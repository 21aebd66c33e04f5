import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { logger } from '../logger';
import { copySnapshotInto, type FixtureSnapshot } from './fixture-snapshot';

export interface EmbeddedDatabase {
  url: string;
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
 * `dataDir` undefined keeps everything in memory.
 */
export async function startEmbeddedDatabase(dataDir: string | undefined, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  if (dataDir !== undefined) {
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const started = Date.now();
  const { seed } = options;
  if (seed !== undefined && dataDir !== undefined) {
    copySnapshotInto(seed, dataDir);
  }
  const loadDataDir = seed !== undefined && dataDir === undefined ? new Blob([fs.readFileSync(seed.tar)]) : undefined;
  const db = await PGlite.create({ dataDir, loadDataDir });
  const server = new PGLiteSocketServer({ db, port: options.port ?? 0, host: '127.0.0.1', maxConnections: 1 });
  await server.start();
  const address = server.getServerConn();
  logger.info({ dataDir: dataDir ?? 'memory', address, seededFrom: seed?.key, ms: Date.now() - started }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    url: `postgres://postgres@${address}/postgres?sslmode=disable`,
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
      logger.info('embedded PostgreSQL stopped');
    },
  };
}
