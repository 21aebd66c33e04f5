import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import type { JobQueue, QueueDefinition } from '../../common/jobs';
import { SYSTEM_ACTOR } from '../../common/auth/actor';
import { logger } from '../../common/logger';
import { bookDueMergerTransfers } from './merger.service';

/**
 * Mergers registered ahead move their money once their date has come (decision 1601): a job on the
 * pg-boss queue, run once at start-up and then every hour by a cron schedule (decision 1610). The
 * queue is stately with one key, so however many processes start or however often the schedule
 * fires, at most one pass waits and one runs; a pass that fails is retried by the queue.
 */
export const MERGER_TRANSFERS_QUEUE = 'merger-transfers';
const SINGLETON_KEY = 'due';
/** Five past every hour (UTC); the transfers are dated on 1 January, so any hour of that day books them. */
export const MERGER_TRANSFERS_CRON = '5 * * * *';

export const mergerQueues: readonly QueueDefinition[] = [
  { name: MERGER_TRANSFERS_QUEUE, policy: 'stately', retryLimit: 3, retryDelaySeconds: 30 },
];

export interface MergerTransfersJobResult {
  mergers: number;
  booked: number;
}

/** One pass: books every due and unbooked merger transfer as the system (FINANCE_OFFICER rights). */
export async function runMergerTransfersJob(dataSource: DataSource, jobId: string): Promise<MergerTransfersJobResult> {
  const ctx = jobContext(dataSource, `job-${jobId}`);
  const due = await bookDueMergerTransfers(ctx);
  const result = { mergers: due.length, booked: due.filter((m) => m.transferTransactionId).length };
  ctx.log.info(result, 'merger transfers due are booked');
  return result;
}

function jobContext(dataSource: DataSource, requestId: string): RequestContext {
  return { requestId, actor: SYSTEM_ACTOR, dataSource, em: dataSource.manager, inTransaction: false, log: logger.child({ requestId }) };
}

/** The worker, the hourly schedule and one pass right away (the start-up pass). */
export async function startMergerWorkers(queue: JobQueue, dataSource: DataSource): Promise<void> {
  await queue.work(MERGER_TRANSFERS_QUEUE, (job) => runMergerTransfersJob(dataSource, job.id));
  await queue.schedule(MERGER_TRANSFERS_QUEUE, MERGER_TRANSFERS_CRON, {});
  await enqueueMergerTransfers(queue, dataSource);
}

/** Queues a pass now (or returns the id of the one already waiting) and wakes the worker. */
export async function enqueueMergerTransfers(queue: JobQueue, dataSource: DataSource): Promise<string | null> {
  const ctx = jobContext(dataSource, 'merger-transfers-start');
  const id =
    (await queue.enqueue(ctx, MERGER_TRANSFERS_QUEUE, {}, { singletonKey: SINGLETON_KEY })) ??
    (await queue.pendingJobId(MERGER_TRANSFERS_QUEUE, SINGLETON_KEY));
  queue.notify(MERGER_TRANSFERS_QUEUE);
  return id;
}
