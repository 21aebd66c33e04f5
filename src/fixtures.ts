import type { DataSource } from 'typeorm';
import crypto from 'node:crypto';
import type { RequestContext } from './context';
import { SYSTEM_ACTOR } from './common/auth/actor';
import { logger } from './common/logger';
import { runCommand } from './common/db/run-command';
import { loadMunicipalityFixtures } from './modules/municipalities';
import { loadAllocationFixtures } from './modules/allocations';
import { loadPeopleFixtures } from './modules/people';

export function systemContext(dataSource: DataSource): RequestContext {
  const requestId = `system-${crypto.randomUUID()}`;
  return { requestId, actor: SYSTEM_ACTOR, dataSource, em: dataSource.manager, inTransaction: false, log: logger.child({ requestId }) };
}

export interface FixtureOptions {
  /**
   * Also load the scenario data (the 2026 scheme-year with its allocation runs, booked in the
   * ledger, and a synthetic population of 5,000 people). On by default (`npm start`); the e2e
   * template database loads reference data only, so every suite starts from an empty journal and
   * no people, and suites that want the scenario load it themselves.
   */
  scenarios?: boolean;
}

/**
 * Loads the named deterministic scenarios in fixtures/ once. Each step is idempotent, so a
 * restart (or a crash half-way) never loads anything twice.
 */
export async function loadFixtures(dataSource: DataSource, options: FixtureOptions = {}): Promise<void> {
  const ctx = systemContext(dataSource);
  const started = Date.now();
  const municipalities = await runCommand(ctx, (tx) => loadMunicipalityFixtures(tx));
  // Each step is its own command (idempotent), so a crash half-way resumes where it stopped.
  const scenarios = options.scenarios ?? true;
  const allocationRuns = scenarios ? await loadAllocationFixtures(ctx) : 0;
  const personEvents = scenarios ? await runCommand(ctx, (tx) => loadPeopleFixtures(tx)) : 0;
  logger.info({ municipalities, allocationRuns, personEvents, ms: Date.now() - started }, 'fixtures loaded');
}
