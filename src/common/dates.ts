import { badInput } from './errors/domain-error';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The calendar dates the engine accepts. PostgreSQL refuses year 0 and the domain has nothing
 * before 1900; outside this range a date is a typo, refused up front instead of
 * failing deep inside a query.
 */
export const FIRST_DATE = '1900-01-01';
export const LAST_DATE = '2999-12-31';
const EXPECTED = `a date written YYYY-MM-DD from ${FIRST_DATE} to ${LAST_DATE}, such as "2026-07-15"`;

/**
 * What is wrong with `value` as a calendar date (YYYY-MM-DD, no time, no zone, a day that exists,
 * within FIRST_DATE..LAST_DATE), or null when it is right. An empty string is wrong, not "not
 * given": every date check in the API goes through here (scalars' class-validator rule, batch
 * lines, service arguments).
 */
export function calendarDateProblem(value: unknown): string | null {
  if (typeof value !== 'string') {
    return `expected ${EXPECTED}`;
  }
  if (knownDates.has(value)) {
    return null;
  }
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  const m = ISO_DATE.exec(value);
  if (!m) {
    return `"${shown}" is not ${EXPECTED}`;
  }
  if (value < FIRST_DATE || value > LAST_DATE) {
    return `"${shown}" is out of range: expected ${EXPECTED}`;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return `"${shown}" is not a calendar date (no such day): expected ${EXPECTED}`;
  }
  if (knownDates.size >= KNOWN_DATES) {
    knownDates.clear();
  }
  knownDates.add(value);
  return null;
}

/**
 * Dates found right, so the next check of the same text is one lookup (decision 2130: a ledger
 * batch checks the same few dates hundreds of times). Bounded: emptied when full.
 */
const knownDates = new Set<string>();
const KNOWN_DATES = 10_000;

export function isCalendarDate(value: unknown): value is string {
  return calendarDateProblem(value) === null;
}

/** Validates a calendar date `YYYY-MM-DD` (no time, no zone) and returns it unchanged. */
export function parseIsoDate(value: string, field: string): string {
  const problem = calendarDateProblem(value);
  if (problem !== null) {
    throw badInput(field, problem);
  }
  return value;
}

/**
 * An optional date argument: null or undefined is "not given" (null returned); anything else,
 * the empty string included, must be a calendar date.
 */
export function optionalIsoDate(value: string | null | undefined, field: string): string | null {
  return value === null || value === undefined ? null : parseIsoDate(value, field);
}

/** Today in Europe/Amsterdam as YYYY-MM-DD. */
export function todayInAmsterdam(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
