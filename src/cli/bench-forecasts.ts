import 'reflect-metadata';
import { Client } from 'pg';
import { createDataSource, initialise } from '../common/db/data-source';
import { runCommand } from '../common/db/run-command';
import { logToStderr } from '../common/logger';
import { systemContext } from '../fixtures';
import { loadMunicipalityFixtures } from '../modules/municipalities';
import { HISTORY_FIXTURE, loadHistoryFixtures } from '../modules/people';
import { publishAttribution } from '../modules/registration';
import { backtestResult, createForecast, runBacktest } from '../modules/forecasts';

/**
 * Loads the generated history at `--scale` (1 = national) into a scratch database on the real
 * PostgreSQL (DATABASE_URL's server), publishes every year's REGISTERED counts, makes a
 * SHRINKAGE_EB forecast and backtests SHRINKAGE_EB and TRAILING_ACTUALS over 2024–2026, and prints
 * the timings and each backtest's summary per size class as JSON. The scratch database is dropped.
 *
 *   node dist/src/cli/bench-forecasts.js --scale 1
 */
async function main(): Promise<void> {
  logToStderr();
  const at = process.argv.indexOf('--scale');
  const scale = at >= 0 ? Number(process.argv[at + 1]) : 1;
  if (!(scale > 0 && scale <= 1)) {
    throw new Error('--scale must be in (0, 1]');
  }
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const scratch = `ife_bench_forecasts_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${scratch}`);
  const url = new URL(adminUrl);
  url.pathname = `/${scratch}`;
  const ds = createDataSource({ url: url.toString(), poolSize: 2 });
  const timings: Record<string, number> = {};
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    const result = await fn();
    timings[label] = Date.now() - started;
    return result;
  };
  try {
    await initialise(ds);
    await ds.runMigrations({ transaction: 'each' });
    const ctx = systemContext(ds);
    await runCommand(ctx, (tx) => loadMunicipalityFixtures(tx));
    const events = await timed('importEventsMs', () => runCommand(ctx, (tx) => loadHistoryFixtures(tx, { ...HISTORY_FIXTURE, scale })));
    await timed('publishCountsMs', async () => {
      for (let y = HISTORY_FIXTURE.fromYear; y <= HISTORY_FIXTURE.toYear; y += 1) {
        await publishAttribution(ctx, { year: y, rule: 'PEILDATUM' });
      }
    });
    await timed('shrinkageForecastMs', () => createForecast(ctx, { year: 2026, method: 'SHRINKAGE_EB', idempotencyKey: 'bench-eb' }));
    const summaries: Record<string, unknown> = {};
    for (const method of ['SHRINKAGE_EB', 'TRAILING_ACTUALS'] as const) {
      const { backtest } = await timed(`backtest${method}Ms`, () =>
        runBacktest(ctx, { method, fromYear: 2024, toYear: 2026, idempotencyKey: `bench-bt-${method}` }),
      );
      summaries[method] = (await backtestResult(ctx, backtest.id)).summary.map((s) => ({
        sizeClass: s.sizeClass,
        lines: s.lines,
        wape: s.wape?.toFixed(4) ?? null,
        coverage50: s.coverage?.['50'].toFixed(4) ?? null,
        coverage80: s.coverage?.['80'].toFixed(4) ?? null,
        coverage90: s.coverage?.['90'].toFixed(4) ?? null,
      }));
    }
    process.stdout.write(`${JSON.stringify({ scale, events, timings, summaries }, null, 2)}\n`);
  } finally {
    await ds.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${scratch}`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
