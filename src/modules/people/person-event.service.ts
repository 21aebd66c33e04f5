import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { createSha256 } from '../../common/hashing/canonical';
import { runCommand } from '../../common/db/run-command';
import { idempotent } from '../../common/idempotency/idempotency';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { badInput, DomainError } from '../../common/errors/domain-error';
import { existingCodes, listMergers } from '../municipalities';
import { applyToPerson, mergerResolver, type Candidate, type HistoryEvent, type PersonEventType } from './person-history.calculator';
import { eventHash, parsePersonEvent, SOURCE_PATTERN, type LineError, type PersonEventRecord } from './person-event.record';
import { advancePeriodsState, refreshPersonPeriods } from './person-periods';
import { personEventsApplied, type AppliedPersonEvent, type PersonEventsApplied, type PriorPersonEvent } from './person-events-applied';

/** Serialises every writer of person events, and lets attribution read a stable state (shared). */
export const PERSON_EVENTS_LOCK = 8_000_000_001;
const CHUNK = 10_000;

export interface ImportPersonEventsInput {
  batchKey: string;
  /** Raw events: GraphQL input objects, CSV rows or NDJSON objects. */
  events: Record<string, unknown>[];
  /** Line number to report per event (a file's own lines); default index + 1. */
  lines?: number[];
}

export interface ImportSummary {
  batchKey: string;
  received: number;
  applied: number;
  pending: number;
  unchanged: number;
  released: number;
  replayed: boolean;
}

type Staged = PersonEventRecord & { line: number; hash: string };

function rejected(errors: LineError[]): DomainError {
  const lines = [...errors].sort((a, b) => a.line - b.line || a.field.localeCompare(b.field));
  return new DomainError('BATCH_REJECTED', `${new Set(lines.map((l) => l.line)).size} line(s) rejected; nothing was written`, {
    line: lines[0]?.line,
    field: lines[0]?.field,
    lines,
  });
}

/**
 * Imports a batch of person events, all or nothing. Per event id: same content again is a no-op,
 * other content is refused. Each new event is checked against the person's applied history; one
 * that contradicts it is refused (the whole batch then writes nothing), or held PENDING when its
 * source is declared out of order. Pending events of a person are tried again whenever one of
 * their events applies. Nothing is ever altered to make it fit.
 *
 * In steps: parse (every line, before the transaction) → stage (duplicates, known ids and codes,
 * the sources) → compute (the pure history rules per person, `applyToHistories`) → persist (the
 * events, released pending ones) → record (the batch, for replays). Every line's problem is
 * collected on the way and the batch is refused once, naming each line.
 */
export async function importPersonEvents(ctx: RequestContext, input: ImportPersonEventsInput): Promise<ImportSummary> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  if (!/^[A-Za-z0-9_.:/-]{1,200}$/.test(input.batchKey)) {
    throw badInput('input.batchKey', '1-200 of letters, digits, _ . : / -');
  }
  if (input.events.length === 0) {
    throw badInput('input.events', 'a batch needs at least one event');
  }
  const { staged, errors, batchHash } = parseBatch(input);

  return runCommand(ctx, async (tx) => {
    await tx.em.query('SELECT pg_advisory_xact_lock($1)', [PERSON_EVENTS_LOCK]);
    const { result } = await idempotent(tx, {
      key: input.batchKey,
      field: 'input.batchKey',
      what: 'event batch',
      // A batch's request is its content: the hashes of its events in order.
      requestHash: batchHash,
      // A batch with unparsable lines is refused, naming each line, whatever its key holds.
      find: async () => (errors.length > 0 ? null : priorBatch(tx, input.batchKey)),
      perform: async () => {
        const { fresh, unchanged, sources } = await stageEvents(tx, staged, errors);
        const outcome = await applyToHistories(tx, fresh, sources);
        for (const r of outcome.refused) {
          errors.push({ line: r.event.line, field: 'type', code: r.contradiction.code, reason: r.contradiction.reason });
        }
        if (errors.length > 0) {
          throw rejected(errors);
        }
        const { appliedSeq, released } = await persistEvents(tx, input.batchKey, fresh, outcome, sources);
        // The registered handlers (the chain's notifications) write in this transaction: decision 1550.
        await personEventsApplied(tx, appliedEvents(input.batchKey, outcome));
        const summary: ImportSummary = {
          batchKey: input.batchKey,
          received: input.events.length,
          applied: fresh.filter((s) => appliedSeq.has(s.eventId)).length,
          pending: fresh.filter((s) => !appliedSeq.has(s.eventId)).length,
          unchanged,
          released: released.length,
          replayed: false,
        };
        await recordBatch(tx, batchHash, summary, actor.subject);
        ctx.log.info({ ...summary }, 'person events imported');
        return summary;
      },
    });
    return result;
  });
}

