import type { DataSource } from 'typeorm';
import type { JobQueue, QueueDefinition } from '../common/jobs';
import { ledgerQueues, startLedgerWorkers } from './ledger';
import { alertQueues, startAlertWorkers } from './alerts';

/**
 * Where a module registers its background work (the fifth registration point, beside
 * `entities.ts`, `migrations/index.ts`, `modules/index.ts` and `http-routes.ts`): the queues it
 * needs, created at start, and the workers that run their jobs in this process.
 */
export interface JobRegistration {
  queues: readonly QueueDefinition[];
  /** Starts this module's workers; `dataSource` is the process's pool. */
  workers?(queue: JobQueue, dataSource: DataSource): Promise<void>;
}

/** Every module's jobs. Modules add theirs here. */
export const jobRegistrations: JobRegistration[] = [
  { queues: ledgerQueues, workers: startLedgerWorkers },
  { queues: alertQueues, workers: startAlertWorkers },
];

export function allQueues(): QueueDefinition[] {
  return jobRegistrations.flatMap((r) => r.queues);
}

export async function startWorkers(queue: JobQueue, dataSource: DataSource): Promise<void> {
  for (const registration of jobRegistrations) {
    await registration.workers?.(queue, dataSource);
  }
}
