import type { DataSource } from 'typeorm';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RequestContext } from './context';
import { SYSTEM_ACTOR } from './common/auth/actor';
import { logger } from './common/logger';
import { runCommand } from './common/db/run-command';
import { createDataSource, initialise } from './common/db/data-source';
import { startEmbeddedDatabase } from './common/db/embedded';
import { FixtureLoadEntity } from './common/db/fixture-load.entity';
import {
  findFixtureSnapshot,
  fixtureCodeKey,
  holdsDatabase,
  publishFixtureSnapshot,
  snapshotWorkDir,
  fixtureHistory,
  type FixtureSnapshot,
} from './common/db/fixture-snapshot';
import { loadMunicipalityFixtures } from './modules/municipalities';
import { loadAllocationFixtures } from './modules/allocations';
import { HISTORY_FIXTURE, loadHistoryFixtures, loadPeopleFixtures } from './modules/people';
import { publishAttribution } from './modules/registration';
import { listAllocationRuns } from './modules/allocations';
import { createAdvancePlan, payTranches } from './modules/advances';
import { loadSettledYearScenario } from './settled-year.fixtures';
import { loadMergerScenario } from './merger.fixtures';

export function systemContext(dataSource: DataSource): RequestContext {
  const requestId = `system-${crypto.randomUUID()}`;
  return { requestId, actor: SYSTEM_ACTOR, dataSource, em: dataSource.manager, inTransaction: false, log: logger.child({ requestId }) };
}

export interface FixtureOptions {
  /**
   * Also load the scenario data (the 2026 scheme-year with its allocation runs, booked in the
   * ledger, and a synthetic population of 5,000 people; the settled and closed 2025 year with its
   * reports, settlements and a reconciliation run, decision 0800). On by default (`npm start`); the e2e
   * template database loads reference data only, so every suite starts from an empty journal and
   * no people, and suites that want the scenario load it themselves.
   */
  scenarios?: boolean;
}

/**
 * Loads the named deterministic scenarios in fixtures/ once. Each step is idempotent, so a
 * restart (or a crash half-way) never loads anything twice.
 */
export async function loadFixtures(dataSource: DataSource, options: FixtureOptions = {}): Promise<Record<string, unknown>> {
  const ctx = systemContext(dataSource);
  const started = Date.now();
  const municipalities = await runCommand(ctx, (tx) => loadMunicipalityFixtures(tx));
  // Each step is its own command (idempotent), so a crash half-way resumes where it stopped.
  const scenarios = options.scenarios ?? true;
  const allocationRuns = scenarios ? await loadAllocationFixtures(ctx) : 0;
  const personEvents = scenarios ? await runCommand(ctx, (tx) => loadPeopleFixtures(tx)) : 0;
  // A real herindeling (Voorne aan Zee, 1 January 2023) with its own scheme-year 2022 (decision 1650);
  // before the 2026 attribution is published, so that it is published once with the merger in force.
  const merger2023 = scenarios ? await loadMergerScenario(ctx) : null;
  const advances = scenarios ? await loadAdvanceScenario(ctx) : null;
  const settled2025 = scenarios ? await loadSettledYearScenario(ctx) : null;
  const history = scenarios && fixtureHistory() === 'national' ? await loadNationalHistory(ctx) : null;
  const summary = { municipalities, allocationRuns, personEvents, advances, settled2025, merger2023, history };
  logger.info({ ...summary, ms: Date.now() - started }, 'fixtures loaded');
  return summary;
}

/**
 * What `npm start` runs: the full fixtures, unless this database already holds them as the running
 * code makes them (a row in `fixture_loads` with the current fixture key, decision 1200). A restart,
 * or a new database copied from the fixture snapshot, does no fixture work at all. Returns whether
 * it loaded.
 */
export async function loadFixturesOnce(dataSource: DataSource): Promise<boolean> {
  const codeKey = fixtureCodeKey();
  const loads = dataSource.getRepository(FixtureLoadEntity);
  if (await loads.exists({ where: { codeKey } })) {
    logger.info({ codeKey }, 'fixtures already loaded by this code: nothing to load');
    return false;
  }
  const started = Date.now();
  const summary = await loadFixtures(dataSource);
  await loads.save(loads.create({ codeKey, durationMs: Date.now() - started, summary }));
  return true;
}

