import { mergersByDissolved, successorOn, type MergerStep } from '../municipalities/pure';
/**
 * Pure rules for a person's event history (DOMAIN.md, "Counting people"): no database, no clock.
 * A history is ordered by (date, applied order); events of one date apply in the order they were
 * applied, which for in-order feeds is the recorded order.
 */
export const EVENT_TYPES = ['OBLIGATION_STARTED', 'HOUSED', 'MOVED', 'OBLIGATION_ENDED'] as const;
export type PersonEventType = (typeof EVENT_TYPES)[number];
export const CATEGORIES = ['ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG'] as const;
export const ROUTES = ['B1', 'ONDERWIJSROUTE', 'Z_ROUTE'] as const;
export const END_REASONS = ['COMPLETED', 'EXEMPTED', 'LEFT_COUNTRY', 'OTHER'] as const;

export interface HistoryEvent {
  eventId: string;
  type: PersonEventType;
  date: string;
  municipalityCode: string | null;
  fromCode: string | null;
  toCode: string | null;
}

/** Why an event does not fit a history; `code` is stable, `reason` is for people. */
export interface Contradiction {
  code: 'ALREADY_OBLIGED' | 'STARTS_BEFORE_PREVIOUS_END' | 'NOT_OBLIGED' | 'ALREADY_HOUSED' | 'NOT_HOUSED' | 'NOT_IN_MUNICIPALITY';
  reason: string;
  /** The event of the replay that failed (the candidate, or a later event it would invalidate). */
  eventId: string;
}

interface State {
  obliged: boolean;
  municipality: string | null;
  startDate: string | null;
  lastEnd: string | null;
}

/**
 * The municipality a code stands for on a date: its merger successor from the merger date on
 * (chains followed), itself otherwise. The identity when no mergers are given.
 */
export type CodeResolver = (code: string, date: string) => string;
const asRecorded: CodeResolver = (code) => code;

/** A resolver over merger records (dissolved → successor from effectiveDate), chains followed. Pure. */
export function mergerResolver(mergers: readonly MergerStep[]): CodeResolver {
  if (mergers.length === 0) {
    return asRecorded;
  }
  const byDissolved = mergersByDissolved(mergers);
  return (code, date) => successorOn(byDissolved, code, date);
}

function step(state: State, e: HistoryEvent, resolve: CodeResolver = asRecorded): Contradiction | null {
  const fail = (code: Contradiction['code'], reason: string): Contradiction => ({ code, reason, eventId: e.eventId });
  switch (e.type) {
    case 'OBLIGATION_STARTED':
      if (state.obliged) {
        return fail('ALREADY_OBLIGED', `an obligation is already running since ${state.startDate ?? '?'} on ${e.date}`);
      }
      if (state.lastEnd !== null && e.date <= state.lastEnd) {
        return fail('STARTS_BEFORE_PREVIOUS_END', `a new obligation must start after the previous one ended on ${state.lastEnd}`);
      }
      state.obliged = true;
      state.startDate = e.date;
      state.municipality = e.municipalityCode;
      return null;
    case 'HOUSED':
      if (!state.obliged) {
        return fail('NOT_OBLIGED', `housed on ${e.date} but no obligation is running then`);
      }
      if (state.municipality !== null) {
        return fail('ALREADY_HOUSED', `housed on ${e.date} but already in ${state.municipality}`);
      }
      state.municipality = e.municipalityCode;
      return null;
    case 'MOVED':
      if (!state.obliged) {
        return fail('NOT_OBLIGED', `moved on ${e.date} but no obligation is running then`);
      }
      if (state.municipality === null) {
        return fail('NOT_HOUSED', `moved from ${e.fromCode ?? '?'} on ${e.date} but the person is in reception (no municipality)`);
      }
      // A dissolved municipality and its successor are one municipality from the merger date on
      // (DOMAIN Calculations 1): a move naming either code, for a person recorded under the other, fits.
      if (e.fromCode === null || resolve(state.municipality, e.date) !== resolve(e.fromCode, e.date)) {
        return fail('NOT_IN_MUNICIPALITY', `moved from ${e.fromCode ?? '?'} on ${e.date} but the person is in ${state.municipality}`);
      }
      state.municipality = e.toCode;
      return null;
    case 'OBLIGATION_ENDED':
      if (!state.obliged) {
        return fail('NOT_OBLIGED', `ended on ${e.date} but no obligation is running then (an end before a start?)`);
      }
      state.obliged = false;
      state.municipality = null;
      state.lastEnd = e.date;
      return null;
  }
}

