import Decimal from 'decimal.js';
import { DomainError } from '../errors/domain-error';
import { Money, ZERO, isWholeUnits } from './money';

export interface ApportionPart<K> {
  key: K;
  weight: Decimal;
}

export interface ApportionResult<K> {
  key: K;
  weight: Decimal;
  /** The exact share (total × weight / Σweight), at 40 significant digits, never rounded. */
  exactShare: Decimal;
  /** What the part gets, a whole number of units. */
  amount: Decimal;
  /** amount − exactShare: the rounding adjustment, always in (−1 unit, +1 unit). */
  adjustment: Decimal;
}

/**
 * Largest-remainder apportionment, pinned in DOMAIN.md "Money and numbers":
 *
 * - each part gets the floor of its exact quota in units;
 * - the leftover units go one each to the largest exact remainders (compared unrounded);
 * - equal remainders go first to the part that sorts first by `compareKeys` (lower municipality
 *   code, earlier tranche);
 * - a part with weight zero gets exactly zero and never a leftover unit;
 * - negative weights or totals are refused; a positive total with all weights zero is
 *   `ZERO_TOTAL_WEIGHT`; a total that is not a whole number of units is refused (callers round a
 *   computed total to the unit first).
 *
 * Invariants: Σ amounts = total exactly; |amount − exactShare| < 1 unit. The result is in the
 * input order.
 */
export function apportion<K>(
  total: Decimal,
  parts: readonly ApportionPart<K>[],
  scale: number,
  compareKeys: (a: K, b: K) => number,
): ApportionResult<K>[] {
  if (total.isNegative()) {
    throw new DomainError('BAD_USER_INPUT', `cannot apportion a negative total (${total.toFixed()})`, {
      field: 'total',
    });
  }
  if (!isWholeUnits(total, scale)) {
    throw new DomainError('BAD_USER_INPUT', `total ${total.toFixed()} is not a whole multiple of the unit (${scale} decimals)`, {
      field: 'total',
    });
  }
  let totalWeight = ZERO;
  for (const part of parts) {
    if (part.weight.isNegative()) {
      throw new DomainError('BAD_USER_INPUT', `negative weight ${part.weight.toFixed()} for ${String(part.key)}`, {
        field: 'weight',
        key: String(part.key),
      });
    }
    totalWeight = totalWeight.plus(part.weight);
  }
  if (totalWeight.isZero()) {
    if (total.isZero()) {
      return parts.map((p) => ({ key: p.key, weight: p.weight, exactShare: ZERO, amount: ZERO, adjustment: ZERO }));
    }
    throw new DomainError('ZERO_TOTAL_WEIGHT', `all weights are zero; cannot split ${total.toFixed()}`);
  }

  const unitsPerOne = new Money(10).pow(scale);
  const totalUnits = total.times(unitsPerOne);
  const rows = parts.map((p, index) => {
    // Quota in units, exact to 40 significant digits; divided last so nothing rounds early.
    const quota = totalUnits.times(p.weight).div(totalWeight);
    const floor = quota.floor();
    return { index, key: p.key, weight: p.weight, quota, floor, remainder: quota.minus(floor) };
  });

  let leftover = totalUnits.minus(rows.reduce((acc, r) => acc.plus(r.floor), ZERO)).toNumber();
  const order = rows
    .filter((r) => !r.weight.isZero())
    .sort((a, b) => {
      const byRemainder = b.remainder.comparedTo(a.remainder);
      return byRemainder !== 0 ? byRemainder : compareKeys(a.key, b.key);
    });
  const extra = new Set<number>();
  for (const r of order) {
    if (leftover <= 0) {
      break;
    }
    extra.add(r.index);
    leftover -= 1;
  }
  if (leftover !== 0) {
    // Cannot happen: leftover < number of non-zero parts because each remainder < 1.
    throw new Error('apportion(): leftover units could not be placed');
  }

  return rows.map((r) => {
    const units = extra.has(r.index) ? r.floor.plus(1) : r.floor;
    const amount = units.div(unitsPerOne);
    const exactShare = r.quota.div(unitsPerOne);
    return { key: r.key, weight: r.weight, exactShare, amount, adjustment: amount.minus(exactShare) };
  });
}

/** Tie-break by plain string order (municipality codes `GM0001` < `GM0002`). */
export const byCode = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Tie-break by position (the earlier tranche first). */
export const byIndex = (a: number, b: number): number => a - b;
