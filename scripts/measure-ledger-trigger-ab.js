#!/usr/bin/env node
'use strict';
/* global console */
/**
 * Measures what the daily-balance upsert cost an append (decision 1890): one scratch database, the
 * postings trigger of migration 1797420000000 (upsert per statement, `old`) and of 1797500000000
 * (`new`) swapped every PER batches, `postTransactions` timed per batch, medians per variant. Needs
 * `npm run build` and the PostgreSQL at 127.0.0.1:5432.
 *   NODE_ENV=production BATCH=500 ROUNDS=20 PER=3 [APPEND_PATH=insert] node scripts/measure-ledger-trigger-ab.js
 * With MIGRATION=1797520000000 the variants are that migration's `down` (`old`) and `up` (`new`)
 * instead (decision 1940), and each swap is followed by one untimed batch (the functions replaced
 * are compiled again on their first call).
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

async function all(run) {
  const sql = [];
  await run({ query: async (s) => void sql.push(s) });
  return sql;
}

async function main() {
  const appendTriggers = process.env.MIGRATION === '1797520000000';
  const { LedgerAppendTriggers1797520000000: Triggers } = require(`${dist}/migrations/1797520000000-LedgerAppendTriggers`);
  const triggers = appendTriggers
    ? { new: await all((q) => new Triggers().up(q)), old: await all((q) => new Triggers().down(q)) }
    : { new: [await statements((q) => new Migration().up(q))], old: [await statements((q) => new Migration().down(q))] };
  let current = appendTriggers ? 'new' : null;
  const swap = async (ds, v) => {
    if (v !== current) {
      for (const s of triggers[v]) {
        await ds.query(s);
      }
      current = v;
    }
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
    await swap(ds, 'new');
    for (let i = 0; i < Math.max(4, 10000 / batch); i += 1) {
      await postTransactions(ctx, inputs(batch));
    }
    const ms = { old: [], new: [] };
    for (let r = 0; r < rounds; r += 1) {
      for (const v of r % 2 ? ['new', 'old'] : ['old', 'new']) {
        await swap(ds, v);
        if (appendTriggers) {
          await postTransactions(ctx, inputs(batch));
        }
        for (let j = 0; j < per; j += 1) {
          ms[v].push((await timed(() => postTransactions(ctx, inputs(batch)))).ms);
        }
      }
    }
    await swap(ds, 'new');
    const q = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))].toFixed(1);
    const out = {
      batch,
      perVariant: ms.old.length,
      path: process.env.APPEND_PATH || 'copy',
      migration: appendTriggers ? '1797520000000' : '1797500000000',
      load: require('node:fs').readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    };
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
