import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { assertMunicipalityAccess, assertRole, municipalityScope } from '../../common/auth/scope';
import { runCommand } from '../../common/db/run-command';
import { badInput, DomainError } from '../../common/errors/domain-error';
import { logger } from '../../common/logger';
import type { JobQueue } from '../../common/jobs';
import { municipalityRegister } from '../municipalities';
import { CHAIN_LOCK } from './outbox.service';
import {
  announceDelivery,
  laterKey,
  CHAIN_DELIVERY_QUEUE,
  CHAIN_DELIVERY_SWEEP_QUEUE,
  deliveryCommitted,
  type DeliveryJob,
} from './delivery.queue';

const CODE = /^GM\d{4}$/;

/** The thin notification as POSTed (docs/chain.md): the catalogue type, when, and what to read. */
export interface DeliveredNotification {
  type: string;
  timestamp: string;
  data: { id: string; municipalityCode: string; subjectId: string; occurredAt: string; notifiedAt: string };
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw badInput('url', 'an absolute http(s) URL');
  }
  if (!/^https?:$/.test(parsed.protocol) || url.length > 500 || parsed.username !== '' || parsed.password !== '') {
    throw badInput('url', 'an absolute http(s) URL of at most 500 characters, without credentials');
  }
}

function checkCode(code: string): void {
  if (!CODE.test(code)) {
    throw badInput('municipalityCode', 'a municipality code GM + 4 digits');
  }
}

