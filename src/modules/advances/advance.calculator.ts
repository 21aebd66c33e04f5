import Decimal from 'decimal.js';
import { apportion, byCode, byIndex } from '../../common/money/apportion';
import { DomainError } from '../../common/errors/domain-error';
import { Money, ZERO, roundToUnit, sum } from '../../common/money/money';

/** Pure rules for advances (DOMAIN.md "Calculations" 5 and 6). No I/O, no clock. */

export interface PlannedTranche {
  /** Position in the schedule, 0-based; ties in apportionment go to the earlier tranche. */
  index: number;
  /** Schedule weight (equal monthly tranches: all 1). */
  weight: Decimal;
  amount: Decimal;
}

export interface TrancheState extends PlannedTranche {
  /** Paid once its payment is booked (in cash or by offset). Due, unbooked or suspended = unpaid. */
  paid: boolean;
}

/** Default schedule: 12 equal monthly tranches. */
export const MONTHLY_WEIGHTS: readonly Decimal[] = Array.from({ length: 12 }, () => new Money(1));

/** A_i = round(advanceRate × E_i) to the unit, once. */
export function advanceAmount(entitlement: Decimal, advanceRate: Decimal, scale: number): Decimal {
  if (entitlement.isNegative()) {
    throw new DomainError('BAD_USER_INPUT', 'an entitlement to advance on cannot be negative', { field: 'entitlement' });
  }
  if (advanceRate.isNegative() || advanceRate.gt(1)) {
    throw new DomainError('BAD_USER_INPUT', `advance rate ${advanceRate.toFixed()} must be between 0 and 1`, { field: 'advanceRate' });
  }
  return roundToUnit(advanceRate.times(entitlement), scale);
}

/** Splits an advance over the schedule by largest remainder; tranches sum exactly to the advance. */
export function planTranches(advance: Decimal, weights: readonly Decimal[], scale: number): PlannedTranche[] {
  if (weights.length === 0) {
    throw new DomainError('BAD_USER_INPUT', 'a tranche schedule needs at least one tranche', { field: 'schedule' });
  }
  return apportion(
    advance,
    weights.map((weight, index) => ({ key: index, weight })),
    scale,
    byIndex,
  ).map((r) => ({ index: r.key, weight: r.weight, amount: r.amount }));
}

export interface RevisionResult {
  tranches: TrancheState[];
  /** What has been paid beyond the new advance; it waits for the settlement (never a negative tranche). */
  excess: Decimal;
  /** True when nothing could change (no unpaid tranche). */
  unchanged: boolean;
}

/**
 * Revision: A(new) − paid is apportioned over the unpaid tranches by their schedule weights; paid
 * tranches never change. No unpaid tranche: nothing changes. Paid more than A(new): every unpaid
 * tranche becomes zero and the excess waits for the settlement.
 */
export function reviseTranches(newAdvance: Decimal, current: readonly TrancheState[], scale: number): RevisionResult {
  if (newAdvance.isNegative()) {
    throw new DomainError('BAD_USER_INPUT', 'a new advance cannot be negative', { field: 'advance' });
  }
  const paidTotal = sum(current.filter((t) => t.paid).map((t) => t.amount));
  const unpaid = current.filter((t) => !t.paid);
  const excess = paidTotal.gt(newAdvance) ? paidTotal.minus(newAdvance) : ZERO;
  if (unpaid.length === 0) {
    return { tranches: current.map((t) => ({ ...t })), excess, unchanged: true };
  }
  const remaining = newAdvance.minus(paidTotal);
  let amounts: Map<number, Decimal>;
  if (!remaining.isPositive()) {
    amounts = new Map(unpaid.map((t) => [t.index, ZERO]));
  } else {
    const split = apportion(
      remaining,
      unpaid.map((t) => ({ key: t.index, weight: t.weight })),
      scale,
      byIndex,
    );
    amounts = new Map(split.map((s) => [s.key, s.amount]));
  }
  return {
    tranches: current.map((t) => (t.paid ? { ...t } : { ...t, amount: amounts.get(t.index) ?? ZERO })),
    excess,
    unchanged: false,
  };
}

// Calculation 8 (DOMAIN.md): offsets of a recovery against next year's tranches, applied when
// tranches are paid (`payTranches`), so it lives with the tranche rules.
export interface OffsetTranche {
  key: string;
  dueDate: string;
  amount: Decimal;
}

export interface OffsetResult {
  tranches: { key: string; dueDate: string; amount: Decimal; offset: Decimal; cash: Decimal }[];
  /** What remains of the recovery after the last tranche: an open receivable (invoiced). */
  remaining: Decimal;
}

/**
 * A recovery is applied at each payment of the next scheme-year's tranches, in due-date order:
 * cash paid = max(0, tranche − outstanding); the rest of the recovery carries on. Never a negative
 * tranche.
 */
export function applyOffsets(recovery: Decimal, tranches: readonly OffsetTranche[]): OffsetResult {
  if (recovery.isNegative()) {
    throw new DomainError('BAD_USER_INPUT', 'a recovery to offset is a positive amount', { field: 'recovery' });
  }
  let outstanding = recovery;
  const ordered = [...tranches].sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : byCode(a.key, b.key)));
  const result = ordered.map((t) => {
    const offset = Decimal.min(outstanding, t.amount);
    outstanding = outstanding.minus(offset);
    return { key: t.key, dueDate: t.dueDate, amount: t.amount, offset, cash: t.amount.minus(offset) };
  });
  return { tranches: result, remaining: outstanding };
}
