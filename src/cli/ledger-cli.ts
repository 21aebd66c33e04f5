import { loadConfig } from '../config';
import { logToStderr } from '../common/logger';
import { createDataSource, initialise } from '../common/db/data-source';
import { startEmbeddedDatabase } from '../common/db/embedded';
import type { RequestContext } from '../context';
import { systemContext } from '../fixtures';
import fs from 'node:fs';
import { checkAgainstCheckpoint, compactDailyBalances, parseCheckpoint, runLedgerChecks, verifyJournal } from '../modules/ledger';

/**
 * Runs `work` against `url` (default DATABASE_URL, or the embedded database when unset) after
 * applying pending migrations, as src/cli/migrate.ts does, so the ledger CLIs work on a database
 * of any age.
 */
export async function withLedgerDatabase<T>(work: (ctx: RequestContext) => Promise<T>, url?: string): Promise<T> {
  logToStderr();
  const config = loadConfig();
  const target = url ?? config.databaseUrl;
  const embedded = target === undefined ? await startEmbeddedDatabase(config.embeddedDataDir) : undefined;
  const ds = createDataSource({ url: target ?? embedded?.url ?? '', poolSize: 1, applicationName: 'ledger-cli' });
  try {
    await initialise(ds);
    await ds.runMigrations({ transaction: 'each' });
    return await work(systemContext(ds));
  } finally {
    await ds.destroy().catch(() => undefined);
    await embedded?.stop();
  }
}

/** `npm run check:ledger`: every named check; returns the exit code (1 when any check fails). */
export async function checkLedgerCli(write: (line: string) => void, url?: string): Promise<number> {
  const results = await withLedgerDatabase((ctx) => runLedgerChecks(ctx), url);
  const failed = results.filter((r) => r.rows.length > 0);
  for (const r of results) {
    write(`${r.rows.length === 0 ? 'ok    ' : 'FAILED'} ${r.name}${r.rows.length ? ` (${r.rows.length} rows)` : ''}`);
    for (const row of r.rows.slice(0, 50)) {
      write(`         ${JSON.stringify(row)}`);
    }
  }
  if (failed.length > 0) {
    write(`ledger checks failed: ${failed.map((r) => r.name).join(', ')}`);
    return 1;
  }
  write(`all ${results.length} ledger checks passed`);
  return 0;
}

/**
 * `npm run compact:balances`: moves the postings after the watermark into `ledger_daily_balances`
 * now (the job does it every minute, decision 1890); balances read the same before and after.
 */
export async function compactBalancesCli(write: (line: string) => void, url?: string): Promise<number> {
  const moved = await withLedgerDatabase((ctx) => compactDailyBalances(ctx.dataSource), url);
  write(
    moved === null
      ? 'nothing after the watermark'
      : `compacted sequences ${Number(moved.from) + 1}..${moved.to} into ledger_daily_balances`,
  );
  return 0;
}

/**
 * `npm run verify-journal -- --checkpoint FILE`: the whole chain, then the journal against a
 * checkpoint the auditor kept (its signature, nothing missing after it, its hash unchanged).
 */
export async function verifyCheckpointCli(write: (line: string) => void, file: string, url?: string): Promise<number> {
  const doc = parseCheckpoint(fs.readFileSync(file, 'utf8'), file);
  const check = await withLedgerDatabase((ctx) => checkAgainstCheckpoint(ctx, doc), url);
  if (check.ok) {
    write(`OK journal holds checkpoint ${doc.sequence} (${doc.hash}), signature valid; head ${check.headSequence} ${check.headHash}`);
    return 0;
  }
  for (const problem of check.problems) {
    write(`FAILED ${problem}`);
  }
  return 1;
}

/** `npm run verify-journal`: walks the chain; returns the exit code (1 at a broken link). */
export async function verifyJournalCli(write: (line: string) => void, url?: string): Promise<number> {
  const result = await withLedgerDatabase((ctx) => verifyJournal(ctx), url);
  if (result.ok || result.brokenAt === null) {
    write(`OK ${result.count} transactions, head ${result.headHash}`);
    return 0;
  }
  const b = result.brokenAt;
  write(
    `BROKEN at transaction ${b.transactionId} (sequence ${b.sequence}): ${b.problem}, expected ${b.expected}, found ${b.actual}; ` +
      `${result.count} transactions intact before it`,
  );
  return 1;
}

/** Entry point shared by the two CLIs: exit code from `run`, 2 when it cannot run at all. */
export function runCli(name: string, run: (write: (line: string) => void) => Promise<number>): void {
  run((line) => process.stdout.write(`${line}\n`))
    .then((code) => {
      process.exitCode = code;
    })
    .catch((error: unknown) => {
      process.stderr.write(`${name} failed to run: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    });
}
