import crypto from 'node:crypto';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { assertRole, municipalityScope, assertMunicipalityAccess } from '../../common/auth/scope';
import { runCommand } from '../../common/db/run-command';
import { badInput } from '../../common/errors/domain-error';
import { parseIsoDate } from '../../common/dates';
import { announceDelivery, deliveryCommitted } from './delivery.queue';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { InFlight } from '../../common/in-flight';

/**
 * Serialises every writer of `chain_notifications`, held to commit. The feed pages by `id`; ids come
 * from a sequence when the row is inserted, not when it commits, so without this lock a poller
 * could read id 11 before id 10 commits and never see 10. With it, ids are in commit order.
 */
export const CHAIN_LOCK = 8_000_001_700;

export interface NewNotification {
  municipalityCode: string;
  /** The engine's own catalogue (docs/chain.md): PERSON_OBLIGATION_STARTED, TRANCHE_PAID, … */
  eventType: string;
  /** Pseudonymised person id or a decision/record id; never a BSN. */
  subjectId: string;
  occurredAt: Date;
  receivedAt?: Date | null;
  berichtId?: string | null;
}

export interface ChainNotification {
  id: string;
  municipalityCode: string;
  eventType: string;
  subjectId: string;
  occurredAt: Date;
  receivedAt: Date | null;
  notifiedAt: Date;
}

const EVENT_TYPE = /^[A-Z][A-Z_]{2,59}$/;

const SUBJECT = /^[A-Za-z0-9_.:-]{1,100}$/;

/** Appends notifications inside the caller's transaction (it must hold CHAIN_LOCK). */
export async function insertNotifications(tx: RequestContext, rows: readonly NewNotification[]): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  await tx.em.query(
    `INSERT INTO chain_notifications (municipality_code, event_type, subject_id, occurred_at, received_at, bericht_id)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::timestamptz[], $5::timestamptz[], $6::uuid[])`,
    [
      rows.map((r) => r.municipalityCode),
      rows.map((r) => r.eventType),
      rows.map((r) => r.subjectId),
      rows.map((r) => r.occurredAt.toISOString()),
      rows.map((r) => r.receivedAt?.toISOString() ?? null),
      rows.map((r) => r.berichtId ?? null),
    ],
  );
}

/**
 * Tells a municipality of something in the engine's catalogue (for other modules: a decision, a
 * tranche paid or suspended, a settlement finalised). Joins the caller's transaction when there is
 * one, so the notification commits with the change it reports (transactional outbox) or not at all.
 */
export async function notifyMunicipality(
  ctx: RequestContext,
  code: string,
  event: { eventType: string; subjectId: string; occurredAt?: Date },
): Promise<void> {
  if (!EVENT_TYPE.test(event.eventType)) {
    throw badInput('eventType', 'SCREAMING_SNAKE, 3-60 characters');
  }
  if (!SUBJECT.test(event.subjectId)) {
    throw badInput('subjectId', '1-100 of letters, digits, _ . : -');
  }
  await runCommand(ctx, async (tx) => {
    await tx.em.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    await insertNotifications(tx, [
      { municipalityCode: code, eventType: event.eventType, subjectId: event.subjectId, occurredAt: event.occurredAt ?? new Date() },
    ]);
    await announceDelivery(tx, [code]);
  });
  if (!ctx.inTransaction) {
    deliveryCommitted(ctx);
  }
}

/**
 * The money events of the catalogue (decision 1511): what changed the money of a municipality. The
 * subject is the decision or run the municipality reads through GraphQL.
 */
export const MONEY_EVENTS = [
  'ALLOCATION_DECIDED',
  'ADVANCE_PLAN_DECIDED',
  'TRANCHE_PAID',
  'TRANCHE_SUSPENDED',
  'ADVANCES_SUSPENDED',
  'ADVANCES_RELEASED',
  'SETTLEMENT_FINALISED',
] as const;
export type MoneyEvent = (typeof MONEY_EVENTS)[number];

/** A record id or key as a subject: as it is when it fits the subject pattern, else `sha256:` + 40 hex of it. */
export function subjectOf(id: string): string {
  return SUBJECT.test(id) ? id : `sha256:${crypto.createHash('sha256').update(id, 'utf8').digest('hex').slice(0, 40)}`;
}

/**
 * Tells each municipality (codes, or records with a `municipalityCode`) of a money event, inside the command that makes the change (the
 * transactional outbox: the rows commit with it or not at all; a dry run tells nobody). One line at
 * the call site: `await notifyMoneyEvent(tx, 'SETTLEMENT_FINALISED', settlement.id, lines)`. Call it last in the
 * command: it takes the chain's lock, held to commit (decision 1503).
 */
export async function notifyMoneyEvent(
  tx: RequestContext,
  event: MoneyEvent,
  subject: string,
  municipalities: Iterable<string | { municipalityCode: string }>,
): Promise<void> {
  if (!tx.inTransaction) {
    throw new Error('notifyMoneyEvent must run inside the command that changes the money');
  }
  const codes = [...new Set([...municipalities].map((m) => (typeof m === 'string' ? m : m.municipalityCode)))].sort();
  if (codes.length === 0) {
    return;
  }
  const occurredAt = new Date();
  await tx.em.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  await insertNotifications(
    tx,
    codes.map((municipalityCode) => ({ municipalityCode, eventType: event, subjectId: subjectOf(subject), occurredAt })),
  );
  await announceDelivery(tx, codes);
}

/**
 * One municipality's notifications after a cursor, oldest first (item 4): what a municipality
 * without an endpoint polls, and what one with an endpoint reads to fill a gap. A controller only
 * for its own municipality.
 */
