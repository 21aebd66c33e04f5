import { calendarDateProblem, isCalendarDate } from '../../common/dates';
import { sha256Hex } from '../../common/hashing/canonical';
import { CATEGORIES, END_REASONS, EVENT_TYPES, ROUTES, type PersonEventType } from './person-history.calculator';

/** Opaque pseudonym: 8-64 of [A-Za-z0-9_-], not only digits (so never a BSN), no spaces or names. */
export const PERSON_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
export const EVENT_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,100}$/;
export const SOURCE_PATTERN = /^[A-Z0-9_-]{1,40}$/;
const CODE = /^GM\d{4}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** One event as it arrives (GraphQL input, CSV row or NDJSON object), already validated. */
export interface PersonEventRecord {
  eventId: string;
  personId: string;
  type: PersonEventType;
  date: string;
  category: string | null;
  route: string | null;
  municipalityCode: string | null;
  fromCode: string | null;
  toCode: string | null;
  endReason: string | null;
  source: string;
  /** Canonical UTC ISO timestamp with milliseconds. */
  sourceRecordedAt: string;
}

export interface LineError {
  /** 1-based position in the batch or file (data lines; a CSV header is line 1 of the file). */
  line: number;
  field: string;
  code: string;
  reason: string;
}

export const RECORD_FIELDS = [
  'eventId',
  'personId',
  'type',
  'date',
  'category',
  'route',
  'municipalityCode',
  'fromCode',
  'toCode',
  'endReason',
  'source',
  'sourceRecordedAt',
] as const;

/**
 * Validates the shape of one raw event (no history, no database). Empty strings count as absent.
 * Returns the record or every problem found on the line.
 */
export function parsePersonEvent(raw: Record<string, unknown>, line: number): { record: PersonEventRecord } | { errors: LineError[] } {
  const errors: LineError[] = [];
  const err = (field: string, reason: string, code = 'INVALID_FIELD') => errors.push({ line, field, code, reason });
  const str = (field: string): string | null => {
    const v = raw[field];
    if (v === undefined || v === null || v === '') {
      return null;
    }
    if (typeof v !== 'string') {
      err(field, 'must be a string');
      return null;
    }
    return v;
  };
  const known = new Set<string>(RECORD_FIELDS);
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) {
      err(key, 'unknown field', 'UNKNOWN_FIELD');
    }
  }
  const eventId = str('eventId');
  const personId = str('personId');
  const type = str('type');
  const date = str('date');
  const category = str('category');
  const route = str('route');
  const municipalityCode = str('municipalityCode');
  const fromCode = str('fromCode');
  const toCode = str('toCode');
  const endReason = str('endReason');
  const source = str('source');
  const sourceRecordedAt = str('sourceRecordedAt');
  if (eventId === null || !EVENT_ID_PATTERN.test(eventId)) {
    err('eventId', 'required: 1-100 of letters, digits, _ . : -');
  }
  if (personId === null || !PERSON_ID_PATTERN.test(personId) || /^\d+$/.test(personId)) {
    err(
      'personId',
      'required: an opaque pseudonym of 8-64 letters, digits, _ or -, not only digits (never a BSN or a name)',
      'INVALID_PSEUDONYM',
    );
  }
  if (type === null || !(EVENT_TYPES as readonly string[]).includes(type)) {
    err('type', `required: one of ${EVENT_TYPES.join(', ')}`);
  }
  if (date === null || !isCalendarDate(date)) {
    err('date', date === null ? 'required: a calendar date YYYY-MM-DD' : (calendarDateProblem(date) ?? 'not a calendar date'));
  }
  if (source === null || !SOURCE_PATTERN.test(source)) {
    err('source', 'required: 1-40 of A-Z, 0-9, _ or -');
  }
  let recordedAt: string | null = null;
  if (sourceRecordedAt === null || !TIMESTAMP.test(sourceRecordedAt) || Number.isNaN(Date.parse(sourceRecordedAt))) {
    err('sourceRecordedAt', 'required: an ISO 8601 timestamp with a zone, e.g. 2026-03-01T09:00:00Z');
  } else {
    recordedAt = new Date(sourceRecordedAt).toISOString();
  }
  for (const [field, value] of [
    ['municipalityCode', municipalityCode],
    ['fromCode', fromCode],
    ['toCode', toCode],
  ] as const) {
    if (value !== null && !CODE.test(value)) {
      err(field, 'must be a municipality code GM + 4 digits');
    }
  }
  const allowed: Record<PersonEventType, string[]> = {
    OBLIGATION_STARTED: ['category', 'route', 'municipalityCode'],
    HOUSED: ['municipalityCode'],
    MOVED: ['fromCode', 'toCode'],
    OBLIGATION_ENDED: ['endReason'],
  };
  const values: Record<string, string | null> = { category, route, municipalityCode, fromCode, toCode, endReason };
  if (type !== null && (EVENT_TYPES as readonly string[]).includes(type)) {
    const t = type as PersonEventType;
    for (const [field, value] of Object.entries(values)) {
      if (value !== null && !allowed[t].includes(field)) {
        err(field, `not allowed on ${t}`);
      }
    }
    if (t === 'OBLIGATION_STARTED' && (category === null || !(CATEGORIES as readonly string[]).includes(category))) {
      err('category', `required: one of ${CATEGORIES.join(', ')}`);
    }
    if (t === 'OBLIGATION_STARTED' && route !== null && !(ROUTES as readonly string[]).includes(route)) {
      err('route', `one of ${ROUTES.join(', ')}, or empty`);
    }
    if (t === 'HOUSED' && municipalityCode === null) {
      err('municipalityCode', 'required on HOUSED');
    }
    if (t === 'MOVED' && (fromCode === null || toCode === null)) {
      err(fromCode === null ? 'fromCode' : 'toCode', 'required on MOVED');
    }
    if (t === 'MOVED' && fromCode !== null && fromCode === toCode) {
      err('toCode', 'a move needs a different destination');
    }
    if (t === 'OBLIGATION_ENDED' && (endReason === null || !(END_REASONS as readonly string[]).includes(endReason))) {
      err('endReason', `required: one of ${END_REASONS.join(', ')}`);
    }
  }
  if (errors.length > 0) {
    return { errors };
  }
  return {
    record: {
      eventId: eventId as string,
      personId: personId as string,
      type: type as PersonEventType,
      date: date as string,
      category,
      route,
      municipalityCode,
      fromCode,
      toCode,
      endReason,
      source: source as string,
      sourceRecordedAt: recordedAt as string,
    },
  };
}

/** Canonical form (docs/import-formats-events.md): fields in RECORD_FIELDS order, '' for absent, '|' between. */
export function canonicalEvent(r: PersonEventRecord): string {
  return RECORD_FIELDS.map((f) => r[f] ?? '').join('|');
}

export function eventHash(r: PersonEventRecord): string {
  return sha256Hex(canonicalEvent(r));
}
