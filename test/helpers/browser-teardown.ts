import { Client } from 'pg';
import { adminUrl, BROWSER_TEMPLATE_ENV } from './db-urls';

export default async function browserTeardown(): Promise<void> {
  const name = process.env[BROWSER_TEMPLATE_ENV];
  if (!name) {
    return;
  }
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
}
