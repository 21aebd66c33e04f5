/**
 * The console's one money and number helper. The API sends every amount, count and rate as a
 * decimal string ("1234567.50", "0.336986"); everything here works on that text (or on scaled
 * BigInts), never through a float, so a billion with cents stays exact. Output follows the
 * interface language (`setFormatLocale`, called by the i18n set-up): Dutch "€ 1.234.567,50",
 * English "€1,234,567.50". Input (`parseDecimalInput`) accepts the language's own notation and the
 * plain one, and says what it expected when it cannot be sure.
 */

export type NumberLocale = 'nl' | 'en';

let current: NumberLocale = 'nl';

/** Sets the notation used when a formatter is called without a locale (the interface language). */
export function setFormatLocale(locale: NumberLocale): void {
  current = locale;
}

export function formatLocale(): NumberLocale {
  return current;
}

const SEPARATORS: Record<NumberLocale, { group: string; decimal: string }> = {
  nl: { group: '.', decimal: ',' },
  en: { group: ',', decimal: '.' },
};

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** "1234567.5" → "€ 1.234.567,50" (nl) or "€1,234,567.50" (en); "-12" → "€ -12,00" / "-€12.00"; empty → "—". */
export function formatMoney(text: string | null | undefined, options: { cents?: boolean } = {}, locale: NumberLocale = current): string {
  if (text === null || text === undefined || text === '') {
    return '—';
  }
  const body = formatDecimal(text, options.cents === false ? 0 : 2, locale);
  if (locale === 'en') {
    return body.startsWith('-') ? `-€${body.slice(1)}` : `€${body}`;
  }
  return `€ ${body}`;
}

/** "1234.5" → "1.234,50" with `scale` decimals, rounded half away from zero on the text. */
export function formatDecimal(text: string, scale = 2, locale: NumberLocale = current): string {
  const m = DECIMAL.exec(text.trim());
  if (m === null) {
    return text;
  }
  const negative = m[1] === '-';
  let integer = m[2] ?? '0';
  let fraction = m[3] ?? '';
  if (fraction.length > scale) {
    const roundUp = Number(fraction[scale]) >= 5;
    fraction = fraction.slice(0, scale);
    if (roundUp) {
      const digits = (integer + fraction).split('').map(Number);
      let i = digits.length - 1;
      while (i >= 0) {
        const d = (digits[i] ?? 0) + 1;
        digits[i] = d % 10;
        if (d < 10) {
          break;
        }
        i -= 1;
      }
      let joined = digits.join('');
      if (i < 0) {
        joined = `1${joined}`;
      }
      integer = joined.slice(0, joined.length - scale) || '0';
      fraction = joined.slice(joined.length - scale);
    }
  }
  fraction = fraction.padEnd(scale, '0');
  return assemble(negative, integer, fraction, locale);
}

function assemble(negative: boolean, integer: string, fraction: string, locale: NumberLocale): string {
  const { group, decimal } = SEPARATORS[locale];
  const trimmed = integer.replace(/^0+(?=\d)/, '');
  const grouped = trimmed.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const isZero = /^0*$/.test(trimmed + fraction);
  const sign = negative && !isZero ? '-' : '';
  return fraction.length > 0 ? `${sign}${grouped}${decimal}${fraction}` : `${sign}${grouped}`;
}

/**
 * A count as a count: a whole number of persons without decimals ("1092.00" → "1.092"), a
 * person-year count with the decimals it has, up to the six the API keeps ("12.345678" →
 * "12,345678", "12.500000" → "12,5").
 */
export function formatCount(text: string | number | null | undefined, locale: NumberLocale = current): string {
  if (text === null || text === undefined || text === '') {
    return '—';
  }
  const m = DECIMAL.exec(String(text).trim());
  if (m === null) {
    return String(text);
  }
  return assemble(m[1] === '-', m[2] ?? '0', (m[3] ?? '').replace(/0+$/, ''), locale);
}

/** A percentage the API computed ("12.34") with two decimals: "12,34 %" (nl) or "12.34%" (en). */
export function formatPercent(text: string | null | undefined, locale: NumberLocale = current): string {
  if (text === null || text === undefined || text === '') {
    return '—';
  }
  const body = formatDecimal(text, 2, locale);
  return locale === 'nl' ? `${body} %` : `${body}%`;
}

/** A decimal as the API sent it, every decimal kept, in the language's notation: "0.8" → "0,8". */
export function formatExact(text: string, locale: NumberLocale = current): string {
  const m = DECIMAL.exec(text.trim());
  return m === null ? text : assemble(m[1] === '-', m[2] ?? '0', m[3] ?? '', locale);
}

