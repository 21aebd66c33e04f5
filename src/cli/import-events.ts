import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { loadConfig } from '../config';
import { createDataSource, initialise } from '../common/db/data-source';
import { startEmbeddedDatabase } from '../common/db/embedded';
import { systemContext } from '../fixtures';
import { importPersonEvents } from '../modules/people';
import { readEventFile } from '../modules/people/event-file.reader';
import { DomainError } from '../common/errors/domain-error';

/**
 * npm run import:events -- [events] <file.csv|file.ndjson> [--batch-key KEY]
 * Imports one file as one batch (all or nothing). Without --batch-key the key is derived from the
 * file's content, so importing the same file twice is a no-op. Exit code 1 and one line per bad
 * line ("line N: field: CODE reason") when anything is refused.
 */
async function main(argv: string[]): Promise<number> {
  const args = argv[0] === 'events' ? argv.slice(1) : argv;
  const keyAt = args.indexOf('--batch-key');
  const batchKeyArg = keyAt >= 0 ? args[keyAt + 1] : undefined;
  const file = args.find((a, i) => !a.startsWith('--') && (keyAt < 0 || i !== keyAt + 1));
  if (file === undefined) {
    process.stderr.write('usage: npm run import:events -- <file.csv|file.ndjson> [--batch-key KEY]\n');
    return 2;
  }
  const text = fs.readFileSync(file, 'utf8');
  const parsed = readEventFile(file, text);
  if (parsed.errors.length > 0) {
    parsed.errors.forEach((e) => process.stderr.write(`line ${e.line}: ${e.code} ${e.reason}\n`));
    process.stderr.write('nothing was written\n');
    return 1;
  }
  const batchKey =
    batchKeyArg ?? `file:${path.basename(file).slice(0, 100)}:${crypto.createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
  const config = loadConfig();
  const embedded = config.databaseUrl === undefined ? await startEmbeddedDatabase(config.embeddedDataDir) : undefined;
  const ds = createDataSource({ url: config.databaseUrl ?? embedded?.url ?? '', poolSize: 1 });
  try {
    await initialise(ds);
    const summary = await importPersonEvents(systemContext(ds), { batchKey, events: parsed.events, lines: parsed.lines });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof DomainError && Array.isArray(error.extensions.lines)) {
      for (const l of error.extensions.lines as { line: number; field: string; code: string; reason: string }[]) {
        process.stderr.write(`line ${l.line}: ${l.field}: ${l.code} ${l.reason}\n`);
      }
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  } finally {
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
