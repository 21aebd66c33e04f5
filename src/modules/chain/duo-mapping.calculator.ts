import { addDays, todayInAmsterdam } from '../../common/dates';

/**
 * Pure mapping of a DUO notification (gebeurtenis) to the engine's person events (decision 1500).
 * No database, no clock: the person's state and the consulted details come in as arguments.
 */

/** Events of the catalogue (Gebeurtenissen) that change who is responsible for whom. */
export const START_EVENTS = ['SS101', 'SS128', 'SS129', 'SS130'] as const;
export const HOUSING_EVENTS = ['SS139'] as const;
export const MOVE_EVENTS = ['SS120', 'SS121'] as const;
export const CATEGORY_EVENTS = ['SS124', 'SS125'] as const;
export const END_EVENTS = ['SS106', 'SS107', 'SS108', 'SS109', 'SS110', 'SS111'] as const;
export const MAPPED_EVENTS: readonly string[] = [...START_EVENTS, ...HOUSING_EVENTS, ...MOVE_EVENTS, ...CATEGORY_EVENTS, ...END_EVENTS];

/** Inburgeringsplicht API answers (only the fields the mapping reads). */
export interface Inburgeringsplicht {
  indicatorInburgeringsplicht: boolean;
  begindatum?: string;
  einddatum?: string;
  redenGeenInburgeringsplicht?: string;
}
export interface Doelgroep {
  indeling?: string;
  begindatum?: string;
  gedetailleerdeDoelgroep?: string;
}
export interface SourceDetails {
  plicht: Inburgeringsplicht | null;
  doelgroep: Doelgroep | null;
}

/** What the engine knows of the person now (from its applied history). */
export interface PersonState {
  obliged: boolean;
  municipalityCode: string | null;
  category: string | null;
}

export interface MappedEvent {
  type: 'OBLIGATION_STARTED' | 'HOUSED' | 'MOVED' | 'OBLIGATION_ENDED';
  date: string;
  category?: string;
  municipalityCode?: string | null;
  fromCode?: string;
  toCode?: string;
  endReason?: string;
}

export type Mapping =
  | { outcome: 'EVENTS'; events: MappedEvent[]; reason: string }
  /** Known event, nothing to change (already so, or the source says otherwise). */
  | { outcome: 'NO_CHANGE'; reason: string }
  /** An event the engine does not map (outside the money chain, or unknown): recorded, ignored. */
  | { outcome: 'IGNORED'; reason: string }
  /** Mapped event whose details could not be consulted (a V-number: the API is per BSN). */
  | { outcome: 'UNRESOLVED'; reason: string };

/** Doelgroep → the engine's category: asylum status holders; family migrants; everyone else. */
export function categoryOf(d: Doelgroep): string | null {
  if (d.indeling === 'Asielstatushouder') {
    return 'ASIELSTATUSHOUDER';
  }
  if (d.indeling === 'Gezinsmigrant en overige migrant') {
    return /^Gezins(hereniger|vormer)/.test(d.gedetailleerdeDoelgroep ?? '') ? 'GEZINSMIGRANT' : 'OVERIG';
  }
  return null;
}

/** The end reason of SS106…SS111; SS110 reads the source's `redenGeenInburgeringsplicht`. */
export function endReasonOf(gebeurtenisId: string, reden: string | undefined): string {
  switch (gebeurtenisId) {
    case 'SS106':
      return 'COMPLETED';
    case 'SS107':
    case 'SS108':
    case 'SS109':
      return 'EXEMPTED';
    case 'SS110':
      if (reden === 'Inburgeringsplicht voldaan') {
        return 'COMPLETED';
      }
      if (reden === 'Volledige ontheffing' || reden === 'Volledige vrijstelling' || reden === 'Tijdelijke vrijstelling') {
        return 'EXEMPTED';
      }
      return reden === 'Vertrek uit Nederland langer dan een jaar' ? 'LEFT_COUNTRY' : 'OTHER';
    default:
      return 'OTHER';
  }
}

/** The calendar date (Europe/Amsterdam) of the source's registration time. */
export function registrationDate(registratieDatumTijd: string): string {
  return todayInAmsterdam(new Date(registratieDatumTijd));
}

/** Does this event need the source's details (raadpleging) to be mapped? */
export function needsDetails(gebeurtenisId: string): boolean {
  return MAPPED_EVENTS.includes(gebeurtenisId);
}

/** Settled in `code` (SS139, SS120, SS121): a start, a housing, a move or nothing. */
function settle(state: PersonState, code: string, date: string, details: SourceDetails | null, reason: string): Mapping {
  if (!state.obliged) {
    return start(details, date, code, false, `${reason}: first news of this person, an obligation with ${code}`);
  }
  if (state.municipalityCode === null) {
    return { outcome: 'EVENTS', events: [{ type: 'HOUSED', date, municipalityCode: code }], reason: `${reason}: housed in ${code}` };
  }
  if (state.municipalityCode === code) {
    return { outcome: 'NO_CHANGE', reason: `${reason}: already in ${code}` };
  }
  return {
    outcome: 'EVENTS',
    events: [{ type: 'MOVED', date, fromCode: state.municipalityCode, toCode: code }],
    reason: `${reason}: moved from ${state.municipalityCode} to ${code}`,
  };
}

