import type { DataSource } from 'typeorm';
import crypto from 'node:crypto';
import type { RequestContext } from './context';
import { SYSTEM_ACTOR } from './common/auth/actor';
import { logger } from './common/logger';
import { runCommand } from './common/db/run-command';
import { loadMunicipalityFixtures } from './modules/municipalities';
import { loadAllocationFixtures } from './modules/allocations';
import { loadPeopleFixtures } from './modules/people';
import { publishAttribution } from './modules/registration';
import { listAllocationRuns } from './modules/allocations';
import { createAdvancePlan, payTranches } from './modules/advances';
import { loadSettledYearScenario } from './settled-year.fixtures';

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
export async function loadFixtures(dataSource: DataSource, options: FixtureOptions = {}): Promise<void> {
  const ctx = systemContext(dataSource);
  const started = Date.now();
  const municipalities = await runCommand(ctx, (tx) => loadMunicipalityFixtures(tx));
  // Each step is its own command (idempotent), so a crash half-way resumes where it stopped.
  const scenarios = options.scenarios ?? true;
  const allocationRuns = scenarios ? await loadAllocationFixtures(ctx) : 0;
  const personEvents = scenarios ? await runCommand(ctx, (tx) => loadPeopleFixtures(tx)) : 0;
  const advances = scenarios ? await loadAdvanceScenario(ctx) : null;
  const settled2025 = scenarios ? await loadSettledYearScenario(ctx) : null;
  logger.info({ municipalities, allocationRuns, personEvents, advances, settled2025, ms: Date.now() - started }, 'fixtures loaded');
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
