import 'reflect-metadata';
// Before anything that loads graphql-js: the benchmarks run in production mode.
import { BENCH_NODE_ENV } from '../../bench/production-env';
import fs from 'node:fs';
import path from 'node:path';
import { benchmarks } from '../../bench';
import { machineFacts, scratchDatabase, type Benchmark, type Figure } from '../../bench/harness';
import { startEmbeddedDatabase } from '../common/db/embedded';
import { createDataSource, initialise } from '../common/db/data-source';
import { loadFixtures } from '../fixtures';

/**
 * `npm run bench [-- --only name] [-- --quick]`: runs every registered benchmark on the real
 * PostgreSQL (DATABASE_URL, or the local one), each on its own scratch database, prints a table and
 * writes bench/results.json. Every figure is measured in this run, next to its baseline.
 */
async function main(): Promise<void> {
  if (process.argv.includes('--embedded')) {
    await runEmbedded();
    return;
  }
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const quick = process.argv.includes('--quick');
  const selected = benchmarks.filter((b) => only === undefined || b.name === only);
  const machine = { ...(await machineFacts(adminUrl)), nodeEnv: BENCH_NODE_ENV };
  const results: { benchmark: string; figures: Figure[]; error?: string }[] = [];
  if (selected.length === 0) {
    process.stdout.write('no benchmarks are registered yet: nothing was measured.\n');
  }
  for (const bench of selected) {
    process.stdout.write(`running ${bench.name}…\n`);
    const db = await scratchDatabase(adminUrl, bench.name.replace(/\W/g, '_'));
    try {
      const figures = await bench.run({ databaseUrl: db.url, adminUrl, quick });
      results.push({ benchmark: bench.name, figures });
    } catch (error) {
      results.push({ benchmark: bench.name, figures: [], error: error instanceof Error ? error.message : String(error) });
      process.exitCode = 1;
    } finally {
      await db.drop();
    }
  }
  const rows = results.flatMap((r) =>
    r.error !== undefined
      ? [[r.benchmark, 'FAILED', r.error, '', '']]
      : r.figures.map((f) => [
          r.benchmark,
          f.name,
          `${f.value.toFixed(f.value < 10 ? 3 : 1)} ${f.unit}`,
          f.baseline ? `${f.baseline.name}: ${f.baseline.value.toFixed(1)} ${f.baseline.unit}` : '',
          f.ratio !== undefined ? `${f.ratio.toFixed(3)} (${f.ratioMeaning ?? ''})` : '',
        ]),
  );
  if (rows.length > 0) {
    const header = ['benchmark', 'figure', 'value', 'baseline (same run)', 'ratio'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ');
    process.stdout.write(
      `${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n${rows.map((r) => line(r.map(String))).join('\n')}\n`,
    );
  }
  const out = path.resolve(__dirname, '../../../bench/results.json');
  const report = {
    measuredAt: new Date().toISOString(),
    command: `npm run bench${quick ? ' -- --quick' : ''}`,
    database: 'real PostgreSQL (DATABASE_URL or 127.0.0.1:5432); COPY is not available through the embedded socket',
    machine,
    results,
  };
  if (only === undefined && selected.length > 0) {
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`wrote ${out}\n`);
  } else {
    // A partial run does not overwrite the committed results; its full figures go to stdout.
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  }
}

/**
 * `npm run bench -- --embedded`: the benchmarks whose baselines need neither COPY nor a second
 * server, on a fresh in-memory embedded database (PGlite, one connection), marked as such and
 * written to bench/results-embedded.json (a full run) so they never mix with the real-PostgreSQL
 * figures.
 */
async function runEmbedded(): Promise<void> {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const quick = process.argv.includes('--quick');
  const selected = benchmarks.filter((b: Benchmark) => b.embedded === true && (only === undefined || b.name === only));
  const results: { benchmark: string; figures: Figure[]; error?: string }[] = [];
  for (const bench of selected) {
    process.stdout.write(`running ${bench.name} on the embedded database…\n`);
    const embedded = await startEmbeddedDatabase(undefined);
    try {
      const ds = createDataSource({ url: embedded.url, poolSize: 1 });
      await initialise(ds);
      await ds.runMigrations({ transaction: 'each' });
      await loadFixtures(ds, { scenarios: false });
      await ds.destroy();
      results.push({
        benchmark: bench.name,
        figures: await bench.run({ databaseUrl: embedded.url, adminUrl: embedded.url, quick, embedded: true }),
      });
    } catch (error) {
      results.push({ benchmark: bench.name, figures: [], error: error instanceof Error ? error.message : String(error) });
      process.exitCode = 1;
    } finally {
      await embedded.stop();
    }
  }
  for (const r of results) {
    for (const f of r.figures) {
      process.stdout.write(
        `[embedded] ${r.benchmark} | ${f.name} | ${f.value.toFixed(f.value < 10 ? 3 : 1)} ${f.unit}${f.baseline ? ` | ${f.baseline.name}: ${f.baseline.value.toFixed(1)} ${f.baseline.unit}` : ''}\n`,
      );
    }
    if (r.error !== undefined) {
      process.stdout.write(`[embedded] ${r.benchmark} FAILED: ${r.error}\n`);
    }
  }
  const report = {
    measuredAt: new Date().toISOString(),
    command: `npm run bench -- --embedded${quick ? ' --quick' : ''}`,
    database:
      'EMBEDDED (PGlite 0.5.14 over pglite-socket, in memory, one connection); only benchmarks whose baselines need no COPY or second server',
    machine: { cores: (await import('node:os')).cpus().length, node: process.version, nodeEnv: BENCH_NODE_ENV },
    notRunHere: benchmarks.filter((b) => b.embedded !== true).map((b) => b.name),
    results,
  };
  if (only === undefined) {
    const out = path.resolve(__dirname, '../../../bench/results-embedded.json');
    fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(`wrote ${out}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
