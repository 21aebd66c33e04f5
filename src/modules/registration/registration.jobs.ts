import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import type { JobQueue, QueueDefinition } from '../../common/jobs';
import { SYSTEM_ACTOR } from '../../common/auth/actor';
import { logger } from '../../common/logger';
import type { PersonEventsApplied } from '../people';
import { listSchemes } from '../schemes';
import { currentAttributions, SIDE_BY_SIDE_RULES } from './registration.service';

/**
 * The side-by-side's attributions, made ahead so that users don't wait (decision 1750): after an
 * import applied person events, and once at start-up, a job attributes every year with a scheme
 * that is not CLOSED (the side-by-side refuses a closed one) under every rule it compares, for the
 * current event state, and stores the runs; a request then only reads them. What is current is
 * not computed again. The queue is stately with one key: however many imports commit, at most one
 * pass waits and one runs, and the waiting one sees the latest state.
 */
export const SIDE_BY_SIDE_QUEUE = 'attribution-side-by-side';
const SINGLETON_KEY = 'open-years';

export const registrationQueues: readonly QueueDefinition[] = [
  { name: SIDE_BY_SIDE_QUEUE, policy: 'stately', retryLimit: 2, retryDelaySeconds: 30 },
];

export interface SideBySideJobResult {
  years: number[];
  rules: number;
}

function jobContext(dataSource: DataSource, requestId: string): RequestContext {
  return { requestId, actor: SYSTEM_ACTOR, dataSource, em: dataSource.manager, inTransaction: false, log: logger.child({ requestId }) };
}

/** One pass: the attribution of every open year under every side-by-side rule, current and stored. */
export async function runSideBySideJob(ctx: RequestContext): Promise<SideBySideJobResult> {
  const years = [...new Set((await listSchemes(ctx)).filter((s) => s.status !== 'CLOSED').map((s) => s.year))].sort();
  for (const year of years) {
    await currentAttributions(ctx, { year, rules: SIDE_BY_SIDE_RULES });
  }
  const result = { years, rules: SIDE_BY_SIDE_RULES.length };
  ctx.log.info(result, 'side-by-side attributions are current');
  return result;
}

/** The worker and one pass right away (the start-up pass). */
export async function startRegistrationWorkers(queue: JobQueue, dataSource: DataSource): Promise<void> {
  await queue.work(SIDE_BY_SIDE_QUEUE, (job) => runSideBySideJob(jobContext(dataSource, `job-${job.id}`)));
  await queue.enqueue(jobContext(dataSource, 'side-by-side-start'), SIDE_BY_SIDE_QUEUE, {}, { singletonKey: SINGLETON_KEY });
  queue.notify(SIDE_BY_SIDE_QUEUE);
}

/**
 * The people module's hook (registered in index.ts): inside the import's transaction, queue a pass
 * that commits with the events, where the context has a job queue (the server; a CLI writing into
 * the database itself opens one, decision 1911). Without one (a test context) it is left to the
 * next request, which finds the stored runs stale and attributes, or to the next start.
 */
export async function queueSideBySideAttributions(tx: RequestContext, applied: PersonEventsApplied): Promise<void> {
  if (tx.jobs === undefined || applied.people.length === 0) {
    return;
  }
  await tx.jobs.enqueue(tx, SIDE_BY_SIDE_QUEUE, {}, { singletonKey: SINGLETON_KEY });
}
