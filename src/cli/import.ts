import 'reflect-metadata';
import { importCountsFile, type ImportReport } from './import-counts';
import { resolveTarget, takeOption, type CliTarget } from './cli-target';

/**
 * `npm run import -- <kind> <file> [--batch-key KEY] [--url URL] [--token TOKEN]`. Each kind is one
 * entry here, so another module adds its importer without touching the others.
 */
export const IMPORTERS: Record<string, (target: CliTarget, file: string, batchKey?: string) => Promise<ImportReport>> = {
  counts: importCountsFile,
};

export const IMPORT_USAGE = `usage: npm run import -- <${Object.keys(IMPORTERS).join('|')}> <file.csv> [--batch-key KEY] [--url URL] [--token TOKEN]

Sends the file to the running server's GraphQL API when there is one (found through the embedded
database's lock, or given with --url / IFE_API_URL; token from --token / IFE_TOKEN, in development
minted from the server's secret). Without a server it writes into DATABASE_URL, or opens the
embedded database itself. All or nothing: every bad line is reported, nothing is written.`;

/** Runs the CLI against a target; returns the exit code (1 on bad rows, 2 on usage errors). */
export async function runImport(argv: string[], target: CliTarget, out: (line: string) => void): Promise<number> {
  const [kind, file, ...rest] = argv;
  const batchKey = takeOption(rest, 'batch-key').value;
  const importer = kind === undefined ? undefined : IMPORTERS[kind];
  if (!importer || !file) {
    out(IMPORT_USAGE);
    return 2;
  }
  const report = await importer(target, file, batchKey);
  if (report.ok) {
    out(
      `${report.replayed ? 'already imported' : 'imported'}: ${report.rows} rows, batch key ${report.batchKey}, into ${target.description}`,
    );
    return 0;
  }
  out(`refused: nothing was written (${report.problems.length} problem(s))`);
  for (const p of report.problems) {
    out(`line ${p.line}: ${p.field}: ${p.reason}`);
  }
  return 1;
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h') || argv.length === 0) {
    process.stdout.write(`${IMPORT_USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  const url = takeOption(argv, 'url');
  const token = takeOption(url.rest, 'token');
  const target = await resolveTarget({ url: url.value, token: token.value });
  try {
    process.stderr.write(`importing into ${target.description}\n`);
    return await runImport(token.rest, target, (line) => process.stdout.write(`${line}\n`));
  } finally {
    await target.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
