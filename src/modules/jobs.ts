import type { DataSource } from 'typeorm';
import type { JobQueue, QueueDefinition } from '../common/jobs';
import type { Config } from '../config';
import { ledgerQueues, startLedgerWorkers } from './ledger';
import { reconciliationQueues, startReconciliationWorkers } from './reconciliation';
import { chainQueues, startChainWorkers } from './chain';
import { mergerQueues, startMergerWorkers } from './mergers';
import { alertQueues, startAlertWorkers } from './alerts';
import { registrationQueues, startRegistrationWorkers } from './registration';

/**
 * Where a module registers its background work (the fifth registration point, beside
 * `entities.ts`, `migrations/index.ts`, `modules/index.ts` and `http-routes.ts`): the queues it
 * needs, created at start, and the workers that run their jobs in this process.
 */
export interface JobRegistration {
  queues: readonly QueueDefinition[];
  /** Starts this module's workers; `dataSource` is the process's pool. */
  workers?(queue: JobQueue, dataSource: DataSource, config: Config): Promise<void>;
}

/** Every module's jobs. Modules add theirs here. */
export const jobRegistrations: JobRegistration[] = [
  { queues: ledgerQueues, workers: startLedgerWorkers },
  { queues: reconciliationQueues, workers: (queue, dataSource) => startReconciliationWorkers(queue, dataSource) },
  // Delivery of the chain's outbox to the municipalities' endpoints (decision 1510).
  { queues: chainQueues, workers: (queue, dataSource, config) => startChainWorkers(queue, dataSource, config.chain.delivery) },
  // Due merger transfers: at start and hourly (decision 1610).
  { queues: mergerQueues, workers: startMergerWorkers },
  { queues: alertQueues, workers: startAlertWorkers },
  // The side-by-side's attributions, made ahead after imports and at start (decision 1750).
  { queues: registrationQueues, workers: startRegistrationWorkers },
];

export function allQueues(): QueueDefinition[] {
  return jobRegistrations.flatMap((r) => r.queues);
}

export async function startWorkers(queue: JobQueue, dataSource: DataSource, config: Config): Promise<void> {
  for (const registration of jobRegistrations) {
    await registration.workers?.(queue, dataSource, config);
  }
}