/**
 * Decimal numbers inside a sentence the API wrote (an explanation line), in the language's
 * notation: "paid 1234.50 of 0.8 × E" → "paid 1.234,50 of 0,8 × E". Only numbers with a decimal
 * point are touched: years, codes, dates and sequence numbers stay as they are.
 */
export function localiseNumbersInText(text: string, locale: NumberLocale = current): string {
  return text.replace(/(?<![\w.,-])(-?\d+\.\d+)(?![\w.]|,\d)/g, (n) => formatExact(n, locale));
}

const DATE_LOCALE: Record<NumberLocale, string> = { nl: 'nl-NL', en: 'en-GB' };
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: NumberLocale, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}:${withTime}`;
  let f = dateFormats.get(key);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(
      DATE_LOCALE[locale],
      withTime
        ? { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam' }
        : { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' },
    );
    dateFormats.set(key, f);
  }
  return f;
}

/** "2026-07-15" → "15 juli 2026"; an ISO timestamp → "24 nov 2026 17:05" (Amsterdam time). */
export function formatDate(text: string | null | undefined, locale: NumberLocale = current): string {
  if (text === null || text === undefined || text === '') {
    return '—';
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return dateFormat(locale, false).format(new Date(`${text}T12:00:00Z`));
  }
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : dateFormat(locale, true).format(d);
}

/** "2026-03" → "mrt 2026" / "Mar 2026". */
export function formatMonth(month: string, locale: NumberLocale = current): string {
  return new Intl.DateTimeFormat(DATE_LOCALE[locale], { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-15T00:00:00Z`),
  );
}

// ---------------------------------------------------------------------------------------------
// Exact arithmetic on decimal strings (display totals; the API stays the source of every amount)

function fractionLength(text: string): number {
  return DECIMAL.exec(text.trim())?.[3]?.length ?? 0;
}

function toScaled(text: string, scale: number): bigint {
  const m = DECIMAL.exec(text.trim());
  if (m === null) {
    throw new Error(`not a decimal: ${text}`);
  }
  const fraction = m[3] ?? '';
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) {
    throw new Error(`more than ${scale} decimals: ${text}`);
  }
  const digits = BigInt((m[2] ?? '0') + fraction.slice(0, scale).padEnd(scale, '0'));
  return m[1] === '-' ? -digits : digits;
}

