import type { DataSource } from 'typeorm';
import crypto from 'node:crypto';
import type { RequestContext } from './context';
import { SYSTEM_ACTOR } from './common/auth/actor';
import { logger } from './common/logger';
import { runCommand } from './common/db/run-command';
import { loadMunicipalityFixtures } from './modules/municipalities';
import { loadAllocationFixtures } from './modules/allocations';

export function systemContext(dataSource: DataSource): RequestContext {
  const requestId = `system-${crypto.randomUUID()}`;
  return { requestId, actor: SYSTEM_ACTOR, dataSource, em: dataSource.manager, inTransaction: false, log: logger.child({ requestId }) };
}

/**
 * Loads the named deterministic scenarios in fixtures/ once. Each step is idempotent, so a
 * restart (or a crash half-way) never loads anything twice.
 */
export async function loadFixtures(dataSource: DataSource): Promise<void> {
  const ctx = systemContext(dataSource);
  const started = Date.now();
  const municipalities = await runCommand(ctx, (tx) => loadMunicipalityFixtures(tx));
  // Each step is its own command (idempotent), so a crash half-way resumes where it stopped.
  const allocationRuns = await loadAllocationFixtures(ctx);
  logger.info({ municipalities, allocationRuns, ms: Date.now() - started }, 'fixtures loaded');
}
