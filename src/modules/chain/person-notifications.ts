import type { RequestContext } from '../../context';
import type { AppliedPersonEvent, PersonEventsApplied } from '../people';
import { stateOf } from './duo-mapping.calculator';
import { CHAIN_LOCK, insertNotifications, type NewNotification } from './outbox.service';
import { announceDelivery } from './delivery.queue';

/** Rows per INSERT … SELECT unnest of one import's notifications. */
const CHUNK = 10_000;

/** A DUO message's id from its batch key (`duo:<berichtId>`, the inbound route's), else null. */
function berichtOf(batchKey: string): string | null {
  return /^duo:([0-9a-f-]{36})$/.exec(batchKey)?.[1] ?? null;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Who is told what when person events apply (decisions 1503, 1511, 1550), whatever door they came
 * through: per person, the events applied now in apply order, each told to the municipality that
 * gains or loses the person given the state just before it (the applied history before the import,
 * then the events applied before it). An end followed by a start on the next day, both recorded in
 * one batch, is a category change (DOMAIN.md: an end and a new start): one
 * PERSON_CATEGORY_CHANGED to the municipality of the new start (or the one the person was with).
 * `occurredAt` is the source's registration, `receivedAt` when the engine recorded the event (a
 * released one: when it arrived, so the time it waited counts in its delay).
 */
export function personNotifications(applied: PersonEventsApplied): NewNotification[] {
  const out: NewNotification[] = [];
  for (const person of applied.people) {
    const history = person.before.map((e) => ({ ...e, status: 'APPLIED' }));
    const events = person.applied;
    for (let i = 0; i < events.length; i += 1) {
      const e = events[i] as AppliedPersonEvent;
      const before = stateOf(history).municipalityCode;
      const tell = (municipalityCode: string | null | undefined, eventType: string) => {
        if (municipalityCode !== null && municipalityCode !== undefined) {
          out.push({
            municipalityCode,
            eventType,
            subjectId: person.personId,
            occurredAt: e.sourceRecordedAt,
            receivedAt: e.recordedAt,
            berichtId: berichtOf(e.batchKey),
          });
        }
      };
      const next = events[i + 1];
      history.push({ ...e, status: 'APPLIED' });
      if (
        e.type === 'OBLIGATION_ENDED' &&
        next?.type === 'OBLIGATION_STARTED' &&
        next.batchKey === e.batchKey &&
        next.date === nextDay(e.date)
      ) {
        tell(next.municipalityCode ?? before, 'PERSON_CATEGORY_CHANGED');
        history.push({ ...next, status: 'APPLIED' });
        i += 1;
      } else if (e.type === 'OBLIGATION_STARTED') {
        tell(e.municipalityCode, 'PERSON_OBLIGATION_STARTED');
      } else if (e.type === 'HOUSED') {
        tell(e.municipalityCode, 'PERSON_HOUSED');
      } else if (e.type === 'MOVED') {
        tell(e.fromCode, 'PERSON_MOVED_OUT');
        tell(e.toCode, 'PERSON_MOVED_IN');
      } else if (e.type === 'OBLIGATION_ENDED') {
        tell(before, 'PERSON_OBLIGATION_ENDED');
      }
    }
  }
  return out;
}

/**
 * The chain's handler of `onPersonEventsApplied` (registered in index.ts): the notifications of an
 * import, in its transaction (the transactional outbox), set-based, with the chain's lock taken
 * last (after the people module's, decision 1512) and delivery announced for the municipalities.
 */
export async function notifyAppliedPersonEvents(tx: RequestContext, applied: PersonEventsApplied): Promise<void> {
  const told = personNotifications(applied);
  if (told.length === 0) {
    return;
  }
  // One chain writer at a time from here to commit: feed ids follow commit order (outbox.service.ts).
  await tx.em.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
  for (let i = 0; i < told.length; i += CHUNK) {
    await insertNotifications(tx, told.slice(i, i + CHUNK));
  }
  await announceDelivery(tx, [...new Set(told.map((n) => n.municipalityCode))].sort());
}
