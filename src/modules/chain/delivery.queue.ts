import type { RequestContext } from '../../context';
import type { QueueDefinition } from '../../common/jobs';

/** One job: deliver what is due for this municipality (the singleton key), in order. */
export const CHAIN_DELIVERY_QUEUE = 'chain-delivery';
/** Every minute: a delivery job for every municipality with due work (what nobody announced). */
export const CHAIN_DELIVERY_SWEEP_QUEUE = 'chain-delivery-sweep';

/**
 * `short`: at most one queued delivery job per municipality (an announcement while one waits is
 * dropped: the waiting one will deliver it). Exclusive sending is the claim's (decision 1510), not
 * the queue's. A handler that throws (the database, not the receiver) is retried by the queue.
 */
export const chainQueues: readonly QueueDefinition[] = [
  { name: CHAIN_DELIVERY_QUEUE, policy: 'short', retryLimit: 5, retryDelaySeconds: 1, expireInSeconds: 15 * 60 },
  { name: CHAIN_DELIVERY_SWEEP_QUEUE, policy: 'short', retryLimit: 0, expireInSeconds: 5 * 60 },
];

/** The singleton key of a municipality's delivery job for later. */
export function laterKey(code: string): string {
  return `${code}:later`;
}

export interface DeliveryJob {
  municipalityCode: string;
}

/**
 * Announces due delivery work for these municipalities on the job queue. Inside a transaction the
 * job is written in it (it exists if and only if the notifications commit); municipalities without
 * an endpoint are skipped (they poll the feed). Without a queue in the context (a CLI, a test
 * context) nothing is announced: the sweep finds the work within a minute. A job for later (a
 * retry after its backoff) has its own singleton key (`<code>:later`), so it never takes the place
 * of the job for now that the next commit announces.
 */
export async function announceDelivery(ctx: RequestContext, codes: readonly string[], startAfterSeconds?: number): Promise<void> {
  if (ctx.jobs === undefined || codes.length === 0) {
    return;
  }
  const withEndpoint = await ctx.em.query<{ code: string }[]>(
    'SELECT municipality_code AS code FROM chain_endpoints WHERE municipality_code = ANY($1::varchar[]) ORDER BY municipality_code',
    [[...new Set(codes)]],
  );
  for (const { code } of withEndpoint) {
    const key = startAfterSeconds === undefined ? code : laterKey(code);
    const id = await ctx.jobs.enqueue<DeliveryJob>(
      ctx,
      CHAIN_DELIVERY_QUEUE,
      { municipalityCode: code },
      { singletonKey: key, startAfterSeconds },
    );
    if (id === null && startAfterSeconds !== undefined && !ctx.inTransaction) {
      // A later job is waiting already: it runs by this time at the latest.
      await ctx.jobs.expedite(CHAIN_DELIVERY_QUEUE, key, startAfterSeconds);
    }
  }
}

/**
 * After work was brought forward outside a command (`expedite`): the workers look now instead of at
 * their next poll. Jobs enqueued inside a command wake them after its commit by themselves.
 */
export function deliveryCommitted(ctx: RequestContext): void {
  ctx.jobs?.notify(CHAIN_DELIVERY_QUEUE);
}
