import { Client } from 'pg';
import { adminUrl, TEMPLATE_ENV } from './db-urls';
import { makingDone } from './template-making';

/** How many databases the teardown drops at a time: their checkpoints coalesce (decision 1920). */
const DROPPING_AT_ONCE = 8;

/**
 * Drops every database of the run (the template, its seeds and every file's clone, all named
 * after the template), several at a time: on PostgreSQL 15 each DROP DATABASE requests a
 * checkpoint and waits for it, and concurrent requests are served by the same checkpoint.
 */
export default async function globalTeardown(): Promise<void> {
  const name = process.env[TEMPLATE_ENV];
  if (!name) {
    return;
  }
  await makingDone(name);
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  const rows = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${name}%`]);
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