/** Replays an ordered history; the first contradiction, or null when it is consistent. */
export function replayHistory(ordered: readonly HistoryEvent[], resolve: CodeResolver = asRecorded): Contradiction | null {
  const state: State = { obliged: false, municipality: null, startDate: null, lastEnd: null };
  for (const e of ordered) {
    const c = step(state, e, resolve);
    if (c !== null) {
      return c;
    }
  }
  return null;
}

/**
 * Where `candidate` would go in an ordered history: after every event dated on or before it (it
 * applies last on its date, because it applies now).
 */
export function insertionIndex(ordered: readonly HistoryEvent[], candidate: HistoryEvent): number {
  let i = ordered.length;
  while (i > 0 && (ordered[i - 1] as HistoryEvent).date > candidate.date) {
    i -= 1;
  }
  return i;
}

/**
 * Does `candidate` fit the applied history? Replays the whole history with it inserted, so a
 * back-dated event that would invalidate a later one is refused too.
 */
export function fitEvent(
  ordered: readonly HistoryEvent[],
  candidate: HistoryEvent,
  resolve: CodeResolver = asRecorded,
): Contradiction | null {
  const at = insertionIndex(ordered, candidate);
  const next = [...ordered.slice(0, at), candidate, ...ordered.slice(at)];
  const c = replayHistory(next, resolve);
  if (c === null) {
    return null;
  }
  // Name the candidate as the culprit even when the failure shows up on a later event.
  return c.eventId === candidate.eventId ? c : { ...c, reason: `it would contradict a later event ${c.eventId}: ${c.reason}` };
}

export interface Candidate<T extends HistoryEvent> {
  event: T;
  /** Out-of-order feed: hold instead of refuse. */
  holdIfNotFitting: boolean;
}

export interface PersonOutcome<T extends HistoryEvent> {
  applied: T[];
  pending: T[];
  refused: { event: T; contradiction: Contradiction }[];
  /** Previously pending events that now applied. */
  released: T[];
  /** Every event that applied (new or released), in the order it applied: the applied_seq order. */
  applyOrder: T[];
}

/**
 * Applies new events of one person in recorded order to the applied history, holding or refusing
 * what does not fit; after each event that applies, earlier pending events are tried again
 * (oldest first, until none more fits). Nothing is ever changed to make it fit.
 */
export function applyToPerson<T extends HistoryEvent>(
  appliedHistory: readonly HistoryEvent[],
  previouslyPending: readonly T[],
  candidates: readonly Candidate<T>[],
  resolve: CodeResolver = asRecorded,
): PersonOutcome<T> {
  const history = [...appliedHistory];
  const pending: { event: T; old: boolean }[] = previouslyPending.map((event) => ({ event, old: true }));
  const out: PersonOutcome<T> = { applied: [], pending: [], refused: [], released: [], applyOrder: [] };
  const put = (e: HistoryEvent) => history.splice(insertionIndex(history, e), 0, e);
  const releasePending = () => {
    for (let changed = true; changed;) {
      changed = false;
      for (const [i, p] of pending.entries()) {
        if (fitEvent(history, p.event, resolve) === null) {
          put(p.event);
          pending.splice(i, 1);
          (p.old ? out.released : out.applied).push(p.event);
          out.applyOrder.push(p.event);
          changed = true;
          break;
        }
      }
    }
  };
  for (const c of candidates) {
    const contradiction = fitEvent(history, c.event, resolve);
    if (contradiction === null) {
      put(c.event);
      out.applied.push(c.event);
      out.applyOrder.push(c.event);
      releasePending();
    } else if (c.holdIfNotFitting) {
      pending.push({ event: c.event, old: false });
    } else {
      out.refused.push({ event: c.event, contradiction });
    }
  }
  out.pending = pending.filter((p) => !p.old).map((p) => p.event);
  return out;
}