/** Signs and POSTs one payload (Standard Webhooks: webhook-id, webhook-timestamp, webhook-signature). */
async function post(
  url: string,
  secret: string,
  msgId: string,
  body: string,
  timeoutMs: number,
): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  const now = new Date();
  const signature = new Webhook(secret.replace(/^whsec_/, '')).sign(msgId, now, body);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': msgId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await res.body?.cancel();
    return {
      ok: res.status >= 200 && res.status < 300,
      status: res.status,
      error: res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`,
    };
  } catch (error) {
    return { ok: false, status: null, error: (error as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed' };
  }
}

/**
 * Registers (or replaces) a municipality's endpoint: a controller its own, a finance officer any.
 * Returns the signing secret once. Delivery starts after the newest notification so far; older
 * ones are in the feed (decision 1504).
 */
export async function registerEndpoint(
  ctx: RequestContext,
  input: { municipalityCode: string; url: string },
): Promise<{ municipalityCode: string; url: string; secret: string }> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.MUNICIPAL_CONTROLLER);
  checkCode(input.municipalityCode);
  assertMunicipalityAccess(ctx, input.municipalityCode, 'register an endpoint for');
  checkUrl(input.url);
  const secret = `whsec_${crypto.randomBytes(24).toString('base64')}`;
  return runCommand(ctx, async (tx) => {
    if (!(await municipalityRegister(tx)).has(input.municipalityCode)) {
      throw new DomainError('NOT_FOUND', `municipality ${input.municipalityCode} does not exist`);
    }
    await tx.em.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    await tx.em.query(
      `INSERT INTO chain_endpoints (municipality_code, url, secret, registered_by, registered_at) VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (municipality_code) DO UPDATE SET url = EXCLUDED.url, secret = EXCLUDED.secret, registered_by = EXCLUDED.registered_by, registered_at = now()`,
      [input.municipalityCode, input.url, secret, ctx.actor?.subject ?? 'system'],
    );
    await tx.em.query(
      `INSERT INTO chain_delivery_state (municipality_code, delivered_id)
       SELECT $1::varchar, COALESCE(max(id), 0) FROM chain_notifications WHERE municipality_code = $1::varchar
       ON CONFLICT (municipality_code) DO NOTHING`,
      [input.municipalityCode],
    );
    return { municipalityCode: input.municipalityCode, url: input.url, secret };
  });
}

/** Sends a signed ENDPOINT_TEST to the registered endpoint and reports the answer (nothing is stored). */
export async function testEndpoint(
  ctx: RequestContext,
  municipalityCode: string,
): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.MUNICIPAL_CONTROLLER);
  checkCode(municipalityCode);
  assertMunicipalityAccess(ctx, municipalityCode, 'test the endpoint of');
  const [endpoint] = await ctx.em.query<{ url: string; secret: string }[]>(
    'SELECT url, secret FROM chain_endpoints WHERE municipality_code = $1',
    [municipalityCode],
  );
  if (endpoint === undefined) {
    throw new DomainError('NOT_FOUND', `municipality ${municipalityCode} has no endpoint`);
  }
  const now = new Date().toISOString();
  const body: DeliveredNotification = {
    type: 'ENDPOINT_TEST',
    timestamp: now,
    data: { id: '0', municipalityCode, subjectId: 'test', occurredAt: now, notifiedAt: now },
  };
  return post(endpoint.url, endpoint.secret, `test_${crypto.randomUUID()}`, JSON.stringify(body), 5000);
}

export interface DeliveryStatus {
  municipalityCode: string;
  url: string;
  deliveredUpTo: string;
  pending: number;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  /** Set when the head notification used up its attempts: delivery for this municipality waits for a replay. */
  deadSince: Date | null;
  lastDeliveredAt: Date | null;
}

/** Endpoints and delivery progress: a finance officer or auditor sees all (the dead-letter list), a controller its own. */
export async function deliveryStatus(ctx: RequestContext, municipalityCodes?: string[] | null): Promise<DeliveryStatus[]> {
  const scope = municipalityScope(ctx, municipalityCodes);
  return ctx.em.query<DeliveryStatus[]>(
    `SELECT e.municipality_code AS "municipalityCode", e.url, s.delivered_id::text AS "deliveredUpTo",
            (SELECT count(*)::int FROM chain_notifications n WHERE n.municipality_code = e.municipality_code AND n.id > s.delivered_id) AS pending,
            s.attempts, s.next_attempt_at AS "nextAttemptAt", s.last_error AS "lastError", s.dead_since AS "deadSince",
            s.last_delivered_at AS "lastDeliveredAt"
       FROM chain_endpoints e JOIN chain_delivery_state s USING (municipality_code)
      WHERE $1::varchar[] IS NULL OR e.municipality_code = ANY($1::varchar[])
      ORDER BY e.municipality_code`,
    [scope],
  );
}

/** A finance officer replays a parked municipality: its head notification is tried again now, in order. */
export async function replayDeliveries(ctx: RequestContext, municipalityCode: string): Promise<DeliveryStatus> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  checkCode(municipalityCode);
  await runCommand(ctx, async (tx) => {
    const rows = await tx.em.query<unknown[]>('SELECT 1 FROM chain_delivery_state WHERE municipality_code = $1 FOR UPDATE', [
      municipalityCode,
    ]);
    if (rows.length === 0) {
      throw new DomainError('NOT_FOUND', `municipality ${municipalityCode} has no endpoint`);
    }
    await tx.em.query(
      `UPDATE chain_delivery_state SET dead_since = NULL, attempts = 0, next_attempt_at = now() WHERE municipality_code = $1`,
      [municipalityCode],
    );
    await announceDelivery(tx, [municipalityCode]);
  });
  // A job still waiting out the backoff is due now; the workers look at once.
  await ctx.jobs?.expedite(CHAIN_DELIVERY_QUEUE, laterKey(municipalityCode));
  deliveryCommitted(ctx);
  const [status] = await deliveryStatus(ctx, [municipalityCode]);
  if (status === undefined) {
    throw new DomainError('NOT_FOUND', `municipality ${municipalityCode} has no endpoint`);
  }
  return status;
}

export interface DeliveryOptions {
  /** First retry after this long; doubled per attempt up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts of one notification before the municipality's delivery is parked (dead letter). */
  maxAttempts?: number;
  /** Timeout of one POST. */
  timeoutMs?: number;
  /** Delivery jobs running at once in this process (each one municipality, in order). */
  concurrency?: number;
  /** How often an idle delivery worker looks for jobs that were not announced to it (other processes, retries). */
  pollingIntervalSeconds?: number;
}

function systemCtx(dataSource: DataSource, jobs: JobQueue, requestId: string): RequestContext {
  return { requestId, actor: null, dataSource, em: dataSource.manager, inTransaction: false, log: logger.child({ requestId }), jobs };
}

interface Claim {
  delivered_id: string;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Delivers one municipality's due notifications (the handler of a `chain-delivery` job), strictly in
 * `id` order, each acknowledged (2xx) before the next, without a transaction open during a POST:
 *
 * 1. claim: one statement moves `next_attempt_at` a lease ahead, if it was due and not parked, and
 *    commits; nobody else claims the municipality until the lease ends;
 * 2. read the next notifications after the cursor;
 * 3. POST one; on 2xx move the cursor by exactly that one (`WHERE delivered_id = previous`: a worker
 *    whose lease ran out and was taken over stops), on failure record it with the backoff (parked after
 *    `maxAttempts`) and announce a job for when it is due.
 *
 * A crash after the 2xx and before step 3's update sends that notification again once the lease ends
 * (receivers deduplicate by `webhook-id`): at least once, in order (decision 1510). One batch (up to
 * 100) per job, so that a stop is not held up and every municipality with work gets its turn.
 */
export async function deliverMunicipality(
  dataSource: DataSource,
  jobs: JobQueue,
  code: string,
  options: DeliveryOptions = {},
): Promise<{ delivered: number; failed: boolean }> {
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 600_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const timeoutMs = options.timeoutMs ?? 5000;
  // Long enough for a POST and the update after it; a crashed worker's municipality resumes after it.
  const leaseMs = 2 * timeoutMs + 1000;
  const ctx = systemCtx(dataSource, jobs, `chain-delivery-${code}`);
  let delivered = 0;
  const [claim] = await dataSource.query<Claim[]>(
    `WITH c AS (
       UPDATE chain_delivery_state s SET next_attempt_at = now() + ($2::int * interval '1 millisecond')
         FROM chain_endpoints e
        WHERE s.municipality_code = $1 AND e.municipality_code = s.municipality_code AND s.dead_since IS NULL AND s.next_attempt_at <= now()
        RETURNING s.delivered_id::text AS delivered_id, s.attempts, e.url, e.secret)
     SELECT * FROM c`,
    [code, leaseMs],
  );
  if (claim === undefined) {
    // Not due (a backoff, or another worker's lease: that one looks again when it is done), parked,
    // or no endpoint. A job for when it is due, in case the holder of the lease died.
    const [state] = await dataSource.query<{ wait_ms: number; dead: boolean; pending: boolean }[]>(
      `SELECT greatest(0, ceil(extract(epoch FROM s.next_attempt_at - now()) * 1000))::int AS wait_ms, s.dead_since IS NOT NULL AS dead,
              EXISTS (SELECT 1 FROM chain_notifications n WHERE n.municipality_code = s.municipality_code AND n.id > s.delivered_id) AS pending
         FROM chain_delivery_state s WHERE s.municipality_code = $1`,
      [code],
    );
    if (state !== undefined && !state.dead && state.pending && state.wait_ms > 0) {
      await announceDelivery(ctx, [code], state.wait_ms / 1000);
    }
    return { delivered, failed: false };
  }
  // One batch per job: under load every municipality with work gets its turn (the queue is first in,
  // first out), instead of one busy municipality keeping a worker.
  const batch = await dataSource.query<{ id: string; event_type: string; subject_id: string; occurred_at: Date; created_at: Date }[]>(
    `SELECT id::text AS id, event_type, subject_id, occurred_at, created_at FROM chain_notifications
      WHERE municipality_code = $1 AND id > $2::bigint ORDER BY chain_notifications.id LIMIT 100`,
    [code, claim.delivered_id],
  );
  let cursor = claim.delivered_id;
  for (const [i, next] of batch.entries()) {
    const body: DeliveredNotification = {
      type: next.event_type,
      timestamp: next.occurred_at.toISOString(),
      data: {
        id: next.id,
        municipalityCode: code,
        subjectId: next.subject_id,
        occurredAt: next.occurred_at.toISOString(),
        notifiedAt: next.created_at.toISOString(),
      },
    };
    const result = await post(claim.url, claim.secret, `cn_${next.id}`, JSON.stringify(body), timeoutMs);
    if (!result.ok) {
      const attempts = claim.attempts + 1;
      const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1));
      const parked = attempts >= maxAttempts;
      await dataSource.query(
        `WITH u AS (
           UPDATE chain_delivery_state SET attempts = $3::int, last_error = $4, next_attempt_at = now() + ($5::int * interval '1 millisecond'),
                  dead_since = CASE WHEN $6::boolean THEN now() ELSE NULL END
            WHERE municipality_code = $1 AND delivered_id = $2::bigint RETURNING 1)
         SELECT count(*) FROM u`,
        [code, cursor, attempts, `notification ${next.id}: ${result.error ?? 'failed'}`.slice(0, 300), delay, parked],
      );
      ctx.log.warn(
        { event: 'chain_delivery_failed', municipality: code, notification: next.id, attempts, parked, error: result.error },
        'delivery failed',
      );
      if (!parked) {
        await announceDelivery(ctx, [code], delay / 1000);
      }
      return { delivered, failed: true };
    }
    // The last of the batch gives the claim back (due now); the others keep it a lease ahead.
    const moved = await dataSource.query<{ id: string }[]>(
      `WITH u AS (
         UPDATE chain_delivery_state SET delivered_id = $3::bigint, attempts = 0, last_error = NULL, last_delivered_at = now(),
                next_attempt_at = CASE WHEN $4::boolean THEN now() ELSE now() + ($5::int * interval '1 millisecond') END
          WHERE municipality_code = $1 AND delivered_id = $2::bigint RETURNING delivered_id::text AS id)
       SELECT * FROM u`,
      [code, cursor, next.id, i === batch.length - 1, leaseMs],
    );
    if (moved.length === 0) {
      // The lease ran out and another worker took over: it goes on from the cursor it saw.
      return { delivered, failed: false };
    }
    cursor = next.id;
    claim.attempts = 0;
    delivered += 1;
  }
  if (batch.length === 0) {
    await dataSource.query(
      `UPDATE chain_delivery_state SET next_attempt_at = now() WHERE municipality_code = $1 AND delivered_id = $2::bigint`,
      [code, cursor],
    );
  }
  // The claim is given back; look once more, so that what committed meanwhile (its job may have
  // found the claim taken) gets a job now.
  const [more] = await dataSource.query<{ pending: boolean }[]>(
    `SELECT EXISTS (SELECT 1 FROM chain_notifications WHERE municipality_code = $1 AND id > $2::bigint) AS pending`,
    [code, cursor],
  );
  if (more?.pending === true) {
    await announceDelivery(ctx, [code]);
    jobs.notify(CHAIN_DELIVERY_QUEUE);
  }
  return { delivered, failed: false };
}

/** The sweep: a job for every municipality with due, unparked work (covers writers without a queue and lost announcements). */
export async function sweepDeliveries(dataSource: DataSource, jobs: JobQueue): Promise<{ announced: number }> {
  const due = await dataSource.query<{ code: string }[]>(
    `SELECT s.municipality_code AS code FROM chain_delivery_state s JOIN chain_endpoints e USING (municipality_code)
      WHERE s.dead_since IS NULL AND s.next_attempt_at <= now()
        AND EXISTS (SELECT 1 FROM chain_notifications n WHERE n.municipality_code = s.municipality_code AND n.id > s.delivered_id)`,
  );
  await announceDelivery(
    systemCtx(dataSource, jobs, 'chain-delivery-sweep'),
    due.map((d) => d.code),
  );
  if (due.length > 0) {
    jobs.notify(CHAIN_DELIVERY_QUEUE);
  }
  return { announced: due.length };
}

/**
 * The chain's workers on the job queue (registered in src/modules/jobs.ts): delivery jobs, several
 * municipalities at once, each in order; and the sweep every minute.
 */
export async function startChainWorkers(jobs: JobQueue, dataSource: DataSource, options: DeliveryOptions = {}): Promise<void> {
  await jobs.work<DeliveryJob>(
    CHAIN_DELIVERY_QUEUE,
    async (job) => deliverMunicipality(dataSource, jobs, job.data.municipalityCode, options),
    {
      concurrency: options.concurrency ?? 8,
      pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
    },
  );
  await jobs.work(CHAIN_DELIVERY_SWEEP_QUEUE, async () => sweepDeliveries(dataSource, jobs));
  await jobs.schedule(CHAIN_DELIVERY_SWEEP_QUEUE, '* * * * *', {});
  // What was due when this process started (a restart after a crash) goes out now, not in a minute.
  await sweepDeliveries(dataSource, jobs);
}