/**
 * The fixture database for the running code (decision 1200): found, or made once by running the
 * migrations and `loadFixturesOnce` (the same service calls as always, never a hand-written dump)
 * on an embedded database of its own, closed cleanly and kept as a data directory and a tarball.
 * Concurrent callers may each make one; the first to finish is kept.
 */
export async function ensureFixtureSnapshot(options: { force?: boolean } = {}): Promise<FixtureSnapshot> {
  const key = fixtureCodeKey();
  const found = findFixtureSnapshot(key);
  if (found !== undefined && options.force !== true) {
    return found;
  }
  const started = Date.now();
  logger.info({ key }, 'making the fixture snapshot for this code (once): migrations and fixtures through the services');
  const work = snapshotWorkDir(key);
  try {
    const embedded = await startEmbeddedDatabase(work.pgdata);
    try {
      const dataSource = createDataSource({ url: embedded.url, poolSize: 1 });
      await initialise(dataSource);
      try {
        await dataSource.runMigrations({ transaction: 'each' });
        await loadFixturesOnce(dataSource);
      } finally {
        await dataSource.destroy();
      }
      await embedded.dumpDataDir(work.tar);
    } finally {
      await embedded.stop();
    }
    const ms = Date.now() - started;
    const snapshot = publishFixtureSnapshot(work, { madeAt: new Date().toISOString(), ms }, options.force === true);
    logger.info({ key, dir: path.relative(process.cwd(), snapshot.dir), ms }, 'fixture snapshot made');
    return snapshot;
  } catch (error) {
    fs.rmSync(work.dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The snapshot a new embedded database starts from when `npm start` loads fixtures: none when the
 * data directory already holds a database (a restart). Should making it fail (say, dist/ is read
 * only), the new database is loaded in place by `loadFixturesOnce`, as before there were snapshots.
 */
export async function fixtureSnapshotFor(dataDir: string | undefined): Promise<FixtureSnapshot | undefined> {
  if (dataDir !== undefined && holdsDatabase(dataDir)) {
    return undefined;
  }
  try {
    return await ensureFixtureSnapshot();
  } catch (error) {
    logger.warn({ err: error }, 'no fixture snapshot: the fixtures are loaded into the new database itself');
    return undefined;
  }
}

/**
 * The running year as a finance officer would find it: the 2026 population attributed under the
 * rule in force and published as REGISTERED counts, advances planned on the provisional SPUK run
 * (12 monthly tranches) and the tranches due by 1 November paid. Every step is idempotent by key.
 */
async function loadAdvanceScenario(ctx: RequestContext): Promise<{ registeredRows: number; tranchesPaid: number } | null> {
  const published = await publishAttribution(ctx, { year: 2026, rule: 'PEILDATUM' });
  const provisional = (await listAllocationRuns(ctx, { schemeCode: 'SPUK-WI2021', year: 2026 })).find((r) => r.stage === 'PROVISIONAL');
  if (!provisional) {
    return { registeredRows: published.rows, tranchesPaid: 0 };
  }
  await createAdvancePlan(ctx, {
    schemeCode: 'SPUK-WI2021',
    year: 2026,
    allocationRunId: provisional.id,
    idempotencyKey: 'fixture-2026-spuk-advance-plan',
  });
  const paid = await payTranches(ctx, {
    schemeCode: 'SPUK-WI2021',
    year: 2026,
    dueUpTo: '2026-11-01',
    idempotencyKey: 'fixture-2026-spuk-pay-2026-11',
  });
  return { registeredRows: published.rows, tranchesPaid: paid.tranches.length };
}

/**
 * FIXTURE_HISTORY=national (decision 1302): cohorts 2019–2026 at national scale (~250,000 people)
 * through the normal import, then every year attributed and published as REGISTERED counts
 * (PEILDATUM), so every forecast method can be backtested on it. Idempotent like every step.
 */
async function loadNationalHistory(ctx: RequestContext): Promise<{ events: number; years: number[] }> {
  const events = await runCommand(ctx, (tx) => loadHistoryFixtures(tx, { ...HISTORY_FIXTURE, scale: 1 }));
  const years: number[] = [];
  for (let y = HISTORY_FIXTURE.fromYear; y <= HISTORY_FIXTURE.toYear; y += 1) {
    await publishAttribution(ctx, { year: y, rule: 'PEILDATUM' });
    years.push(y);
  }
  return { events, years };
}
