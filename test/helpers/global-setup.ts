import 'reflect-metadata';
import { Client } from 'pg';
import { createDataSource, initialise } from '../../src/common/db/data-source';
import { loadFixtures } from '../../src/fixtures';
import { adminUrl, dropStaleDatabases, TEMPLATE_ENV, urlForDatabase } from './db-urls';
import { startMaking } from './template-making';

/**
 * Once per `jest` run: a template database with every migration and the municipality fixtures.
 * Each test file clones it (CREATE DATABASE … TEMPLATE), so files never see each other's rows.
 * It is filled beside the first files of the run (those of the other projects need no template) and
 * `createTestApp` waits for it (test/helpers/template-making.ts, decision 1860).
 */
export default async function globalSetup(): Promise<void> {
  const name = `ife_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `The e2e suite needs a real PostgreSQL at ${adminUrl()} (set DATABASE_URL, or start the local one with ` +
        `'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start'): ${String(error)}`,
    );
  }
  await dropStaleDatabases(admin, 'ife_test_');
  await admin.end();
  await startMaking(name, async (scratch) => {
    const ds = createDataSource({ url: urlForDatabase(scratch), poolSize: 1 });
    await initialise(ds);
    try {
      await ds.runMigrations({ transaction: 'each' });
      // Reference data only: scenarios (allocation runs booked in the ledger, synthetic people) are loaded by the suites that use them.
      await loadFixtures(ds, { scenarios: false });
    } finally {
      await ds.destroy();
    }
  });
  process.env[TEMPLATE_ENV] = name;
}
