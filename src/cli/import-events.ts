import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { sha256Hex } from '../common/hashing/canonical';
import { readEventFile } from '../modules/people';
import { BatchRefused, progress, resolveTarget, takeOption, type CliTarget, type EventsSummary } from './cli-target';

/** Events per request: well under the API's 20,000 per batch and its body limit, and a progress step. */
export const EVENTS_PER_CHUNK = 5000;

export const EVENTS_USAGE = `usage: npm run import:events -- <file.csv|file.ndjson> [--batch-key KEY] [--url URL] [--token TOKEN]

Reads the whole file first (every unreadable line is reported, nothing is sent), then sends the
events in chunks of ${EVENTS_PER_CHUNK}, in file order, each all or nothing and idempotent by its content:
a refused chunk stops the import with its lines reported; the chunks before it are stored, and
running the corrected file again skips them. Progress (events done / total) on stderr.
Target: the running server's API when there is one (found through the embedded database's lock,
or --url / IFE_API_URL, token --token / IFE_TOKEN), else DATABASE_URL or the embedded database.`;

const KEY_SAFE = (text: string): string => text.replace(/[^A-Za-z0-9_.:/-]/g, '_');

export interface EventsImportResult {
  exitCode: number;
  chunks: EventsSummary[];
}

/**
 * Imports one events file through `target`. Without --batch-key each chunk's key is derived from
 * the file name and the chunk's own content, so a corrected file re-sends only what changed.
 */
export async function importEventsFile(
  target: CliTarget,
  file: string,
  batchKeyArg: string | undefined,
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<EventsImportResult> {
  const text = fs.readFileSync(file, 'utf8');
  const parsed = readEventFile(file, text);
  if (parsed.errors.length > 0) {
    parsed.errors.forEach((e) => err(`line ${e.line}: ${e.code} ${e.reason}`));
    err('nothing was written');
    return { exitCode: 1, chunks: [] };
  }
  const total = parsed.events.length;
  const chunkCount = Math.max(1, Math.ceil(total / EVENTS_PER_CHUNK));
  const report = progress('events', total, err);
  const chunks: EventsSummary[] = [];
  for (let c = 0; c < chunkCount; c += 1) {
    const from = c * EVENTS_PER_CHUNK;
    const events = parsed.events.slice(from, from + EVENTS_PER_CHUNK);
    const digest = sha256Hex(JSON.stringify(events)).slice(0, 16);
    const key =
      batchKeyArg === undefined
        ? `file:${KEY_SAFE(path.basename(file)).slice(0, 100)}:${digest}${chunkCount > 1 ? `:${c + 1}` : ''}`
        : chunkCount > 1
          ? `${batchKeyArg}:part-${c + 1}-of-${chunkCount}`
          : batchKeyArg;
    try {
      chunks.push(await target.importEvents(key, events));
    } catch (error) {
      if (error instanceof BatchRefused) {
        for (const p of error.problems) {
          const line = p.index > 0 ? (parsed.lines[from + p.index - 1] ?? 0) : 0;
          err(`line ${line}: ${p.field}: ${p.code ? `${p.code} ` : ''}${p.reason}`);
        }
        err(
          c === 0
            ? `${error.message}; nothing was written`
            : `${error.message}; events 1-${from} (${c} chunk(s)) were stored before it, the rest was not: run the corrected file again`,
        );
        return { exitCode: 1, chunks };
      }
      throw error;
    }
    report(from + events.length);
  }
  const sum = (k: 'received' | 'applied' | 'pending' | 'unchanged' | 'released') => chunks.reduce((n, x) => n + x[k], 0);
  out(
    JSON.stringify({
      batchKey: chunks.length === 1 ? chunks[0]!.batchKey : chunks.map((x) => x.batchKey),
      received: sum('received'),
      applied: sum('applied'),
      pending: sum('pending'),
      unchanged: sum('unchanged'),
      released: sum('released'),
      replayed: chunks.every((x) => x.replayed),
    }),
  );
  return { exitCode: 0, chunks };
}

async function main(argv: string[]): Promise<number> {
  const rest = argv[0] === 'events' ? argv.slice(1) : argv;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${EVENTS_USAGE}\n`);
    return 0;
  }
  const url = takeOption(rest, 'url');
  const token = takeOption(url.rest, 'token');
  const key = takeOption(token.rest, 'batch-key');
  const file = key.rest.find((a) => !a.startsWith('--'));
  if (file === undefined) {
    process.stderr.write(`${EVENTS_USAGE}\n`);
    return 2;
  }
  const target = await resolveTarget({ url: url.value, token: token.value });
  try {
    process.stderr.write(`importing into ${target.description}\n`);
    const result = await importEventsFile(
      target,
      file,
      key.value,
      (line) => process.stdout.write(`${line}\n`),
      (line) => process.stderr.write(`${line}\n`),
    );
    return result.exitCode;
  } finally {
    await target.close();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`import failed: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