/** Parse: every line checked on its own (pure); the batch's hash is over its events' hashes in order. */
function parseBatch(input: ImportPersonEventsInput): { staged: Staged[]; errors: LineError[]; batchHash: string } {
  const lineOf = (i: number) => input.lines?.[i] ?? i + 1;
  const errors: LineError[] = [];
  const staged: Staged[] = [];
  const batchDigest = createSha256();
  input.events.forEach((raw, i) => {
    const parsed = parsePersonEvent(raw, lineOf(i));
    if ('errors' in parsed) {
      errors.push(...parsed.errors);
    } else {
      const hash = eventHash(parsed.record);
      staged.push({ ...parsed.record, line: lineOf(i), hash });
      batchDigest.update(`${hash}\n`);
    }
  });
  // Only used when every line parsed (otherwise the batch is rejected before it is stored).
  return { staged, errors, batchHash: batchDigest.digest('hex') };
}

/**
 * Stage: the batch's new events (the same id twice with identical content is one event, with other
 * content refused; an id recorded earlier likewise), their municipality codes checked, and the
 * sources with their out-of-order flag. Problems are added to `errors`.
 */
async function stageEvents(
  tx: RequestContext,
  staged: Staged[],
  errors: LineError[],
): Promise<{ fresh: Staged[]; unchanged: number; sources: Map<string, boolean> }> {
  const fresh: Staged[] = [];
  let unchanged = 0;
  const inBatch = new Map<string, Staged>();
  for (const s of staged) {
    const first = inBatch.get(s.eventId);
    if (first === undefined) {
      inBatch.set(s.eventId, s);
    } else if (first.hash === s.hash) {
      unchanged += 1;
    } else {
      errors.push({
        line: s.line,
        field: 'eventId',
        code: 'EVENT_ID_REUSED',
        reason: `event ${s.eventId} appears on line ${first.line} with other content`,
      });
    }
  }
  const ids = [...inBatch.keys()];
  const existing = new Map<string, string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows: { event_id: string; content_hash: string }[] = await tx.em.query(
      'SELECT event_id, content_hash FROM person_events WHERE event_id = ANY($1::varchar[])',
      [ids.slice(i, i + CHUNK)],
    );
    rows.forEach((r) => existing.set(r.event_id, r.content_hash));
  }
  for (const s of inBatch.values()) {
    const known = existing.get(s.eventId);
    if (known === undefined) {
      fresh.push(s);
    } else if (known === s.hash) {
      unchanged += 1;
    } else {
      errors.push({
        line: s.line,
        field: 'eventId',
        code: 'EVENT_ID_REUSED',
        reason: `event ${s.eventId} was recorded earlier with other content`,
      });
    }
  }

  const codes = [...new Set(fresh.flatMap((s) => [s.municipalityCode, s.fromCode, s.toCode]).filter((c): c is string => c !== null))];
  const knownCodes = await existingCodes(tx, codes);
  for (const s of fresh) {
    for (const field of ['municipalityCode', 'fromCode', 'toCode'] as const) {
      const code = s[field];
      if (code !== null && !knownCodes.has(code)) {
        errors.push({ line: s.line, field, code: 'UNKNOWN_MUNICIPALITY', reason: `unknown municipality ${code}` });
      }
    }
  }
  const sources = new Map<string, boolean>(
    (await tx.em.query<{ code: string; out_of_order: boolean }[]>('SELECT code, out_of_order FROM person_event_sources')).map((r) => [
      r.code,
      r.out_of_order,
    ]),
  );
  return { fresh, unchanged, sources };
}

/**
 * Persist: new sources, the batch's new events (APPLIED with their applied sequence, or PENDING) in
 * line order, and the pending events the batch released. Returns the applied sequence per event.
 */
