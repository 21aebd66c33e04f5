import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config';
import { createDataSource, initialise } from '../common/db/data-source';
import { startEmbeddedDatabase } from '../common/db/embedded';
import { systemContext } from '../fixtures';
import type { RequestContext } from '../context';
import { importCountsFile, type ImportReport } from './import-counts';

/**
 * `npm run import -- <kind> <file> [--batch-key KEY]`. Each kind is one entry here, so another
 * module adds its importer (e.g. `events`) without touching the others.
 */
export const IMPORTERS: Record<string, (ctx: RequestContext, file: string, batchKey?: string) => Promise<ImportReport>> = {
  counts: importCountsFile,
};

/** Runs the CLI against a data source; returns the exit code (1 on bad rows, 2 on usage errors). */
export async function runImport(argv: string[], dataSource: DataSource, out: (line: string) => void): Promise<number> {
  const [kind, file, ...rest] = argv;
  const keyAt = rest.indexOf('--batch-key');
  const batchKey = keyAt >= 0 ? rest[keyAt + 1] : undefined;
  const importer = kind === undefined ? undefined : IMPORTERS[kind];
  if (!importer || !file) {
    out(`usage: npm run import -- <${Object.keys(IMPORTERS).join('|')}> <file.csv> [--batch-key KEY]`);
    return 2;
  }
  const report = await importer(systemContext(dataSource), file, batchKey);
  if (report.ok) {
    out(`${report.replayed ? 'already imported' : 'imported'}: ${report.rows} rows, batch key ${report.batchKey}`);
    return 0;
  }
  out(`refused: nothing was written (${report.problems.length} problem(s))`);
  for (const p of report.problems) {
    out(`line ${p.line}: ${p.field}: ${p.reason}`);
  }
  return 1;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl === undefined ? await startEmbeddedDatabase(config.embeddedDataDir) : undefined;
  const ds = createDataSource({ url: config.databaseUrl ?? embedded?.url ?? '', poolSize: 1 });
  try {
    await initialise(ds);
    process.exitCode = await runImport(process.argv.slice(2), ds, (line) => process.stdout.write(`${line}\n`));
  } finally {
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
