import os from 'node:os';
import { Client } from 'pg';
import { createDataSource, initialise } from '../src/common/db/data-source';
import { loadFixtures } from '../src/fixtures';

/** One measured figure. `limit` is what the same work costs at the physical limit, measured in the same run. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The baseline measured side by side (e.g. raw COPY), when there is one. */
  baseline?: { name: string; value: number; unit: string };
  /** value / baseline.value (for rates) or baseline / value (for durations); stated in `ratioMeaning`. */
  ratio?: number;
  ratioMeaning?: string;
  dataSize?: string;
  notes?: string;
}

export interface BenchContext {
  /** A fresh, migrated database on the real PostgreSQL, with the municipality fixtures. */
  databaseUrl: string;
  /** The server's admin URL (for scratch tables/databases a benchmark needs). */
  adminUrl: string;
  quick: boolean;
  /**
   * The embedded database (PGlite over its socket, one connection): `databaseUrl` is a fresh,
   * migrated database with the municipality fixtures and there is no server to make scratch
   * databases on. Only benchmarks with `embedded: true` run there.
   */
  embedded?: boolean;
}

export interface Benchmark {
  name: string;
  /** Runs on the embedded database too (its baselines need neither COPY nor a second server). */
  embedded?: boolean;
  run(ctx: BenchContext): Promise<Figure[]>;
}

export async function machineFacts(adminUrl: string): Promise<Record<string, unknown>> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  const version = (await client.query<{ version: string }>('SELECT version()')).rows[0]?.version;
  await client.end();
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres: version,
  };
}

/** Creates a scratch database with all migrations and fixtures; returns its URL and a drop function. */
export async function scratchDatabase(adminUrl: string, label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `ife_bench_${label}_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const ds = createDataSource({ url: url.toString(), poolSize: 1 });
  await initialise(ds);
  await ds.runMigrations({ transaction: 'each' });
  // Reference data only (municipalities): each benchmark makes the data it measures.
  await loadFixtures(ds, { scenarios: false });
  await ds.destroy();
  return {
    url: url.toString(),
    async drop() {
      const a = new Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

/** The middle value (the upper of the two middle ones for an even count; NaN for none). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Wall-clock milliseconds of `fn`, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, result };
}
