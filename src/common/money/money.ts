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
