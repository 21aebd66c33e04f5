#!/usr/bin/env node
'use strict';
/* global console, URL */
/**
 * The journal verification against its baseline (canonicalise + SHA-256 in memory of the same
 * transactions), alternated in one process: a scratch journal of N transactions built once (the
 * benchmark's transfers), one untimed walk and baseline, then ROUNDS rounds of walk / baseline
 * (order swapped every round), medians and the ratio. With DIST_B=<another build's dist> the walk
 * of that build is alternated too (A/B of two builds on the same journal). Needs `npm run build`
 * (or `node scripts/build.js server`) and the PostgreSQL at 127.0.0.1:5432.
 *   NODE_ENV=production N=40000 ROUNDS=9 [KEEP=1] [DB=verify_journal] node scripts/measure-verify.js
 */
require('reflect-metadata');
const path = require('node:path');
const { Client } = require('pg');
const dist = process.env.DIST_A || path.join(__dirname, '..', 'dist');
const { timed } = require(`${dist}/bench/harness`);
const { journal } = require(`${dist}/bench/ledger.bench`);
const { createDataSource, initialise } = require(`${dist}/src/common/db/data-source`);
const { systemContext, loadFixtures } = require(`${dist}/src/fixtures`);
const { postTransactions } = require(`${dist}/src/modules/ledger`);
const { verifyJournal } = require(`${dist}/src/modules/ledger/ledger.verify`);
const { canonicalFromRow, transactionHash } = require(`${dist}/src/modules/ledger/journal-hash`);

const admin = process.env.ADMIN_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const n = Number(process.env.N || 40000);
const rounds = Number(process.env.ROUNDS || 9);
const name = process.env.DB || `verify_journal_${n}`;

async function journalDatabase() {
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const a = new Client({ connectionString: admin });
  await a.connect();
  const exists = (await a.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0;
  if (!exists) {
    await a.query(`CREATE DATABASE "${name}"`);
  }
  await a.end();
  const ds = createDataSource({ url: url.toString(), poolSize: 2 });
  await initialise(ds);
  if (!exists) {
    await ds.runMigrations({ transaction: 'each' });
    await loadFixtures(ds, { scenarios: false });
    const codes = (await ds.query('SELECT code FROM municipalities ORDER BY code')).map((r) => r.code);
    const inputs = journal(n, codes);
    const ctx = systemContext(ds);
    for (let i = 0; i < inputs.length; i += 500) {
      await postTransactions(ctx, inputs.slice(i, i + 500));
    }
    await ds.query('VACUUM ANALYZE journal_transactions');
    await ds.query('VACUUM ANALYZE journal_postings');
  }
  return { ds, url: url.toString() };
}

async function drop() {
  const a = new Client({ connectionString: admin });
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await a.end();
}

async function main() {
  const { ds, url } = await journalDatabase();
  const closers = [];
  try {
    const ctx = systemContext(ds);
    // The baseline's input, as bench/ledger.bench.ts builds it (outside its timing).
    const byTx = new Map();
    for (const p of await ds.query(
      `SELECT p.transaction_id, p.line, a.address, p.direction, p.amount::text AS amount FROM journal_postings p JOIN ledger_accounts a ON a.id = p.account_id`,
    )) {
      const list = byTx.get(p.transaction_id) ?? [];
      list.push({ line: p.line, account: p.address, direction: p.direction, amount: p.amount });
      byTx.set(p.transaction_id, list);
    }
    const rows = await ds.query(
      `SELECT id, sequence::text AS sequence, prev_hash, idempotency_key, request_hash, kind, effective_date::text AS effective_date, recorded_at,
              actor, actor_role, reason, currency, cause_type, cause_id, reverses_id FROM journal_transactions ORDER BY sequence`,
    );
    const canonical = rows.map((r) => canonicalFromRow(r, byTx.get(r.id) ?? []));
    const variants = {
      baseline: async () => canonical.map((c) => transactionHash(c)),
      walk: async () => {
        const v = await verifyJournal(ctx, JSON.parse(process.env.OPTIONS || '{}'));
        if (!v.ok || v.count !== rows.length) {
          throw new Error(`walk: ${JSON.stringify(v)}`);
        }
      },
    };
    if (process.env.DIST_B) {
      const other = require(`${process.env.DIST_B}/src/modules/ledger/ledger.verify`).verifyJournal;
      variants.walkB = async () => {
        const v = await other(ctx, JSON.parse(process.env.OPTIONS || '{}'));
        if (!v.ok || v.count !== rows.length) {
          throw new Error(`walkB: ${JSON.stringify(v)}`);
        }
      };
    }
    if (process.env.READ) {
      // The walk's reading alone (as bench/ledger.bench.ts): the readers' COPY statements on two
      // connections in the readers' settings, batch k on connection k mod 2, nothing checked.
      const L = require(`${dist}/src/modules/ledger/ledger.verify`);
      const readers = await Promise.all(
        [0, 1].map(async () => {
          const c = new Client({ connectionString: url });
          await c.connect();
          await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
          await c.query(L.READER_SETTINGS);
          return c;
        }),
      );
      const bytes = L.copyOutBytes ?? L.copyOut;
      closers.push(() => Promise.all(readers.map((c) => c.end())));
      variants.read = () =>
        Promise.all(
          readers.map(async (c, r) => {
            if (r === 0) {
              await bytes(c, L.ACCOUNTS_COPY);
            }
            for (let lo = r * 2000; lo < rows.length; lo += 4000) {
              const hi = BigInt(Math.min(lo + 2000, rows.length));
              await bytes(c, L.rangeTransactionsCopy(BigInt(lo), hi));
              await bytes(c, L.rangePostingsCopy(BigInt(lo), hi));
            }
          }),
        );
    }
    const names = Object.keys(variants);
    if (process.env.DEBUG) {
      console.error('variants', names.join(', '));
    }
    for (const k of names) {
      if (process.env.DEBUG) {
        console.error('warm-up', k);
      }
      await variants[k]();
    }
    const ms = Object.fromEntries(names.map((k) => [k, []]));
    const load = [require('node:os').loadavg()[0]];
    for (let r = 0; r < rounds; r += 1) {
      const order = r % 2 ? [...names].reverse() : names;
      for (const k of order) {
        ms[k].push((await timed(variants[k])).ms);
        if (process.env.DEBUG) {
          console.error(r, k, ms[k][ms[k].length - 1].toFixed(0));
        }
      }
    }
    load.push(require('node:os').loadavg()[0]);
    const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
    const out = { n: rows.length, rounds, load: load.map((l) => l.toFixed(2)).join(' → ') };
    for (const k of names) {
      out[k] = `${med(ms[k]).toFixed(0)} ms (${Math.min(...ms[k]).toFixed(0)}–${Math.max(...ms[k]).toFixed(0)})`;
    }
    for (const k of names.filter((x) => x !== 'baseline')) {
      out[`ratio ${k}`] = (med(ms.baseline) / med(ms[k])).toFixed(3);
    }
    console.log(JSON.stringify(out));
  } finally {
    for (const close of closers) {
      await close();
    }
    await ds.destroy();
    if (!process.env.KEEP) {
      await drop();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
