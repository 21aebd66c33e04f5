#!/usr/bin/env node
'use strict';
/* global console */
/**
 * Measures what the daily-balance upsert cost an append (decision 1890): one scratch database, the
 * postings trigger of migration 1797420000000 (upsert per statement, `old`) and of 1797500000000
 * (`new`) swapped every PER batches, `postTransactions` timed per batch, medians per variant. Needs
 * `npm run build` and the PostgreSQL at 127.0.0.1:5432.
 *   NODE_ENV=production BATCH=500 ROUNDS=20 PER=3 [APPEND_PATH=insert] node scripts/measure-ledger-trigger-ab.js
 */
require('reflect-metadata');
const path = require('node:path');
const dist = path.join(__dirname, '..', 'dist');
const { scratchDatabase, timed } = require(`${dist}/bench/harness`);
const { journal } = require(`${dist}/bench/ledger.bench`);
const { createDataSource, initialise } = require(`${dist}/src/common/db/data-source`);
const { systemContext } = require(`${dist}/src/fixtures`);
const { postTransactions } = require(`${dist}/src/modules/ledger`);
const { setAppendPath } = require(`${dist}/src/modules/ledger/ledger.writer`);
const { LedgerBalancesOutOfTheAppend1797500000000: Migration } = require(`${dist}/migrations/1797500000000-LedgerBalancesOutOfTheAppend`);

async function statements(run) {
  const sql = [];
  await run({ query: async (s) => void sql.push(s) });
  return sql.find((s) => s.includes('FUNCTION journal_postings_stmt'));
}

async function main() {
  const triggers = {
    new: await statements((q) => new Migration().up(q)),
    old: await statements((q) => new Migration().down(q)),
  };
  const db = await scratchDatabase(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres', 'ledger_ab');
  const ds = createDataSource({ url: db.url, poolSize: 2 });
  try {
    await initialise(ds);
    const ctx = systemContext(ds);
    const codes = (await ds.query('SELECT code FROM municipalities ORDER BY code')).map((r) => r.code);
    const batch = Number(process.env.BATCH || 500);
    const rounds = Number(process.env.ROUNDS || 16);
    const per = Number(process.env.PER || 3);
    setAppendPath(ds, process.env.APPEND_PATH || 'copy');
    let k = 0;
    // The benchmark's own transfers (bench/ledger.bench.ts), a new key prefix per batch.
    const inputs = (n) => journal(n, codes, `ab-${k++}`);
    // Warm-up with the new trigger: a journal of 10,000 transactions first.
    await ds.query(triggers.new);
    for (let i = 0; i < Math.max(4, 10000 / batch); i += 1) {
      await postTransactions(ctx, inputs(batch));
    }
    const ms = { old: [], new: [] };
    for (let r = 0; r < rounds; r += 1) {
      for (const v of r % 2 ? ['new', 'old'] : ['old', 'new']) {
        await ds.query(triggers[v]);
        for (let j = 0; j < per; j += 1) {
          ms[v].push((await timed(() => postTransactions(ctx, inputs(batch)))).ms);
        }
      }
    }
    await ds.query(triggers.new);
    const q = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))].toFixed(1);
    const out = { batch, perVariant: ms.old.length, path: process.env.APPEND_PATH || 'copy' };
    for (const v of ['old', 'new']) {
      out[v] = `median ${q(ms[v], 0.5)} ms (p25 ${q(ms[v], 0.25)}, p75 ${q(ms[v], 0.75)})`;
    }
    console.log(JSON.stringify(out));
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
