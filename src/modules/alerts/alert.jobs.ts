import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import type { JobQueue, QueueDefinition } from '../../common/jobs';
import { SYSTEM_ACTOR } from '../../common/auth/actor';
import { logger } from '../../common/logger';
import { evaluateAlerts } from './alert.service';

/**
 * Alerts are evaluated by a scheduled job (decision 1330): every 15 minutes, once across all
 * processes (pg-boss's cron), on a stately queue so that evaluations never pile up. The
 * `evaluateAlerts` mutation runs the same evaluation at once; ALERTS_LOCK keeps the two apart.
 */
export const ALERT_EVALUATION_QUEUE = 'alert-evaluation';
export const ALERT_EVALUATION_CRON = '*/15 * * * *';

export const alertQueues: readonly QueueDefinition[] = [{ name: ALERT_EVALUATION_QUEUE, policy: 'stately', retryLimit: 1 }];

export async function startAlertWorkers(queue: JobQueue, dataSource: DataSource): Promise<void> {
  await queue.work(ALERT_EVALUATION_QUEUE, async (job) => {
    const requestId = `job-${job.id}`;
    const ctx: RequestContext = {
      requestId,
      actor: SYSTEM_ACTOR,
      dataSource,
      em: dataSource.manager,
      inTransaction: false,
      log: logger.child({ requestId }),
    };
    const result = await evaluateAlerts(ctx);
    return { subscriptions: result.subscriptions, alerts: result.alerts.length, problems: result.problems };
  });
  await queue.schedule(ALERT_EVALUATION_QUEUE, ALERT_EVALUATION_CRON, {});
}
