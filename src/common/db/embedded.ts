import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { logger } from '../logger';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL compiled to WASM (PGlite), served on a loopback socket so the ordinary `pg` driver,
 * TypeORM and the same migrations run unchanged. It takes one connection: the pool must be 1.
 * `dataDir` undefined keeps everything in memory.
 */
export async function startEmbeddedDatabase(dataDir: string | undefined, port = 0): Promise<EmbeddedDatabase> {
  if (dataDir !== undefined) {
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const started = Date.now();
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 1 });
  // A client that drops its socket, or a socket error on the listener, is reported as an event;
  // logged here so it is seen, and the handler for that connection is discarded by the server.
  server.addEventListener('error', (event) => {
    const detail = (event as CustomEvent<unknown>).detail;
    logger.warn({ message: detail instanceof Error ? detail.message : String(detail) }, 'embedded PostgreSQL connection error');
  });
  await server.start();
  const address = server.getServerConn();
  logger.info({ dataDir: dataDir ?? 'memory', address, ms: Date.now() - started }, 'embedded PostgreSQL started');
  let stopped = false;
  return {
    url: `postgres://postgres@${address}/postgres?sslmode=disable`,
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
