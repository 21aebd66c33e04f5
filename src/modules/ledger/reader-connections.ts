import { Client, Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { ResilientClient } from '../../common/db/connection-loss';
import { closeWithDataSource } from '../../common/db/data-source';

/** Reader connections a data source keeps at most, and how long one stays open unused (decision 2100). */
const MAX_KEPT = 8;
const IDLE_MS = 10_000;
const APPLICATION_NAME = 'journal-verification-reader';

/** A reader connection: its client, and how to let it go once its reads have ended. */
export interface ReaderConnection {
  client: Client;
  /**
   * Ends the reader's transaction and keeps the connection for the next walk; `broken` (a read
   * failed, the connection may be mid-statement) closes it instead. Never waits: the walk goes on.
   */
  release(broken: boolean): void;
}

const pools = new WeakMap<DataSource, Pool>();

function poolOf(dataSource: DataSource, url: string): Pool | undefined {
  let pool = pools.get(dataSource);
  if (pool === undefined) {
    const made = new Pool({
      connectionString: url,
      application_name: APPLICATION_NAME,
      max: MAX_KEPT,
      idleTimeoutMillis: IDLE_MS,
      // Kept connections never hold a process that has nothing else to do.
      allowExitOnIdle: true,
      // Every client listens for its own connection errors, checked out or idle.
      Client: ResilientClient,
    });
    // An idle connection that breaks is dropped by the pool (ResilientClient logs it).
    made.on('error', () => undefined);
    // Forgotten as it ends, so a data source initialised again after `destroy()` gets a new pool.
    const end = async (): Promise<void> => {
      pools.delete(dataSource);
      await made.end();
    };
    if (!closeWithDataSource(dataSource, end)) {
      void made.end();
      return undefined;
    }
    pools.set(dataSource, made);
    pool = made;
  }
  return pool;
}

/**
 * A connection for one of the verification's snapshot readers (decision 2100): one kept from an
 * earlier walk when there is one (no connection opened, and its backend has the journal's catalogue
 * and plans cached: opening one cost a walk about 15 ms, its first statements a few more), else a
 * new one, kept afterwards. Never waits for a kept one: with MAX_KEPT in use, a connection of its
 * own is opened and closed after. They end with the data source (`closeWithDataSource`), and after
 * IDLE_MS unused.
 */
export async function readerConnection(dataSource: DataSource, url: string): Promise<ReaderConnection> {
  const pool = poolOf(dataSource, url);
  if (pool !== undefined && (pool.idleCount > 0 || pool.totalCount < MAX_KEPT)) {
    const client = await pool.connect();
    return {
      client,
      release(broken) {
        if (broken) {
          client.release(true);
          return;
        }
        client.query('ROLLBACK').then(
          () => client.release(),
          (error: Error) => client.release(error),
        );
      },
    };
  }
  const client = new ResilientClient({ connectionString: url, application_name: APPLICATION_NAME });
  try {
    await client.connect();
  } catch (error) {
    void client.end().catch(() => undefined);
    throw error;
  }
  return {
    client,
    release() {
      // A connection's end ends its transaction.
      void client.end().catch(() => undefined);
    },
  };
}
