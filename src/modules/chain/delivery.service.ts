import crypto from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { assertMunicipalityAccess, assertRole, municipalityScope } from '../../common/auth/scope';
import { runCommand } from '../../common/db/run-command';
import { badInput, DomainError } from '../../common/errors/domain-error';
import type { Logger } from '../../common/logger';
import { municipalityRegister } from '../municipalities';
import { CHAIN_LOCK, onOutboxCommitted, outboxCommitted } from './outbox.service';

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
  });
  outboxCommitted();
  const [status] = await deliveryStatus(ctx, [municipalityCode]);
  if (status === undefined) {
    throw new DomainError('NOT_FOUND', `municipality ${municipalityCode} has no endpoint`);
  }
  return status;
}

export interface DeliveryOptions {
  log: Logger;
  /** First retry after this long; doubled per attempt up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts of one notification before the municipality's delivery is parked (dead letter). */
  maxAttempts?: number;
  /** How often due work is looked for when nothing wakes the worker (other processes' commits, retries). */
  pollMs?: number;
  timeoutMs?: number;
}

export interface DeliveryWorker {
  wake(): void;
  stop(): Promise<void>;
}

/**
 * Delivers the outbox to the registered endpoints: per municipality strictly in `id` order, one at a
 * time, each acknowledged (2xx) before the next, so at least once and in order; a failure retries the
 * same notification with exponential backoff, and after `maxAttempts` parks the municipality until a
 * replay. Progress is one row per municipality, locked (`FOR UPDATE SKIP LOCKED`) while a delivery is in
 * flight, so two workers (two processes) never send the same municipality's notifications at once.
 * A crash between the receiver's 2xx and the commit sends that notification again: receivers
 * deduplicate by `webhook-id` (at least once, decision 1504).
 *
 * This is the small interface the job queue (src/common/jobs, pg-boss) will drive once it is on main:
 * `deliverDue()` becomes the job handler and `wake()` a `send`.
 */
export function startDeliveryWorker(dataSource: DataSource, options: DeliveryOptions): DeliveryWorker {
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 600_000;
  const maxAttempts = options.maxAttempts ?? 10;
  const pollMs = options.pollMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 5000;
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;

  /** One municipality: deliver its due notifications in order until none is left or one fails. */
  const deliverMunicipality = async (code: string): Promise<void> => {
    for (let more = true; more && !stopped;) {
      more = await dataSource.transaction(async (em) => {
        const [state] = await em.query<{ delivered_id: string; attempts: number; url: string; secret: string }[]>(
          `SELECT s.delivered_id::text AS delivered_id, s.attempts, e.url, e.secret
             FROM chain_delivery_state s JOIN chain_endpoints e USING (municipality_code)
            WHERE s.municipality_code = $1 AND s.dead_since IS NULL AND s.next_attempt_at <= now()
            FOR UPDATE OF s SKIP LOCKED`,
          [code],
        );
        if (state === undefined) {
          return false;
        }
        const [next] = await em.query<{ id: string; event_type: string; subject_id: string; occurred_at: Date; created_at: Date }[]>(
          `SELECT id::text AS id, event_type, subject_id, occurred_at, created_at FROM chain_notifications
            WHERE municipality_code = $1 AND id > $2::bigint ORDER BY chain_notifications.id LIMIT 1`,
          [code, state.delivered_id],
        );
        if (next === undefined) {
          return false;
        }
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
        const result = await post(state.url, state.secret, `cn_${next.id}`, JSON.stringify(body), timeoutMs);
        if (result.ok) {
          await em.query(
            `UPDATE chain_delivery_state SET delivered_id = $2, attempts = 0, last_error = NULL, last_delivered_at = now(), next_attempt_at = now()
              WHERE municipality_code = $1`,
            [code, next.id],
          );
          return true;
        }
        const attempts = state.attempts + 1;
        const delay = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempts - 1));
        await em.query(
          `UPDATE chain_delivery_state SET attempts = $2::int, last_error = $3, next_attempt_at = now() + ($4::int * interval '1 millisecond'),
                  dead_since = CASE WHEN $2::int >= $5::int THEN now() ELSE NULL END
            WHERE municipality_code = $1`,
          [code, attempts, `notification ${next.id}: ${result.error ?? 'failed'}`, delay, maxAttempts],
        );
        options.log.warn(
          { event: 'chain_delivery_failed', municipality: code, notification: next.id, attempts, error: result.error },
          'delivery failed',
        );
        return false;
      });
    }
  };

  /** Every municipality with due work, in parallel (each one in order). */
  const deliverDue = async (): Promise<void> => {
    const due = await dataSource.query<{ code: string }[]>(
      `SELECT s.municipality_code AS code FROM chain_delivery_state s
        WHERE s.dead_since IS NULL AND s.next_attempt_at <= now()
          AND EXISTS (SELECT 1 FROM chain_notifications n WHERE n.municipality_code = s.municipality_code AND n.id > s.delivered_id)`,
    );
    await Promise.all(due.map((d) => deliverMunicipality(d.code)));
  };

  const schedule = (ms: number) => {
    if (timer !== null) {
      clearTimeout(timer);
    }
    if (!stopped) {
      timer = setTimeout(run, ms);
      timer.unref();
    }
  };
  function run(): void {
    if (running !== null) {
      again = true;
      return;
    }
    running = deliverDue()
      .catch((error: unknown) => options.log.error({ err: error }, 'chain delivery round failed'))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          schedule(0);
        } else {
          schedule(pollMs);
        }
      });
  }
  const unsubscribe = onOutboxCommitted(() => run());
  schedule(0);
  return {
    wake: run,
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer !== null) {
        clearTimeout(timer);
      }
      await running;
    },
  };
}
