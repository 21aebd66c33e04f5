import 'reflect-metadata';
import { loadConfig } from '../config';
import { logToStderr } from '../common/logger';
import { createDataSource, initialise } from '../common/db/data-source';
import { startEmbeddedDatabase } from '../common/db/embedded';

/** Applies pending migrations to DATABASE_URL, or to the embedded database under ./data/. */
async function main(): Promise<void> {
  logToStderr();
  const config = loadConfig();
  const embedded = config.databaseUrl === undefined ? await startEmbeddedDatabase(config.embeddedDataDir) : undefined;
  const ds = createDataSource({ url: config.databaseUrl ?? embedded?.url ?? '', poolSize: 1 });
  try {
    await initialise(ds);
    const applied = await ds.runMigrations({ transaction: 'each' });
    process.stdout.write(applied.length ? `applied: ${applied.map((m) => m.name).join(', ')}\n` : 'no pending migrations\n');
  } finally {
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
