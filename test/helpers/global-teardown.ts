import { Client } from 'pg';
import { adminUrl, TEMPLATE_ENV } from './db-urls';
import { makingDone } from './template-making';

export default async function globalTeardown(): Promise<void> {
  const name = process.env[TEMPLATE_ENV];
  if (!name) {
    return;
  }
  await makingDone(name);
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  const rows = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${name}%`]);
  for (const row of rows.rows) {
    await admin.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`).catch(() => undefined);
  }
  await admin.end();
}