function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const body = scale > 0 ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}` : digits;
  return negative ? `-${body}` : body;
}

/**
 * The exact sum of decimal strings, at `scale` decimals (default: the most any value has), with
 * scaled BigInts. Empty values are skipped; a value with more (non-zero) decimals than `scale`, or
 * one that is not a decimal, throws rather than being rounded or read as zero.
 */
export function sumDecimals(values: readonly (string | null | undefined)[], scale?: number): string {
  const present = values.filter((v): v is string => v !== null && v !== undefined && v !== '');
  const s = scale ?? present.reduce((n, v) => Math.max(n, fractionLength(v)), 0);
  let total = 0n;
  for (const value of present) {
    total += toScaled(value, s);
  }
  return fromScaled(total, s);
}

/** Compares decimal strings exactly (for sorting); empty sorts as zero. */
export function compareDecimal(a: string | null | undefined, b: string | null | undefined): number {
  const x = a === null || a === undefined || a === '' ? '0' : a;
  const y = b === null || b === undefined || b === '' ? '0' : b;
  if (DECIMAL.exec(x.trim()) === null || DECIMAL.exec(y.trim()) === null) {
    return x.localeCompare(y);
  }
  const scale = Math.max(fractionLength(x), fractionLength(y));
  const d = toScaled(x, scale) - toScaled(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** A decimal string's sign: -1, 0 or 1 (for colouring gains and losses). */
export function signOf(text: string): number {
  if (/^-/.test(text) && /[1-9]/.test(text)) {
    return -1;
  }
  return /[1-9]/.test(text) ? 1 : 0;
}

/** A decimal string as a float, for bar lengths and axis ticks only (never for a figure shown). */
export function chartValue(text: string | null | undefined): number {
  return Number(text ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Input

/** Why a typed number was not accepted; the caller words it in the interface language. */
export type DecimalInputProblem =
  | { kind: 'format' }
  | { kind: 'negative' }
  /** "1.092": thousands (1092) or a decimal (1.092)? Both readings are given. */
  | { kind: 'ambiguous'; asThousands: string; asDecimal: string };

export type DecimalInput = { ok: true; value: string } | { ok: false; problem: DecimalInputProblem };

/**
 * A number as a person types it, converted exactly (on the text) to the API's canonical decimal
 * string ("11.800.000,00" → "11800000.00", "1.092,5" → "1092.5", "1092.5" → "1092.5").
 *
 * Dutch (`nl`): a comma is the decimal separator, dots group thousands (only in groups of three);
 * the plain notation (one dot as decimal separator, no grouping) is accepted too. A single dot
 * followed by exactly three digits after one to three digits ("1.092") could be either, so it is
 * refused as ambiguous with both readings. English (`en`): commas group thousands, a dot is the
 * decimal separator. Spaces and a leading "€" are ignored. The decimals are kept as typed: how
 * many a field allows is the API's rule, and its message says so at the field.
 */
export function parseDecimalInput(text: string, options: { allowNegative?: boolean; locale?: NumberLocale } = {}): DecimalInput {
  const locale = options.locale ?? current;
  let t = text.replace(/[\s\u00a0\u202f\u2009]/g, '').replace(/^€/, '');
  let negative = false;
  if (/^[-−]/.test(t)) {
    negative = true;
    t = t.slice(1).replace(/^€/, '');
  }
  const parsed = locale === 'nl' ? readDutch(t) : readEnglish(t);
  if ('problem' in parsed) {
    return { ok: false, problem: parsed.problem };
  }
  const integer = (parsed.integer === '' ? '0' : parsed.integer).replace(/^0+(?=\d)/, '');
  const isZero = /^0*$/.test(integer + parsed.fraction);
  if (negative && !isZero && options.allowNegative !== true) {
    return { ok: false, problem: { kind: 'negative' } };
  }
  const body = parsed.fraction === '' ? integer : `${integer}.${parsed.fraction}`;
  return { ok: true, value: negative && !isZero ? `-${body}` : body };
}

type Read = { integer: string; fraction: string } | { problem: DecimalInputProblem };

function readDutch(t: string): Read {
  let m: RegExpExecArray | null;
  if ((m = /^(\d*),(\d+)$/.exec(t)) !== null) {
    return { integer: m[1] ?? '', fraction: m[2] ?? '' };
  }
  if ((m = /^(\d{1,3}(?:\.\d{3})+),(\d+)$/.exec(t)) !== null) {
    return { integer: (m[1] ?? '').replace(/\./g, ''), fraction: m[2] ?? '' };
  }
  if (/^\d{1,3}(?:\.\d{3}){2,}$/.test(t)) {
    return { integer: t.replace(/\./g, ''), fraction: '' };
  }
  if ((m = /^([1-9]\d{0,2})\.(\d{3})$/.exec(t)) !== null) {
    return {
      problem: { kind: 'ambiguous', asThousands: `${m[1] ?? ''}${m[2] ?? ''}`, asDecimal: `${m[1] ?? ''}.${m[2] ?? ''}` },
    };
  }
  if ((m = /^(\d*)\.(\d+)$/.exec(t)) !== null || (m = /^(\d+)()$/.exec(t)) !== null) {
    return { integer: m[1] ?? '', fraction: m[2] ?? '' };
  }
  return { problem: { kind: 'format' } };
}

function readEnglish(t: string): Read {
  const m = /^(\d*|\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/.exec(t);
  if (m === null || (m[1] === '' && m[2] === undefined)) {
    return { problem: { kind: 'format' } };
  }
  return { integer: (m[1] ?? '').replace(/,/g, ''), fraction: m[2] ?? '' };
}

/**
 * A canonical decimal from the API as a person would type it back: the language's decimal
 * separator, no thousands grouping (which would make "1.092" ambiguous), trailing zeros of the
 * fraction dropped when `trimZeros` (counts: "1092.000000" → "1092"). Parses back to the same value.
 */
export function toInputText(text: string, options: { trimZeros?: boolean } = {}, locale: NumberLocale = current): string {
  const m = DECIMAL.exec(text.trim());
  if (m === null) {
    return text;
  }
  const fraction = options.trimZeros === true ? (m[3] ?? '').replace(/0+$/, '') : (m[3] ?? '');
  const body = fraction === '' ? (m[2] ?? '0') : `${m[2] ?? '0'}${SEPARATORS[locale].decimal}${fraction}`;
  return m[1] === '-' ? `-${body}` : body;
}

const AMSTERDAM_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Amsterdam as YYYY-MM-DD: the engine's dates are Amsterdam's, not UTC's. */
export function todayInAmsterdam(now: Date = new Date()): string {
  return AMSTERDAM_DAY.format(now);
}
