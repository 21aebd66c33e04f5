#!/usr/bin/env node
'use strict';
/* global console */
/**
 * The database side of an append, trigger variant against trigger variant (decision 1940).
 *
 * One scratch database, a journal of FILL transactions written by `postTransactions`; then one
 * schema per variant holding a copy of `journal_transactions` and `journal_postings` (same rows,
 * columns, defaults, indexes and CHECKs) with that variant's triggers and functions, so variants
 * are switched by `search_path` alone (no DDL, no recompiled functions between rounds). Each round
 * writes one batch per variant, alternating the order: BATCH transactions (two postings each,
 * copied from the journal's first rows with new ids, sequences, keys and hashes) as the writer
 * writes them — `START TRANSACTION`, `COPY journal_transactions`, `COPY journal_postings`,
 * `COMMIT` — each step timed from the client; medians per variant.
 *
 * Variants: `new` (every migration), `old` (the same, then migration 1797520000000's `down`),
 * `ident` (the identical table of the benchmark: columns, defaults and indexes; no CHECKs, no
 * triggers), `replica` (`new` with `session_replication_role = replica`: CHECKs, no triggers);
 * probes: `new-<trigger>[+<trigger>…]` (`new` without the triggers named), `new~<function>[+…]`
 * (`new` with the trigger functions named emptied: the triggers and their transition tables kept);
 * candidates: `new+<file.sql>` (`new`, then the file's SQL run in the variant's schema, e.g. a
 * `CREATE OR REPLACE FUNCTION` of a trigger function).
 *   NODE_ENV=production [SYNC=off] BATCH=500 ROUNDS=40 FILL=10000 VARIANTS=old,new,ident \
 *     node scripts/measure-ledger-copy-ab.js
 * SYNC=off sets `synchronous_commit = off` for the timed session: the WAL flush at COMMIT is the
 * noisiest step on a shared disk and the same for every variant. Needs `npm run build` and the
 * PostgreSQL at 127.0.0.1:5432; the scratch database (`ife_bench_copy_ab_<pid>`) is dropped at the end.
 */
require('reflect-metadata');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { Readable } = require('node:stream');
const { pipeline } = require('node:stream/promises');
const { Client } = require('pg');
const { from: copyFrom } = require('pg-copy-streams');
const dist = path.join(__dirname, '..', 'dist');
const { scratchDatabase } = require(`${dist}/bench/harness`);
const { journal } = require(`${dist}/bench/ledger.bench`);
const { createDataSource, initialise } = require(`${dist}/src/common/db/data-source`);
const { systemContext } = require(`${dist}/src/fixtures`);
const { postTransactions } = require(`${dist}/src/modules/ledger`);
const { LedgerAppendTriggers1797520000000: Migration } = require(`${dist}/migrations/1797520000000-LedgerAppendTriggers`);

const TX_COLS = `id, sequence, idempotency_key, request_hash, kind, actor, actor_role, effective_date,
  recorded_at, reason, currency, cause_type, cause_id, reverses_id, prev_hash, hash`;
const P_COLS = 'transaction_id, transaction_sequence, line, account_id, direction, amount';
const FUNCTIONS = [
  'forbid_change',
  'journal_transactions_stmt',
  'journal_postings_stmt',
  'journal_check_balanced_at_commit',
  'journal_check_balanced',
  'journal_mark_check_from',
  'journal_xmin_committed',
];

/** SQL statements of a migration's `up` or `down`, captured without a database. */
async function statements(which) {
  const sql = [];
  await new Migration()[which]({ query: async (s) => void sql.push(s) });
  return sql;
}

/** The schema of a variant: ab_ and its name, other characters as _. */
const schemaOf = (v) => `ab_${v.replace(/~/g, '_empty_').replace(/[^a-z0-9]/g, '_')}`.slice(0, 63);

