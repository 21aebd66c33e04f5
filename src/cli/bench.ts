import 'reflect-metadata';
// Before anything that loads graphql-js: the benchmarks run in production mode.
import { BENCH_NODE_ENV } from '../../bench/production-env';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchmarks } from '../../bench';
import { machineFacts, scratchDatabase, type Benchmark, type Figure } from '../../bench/harness';
import { startEmbeddedDatabase } from '../common/db/embedded';
import { createDataSource, initialise } from '../common/db/data-source';
import { loadFixtures } from '../fixtures';

/**
 * A figure's number for the table. A figure that could not be measured is NaN in its own process
 * and null once it has come through JSON from a benchmark's process.
 */
const shown = (value: number | null, digits: number): string => (typeof value === 'number' ? value.toFixed(digits) : 'NaN');

type BenchResult = { benchmark: string; figures: Figure[]; error?: string };

const argument = (name: string): string | undefined =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;

/**
 * One benchmark in a Node process of its own (this script with `--only NAME --result-file F`), so
 * what an earlier benchmark left in the heap cannot slow a later one: after the ledger and the
 * attribution benchmarks the process held about 270 MB, and the GraphQL read in that process read
 * 0.27–0.33 of the bare handler against 0.37–0.40 on its own (2026-12-07).
 */
async function runInOwnProcess(name: string, quick: boolean): Promise<BenchResult> {
  const file = path.join(os.tmpdir(), `ife-bench-${process.pid}-${name.replace(/\W/g, '_')}.json`);
  const args = [...process.execArgv, __filename, '--only', name, '--result-file', file, ...(quick ? ['--quick'] : [])];
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', env: process.env });
    child.on('error', reject);
    child.on('exit', (exit, signal) => resolve(exit ?? (signal === null ? 0 : 1)));
  });
  try {
    const report = JSON.parse(fs.readFileSync(file, 'utf8')) as { results: BenchResult[] };
    return report.results[0] ?? { benchmark: name, figures: [], error: `its process ended (exit code ${code}) with no result` };
  } catch {
    return { benchmark: name, figures: [], error: `its process ended (exit code ${code}) without writing a result` };
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/**
 * `npm run bench [-- --only name] [-- --quick]`: runs every registered benchmark on the real
 * PostgreSQL (DATABASE_URL, or the local one), each on its own scratch database and in its own
 * process, prints a table and writes bench/results.json. Every figure is measured in this run, next
 * to its baseline.
 */
async function main(): Promise<void> {
  if (process.argv.includes('--embedded')) {
    await runEmbedded();
    return;
  }
  const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const only = argument('--only');
  const resultFile = argument('--result-file');
  const quick = process.argv.includes('--quick');
  const selected = benchmarks.filter((b) => only === undefined || b.name === only);
  const machine = { ...(await machineFacts(adminUrl)), nodeEnv: BENCH_NODE_ENV };
  const results: BenchResult[] = [];
  if (selected.length === 0) {
    process.stdout.write('no benchmarks are registered yet: nothing was measured.\n');
  }
  for (const bench of selected) {
    if (only === undefined) {
      const result = await runInOwnProcess(bench.name, quick);
      if (result.error !== undefined) {
        process.exitCode = 1;
      }
      results.push(result);
      continue;
    }
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
          `${shown(f.value, f.value < 10 ? 3 : 1)} ${f.unit}`,
          f.baseline ? `${f.baseline.name}: ${shown(f.baseline.value, 1)} ${f.baseline.unit}` : '',
          f.ratio !== undefined ? `${shown(f.ratio, 3)} (${f.ratioMeaning ?? ''})` : '',
        ]),
  );
  if (rows.length > 0 && resultFile === undefined) {
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
  if (resultFile !== undefined) {
    // A benchmark run for a full run in its own process: its figures go to the parent.
    fs.writeFileSync(resultFile, `${JSON.stringify(report)}\n`);
  } else if (only === undefined && selected.length > 0) {
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
        `[embedded] ${r.benchmark} | ${f.name} | ${shown(f.value, f.value < 10 ? 3 : 1)} ${f.unit}${f.baseline ? ` | ${f.baseline.name}: ${shown(f.baseline.value, 1)} ${f.baseline.unit}` : ''}\n`,
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