export async function listNotifications(
  ctx: RequestContext,
  input: { municipalityCode: string; first: number; after?: string | null },
): Promise<Page<ChainNotification>> {
  assertMunicipalityAccess(ctx, input.municipalityCode);
  const cursor = decodeCursor(input.after);
  if (cursor !== null && !/^\d{1,18}$/.test(cursor)) {
    throw badInput('after', 'not a cursor returned by this API');
  }
  const [{ total }] = await ctx.em.query<[{ total: number }]>(
    'SELECT count(*)::int AS total FROM chain_notifications WHERE municipality_code = $1',
    [input.municipalityCode],
  );
  const rows = await ctx.em.query<ChainNotification[]>(
    `SELECT id::text AS id, municipality_code AS "municipalityCode", event_type AS "eventType", subject_id AS "subjectId",
            occurred_at AS "occurredAt", received_at AS "receivedAt", created_at AS "notifiedAt"
       FROM chain_notifications
      WHERE municipality_code = $1 AND ($2::bigint IS NULL OR id > $2::bigint)
      ORDER BY chain_notifications.id LIMIT $3`,
    [input.municipalityCode, cursor, input.first + 1],
  );
  return toPage(rows, input.first, (r) => r.id, total);
}

export interface Timeliness {
  municipalityCode: string;
  count: number;
  /** Seconds from the source's registration to the engine's receipt. */
  receiveP50Seconds: number | null;
  receiveP90Seconds: number | null;
  /** Seconds from the source's registration until the municipality could read it (feed/outbox). */
  notifyP50Seconds: number | null;
  notifyP90Seconds: number | null;
  maxNotifySeconds: number | null;
}

/**
 * Delay distribution per municipality of the person events that came through the chain (item 5),
 * for events registered at the source in [from, to] (Europe/Amsterdam dates). Nearest-rank
 * percentiles (percentile_disc), whole seconds rounded up: a delay is never reported shorter.
 */
export async function notificationTimeliness(
  ctx: RequestContext,
  input: { from: string; to: string; municipalityCodes?: string[] | null },
): Promise<Timeliness[]> {
  parseIsoDate(input.from, 'from');
  parseIsoDate(input.to, 'to');
  if (input.to < input.from) {
    throw badInput('to', 'must be on or after from');
  }
  const scope = municipalityScope(ctx, input.municipalityCodes);
  // Requests for the same period and scope that arrive while one is computed share it (the
  // answer depends on nothing else; the caller's scope is in the key).
  return timelinessInFlight.share(JSON.stringify([input.from, input.to, scope]), () => computeTimeliness(ctx, input.from, input.to, scope));
}

/** Timeliness computations in flight, by period and scope (decision 1830). */
export const timelinessInFlight = new InFlight<Timeliness[]>();

function computeTimeliness(ctx: RequestContext, from: string, to: string, scope: string[] | null): Promise<Timeliness[]> {
  // The local days [from, to] as the instants from local midnight of `from` up to local midnight
  // after `to` (midnight exists every day in Europe/Amsterdam): exactly the instants whose
  // Amsterdam date lies in [from, to], and a range the occurred_at index can read (decision 1830).
  // The delays are ordered as intervals (a difference of two instants: days and time, no months,
  // so in the order of their seconds) and turned into seconds only once picked; both percentiles
  // of one ordering come from one sort.
  return ctx.em.query<Timeliness[]>(
    `WITH d AS (
       SELECT municipality_code, received_at - occurred_at AS recv, created_at - occurred_at AS notify
         FROM chain_notifications
        WHERE received_at IS NOT NULL
          AND occurred_at >= ($1::date::timestamp AT TIME ZONE 'Europe/Amsterdam')
          AND occurred_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/Amsterdam')
          AND ($3::varchar[] IS NULL OR municipality_code = ANY($3::varchar[]))),
     g AS (
       SELECT municipality_code, count(*)::int AS count,
              percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY recv) AS recv,
              percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY notify) AS notify,
              max(notify) AS max_notify
         FROM d GROUP BY municipality_code)
     SELECT municipality_code AS "municipalityCode", count,
            ceil(extract(epoch FROM recv[1]))::int AS "receiveP50Seconds", ceil(extract(epoch FROM recv[2]))::int AS "receiveP90Seconds",
            ceil(extract(epoch FROM notify[1]))::int AS "notifyP50Seconds", ceil(extract(epoch FROM notify[2]))::int AS "notifyP90Seconds",
            ceil(extract(epoch FROM max_notify))::int AS "maxNotifySeconds"
       FROM g ORDER BY municipality_code`,
    [from, to, scope],
  );
}

export interface InboxMessage {
  berichtId: string;
  gebeurtenisId: string;
  municipalityCode: string;
  personId: string | null;
  registeredAt: Date;
  receivedAt: Date;
  outcome: string;
  reason: string;
}

/** Every notification received, newest first, with what became of it: ministry roles only. */
export async function listInbox(ctx: RequestContext, input: { first: number; after?: string | null }): Promise<Page<InboxMessage>> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  const cursor = decodeCursor(input.after);
  const [{ total }] = await ctx.em.query<[{ total: number }]>('SELECT count(*)::int AS total FROM chain_inbox');
  const rows = await ctx.em.query<(InboxMessage & { k: string })[]>(
    `SELECT bericht_id AS "berichtId", gebeurtenis_id AS "gebeurtenisId", municipality_code AS "municipalityCode", person_id AS "personId",
            registered_at AS "registeredAt", received_at AS "receivedAt", outcome, reason,
            to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' || bericht_id AS k
       FROM chain_inbox
      WHERE $1::text IS NULL OR (to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' || bericht_id) < $1::text
      ORDER BY k DESC LIMIT $2`,
    [cursor, input.first + 1],
  );
  return toPage(rows, input.first, (r) => r.k, total);
}
