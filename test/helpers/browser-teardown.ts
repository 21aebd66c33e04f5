import { Client } from 'pg';
import { adminUrl, BROWSER_TEMPLATE_ENV } from './db-urls';
import { makingDone } from './template-making';

export default async function browserTeardown(): Promise<void> {
  const name = process.env[BROWSER_TEMPLATE_ENV];
  if (!name) {
    return;
  }
  await makingDone(name);
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  await admin.query(`DROP DATABASE IF EXISTS "${name}_filling" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
}
