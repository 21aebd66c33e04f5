import { Client } from 'pg';

/** The real PostgreSQL the e2e suite runs on: DATABASE_URL, or the one on this machine. */
export function adminUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function urlForDatabase(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export const TEMPLATE_ENV = 'IFE_TEST_TEMPLATE_DB';

/** The browser project's template: a database `npm start` has filled with the fixtures (test/helpers/browser-setup.ts). */
export const BROWSER_TEMPLATE_ENV = 'IFE_BROWSER_TEMPLATE_DB';

/**
 * Drops databases named `<prefix><pid>_<base-36 time>…` made more than six hours ago: leftovers of
 * crashed runs. Younger ones may belong to a run going on beside this one.
 */
export async function dropStaleDatabases(admin: Client, prefix: string): Promise<void> {
  const rows = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${prefix}%`]);
  for (const row of rows.rows) {
    const stamp = new RegExp(`^${prefix}\\d+_([0-9a-z]+)`).exec(row.datname)?.[1];
    if (stamp !== undefined && Date.now() - parseInt(stamp, 36) > 6 * 3600_000) {
      await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`).catch(() => undefined);
    }
  }
}

/** How many databases `dropDatabases` drops at a time: their checkpoints coalesce (decision 1920). */
const DROPPING_AT_ONCE = 16;

/**
 * Drops every database whose name starts with `prefix` (a run's template and everything cloned from
 * it, named after it), several at a time: on PostgreSQL 15 each DROP DATABASE requests a checkpoint
 * and waits for it, and requests that arrive while one is under way are served by the next one
 * together (decision 1920). For the global teardowns, once every file has ended.
 */
export async function dropDatabasesNamed(prefix: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  const rows = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [prefix]);
  await admin.end();
  const names = rows.rows.map((row) => row.datname);
  const dropper = async (): Promise<void> => {
    const client = new Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      for (let next = names.shift(); next !== undefined; next = names.shift()) {
        await client.query(`DROP DATABASE IF EXISTS "${next}" WITH (FORCE)`).catch(() => undefined);
      }
    } finally {
      await client.end();
    }
  };
  await Promise.all(Array.from({ length: Math.min(DROPPING_AT_ONCE, names.length) }, dropper));
}
