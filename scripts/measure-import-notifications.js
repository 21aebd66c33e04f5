#!/usr/bin/env node
'use strict';
/* global console */
/**
 * Measures what the chain's notifications add to a person-event import (decision 1550): one batch of
 * generated people imported into fresh copies of a reference database, with the chain's handler
 * (timed on its own) and without it. Needs `npm run build` and the PostgreSQL at 127.0.0.1:5432.
 *   node scripts/measure-import-notifications.js [people=20000] [runs=without,with,without,with]
 */
require('reflect-metadata');
const dist = require('node:path').join(__dirname, '..', 'dist', 'src');
const { Client } = require('pg');
const { createDataSource, initialise } = require(`${dist}/common/db/data-source`);
const { loadFixtures } = require(`${dist}/fixtures`);
require(`${dist}/modules/chain`); // registers the chain's handler, as every entry point does
const { notifyAppliedPersonEvents } = require(`${dist}/modules/chain/person-notifications`);
const { importPersonEvents, generatePopulation, readMunicipalitiesForGenerator, onPersonEventsApplied } = require(`${dist}/modules/people`);
const { Role } = require(`${dist}/common/auth/actor`);
const { logger } = require(`${dist}/common/logger`);
const people = Number(process.argv[2] ?? 20000);
const url = (db) => `postgres://postgres@127.0.0.1:5432/${db}`;
(async () => {
  const admin = new Client({ connectionString: url('postgres') });
  await admin.connect();
  const base = `ife_measure_${process.pid}`;
  await admin.query(`CREATE DATABASE "${base}"`);
  let ds = createDataSource({ url: url(base), poolSize: 1 });
  await initialise(ds);
  await ds.runMigrations({ transaction: 'each' });
  await loadFixtures(ds, { scenarios: false });
  await ds.destroy();
  const events = [
    ...generatePopulation({ people, year: 2026, seed: 7, moverShare: 0.2, municipalities: readMunicipalitiesForGenerator() }),
  ];
  const results = [];
  for (const run of (process.argv[3] ?? 'without,with,without,with').split(',')) {
    const db = `${base}_${results.length}`;
    await admin.query(`CREATE DATABASE "${db}" TEMPLATE "${base}"`);
    ds = createDataSource({ url: url(db), poolSize: 2 });
    await initialise(ds);
    onPersonEventsApplied(notifyAppliedPersonEvents)(); // the chain's own registration removed
    let handlerMs = 0;
    const timed = async (tx, applied) => {
      const h0 = process.hrtime.bigint();
      await notifyAppliedPersonEvents(tx, applied);
      handlerMs += Number(process.hrtime.bigint() - h0) / 1e6;
    };
    const offTimed = run === 'with' ? onPersonEventsApplied(timed) : null;
    const ctx = {
      requestId: 'measure',
      actor: { subject: 'measure', role: Role.FINANCE_OFFICER, municipalityCode: null },
      dataSource: ds,
      em: ds.manager,
      inTransaction: false,
      log: logger,
    };
    const t0 = process.hrtime.bigint();
    const s = await importPersonEvents(ctx, { batchKey: 'measure', events });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM chain_notifications');
    results.push({
      run,
      events: events.length,
      applied: s.applied,
      notifications: n,
      ms: Math.round(ms),
      handlerMs: Math.round(handlerMs),
    });
    if (offTimed) {
      offTimed();
    }
    await ds.destroy();
    await admin.query(`DROP DATABASE "${db}"`);
  }
  await admin.query(`DROP DATABASE "${base}"`);
  await admin.end();
  console.log(JSON.stringify(results, null, 1));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
