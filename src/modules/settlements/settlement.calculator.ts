import Decimal from 'decimal.js';
import { apportion, byCode } from '../../common/money/apportion';
import { DomainError } from '../../common/errors/domain-error';
import { Money, ZERO, roundToUnit, sum } from '../../common/money/money';

/** Pure rules for settlement, offsets and the overrun view (DOMAIN.md "Calculations" 7 to 9). */

/**
 * E_i(final) for a scheme that settles on spending: min(count-based entitlement, accepted eligible
 * spending rounded to the unit). Without an accepted report there is no settlement (the caller
 * refuses); this function needs the spending.
 */
export function finalEntitlementOnSpending(countBased: Decimal, acceptedSpending: Decimal, scale: number): Decimal {
  if (acceptedSpending.isNegative()) {
    throw new DomainError('BAD_USER_INPUT', 'accepted spending cannot be negative', { field: 'acceptedSpending' });
  }
  const spending = roundToUnit(acceptedSpending, scale);
  return Decimal.min(countBased, spending);
}

/** S_i = E_i(final) − Σ paid tranches (cash or offset). Positive: nabetaling; negative: terugvordering. */
export function settlementAmount(finalEntitlement: Decimal, paidTranches: readonly Decimal[]): Decimal {
  return finalEntitlement.minus(sum(paidTranches));
}

export interface SettlementLine {
  municipalityCode: string;
  /** Who pays or receives: the municipality itself, or its successor when it has merged since. */
  payeeCode: string;
  amount: Decimal;
}

/** A successor's lines (its own and its predecessors') are netted into one payment or recovery. */
export function netByPayee(lines: readonly SettlementLine[]): Map<string, Decimal> {
  const net = new Map<string, Decimal>();
  for (const line of lines) {
    net.set(line.payeeCode, (net.get(line.payeeCode) ?? ZERO).plus(line.amount));
  }
  return new Map([...net.entries()].sort(([a], [b]) => byCode(a, b)));
}

export interface OverrunView {
  total: Decimal;
  budget: Decimal;
  /** Σ E_i(final) − B; negative is an underrun. */
  overrun: Decimal;
  /** Overrun as a percentage of B, rounded to 2 decimals half away from zero. */
  percentage: Decimal;
  /** Per municipality, the pro-rata cut: B apportioned over the final entitlements. Empty in an underrun. */
  cut: Map<string, { entitlement: Decimal; afterCut: Decimal; reduction: Decimal }>;
}

export function overrunView(entitlements: ReadonlyMap<string, Decimal>, budget: Decimal, scale: number): OverrunView {
  if (!budget.isPositive()) {
    throw new DomainError('BAD_USER_INPUT', 'the overrun view needs a positive budget', { field: 'budget' });
  }
  const total = sum([...entitlements.values()]);
  const overrun = total.minus(budget);
  const percentage = roundToUnit(overrun.div(budget).times(100), 2);
  const cut = new Map<string, { entitlement: Decimal; afterCut: Decimal; reduction: Decimal }>();
  if (overrun.isPositive()) {
    const parts = [...entitlements.entries()].map(([key, weight]) => ({ key, weight }));
    for (const r of apportion(budget, parts, scale, byCode)) {
      cut.set(r.key, { entitlement: r.weight, afterCut: r.amount, reduction: r.weight.minus(r.amount) });
    }
  }
  return { total, budget, overrun, percentage, cut };
}

export const HUNDRED = new Money(100);
