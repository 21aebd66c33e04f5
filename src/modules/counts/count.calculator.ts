import Decimal from 'decimal.js';
import { sha256Hex } from '../../common/hashing/canonical';
import { Money, ZERO } from '../../common/money/money';
import { addDays, calendarDateProblem, isCalendarDate } from '../../common/dates';
import { COUNT_FORMAT, decimalProblem } from '../../common/money/decimal-format';

export type PeriodType = 'MONTH' | 'QUARTER' | 'HALF_YEAR' | 'YEAR';
export const PERIOD_TYPES: readonly PeriodType[] = ['MONTH', 'QUARTER', 'HALF_YEAR', 'YEAR'];
export const CATEGORIES = ['ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG'] as const;
export const ROUTES = ['B1', 'ONDERWIJSROUTE', 'Z_ROUTE'] as const;
export const BASES = ['TAAKSTELLING', 'FORECAST', 'REGISTERED', 'REPORTED'] as const;
export const RULES = ['PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY', 'EDUCATION_ROUTE'] as const;
export const SOURCES = ['DUO', 'COA', 'MUNICIPALITY', 'MINISTRY', 'ATTRIBUTION'] as const;

/** A row as it arrives (GraphQL batch or CSV line): every field text, so every problem can be reported. */
export interface RawCountRow {
  municipalityCode?: string | null;
  periodType?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
  category?: string | null;
  route?: string | null;
  basis?: string | null;
  rule?: string | null;
  source?: string | null;
  value?: string | null;
  /** Attributed counts only: integer units and the rule's divisor that `value` is rounded from. */
  units?: string | null;
  divisor?: number | null;
}

export interface CountRowData {
  municipalityCode: string;
  periodType: PeriodType;
  periodStart: string;
  periodEnd: string;
  category: string;
  route: string | null;
  basis: string;
  rule: string | null;
  source: string;
  /** Canonical text with exactly 6 decimals. */
  value: string;
  units: string | null;
  divisor: number | null;
}

