import { Client } from 'pg';
import { buildForServerSuites } from './build-setup';
import { adminUrl, BROWSER_TEMPLATE_ENV, dropStaleDatabases, urlForDatabase } from './db-urls';
import { startServerProcess } from './server-process';
import { startMaking } from './template-making';

/**
 * Global setup of the browser project: dist/ current, and one database on the real PostgreSQL that
 * `npm start` has filled as it fills any new database (migrations, then the fixtures through the
 * services, recorded in `fixture_loads`). Each test file's server runs on its own clone
 * (CREATE DATABASE … TEMPLATE, a fraction of a second) and finds the fixtures loaded, instead of
 * loading them again in every file. The filling (a whole fixture load) goes on beside the first
 * tests, and the files wait for it (test/helpers/template-making.ts, decision 1860).
 */
export default async function browserSetup(): Promise<void> {
  buildForServerSuites();
  const name = `ife_browser_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await dropStaleDatabases(admin, 'ife_browser_tpl_');
  } finally {
    await admin.end();
  }
  await startMaking(name, async (scratch) => {
    const server = await startServerProcess({ DATABASE_URL: urlForDatabase(scratch), LOG_LEVEL: 'warn' });
    const code = await server.stop();
    if (code !== 0) {
      throw new Error(`the server that loaded the browser template database did not stop cleanly (${code}):\n${server.output()}`);
    }
  });
  process.env[BROWSER_TEMPLATE_ENV] = name;
}