async function persistEvents(
  tx: RequestContext,
  batchKey: string,
  fresh: Staged[],
  outcome: Awaited<ReturnType<typeof applyToHistories>>,
  sources: Map<string, boolean>,
): Promise<{ appliedSeq: Map<string, bigint>; released: string[] }> {
  const [{ rec, app }] = await tx.em.query<[{ rec: string; app: string }]>(
    'SELECT COALESCE(max(recorded_seq), 0)::text AS rec, COALESCE(max(applied_seq), 0)::text AS app FROM person_events',
  );
  const appliedSeq = new Map<string, bigint>();
  outcome.applyOrder.forEach((e, i) => appliedSeq.set(e.eventId, BigInt(app) + BigInt(i + 1)));
  const newSources = [...new Set(fresh.map((s) => s.source))].filter((s) => !sources.has(s) && SOURCE_PATTERN.test(s));
  if (newSources.length > 0) {
    await tx.em.query('INSERT INTO person_event_sources (code) SELECT unnest($1::varchar[]) ON CONFLICT DO NOTHING', [newSources]);
  }
  const byLine = [...fresh].sort((a, b) => a.line - b.line);
  for (let i = 0; i < byLine.length; i += CHUNK) {
    const chunk = byLine.slice(i, i + CHUNK);
    await insertEvents(
      tx,
      chunk,
      (s, j) => (BigInt(rec) + BigInt(i + j + 1)).toString(),
      (s) => appliedSeq.get(s.eventId)?.toString() ?? null,
      batchKey,
    );
  }
  const released = outcome.released.map((e) => e.eventId);
  for (let i = 0; i < released.length; i += CHUNK) {
    const chunk = released.slice(i, i + CHUNK);
    await tx.em.query(
      `UPDATE person_events e SET status = 'APPLIED', applied_seq = v.seq
           FROM unnest($1::varchar[], $2::bigint[]) AS v(id, seq)
          WHERE e.event_id = v.id AND e.status = 'PENDING'`,
      [chunk, chunk.map((id) => (appliedSeq.get(id) as bigint).toString())],
    );
  }
  // The stored periods of everyone whose history changed, in this transaction (decision 1740).
  if (outcome.applyOrder.length > 0) {
    await refreshPersonPeriods(
      tx,
      outcome.applyOrder.map((e) => e.personId),
    );
    if (!(await advancePeriodsState(tx, app, outcome.applyOrder.length))) {
      tx.log.warn(
        { batchKey },
        'stored person periods are behind the events (written around the import); attribution computes from the events',
      );
    }
  }
  return { appliedSeq, released };
}