/**
 * An obligation start. An asylum status holder who is not yet settled starts in reception (no
 * municipality, until SS139); everyone else, and anyone already settled, starts with the municipality.
 */
function start(details: SourceDetails | null, fallbackDate: string, code: string, maybeReception: boolean, reason: string): Mapping {
  if (details === null || details.plicht === null || details.doelgroep === null) {
    return { outcome: 'UNRESOLVED', reason: 'the obligation and doelgroep could not be consulted' };
  }
  if (!details.plicht.indicatorInburgeringsplicht) {
    return { outcome: 'NO_CHANGE', reason: 'the source reports no obligation' };
  }
  const category = categoryOf(details.doelgroep);
  if (category === null) {
    return { outcome: 'UNRESOLVED', reason: 'the source gave no doelgroep' };
  }
  const inReception = maybeReception && category === 'ASIELSTATUSHOUDER';
  return {
    outcome: 'EVENTS',
    events: [
      {
        type: 'OBLIGATION_STARTED',
        date: details.plicht.begindatum ?? fallbackDate,
        category,
        municipalityCode: inReception ? null : code,
      },
    ],
    reason: inReception ? `${reason}, in reception until housed` : reason,
  };
}

/**
 * Maps one notification. `code` is the municipality the notification is for (from `doel`),
 * `details` the consulted answers (null when not consulted), `state` the person now.
 */
export function mapNotification(input: {
  gebeurtenisId: string;
  code: string;
  registratieDatumTijd: string;
  state: PersonState;
  details: SourceDetails | null;
}): Mapping {
  const { gebeurtenisId: id, code, state, details } = input;
  const date = registrationDate(input.registratieDatumTijd);
  if ((START_EVENTS as readonly string[]).includes(id)) {
    if (state.obliged) {
      return { outcome: 'NO_CHANGE', reason: `${id}: an obligation is already running` };
    }
    return start(details, date, code, true, `${id}: obligation`);
  }
  if ((HOUSING_EVENTS as readonly string[]).includes(id) || (MOVE_EVENTS as readonly string[]).includes(id)) {
    return settle(state, code, date, details, id);
  }
  if ((CATEGORY_EVENTS as readonly string[]).includes(id)) {
    if (details === null || details.doelgroep === null) {
      return { outcome: 'UNRESOLVED', reason: `${id}: the new doelgroep could not be consulted` };
    }
    const category = categoryOf(details.doelgroep);
    if (category === null) {
      return { outcome: 'UNRESOLVED', reason: `${id}: the source gave no doelgroep` };
    }
    if (!state.obliged) {
      return start(details, date, code, false, `${id}: first news of this person`);
    }
    if (state.category === category) {
      return { outcome: 'NO_CHANGE', reason: `${id}: already ${category}` };
    }
    const from = details.doelgroep.begindatum ?? date;
    // DOMAIN.md: a category change is an end and a new start; the new category holds from its begindatum.
    return {
      outcome: 'EVENTS',
      events: [
        { type: 'OBLIGATION_ENDED', date: addDays(from, -1), endReason: 'OTHER' },
        { type: 'OBLIGATION_STARTED', date: from, category, municipalityCode: state.municipalityCode },
      ],
      reason: `${id}: category ${state.category ?? '?'} → ${category} from ${from}`,
    };
  }
  if ((END_EVENTS as readonly string[]).includes(id)) {
    if (!state.obliged) {
      return { outcome: 'NO_CHANGE', reason: `${id}: no obligation is running` };
    }
    const plicht = details?.plicht ?? null;
    return {
      outcome: 'EVENTS',
      events: [
        { type: 'OBLIGATION_ENDED', date: plicht?.einddatum ?? date, endReason: endReasonOf(id, plicht?.redenGeenInburgeringsplicht) },
      ],
      reason: `${id}: obligation ended`,
    };
  }
  return { outcome: 'IGNORED', reason: `${id}: not an event the funding engine maps` };
}

/** A person's state after its applied events, in history order (date, applied order). */
export function stateOf(
  events: readonly { type: string; status: string; category: string | null; municipalityCode: string | null; toCode: string | null }[],
): PersonState {
  const state: PersonState = { obliged: false, municipalityCode: null, category: null };
  for (const e of events) {
    if (e.status !== 'APPLIED') {
      continue;
    }
    if (e.type === 'OBLIGATION_STARTED') {
      Object.assign(state, { obliged: true, municipalityCode: e.municipalityCode, category: e.category });
    } else if (e.type === 'HOUSED') {
      state.municipalityCode = e.municipalityCode;
    } else if (e.type === 'MOVED') {
      state.municipalityCode = e.toCode;
    } else if (e.type === 'OBLIGATION_ENDED') {
      Object.assign(state, { obliged: false, municipalityCode: null, category: null });
    }
  }
  return state;
}
