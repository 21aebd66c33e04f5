import Decimal from 'decimal.js';
import { DomainError } from '../../common/errors/domain-error';
import { Money, ZERO } from '../../common/money/money';

/** Pure rule for the TRAILING_ACTUALS forecast. No I/O. */

export interface YearValue {
  key: string;
  year: number;
  value: Decimal;
}

export interface TrailingResult {
  key: string;
  value: Decimal;
  explanation: string;
}

/**
 * Average of the last N years (y−N .. y−1) of registered counts per key, weighted (weights in the
 * same order, oldest first, normalised; default equal). A year without a count for a key counts as
 * zero. Exact, then rounded once to 6 decimals half away from zero.
 */
export function trailingAverage(
  values: readonly YearValue[],
  year: number,
  periods: number,
  weights?: readonly Decimal[] | null,
): TrailingResult[] {
  if (!Number.isInteger(periods) || periods < 1 || periods > 10) {
    throw new DomainError('BAD_USER_INPUT', 'periods must be 1 to 10', { field: 'input.periods' });
  }
  const w = weights && weights.length > 0 ? weights : Array.from({ length: periods }, () => new Money(1));
  if (w.length !== periods) {
    throw new DomainError('BAD_USER_INPUT', `give ${periods} weights (oldest year first)`, { field: 'input.weights' });
  }
  if (w.some((x) => x.isNegative())) {
    throw new DomainError('BAD_USER_INPUT', 'weights must not be negative', { field: 'input.weights' });
  }
  const totalWeight = w.reduce((a, b) => a.plus(b), ZERO);
  if (!totalWeight.gt(0)) {
    throw new DomainError('ZERO_TOTAL_WEIGHT', 'at least one weight must be positive', { field: 'input.weights' });
  }
  const years = Array.from({ length: periods }, (_, i) => year - periods + i);
  const byKey = new Map<string, Map<number, Decimal>>();
  for (const v of values) {
    if (!years.includes(v.year)) {
      continue;
    }
    const m = byKey.get(v.key) ?? new Map<number, Decimal>();
    m.set(v.year, (m.get(v.year) ?? ZERO).plus(v.value));
    byKey.set(v.key, m);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, perYear]) => {
      const terms = years.map((y, i) => ({ y, v: perYear.get(y) ?? ZERO, w: w[i]! }));
      const exact = terms.reduce((acc, t) => acc.plus(t.v.times(t.w)), ZERO).div(totalWeight);
      return {
        key,
        value: exact.toDecimalPlaces(6, Decimal.ROUND_HALF_UP),
        explanation: `(${terms.map((t) => `${t.v.toFixed()} [${t.y}] × ${t.w.toFixed()}`).join(' + ')}) / ${totalWeight.toFixed()} = ${exact.toFixed()} → ${exact.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6)}`,
      };
    });
}
