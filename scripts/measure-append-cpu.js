#!/usr/bin/env node
'use strict';
/* global console */
/**
 * Where a ledger append's time goes, Node against the database: a scratch database, N transactions
 * of the benchmark's transfers written by `postTransactions` in batches of B (the first WARM
 * batches untimed), and for each timed batch its wall time and the CPU time this Node process
 * spent in it (`process.cpuUsage`, user + system: our code, pg, streams, the garbage collector and
 * the socket writes). Medians per batch. Wall minus Node CPU is the time Node waited for
 * PostgreSQL; when Node CPU plus that wait is the whole batch, the two did not overlap. Needs
 * `npm run build` (or `node scripts/build.js server`) and the PostgreSQL at 127.0.0.1:5432; the
 * scratch database (`ife_bench_append_cpu_<pid>`) is dropped at the end.
 *   NODE_ENV=production N=30000 B=500 WARM=10 node scripts/measure-append-cpu.js
 */
require('reflect-metadata');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
const { scratchDatabase } = require(`${dist}/bench/harness`);
const { journal } = require(`${dist}/bench/ledger.bench`);
const { createDataSource, initialise } = require(`${dist}/src/common/db/data-source`);
const { systemContext } = require(`${dist}/src/fixtures`);
const { postTransactions } = require(`${dist}/src/modules/ledger`);

const admin = process.env.ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const n = Number(process.env.N || 30000);
const batch = Number(process.env.B || 500);
const warm = Number(process.env.WARM || 10);

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function main() {
  const scratch = await scratchDatabase(admin, 'append_cpu');
  const ds = createDataSource({ url: scratch.url, poolSize: 2 });
  await initialise(ds);
  try {
    const ctx = systemContext(ds);
    const codes = (await ds.query('SELECT code FROM municipalities ORDER BY code')).map((r) => r.code);
    const inputs = journal(n, codes);
    const wall = [];
    const cpu = [];
    for (let i = 0, k = 0; i < inputs.length; i += batch, k += 1) {
      const slice = inputs.slice(i, i + batch);
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      await postTransactions(ctx, slice);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const used = process.cpuUsage(cpu0);
      if (k >= warm) {
        wall.push(ms);
        cpu.push((used.user + used.system) / 1000);
      }
    }
    const w = median(wall);
    const c = median(cpu);
    console.log(
      JSON.stringify({
        transactions: n,
        batch,
        timedBatches: wall.length,
        wallMsPerBatch: Number(w.toFixed(2)),
        nodeCpuMsPerBatch: Number(c.toFixed(2)),
        waitingForDatabaseMsPerBatch: Number((w - c).toFixed(2)),
      }),
    );
  } finally {
    await ds.destroy();
    await scratch.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