/** Record: the batch under its key with its counts, answered by `priorBatch` when the key comes again. */
async function recordBatch(tx: RequestContext, batchHash: string, summary: ImportSummary, recordedBy: string): Promise<void> {
  await tx.em.query(
    `INSERT INTO person_event_batches (batch_key, content_hash, event_count, applied_count, pending_count, unchanged_count, released_count, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [summary.batchKey, batchHash, summary.received, summary.applied, summary.pending, summary.unchanged, summary.released, recordedBy],
  );
}

/** The batch stored under a key, answered as a replay. */
async function priorBatch(tx: RequestContext, batchKey: string) {
  const prior: {
    content_hash: string;
    event_count: number;
    applied_count: number;
    pending_count: number;
    unchanged_count: number;
    released_count: number;
  }[] = await tx.em.query('SELECT * FROM person_event_batches WHERE batch_key = $1', [batchKey]);
  const p = prior[0];
  return (
    p && {
      requestHash: p.content_hash,
      replay: async (): Promise<ImportSummary> => ({
        batchKey,
        received: p.event_count,
        applied: p.applied_count,
        pending: p.pending_count,
        unchanged: p.unchanged_count,
        released: p.released_count,
        replayed: true,
      }),
    }
  );
}

interface StoredEventRow {
  event_id: string;
  person_id: string;
  type: PersonEventType;
  event_date: string;
  municipality_code: string | null;
  from_code: string | null;
  to_code: string | null;
  category: string | null;
  end_reason: string | null;
  source: string;
  source_recorded_at: Date;
  recorded_at: Date;
  batch_key: string;
  status: 'APPLIED' | 'PENDING';
}

/** Loads the histories of the batch's people once and runs the pure rules per person. */
async function applyToHistories(tx: RequestContext, fresh: Staged[], sources: Map<string, boolean>) {
  const people = [...new Set(fresh.map((s) => s.personId))];
  const applied = new Map<string, HistoryEvent[]>();
  const prior = new Map<string, PriorPersonEvent[]>();
  const pending = new Map<string, Staged[]>();
  /** When and in which batch each older pending event was recorded (a released one keeps them). */
  const recorded = new Map<string, { recordedAt: Date; batchKey: string }>();
  for (let i = 0; i < people.length; i += CHUNK) {
    const rows: StoredEventRow[] = await tx.em.query(
      `SELECT event_id, person_id, type, to_char(event_date, 'YYYY-MM-DD') AS event_date, category, municipality_code, from_code, to_code,
              end_reason, source, source_recorded_at, recorded_at, batch_key, status
         FROM person_events WHERE person_id = ANY($1::varchar[])
        ORDER BY person_id, event_date, applied_seq NULLS LAST, recorded_seq`,
      [people.slice(i, i + CHUNK)],
    );
    for (const r of rows) {
      const e: HistoryEvent = {
        eventId: r.event_id,
        type: r.type,
        date: r.event_date,
        municipalityCode: r.municipality_code,
        fromCode: r.from_code,
        toCode: r.to_code,
      };
      if (r.status === 'APPLIED') {
        applied.set(r.person_id, [...(applied.get(r.person_id) ?? []), e]);
        prior.set(r.person_id, [
          ...(prior.get(r.person_id) ?? []),
          { type: r.type, category: r.category, municipalityCode: r.municipality_code, toCode: r.to_code },
        ]);
      } else {
        // Older pending events: their identity and history fields, and what a released one is told as.
        const old = {
          ...e,
          personId: r.person_id,
          category: r.category,
          endReason: r.end_reason,
          source: r.source,
          sourceRecordedAt: new Date(r.source_recorded_at).toISOString(),
          line: 0,
          hash: '',
        } as unknown as Staged;
        pending.set(r.person_id, [...(pending.get(r.person_id) ?? []), old]);
        recorded.set(r.event_id, { recordedAt: new Date(r.recorded_at), batchKey: r.batch_key });
      }
    }
  }
  const byPerson = new Map<string, Candidate<Staged>[]>();
  for (const s of [...fresh].sort((a, b) => a.line - b.line)) {
    const list = byPerson.get(s.personId) ?? [];
    list.push({ event: s, holdIfNotFitting: sources.get(s.source) === true });
    byPerson.set(s.personId, list);
  }
  const result = {
    prior,
    recorded,
    applyOrder: [] as Staged[],
    released: [] as Staged[],
    refused: [] as ReturnType<typeof applyToPerson<Staged>>['refused'],
  };
  // Codes are compared as the municipality they stand for on the event's date (mergers followed).
  const resolve = mergerResolver(await listMergers(tx));
  for (const [person, candidates] of byPerson) {
    const out = applyToPerson(applied.get(person) ?? [], pending.get(person) ?? [], candidates, resolve);
    result.applyOrder.push(...out.applyOrder);
    result.released.push(...out.released);
    result.refused.push(...out.refused);
  }
  return result;
}

/**
 * What the import applied, per person in order of first appearance: the applied history before the
 * batch and the events applied now (new or released) in apply order, for `onPersonEventsApplied`.
 */
function appliedEvents(batchKey: string, outcome: Awaited<ReturnType<typeof applyToHistories>>): PersonEventsApplied {
  const now = new Date();
  const byPerson = new Map<string, AppliedPersonEvent[]>();
  for (const e of outcome.applyOrder) {
    const old = outcome.recorded.get(e.eventId);
    const list = byPerson.get(e.personId) ?? [];
    list.push({
      eventId: e.eventId,
      personId: e.personId,
      type: e.type,
      date: e.date,
      category: e.category,
      municipalityCode: e.municipalityCode,
      fromCode: e.fromCode,
      toCode: e.toCode,
      endReason: e.endReason,
      source: e.source,
      sourceRecordedAt: new Date(e.sourceRecordedAt),
      recordedAt: old?.recordedAt ?? now,
      batchKey: old?.batchKey ?? batchKey,
      released: old !== undefined,
    });
    byPerson.set(e.personId, list);
  }
  return {
    batchKey,
    people: [...byPerson].map(([personId, list]) => ({ personId, before: outcome.prior.get(personId) ?? [], applied: list })),
  };
}

async function insertEvents(
  tx: RequestContext,
  rows: Staged[],
  recordedSeq: (s: Staged, i: number) => string,
  appliedSeq: (s: Staged) => string | null,
  batchKey: string,
): Promise<void> {
  await tx.em.query(
    `INSERT INTO person_events (event_id, person_id, type, event_date, category, route, municipality_code, from_code, to_code,
                                end_reason, source, source_recorded_at, recorded_seq, status, applied_seq, batch_key, content_hash)
     SELECT event_id, person_id, type, event_date, category, route, municipality_code, from_code, to_code, end_reason, source,
            source_recorded_at, recorded_seq, CASE WHEN applied_seq IS NULL THEN 'PENDING' ELSE 'APPLIED' END, applied_seq, $16, content_hash
       FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::date[], $5::varchar[], $6::varchar[], $7::varchar[], $8::varchar[],
                   $9::varchar[], $10::varchar[], $11::varchar[], $12::timestamptz[], $13::bigint[], $14::bigint[], $15::char(64)[])
         AS t(event_id, person_id, type, event_date, category, route, municipality_code, from_code, to_code, end_reason, source,
              source_recorded_at, recorded_seq, applied_seq, content_hash)`,
    [
      rows.map((r) => r.eventId),
      rows.map((r) => r.personId),
      rows.map((r) => r.type),
      rows.map((r) => r.date),
      rows.map((r) => r.category),
      rows.map((r) => r.route),
      rows.map((r) => r.municipalityCode),
      rows.map((r) => r.fromCode),
      rows.map((r) => r.toCode),
      rows.map((r) => r.endReason),
      rows.map((r) => r.source),
      rows.map((r) => r.sourceRecordedAt),
      rows.map((r, i) => recordedSeq(r, i)),
      rows.map((r) => appliedSeq(r)),
      rows.map((r) => r.hash),
      batchKey,
    ],
  );
}

/** Declares (or re-declares) a feed and whether it delivers out of order. */
export async function registerPersonEventSource(
  ctx: RequestContext,
  input: { code: string; outOfOrder: boolean },
): Promise<{ code: string; outOfOrder: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  if (!SOURCE_PATTERN.test(input.code)) {
    throw badInput('input.code', '1-40 of A-Z, 0-9, _ or -');
  }
  return runCommand(ctx, async (tx) => {
    await tx.em.query('SELECT pg_advisory_xact_lock($1)', [PERSON_EVENTS_LOCK]);
    await tx.em.query(
      `INSERT INTO person_event_sources (code, out_of_order) VALUES ($1, $2)
       ON CONFLICT (code) DO UPDATE SET out_of_order = EXCLUDED.out_of_order`,
      [input.code, input.outOfOrder],
    );
    return { code: input.code, outOfOrder: input.outOfOrder };
  });
}

/** Every declared feed and whether it delivers out of order. */
export async function listPersonEventSources(ctx: RequestContext): Promise<{ code: string; outOfOrder: boolean }[]> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.AUDITOR);
  return ctx.em.query<{ code: string; outOfOrder: boolean }[]>(
    'SELECT code, out_of_order AS "outOfOrder" FROM person_event_sources ORDER BY code',
  );
}

/**
 * Every declared feed with when it was declared and when it last delivered an event (the newest
 * `recorded_at` of its events), for the alerts module's FEED_SILENT. No role check: callers check.
 */
export async function personEventSourceActivity(
  ctx: RequestContext,
): Promise<{ code: string; declaredAt: Date; lastDeliveryAt: Date | null }[]> {
  return ctx.em.query<{ code: string; declaredAt: Date; lastDeliveryAt: Date | null }[]>(
    `SELECT s.code, s.created_at AS "declaredAt",
            (SELECT max(e.recorded_at) FROM person_events e WHERE e.source = s.code) AS "lastDeliveryAt"
       FROM person_event_sources s ORDER BY s.code`,
  );
}
