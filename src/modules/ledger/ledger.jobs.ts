import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import type { JobQueue, QueueDefinition } from '../../common/jobs';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { DomainError, notFound } from '../../common/errors/domain-error';
import { logger } from '../../common/logger';
import type { JournalVerificationJob, JournalVerificationResult } from './ledger.type';
import { verifyJournal } from './ledger.verify';
import { publishCheckpoint } from './checkpoint.service';
import { compactDailyBalances, LEDGER_BALANCE_COMPACTION_CRON, LEDGER_BALANCE_COMPACTION_QUEUE } from './ledger.compaction';

/**
 * A full verification of the hash chain reads and hashes every transaction: it runs on the job
 * queue, not in a request (issue 20 item 2, decision 1151). The queue is stately with one key, so
 * at most one verification waits and one runs however often it is asked for: a request while one
 * waits gets that one's id.
 */
export const JOURNAL_VERIFICATION_QUEUE = 'journal-verification';
const SINGLETON_KEY = 'journal';

/** Publishes a signed checkpoint of the journal head every day (issue 20 item 8, decision 1701). */
export const JOURNAL_CHECKPOINT_QUEUE = 'journal-checkpoint';
/** 02:00 UTC every day. */
export const JOURNAL_CHECKPOINT_CRON = '0 2 * * *';

export const ledgerQueues: readonly QueueDefinition[] = [
  { name: JOURNAL_VERIFICATION_QUEUE, policy: 'stately', retryLimit: 1 },
  { name: JOURNAL_CHECKPOINT_QUEUE, policy: 'stately', retryLimit: 2 },
  { name: LEDGER_BALANCE_COMPACTION_QUEUE, policy: 'stately', retryLimit: 1 },
];

function systemContext(dataSource: DataSource, requestId: string): RequestContext {
  return { requestId, actor: null, dataSource, em: dataSource.manager, inTransaction: false, log: logger.child({ requestId }) };
}

export async function startLedgerWorkers(queue: JobQueue, dataSource: DataSource): Promise<void> {
  await queue.work(JOURNAL_VERIFICATION_QUEUE, async (job): Promise<JournalVerificationResult> => {
    const v = await verifyJournal(systemContext(dataSource, `job-${job.id}`));
    return { ok: v.ok, status: v.ok ? 'OK' : 'BROKEN', count: v.count, headHash: v.headHash, brokenAt: v.brokenAt };
  });
  await queue.work(JOURNAL_CHECKPOINT_QUEUE, async (job) => {
    const published = await publishCheckpoint(systemContext(dataSource, `job-${job.id}`), 'DAILY', { full: true });
    if (published.checkpoint === null) {
      // Failing the job makes the broken chain visible in the queue as well as in the log.
      throw new Error(`journal chain broken after the last checkpoint: ${JSON.stringify(published.verification.brokenAt)}`);
    }
    return { sequence: published.checkpoint.sequence, hash: published.checkpoint.hash, verifiedFrom: published.verifiedFrom };
  });
  await queue.schedule(JOURNAL_CHECKPOINT_QUEUE, JOURNAL_CHECKPOINT_CRON, {});
  await queue.work(LEDGER_BALANCE_COMPACTION_QUEUE, async () => (await compactDailyBalances(dataSource)) ?? {});
  await queue.schedule(LEDGER_BALANCE_COMPACTION_QUEUE, LEDGER_BALANCE_COMPACTION_CRON, {});
}

function queueOf(ctx: RequestContext): JobQueue {
  if (ctx.jobs === undefined) {
    throw new DomainError('SERVICE_UNAVAILABLE', 'the job queue does not run in this process', { retryable: false });
  }
  return ctx.jobs;
}

/** Queues a full verification of the journal (or returns the one already waiting). */
export async function startJournalVerification(ctx: RequestContext): Promise<JournalVerificationJob> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const queue = queueOf(ctx);
  const id =
    (await queue.enqueue(ctx, JOURNAL_VERIFICATION_QUEUE, {}, { singletonKey: SINGLETON_KEY })) ??
    (await queue.pendingJobId(JOURNAL_VERIFICATION_QUEUE, SINGLETON_KEY));
  if (id === null) {
    // The waiting one started and finished between the two statements: ask again.
    return startJournalVerification(ctx);
  }
  queue.notify(JOURNAL_VERIFICATION_QUEUE);
  return journalVerification(ctx, id);
}

/** A verification's state, and its result once it completed. */
export async function journalVerification(ctx: RequestContext, id: string): Promise<JournalVerificationJob> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  if (!/^[0-9a-f-]{36}$/i.test(id)) {
    throw notFound('journal verification', id);
  }
  const status = await queueOf(ctx).status(JOURNAL_VERIFICATION_QUEUE, id);
  if (status === null) {
    throw notFound('journal verification', id);
  }
  return {
    id: status.id,
    state: status.state.toUpperCase(),
    result: status.output === null ? null : (status.output as unknown as JournalVerificationResult),
    error: status.error,
  };
}
