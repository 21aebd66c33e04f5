/**
 * The formats a decimal may be written in at the API: the GraphQL scalars (`Money`, `Decimal`,
 * `CountValue`) and the text fields validated per line (count rows, report lines) all check with
 * `decimalProblem`, so their rules and their messages are the same. The message names the expected
 * format with an example (issue 15 item 4), since a person reads it at the field.
 */
export interface DecimalFormat {
  /** At most this many decimals. */
  maxScale: number;
  /** At most this many digits before the decimal point (what the database column holds). */
  maxIntegerDigits: number;
  /** An example of the format, shown in messages. */
  example: string;
  /** Refuse a negative value. */
  nonNegative?: boolean;
}

/** Amounts in euros: at most 2 decimals; numeric(18,2) holds 16 digits before the point. */
export const MONEY_FORMAT: DecimalFormat = { maxScale: 2, maxIntegerDigits: 16, example: '1234.50' };
/** Counts of persons or person-years: at most 6 decimals; numeric(18,6) holds 12 before the point. */
export const COUNT_FORMAT: DecimalFormat = { maxScale: 6, maxIntegerDigits: 12, example: '12.5' };
/** Rates, shares, weights and ratios: at most 12 decimals. */
export const DECIMAL_FORMAT: DecimalFormat = { maxScale: 12, maxIntegerDigits: 18, example: '0.85' };

const PLAIN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** 'a decimal string with at most 2 decimals, such as "1234.50"' */
export function describeDecimalFormat(format: DecimalFormat): string {
  const sign = format.nonNegative ? 'non-negative ' : '';
  return format.maxScale === 0
    ? `a ${sign}whole number written as a string, such as "${format.example}"`
    : `a ${sign}decimal string with at most ${format.maxScale} decimals, such as "${format.example}"`;
}

/**
 * What is wrong with `value` as a decimal of `format`, or null when it is right. The message starts
 * with the value (quoted) and names the expected format; the caller adds the field.
 */
export function decimalProblem(value: unknown, format: DecimalFormat): string | null {
  const expected = describeDecimalFormat(format);
  if (typeof value !== 'string') {
    const what = value === null ? 'null' : typeof value === 'number' ? `the number ${String(value)}` : `a ${typeof value}`;
    return `expected ${expected}, not ${what} (a JSON number loses digits: send a string)`;
  }
  const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  const m = PLAIN.exec(value);
  if (m === null) {
    return (
      `"${shown}" is not ${expected}: write digits with "." before the decimals, ` + 'without thousands separators, exponent, "+" or spaces'
    );
  }
  const [, minus, whole = '', fraction = ''] = m;
  if (minus === '-' && format.nonNegative && !/^0*$/.test(whole + fraction)) {
    return `"${shown}" is negative: expected ${expected}`;
  }
  if (fraction.length > format.maxScale) {
    return `"${shown}" has ${fraction.length} decimals: expected ${expected}`;
  }
  const digits = whole.replace(/^0+(?=\d)/, '').length;
  if (digits > format.maxIntegerDigits) {
    return `"${shown}" has ${digits} digits before the decimal point, at most ${format.maxIntegerDigits}: expected ${expected}`;
  }
  return null;
}