export interface RowProblem {
  /** 1-based line (batch position, or file line for CSV). */
  line: number;
  field: string;
  reason: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS: Record<PeriodType, number> = { MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12 };

/** The last day of a period of `type` starting on `start`, or null when `start` cannot start one. */
export function periodEndFor(type: PeriodType, start: string): string | null {
  const m = DATE.exec(start);
  if (!m || m[3] !== '01') {
    return null;
  }
  const month = Number(m[2]);
  const span = MONTHS[type];
  if ((month - 1) % span !== 0) {
    return null;
  }
  const year = Number(m[1]);
  const nextMonth = month + span;
  const next = nextMonth > 12 ? `${year + 1}-01-01` : `${year}-${String(nextMonth).padStart(2, '0')}-01`;
  return addDays(next, -1);
}

const blank = (v: string | null | undefined): boolean => v === null || v === undefined || v.trim() === '';

/**
 * Validates one incoming row; returns the normalised row or its problems (every field checked, so a
 * report lists them all). Periods must be whole calendar months, quarters, half-years or years.
 */
export function validateCountRow(
  raw: RawCountRow,
  line: number,
  knownCodes: ReadonlySet<string>,
): { row?: CountRowData; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const bad = (field: string, reason: string) => problems.push({ line, field, reason });
  const text = (v: string | null | undefined) => (blank(v) ? null : (v as string).trim());

  const code = text(raw.municipalityCode);
  if (code === null) {
    bad('municipalityCode', 'missing');
  } else if (!/^GM\d{4}$/.test(code)) {
    bad('municipalityCode', `"${code}" is not GM + 4 digits`);
  } else if (!knownCodes.has(code)) {
    bad('municipalityCode', `unknown municipality ${code}`);
  }

  const periodType = text(raw.periodType);
  if (periodType === null || !PERIOD_TYPES.includes(periodType as PeriodType)) {
    bad('periodType', `"${periodType ?? ''}" is not one of ${PERIOD_TYPES.join(', ')}`);
  }
  const periodStart = text(raw.periodStart);
  const periodEnd = text(raw.periodEnd);
  const startOk = periodStart !== null && isCalendarDate(periodStart);
  const endOk = periodEnd !== null && isCalendarDate(periodEnd);
  if (!startOk) {
    bad('periodStart', calendarDateProblem(periodStart ?? '') ?? 'not a date');
  }
  if (!endOk) {
    bad('periodEnd', calendarDateProblem(periodEnd ?? '') ?? 'not a date');
  }
  if (startOk && endOk && PERIOD_TYPES.includes(periodType as PeriodType)) {
    const expectedEnd = periodEndFor(periodType as PeriodType, periodStart);
    if (expectedEnd === null) {
      bad('periodStart', `${periodStart} does not start a calendar ${periodType}`);
    } else if (expectedEnd !== periodEnd) {
      bad('periodEnd', `a ${periodType} starting ${periodStart} ends ${expectedEnd}, not ${periodEnd}`);
    }
  }

  const category = text(raw.category);
  if (category === null || !(CATEGORIES as readonly string[]).includes(category)) {
    bad('category', `"${category ?? ''}" is not one of ${CATEGORIES.join(', ')}`);
  }
  const route = text(raw.route);
  if (route !== null && !(ROUTES as readonly string[]).includes(route)) {
    bad('route', `"${route}" is not one of ${ROUTES.join(', ')} (or empty)`);
  }
  const basis = text(raw.basis);
  if (basis === null || !(BASES as readonly string[]).includes(basis)) {
    bad('basis', `"${basis ?? ''}" is not one of ${BASES.join(', ')}`);
  }
  const rule = text(raw.rule);
  if (rule !== null && !(RULES as readonly string[]).includes(rule)) {
    bad('rule', `"${rule}" is not one of ${RULES.join(', ')} (or empty)`);
  } else if (rule !== null && basis !== 'REGISTERED') {
    bad('rule', 'an attribution rule belongs only to REGISTERED counts');
  }
  const source = text(raw.source);
  if (source === null || !(SOURCES as readonly string[]).includes(source)) {
    bad('source', `"${source ?? ''}" is not one of ${SOURCES.join(', ')}`);
  } else if (source === 'ATTRIBUTION' && rule === null) {
    bad('rule', 'counts from ATTRIBUTION name their attribution rule');
  }

  const value = raw.value === null || raw.value === undefined ? '' : raw.value.trim();
  let canonical: string | null = null;
  const valueProblem = value === '' ? 'missing' : decimalProblem(value, { ...COUNT_FORMAT, nonNegative: true });
  if (valueProblem !== null) {
    bad('value', valueProblem);
  } else {
    canonical = new Decimal(value).toFixed(6);
  }

  let units: string | null = null;
  let divisor: number | null = null;
  const unitsText = raw.units === null || raw.units === undefined ? '' : String(raw.units).trim();
  if (unitsText !== '' || (raw.divisor !== null && raw.divisor !== undefined)) {
    if (!/^\d{1,15}$/.test(unitsText)) {
      bad('units', `"${unitsText}" is not a whole number of units`);
    } else if (raw.divisor === null || raw.divisor === undefined || !Number.isInteger(raw.divisor) || raw.divisor <= 0) {
      bad('divisor', 'units need a positive whole divisor');
    } else if (source !== 'ATTRIBUTION') {
      bad('units', 'only counts from ATTRIBUTION carry units');
    } else if (canonical !== null && !countFromUnits(unitsText, raw.divisor).eq(canonical)) {
      bad('value', `${canonical} is not ${unitsText} / ${raw.divisor} rounded to six decimals`);
    } else {
      units = BigInt(unitsText).toString();
      divisor = raw.divisor;
    }
  }

  if (problems.length > 0 || canonical === null) {
    return { problems };
  }
  return {
    problems,
    row: {
      municipalityCode: code as string,
      periodType: periodType as PeriodType,
      periodStart: periodStart as string,
      periodEnd: periodEnd as string,
      category: category as string,
      route,
      basis: basis as string,
      rule,
      source: source as string,
      value: canonical,
      units,
      divisor,
    },
  };
}

/** The identity of a count: a later row with the same key supersedes an earlier one. */
export function countKey(
  r: Pick<CountRowData, 'municipalityCode' | 'periodType' | 'periodStart' | 'periodEnd' | 'category' | 'route' | 'basis' | 'rule'>,
): string {
  return [r.municipalityCode, r.periodType, r.periodStart, r.periodEnd, r.category, r.route ?? '', r.basis, r.rule ?? ''].join('|');
}

/** Validates a whole batch: every row, plus duplicates of a key inside the batch. */
export function validateCountBatch(
  rows: readonly RawCountRow[],
  knownCodes: ReadonlySet<string>,
  lineOf: (index: number) => number = (i) => i + 1,
): { rows: CountRowData[]; problems: RowProblem[] } {
  const valid: CountRowData[] = [];
  const problems: RowProblem[] = [];
  const firstLine = new Map<string, number>();
  rows.forEach((raw, index) => {
    const line = lineOf(index);
    const result = validateCountRow(raw, line, knownCodes);
    problems.push(...result.problems);
    if (result.row) {
      const key = countKey(result.row);
      const earlier = firstLine.get(key);
      if (earlier !== undefined) {
        problems.push({
          line,
          field: 'municipalityCode',
          reason: `same municipality, period, category, route, basis and rule as line ${earlier}`,
        });
      } else {
        firstLine.set(key, line);
        valid.push(result.row);
      }
    }
  });
  return { rows: valid, problems };
}

/** Σunits / divisor rounded once to six decimals, half away from zero (DOMAIN "Counting people"). */
export function countFromUnits(units: bigint | string | number, divisor: number): Decimal {
  return new Money(units.toString()).div(divisor).toDecimalPlaces(6, Decimal.ROUND_HALF_UP);
}

/** A stored count row as the yearly aggregation needs it. */
export interface StoredCount {
  id: string;
  municipalityCode: string;
  periodType: PeriodType;
  periodStart: string;
  periodEnd: string;
  category: string;
  route: string | null;
  value: Decimal;
  /**
   * The integer units (days, months, persons) an attributed count was divided from, with the
   * rule's divisor; null/absent for counts delivered as figures. When every row summed into one
   * yearly count carries units with the same divisor, the yearly count is Σunits / divisor rounded
   * once to six decimals (DOMAIN "Counting people"), never the sum of rounded parts (decision 1600).
   */
  units?: string | null;
  divisor?: number | null;
}

export interface YearlyCount {
  municipalityCode: string;
  category: string;
  route: string | null;
  value: Decimal;
  /** Ids of the count rows summed. */
  countIds: string[];
}

const COARSENESS: Record<PeriodType, number> = { MONTH: 0, QUARTER: 1, HALF_YEAR: 2, YEAR: 3 };

/**
 * Yearly count per municipality, category and route (decision 0203): the sum of the current rows
 * whose period lies inside the year; when one municipality-category-route has rows of several
 * period types, only the coarsest type counts (a YEAR row is a statement about the whole year,
 * so adding its months would count people twice). `attribute(code, periodStart)` maps a recorded
 * code to the municipality the count belongs to (merger successors); rows are grouped by the
 * recorded code first so the coarsest-type rule applies per source of figures.
 */
export function aggregateYearly(rows: readonly StoredCount[], attribute: (code: string, date: string) => string = (c) => c): YearlyCount[] {
  const bySource = new Map<string, StoredCount[]>();
  for (const r of rows) {
    const key = `${r.municipalityCode}|${r.category}|${r.route ?? ''}`;
    const list = bySource.get(key) ?? [];
    list.push(r);
    bySource.set(key, list);
  }
  const result = new Map<string, YearlyCount>();
  // Per result key: the summed units while every row so far had units with one divisor, else null.
  const unitsOf = new Map<string, { units: bigint; divisor: number } | null>();
  for (const list of bySource.values()) {
    const coarsest = Math.max(...list.map((r) => COARSENESS[r.periodType]));
    for (const r of list.filter((x) => COARSENESS[x.periodType] === coarsest)) {
      const target = attribute(r.municipalityCode, r.periodStart);
      const key = `${target}|${r.category}|${r.route ?? ''}`;
      const entry = result.get(key) ?? { municipalityCode: target, category: r.category, route: r.route, value: ZERO, countIds: [] };
      entry.value = entry.value.plus(r.value);
      entry.countIds.push(r.id);
      result.set(key, entry);
      const u = unitsOf.get(key);
      const rowUnits = r.units === null || r.units === undefined || !r.divisor ? null : { units: BigInt(r.units), divisor: r.divisor };
      if (u === undefined) {
        unitsOf.set(key, rowUnits);
      } else if (u !== null) {
        unitsOf.set(
          key,
          rowUnits !== null && rowUnits.divisor === u.divisor ? { units: u.units + rowUnits.units, divisor: u.divisor } : null,
        );
      }
    }
  }
  for (const [key, u] of unitsOf) {
    const entry = result.get(key);
    if (entry && u) {
      entry.value = countFromUnits(u.units, u.divisor);
    }
  }
  return [...result.values()].sort((a, b) =>
    a.municipalityCode !== b.municipalityCode
      ? a.municipalityCode < b.municipalityCode
        ? -1
        : 1
      : a.category !== b.category
        ? a.category < b.category
          ? -1
          : 1
        : (a.route ?? '') < (b.route ?? '')
          ? -1
          : (a.route ?? '') > (b.route ?? '')
            ? 1
            : 0,
  );
}

/** SHA-256 of a batch's canonical content (rows sorted by key): the same key with other content is refused. */
export function countBatchHash(rows: CountRowData[]): string {
  // Units appear only on attributed rows, so the hash of every batch without them is unchanged.
  const canonical = rows
    .map((r) => (r.units === null ? [countKey(r), r.source, r.value] : [countKey(r), r.source, r.value, r.units, String(r.divisor)]))
    .sort((a, b) => (a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : 0));
  return sha256Hex(JSON.stringify(canonical));
}
