import type { DataSource } from 'typeorm';
import crypto from 'node:crypto';
import type { RequestContext } from './context';
import { SYSTEM_ACTOR } from './common/auth/actor';
import { logger } from './common/logger';
import { runCommand } from './common/db/run-command';
import { loadMunicipalityFixtures } from './modules/municipalities';
import { loadPeopleFixtures } from './modules/people';

export function systemContext(dataSource: DataSource): RequestContext {
  const requestId = `system-${crypto.randomUUID()}`;
  return { requestId, actor: SYSTEM_ACTOR, dataSource, em: dataSource.manager, inTransaction: false, log: logger.child({ requestId }) };
}

/**
 * Loads the named deterministic scenarios in fixtures/ once. Each step is idempotent, so a
 * restart (or a crash half-way) never loads anything twice.
 */
export async function loadFixtures(dataSource: DataSource, options: { people?: boolean } = {}): Promise<void> {
  const ctx = systemContext(dataSource);
  const started = Date.now();
  const municipalities = await runCommand(ctx, (tx) => loadMunicipalityFixtures(tx));
  const personEvents = options.people === false ? 0 : await runCommand(ctx, (tx) => loadPeopleFixtures(tx));
  logger.info({ municipalities, personEvents, ms: Date.now() - started }, 'fixtures loaded');
}
