import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { median, type Benchmark, type Figure } from './harness';

/** The repository root (this file runs from dist/bench/). */
const ROOT = path.resolve(__dirname, '../..');
const BANNER = /Development tokens[^\n]*\n(\s+\S+\s+\S+\n){4}/;

/**
 * Runs a command as a person would (in its own process group), measures the time from spawning it
 * to the token banner, then stops the group with SIGTERM (as Ctrl-C stops all of `npm start`) and
 * waits until every process of it has closed its output, checking that the server stopped cleanly.
 */
async function timeToBanner(command: string, args: string[], env: Record<string, string | undefined>): Promise<number> {
  // As a person's shell has it: no NODE_ENV (development), whatever the benchmark process runs in.
  const { NODE_ENV: _benchMode, ...inherited } = process.env;
  const started = process.hrtime.bigint();
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...inherited, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  const closed = Promise.all([
    new Promise((resolve) => child.stdout.on('close', resolve)),
    new Promise((resolve) => child.stderr.on('close', resolve)),
  ]);
  const ready = new Promise<number>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (BANNER.test(out)) {
        resolve(Number(process.hrtime.bigint() - started) / 1e6);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void closed.then(() => reject(new Error(`${command} ${args.join(' ')} ended before its banner:\n${out}`)));
  });
  let ms: number;
  try {
    ms = await ready;
  } finally {
    if (child.pid !== undefined) {
      process.kill(-child.pid, 'SIGTERM');
    }
  }
  await closed;
  if (!out.includes('"msg":"stopped cleanly"')) {
    throw new Error(`${command} ${args.join(' ')} did not stop cleanly:\n${out.slice(-2000)}`);
  }
  return ms;
}

/**
 * Node starting and PGlite opening a data directory, nothing else: the floor of a restart. With
 * the V8 flag the server sets for PGlite (`--liftoff-only`, decision 1840), so it stays the floor.
 */
async function bareOpen(dataDir: string): Promise<number> {
  const script = `const { PGlite } = require('@electric-sql/pglite'); PGlite.create(${JSON.stringify(dataDir)}).then(async (db) => { await db.query('SELECT 1'); process.stdout.write('open\\n'); await db.close(); });`;
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--liftoff-only', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('exit', (code) => (code === 0 && out.includes('open') ? resolve() : reject(new Error(`bare PGlite open failed (${code})`))));
  });
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/**
 * Where people wait for the server (issue 19.1): `npm start` on an already built clone to the
 * token banner, timed as a person runs it (npm, the build's up-to-date check, the server). First
 * start on a new embedded data directory (a copy of the fixture snapshot) against the same start
 * loading the fixtures through the services as it did before the snapshot; a restart against the
 * floor of node plus PGlite opening the same directory; the in-memory start; the real PostgreSQL
 * (a new database loads the fixtures in place, a restart finds them in fixture_loads); and the
 * one-time cost of making the snapshot. Each start is the median of several.
 */
export const startupBenchmark: Benchmark = {
  name: 'startup',
  async run(ctx) {
    const rounds = ctx.quick ? 1 : 3;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-bench-startup-'));
    const npmStart = (env: Record<string, string>, extra: string[] = []) =>
      timeToBanner('npm', ['start', '--silent', ...(extra.length > 0 ? ['--', ...extra] : [])], env);
    try {
      // The build is current (npm run bench built first): this start checks it as every start does.
      const firsts: number[] = [];
      const restarts: number[] = [];
      const floors: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        const dataDir = path.join(work, `embedded-${i}`);
        firsts.push(await npmStart({ EMBEDDED_DATA_DIR: dataDir }));
        restarts.push(await npmStart({ EMBEDDED_DATA_DIR: dataDir }));
        floors.push(await bareOpen(dataDir));
      }
      const ephemeral: number[] = [];
      for (let i = 0; i < rounds; i += 1) {
        ephemeral.push(await npmStart({}, ['--ephemeral']));
      }
      // Before the snapshot every first start loaded the fixtures through the services: an empty,
      // migrated directory started with fixtures does exactly that (no snapshot applies to it).
      const inPlaceDir = path.join(work, 'in-place');
      await npmStart({ EMBEDDED_DATA_DIR: inPlaceDir, LOAD_FIXTURES: 'false' });
      const inPlace = await npmStart({ EMBEDDED_DATA_DIR: inPlaceDir });

      // The real PostgreSQL: a new database of its own.
      const database = `ife_bench_startup_${process.pid}`;
      const admin = new Client({ connectionString: ctx.adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${database}"`);
      const url = new URL(ctx.adminUrl);
      url.pathname = `/${database}`;
      let realFirst: number;
      let realRestart: number;
      try {
        realFirst = await npmStart({ DATABASE_URL: url.toString() });
        realRestart = await npmStart({ DATABASE_URL: url.toString() });
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
        await admin.end();
      }

      // The one-time cost: making the snapshot again for the same code (it replaces the current one).
      const snapshotStarted = process.hrtime.bigint();
      await new Promise<void>((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(ROOT, 'dist/src/cli/fixture-snapshot.js'), '--force'], {
          cwd: ROOT,
          env: { ...process.env, LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
        child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`fixture-snapshot --force failed (${code})`))));
      });
      const snapshotMs = Number(process.hrtime.bigint() - snapshotStarted) / 1e6;

      const s = (ms: number) => ms / 1000;
      const first = median(firsts);
      const restart = median(restarts);
      const floor = median(floors);
      const figures: Figure[] = [
        {
          name: 'npm start, first start on a new embedded data directory, to the token banner',
          value: s(first),
          unit: 's',
          baseline: { name: 'the same first start loading the fixtures through the services (no snapshot)', value: s(inPlace), unit: 's' },
          ratio: inPlace / first,
          ratioMeaning: 'without snapshot / with (times faster); target: under 10 s',
          dataSize: `median of ${rounds}; all fixtures (342 municipalities, 2025 settled, 2026 running, 5,000 people)`,
        },
        {
          name: 'npm start, restart on the same embedded data directory, to the token banner',
          value: s(restart),
          unit: 's',
          baseline: {
            name: 'node starting and PGlite opening the same directory (on Liftoff, as the server runs it), nothing else',
            value: s(floor),
            unit: 's',
          },
          ratio: floor / restart,
          ratioMeaning: 'floor / restart (share of the restart that is opening the database); target: under 3 s',
          dataSize: `median of ${rounds}`,
        },
        {
          name: 'npm start -- --ephemeral (in memory, loaded from the snapshot), to the token banner',
          value: s(median(ephemeral)),
          unit: 's',
          dataSize: `median of ${rounds}`,
        },
        {
          name: 'npm start on a new real-PostgreSQL database (fixtures through the services), to the token banner',
          value: s(realFirst),
          unit: 's',
          notes:
            'a database named by DATABASE_URL exists already, so it cannot be cloned from a template: the fixtures are loaded in place, once',
        },
        {
          name: 'npm start, restart on that real-PostgreSQL database (fixture_loads: nothing to load), to the token banner',
          value: s(realRestart),
          unit: 's',
        },
        {
          name: 'making the fixture snapshot (once per code version, by the build)',
          value: s(snapshotMs),
          unit: 's',
          notes:
            'migrations and every fixture through the services on a new embedded database, then closed and kept as a directory and a tarball',
        },
      ];
      return figures;
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};
