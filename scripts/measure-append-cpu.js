#!/usr/bin/env node
'use strict';
/* global console */
/**
 * Where a ledger append's time goes, Node against the database: a scratch database, N transactions
 * of the benchmark's transfers written by `postTransactions` in batches of B (the first WARM
 * batches untimed), and for each timed batch its wall time and the CPU time this Node process
 * spent in it (`process.cpuUsage`, user + system: our code, pg, streams, the garbage collector and
 * the socket writes). Medians per batch, and the mean (what the benchmark reads: its figure is the
 * total over the batches, so the slow ones count). Wall minus Node CPU is the time Node waited for
 * PostgreSQL; when Node CPU plus that wait is the whole batch, the two did not overlap.
 *
 * DIST_B=<another build's dist> measures that build too, in the same process on a scratch database
 * of its own, the two alternated batch by batch (A B, then B A), so both meet the same machine: on
 * the shared machine two runs one after the other differ by up to 20 % on their own. Needs
 * `npm run build` (or `node scripts/build.js server`) and the PostgreSQL at 127.0.0.1:5432; the
 * scratch databases (`ife_bench_append_cpu_<pid>`, `ife_bench_append_cpu_b_<pid>`) are dropped at
 * the end.
 *   NODE_ENV=production N=30000 B=500 WARM=10 [DIST_B=/tmp/old/dist] node scripts/measure-append-cpu.js
 */
require('reflect-metadata');
const path = require('node:path');

const admin = process.env.ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const n = Number(process.env.N || 30000);
const batch = Number(process.env.B || 500);
const warm = Number(process.env.WARM || 10);

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const round = (x) => Number(x.toFixed(2));

/** One build's modules, its scratch database and data source, and its timings. */
async function side(dist, label) {
  const { scratchDatabase } = require(`${dist}/bench/harness`);
  const { journal } = require(`${dist}/bench/ledger.bench`);
  const { createDataSource, initialise } = require(`${dist}/src/common/db/data-source`);
  const { systemContext } = require(`${dist}/src/fixtures`);
  const { postTransactions } = require(`${dist}/src/modules/ledger`);
  const scratch = await scratchDatabase(admin, label);
  const ds = createDataSource({ url: scratch.url, poolSize: 2 });
  try {
    await initialise(ds);
    const ctx = systemContext(ds);
    const codes = (await ds.query('SELECT code FROM municipalities ORDER BY code')).map((r) => r.code);
    return {
      dist,
      inputs: journal(n, codes),
      wall: [],
      cpu: [],
      append: (slice) => postTransactions(ctx, slice),
      async close() {
        await ds.destroy();
        await scratch.drop();
      },
    };
  } catch (error) {
    await ds.destroy().catch(() => undefined);
    await scratch.drop();
    throw error;
  }
}

async function main() {
  const sides = [await side(path.join(__dirname, '..', 'dist'), 'append_cpu')];
  try {
    if (process.env.DIST_B) {
      sides.push(await side(path.resolve(process.env.DIST_B), 'append_cpu_b'));
    }
    for (let i = 0, k = 0; i < n; i += batch, k += 1) {
      for (const s of k % 2 === 0 ? sides : [...sides].reverse()) {
        const slice = s.inputs.slice(i, i + batch);
        const cpu0 = process.cpuUsage();
        const t0 = process.hrtime.bigint();
        await s.append(slice);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        const used = process.cpuUsage(cpu0);
        if (k >= warm) {
          s.wall.push(ms);
          s.cpu.push((used.user + used.system) / 1000);
        }
      }
    }
    const report = sides.map((s) => {
      const w = median(s.wall);
      const c = median(s.cpu);
      return {
        dist: s.dist,
        transactions: n,
        batch,
        timedBatches: s.wall.length,
        wallMsPerBatch: round(w),
        nodeCpuMsPerBatch: round(c),
        waitingForDatabaseMsPerBatch: round(w - c),
        wallMsMean: round(s.wall.reduce((a, b) => a + b, 0) / s.wall.length),
        wallMsP90: round([...s.wall].sort((a, b) => a - b)[Math.floor(s.wall.length * 0.9)]),
      };
    });
    for (const r of report) {
      console.log(JSON.stringify(r));
    }
    if (report.length === 2) {
      console.log(
        JSON.stringify({
          medianAOverB: round(report[0].wallMsPerBatch / report[1].wallMsPerBatch),
          meanAOverB: round(report[0].wallMsMean / report[1].wallMsMean),
        }),
      );
    }
  } finally {
    for (const s of sides) {
      await s.close();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
