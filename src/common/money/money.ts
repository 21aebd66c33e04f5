import Decimal from 'decimal.js';

/**
 * The one Decimal flavour for amounts, weights and shares: 40 significant digits, half away from
 * zero. Never use the global `Decimal` (its precision is 20 and is shared process-wide).
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
export type Money = Decimal;

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** Parses a canonical decimal string (no exponent, no comma, no spaces). Throws on anything else. */
export function money(value: string | Decimal | bigint): Decimal {
  if (value === null || value === undefined) {
    throw new TypeError('money(): value is null or undefined');
  }
  if (value instanceof Decimal) {
    return new Money(value);
  }
  if (typeof value === 'bigint') {
    return new Money(value.toString());
  }
  if (typeof value !== 'string' || !DECIMAL_TEXT.test(value)) {
    throw new TypeError(`money(): not a decimal string: ${String(value)}`);
  }
  return new Money(value);
}

export const ZERO = new Money(0);

/** Number of decimals in a scheme's rounding unit: 2 for cents, 0 for whole euros. */
export type UnitScale = 0 | 2;

export function sum(values: readonly Decimal[]): Decimal {
  let total = ZERO;
  for (const v of values) {
    if (v === null || v === undefined) {
      throw new TypeError('sum(): null or undefined amount');
    }
    total = total.plus(v);
  }
  return total;
}

/** Rounds once to the unit, half away from zero (also for negatives). */
export function roundToUnit(value: Decimal, scale: UnitScale | number): Decimal {
  return value.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
}

/** Canonical text of an amount at exactly `scale` decimals; the only way amounts leave the code. */
export function toFixedScale(value: Decimal, scale: number): string {
  const rounded = value.toDecimalPlaces(scale, Decimal.ROUND_HALF_UP);
  if (!rounded.eq(value)) {
    throw new RangeError(`toFixedScale(): ${value.toFixed()} has more than ${scale} decimals`);
  }
  const text = rounded.toFixed(scale);
  return text === '-0' || /^-0\.0*$/.test(text) ? text.slice(1) : text;
}

/** True when `value` is a whole multiple of the unit 10^-scale. */
export function isWholeUnits(value: Decimal, scale: number): boolean {
  return value.toDecimalPlaces(scale, Decimal.ROUND_DOWN).eq(value);
}

/** Number of decimals written in a canonical decimal string. */
export function decimalsOf(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

const PLAIN_TEXT = /^(-?[1-9]\d*|0)(\.\d+)?$/;

/**
 * `money(text).toFixed()` without building a Decimal, for read paths that only pass database
 * numerics through (a 342-line page parsed 1,700 Decimals per request for this alone). The fast
 * path trims trailing fractional zeros; anything unusual (leading zeros, negative zero) goes
 * through Money. Throws on what `money()` refuses. Property-tested against `money(text).toFixed()`.
 */
export function canonicalText(text: string): string {
  if (typeof text !== 'string' || !PLAIN_TEXT.test(text)) {
    return money(text).toFixed();
  }
  if (text.indexOf('.') < 0) {
    return text;
  }
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) {
    end -= 1;
  }
  if (text.charCodeAt(end - 1) === 46) {
    end -= 1;
  }
  return end === text.length ? text : text.slice(0, end);
}

/** `toFixedScale(money(text), scale)` without building a Decimal where the text is plain; same errors. */
export function toFixedScaleText(text: string, scale: number): string {
  if (typeof text !== 'string' || !PLAIN_TEXT.test(text)) {
    return toFixedScale(money(text), scale);
  }
  const canonical = canonicalText(text);
  const decimals = decimalsOf(canonical);
  if (decimals > scale) {
    throw new RangeError(`toFixedScale(): ${canonical} has more than ${scale} decimals`);
  }
  if (scale === 0) {
    return canonical;
  }
  return `${canonical}${decimals === 0 ? '.' : ''}${'0'.repeat(scale - decimals)}`;
}
