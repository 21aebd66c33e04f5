import type { RequestContext } from '../../context';

/**
 * A person event that became APPLIED in an import: new in the batch, or held PENDING earlier and
 * released by it (`released`). Enough for another module to tell who gained or lost responsibility.
 */
export interface AppliedPersonEvent {
  eventId: string;
  personId: string;
  type: string;
  /** YYYY-MM-DD. */
  date: string;
  category: string | null;
  municipalityCode: string | null;
  fromCode: string | null;
  toCode: string | null;
  endReason: string | null;
  source: string;
  /** When the source registered it. */
  sourceRecordedAt: Date;
  /** When the engine recorded it: now for a new event, earlier for a released one. */
  recordedAt: Date;
  /** The batch it was recorded in (not the batch that released it). */
  batchKey: string;
  released: boolean;
}

/** A history event as it stood before the import (APPLIED, in applied order). */
export interface PriorPersonEvent {
  type: string;
  category: string | null;
  municipalityCode: string | null;
  toCode: string | null;
}

export interface PersonEventsApplied {
  /** The importing batch. */
  batchKey: string;
  /** Per person with at least one event applied: the applied history before, and what applied now, in apply order. */
  people: { personId: string; before: PriorPersonEvent[]; applied: AppliedPersonEvent[] }[];
}

/**
 * Called inside the import's transaction, after the events are written and before the batch is
 * recorded: whatever a handler writes commits with the events or not at all. A handler that throws
 * rolls the import back. Handlers run after the people module's lock (PERSON_EVENTS_LOCK), so a
 * handler's own locks come after it (lock order: module locks, then the chain's, decision 1512).
 */
export type PersonEventsAppliedHandler = (tx: RequestContext, applied: PersonEventsApplied) => Promise<void>;

const handlers = new Set<PersonEventsAppliedHandler>();

/**
 * Registers a handler for every import that applies person events, whatever its door (GraphQL,
 * CSV/NDJSON CLI, fixtures, the chain's inbound route). Registering the same function twice is one
 * registration. Returns a function that removes it. Registration point: docs/ARCHITECTURE.md.
 */
export function onPersonEventsApplied(handler: PersonEventsAppliedHandler): () => void {
  handlers.add(handler);
  return () => {
    handlers.delete(handler);
  };
}

/** Runs the registered handlers, in registration order, inside the import's transaction. */
export async function personEventsApplied(tx: RequestContext, applied: PersonEventsApplied): Promise<void> {
  if (applied.people.length === 0) {
    return;
  }
  for (const handler of handlers) {
    await handler(tx, applied);
  }
}