async function main() {
  // A new database with every migration and the reference data (the benchmark's own, `ife_bench_copy_ab_<pid>`).
  const db = await scratchDatabase(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres', 'copy_ab');
  const ds = createDataSource({ url: db.url, poolSize: 2 });
  const batch = Number(process.env.BATCH || 500);
  const rounds = Number(process.env.ROUNDS || 40);
  const fill = Number(process.env.FILL || 10000);
  const variants = (process.env.VARIANTS || 'old,new,ident').split(',');
  try {
    await initialise(ds);
    const ctx = systemContext(ds);
    const codes = (await ds.query('SELECT code FROM municipalities ORDER BY code')).map((r) => r.code);
    for (let i = 0; i < fill / 500; i += 1) {
      await postTransactions(ctx, journal(500, codes, `fill-${i}`));
    }
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const q = (s, p) => client.query(s, p);
      const triggerDefs = (
        await q(`SELECT pg_get_triggerdef(t.oid) AS def FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                  WHERE c.relname IN ('journal_transactions', 'journal_postings') AND NOT t.tgisinternal`)
      ).rows.map((r) => r.def);
      const functionDefs = (
        await q(`SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p WHERE p.proname = ANY($1)`, [FUNCTIONS])
      ).rows.map((r) => r.def);
      const down = await statements('down');
      for (const v of variants) {
        const s = schemaOf(v);
        await q(`CREATE SCHEMA ${s}`);
        await q(`SET search_path = ${s}, public`);
        const like = v === 'ident' ? 'INCLUDING DEFAULTS INCLUDING INDEXES' : 'INCLUDING ALL';
        await q(`CREATE TABLE journal_transactions (LIKE public.journal_transactions ${like})`);
        await q(`CREATE TABLE journal_postings (LIKE public.journal_postings ${like})`);
        await q(`INSERT INTO journal_transactions SELECT * FROM public.journal_transactions`);
        await q(`INSERT INTO journal_postings SELECT * FROM public.journal_postings`);
        if (v !== 'ident') {
          for (const f of functionDefs) {
            await q(f.replace(/FUNCTION public\./, `FUNCTION ${s}.`));
          }
          for (const t of triggerDefs) {
            await q(t.replace(/ ON public\./, ` ON ${s}.`).replace(/FUNCTION public\./, `FUNCTION ${s}.`));
          }
          if (v === 'old') {
            for (const sql of down) {
              await q(sql);
            }
          }
          if (v.startsWith('new~')) {
            // A probe: the new triggers, the functions named emptied (their transition tables kept).
            for (const name of v.slice(4).split('+')) {
              await q(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$`);
            }
          }
          if (v.startsWith('new+')) {
            // A candidate: the new triggers with the SQL of a file run in this schema (its
            // unqualified CREATE OR REPLACE FUNCTION replaces the schema's own copy).
            await q(fs.readFileSync(v.slice(4), 'utf8'));
          }
          if (v.startsWith('new-')) {
            // A probe: the new triggers without those named (e.g. new-journal_transactions_stmt).
            for (const name of v.slice(4).split('+')) {
              await q(`DROP TRIGGER ${name} ON ${name.startsWith('journal_postings') ? 'journal_postings' : 'journal_transactions'}`);
            }
          }
        }
        await q(`ANALYZE journal_transactions; ANALYZE journal_postings`);
      }
      await q(`SET search_path = public`);
      const triggersOf = Object.fromEntries(
        (
          await q(`SELECT n.nspname, string_agg(t.tgname, ' ' ORDER BY t.tgname) AS t FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
                    JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname LIKE 'ab\\_%' AND NOT t.tgisinternal GROUP BY n.nspname`)
        ).rows.map((r) => [r.nspname, r.t.split(' ').length]),
      );
      if (process.env.SYNC === 'off') {
        await q('SET synchronous_commit = off');
      }
      const template = (await q(`SELECT *, effective_date::text AS eff FROM journal_transactions ORDER BY sequence LIMIT $1`, [batch]))
        .rows;
      const tplPostings = (
        await q(`SELECT * FROM journal_postings WHERE transaction_id = ANY($1::uuid[]) ORDER BY transaction_id, line`, [
          template.map((t) => t.id),
        ])
      ).rows;
      const byTx = new Map();
      for (const p of tplPostings) {
        byTx.set(p.transaction_id, [...(byTx.get(p.transaction_id) || []), p]);
      }
      let k = 0;
      const texts = async () => {
        const head = Number((await q(`SELECT COALESCE(max(sequence), 0) AS h FROM journal_transactions`)).rows[0].h);
        k += 1;
        let tx = '';
        let ps = '';
        template.forEach((t, i) => {
          const id = crypto.randomUUID();
          const hash = crypto.randomBytes(32).toString('hex');
          tx += `${id}\t${head + i + 1}\tab${k}-${t.idempotency_key}\t${t.request_hash}\t${t.kind}\t${t.actor}\t${t.actor_role}\t${t.eff}\t${new Date().toISOString()}\t${t.reason}\tEUR\t${t.cause_type ?? '\\N'}\t${t.cause_id ?? '\\N'}\t\\N\t${hash}\t${hash}\n`;
          for (const p of byTx.get(t.id)) {
            ps += `${id}\t${head + i + 1}\t${p.line}\t${p.account_id}\t${p.direction}\t${p.amount}\n`;
          }
        });
        return { tx, ps };
      };
      const copy = (sql, text) => pipeline(Readable.from([text]), client.query(copyFrom(sql)));
      const since = (a, b) => Number(b - a) / 1e6;
      const runBatch = async (v) => {
        await q(`SET search_path = ${schemaOf(v)}, public`);
        const { tx, ps } = await texts();
        const t0 = process.hrtime.bigint();
        await q(v === 'replica' ? `START TRANSACTION; SET LOCAL session_replication_role = replica` : 'START TRANSACTION');
        const t1 = process.hrtime.bigint();
        await copy(`COPY journal_transactions (${TX_COLS}) FROM STDIN`, tx);
        const t2 = process.hrtime.bigint();
        await copy(`COPY journal_postings (${P_COLS}) FROM STDIN`, ps);
        const t3 = process.hrtime.bigint();
        await q('COMMIT');
        const t4 = process.hrtime.bigint();
        return { total: since(t0, t4), tx: since(t1, t2), postings: since(t2, t3), commit: since(t3, t4) };
      };
      const out = Object.fromEntries(variants.map((v) => [v, { total: [], tx: [], postings: [], commit: [] }]));
      for (const v of variants) {
        await runBatch(v);
      } // warm-up
      const loads = [fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')];
      for (let r = 0; r < rounds; r += 1) {
        for (const v of r % 2 ? [...variants].reverse() : variants) {
          const m = await runBatch(v);
          for (const key of Object.keys(m)) {
            out[v][key].push(m[key]);
          }
        }
      }
      loads.push(fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '));
      const quantile = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))];
      const result = { batch, fill, rounds, sync: process.env.SYNC || 'on', load: loads, triggersOf };
      for (const v of variants) {
        result[v] = Object.fromEntries(Object.entries(out[v]).map(([key, a]) => [key, Number(quantile(a, 0.5).toFixed(2))]));
        result[v].p25 = Number(quantile(out[v].total, 0.25).toFixed(2));
        result[v].p75 = Number(quantile(out[v].total, 0.75).toFixed(2));
      }
      for (const v of variants.filter((x) => x !== variants[0])) {
        result[`${v}/${variants[0]}`] = Number((result[v].total / result[variants[0]].total).toFixed(3));
      }
      if (out.ident) {
        for (const v of variants.filter((x) => x !== 'ident')) {
          result[`ident/${v}`] = Number((result.ident.total / result[v].total).toFixed(3));
        }
      }
      console.log(JSON.stringify(result));
    } finally {
      await client.end();
    }
  } finally {
    await ds.destroy();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
