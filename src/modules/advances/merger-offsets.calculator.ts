import type Decimal from 'decimal.js';
import { ZERO } from '../../common/money/money';
import { mergersByDissolved, successorOn, type MergerStep } from '../municipalities/pure';

/** A merger as the offset rules need it. */
export type OffsetMerger = MergerStep;

/**
 * Per payee: itself first, then every municipality whose affairs it holds on `date` (its
 * predecessors, chains followed), by code. DOMAIN Calculations 7-8 with mergers: the successor's
 * tranches are offset against the netted recoveries of this whole group (decision 1602). Pure.
 */
export function offsetGroups(payees: readonly string[], mergers: readonly OffsetMerger[], date: string): Map<string, string[]> {
  const byDissolved = mergersByDissolved(mergers);
  const wanted = new Set(payees);
  const groups = new Map<string, string[]>(payees.map((p) => [p, [p]]));
  for (const code of [...new Set(mergers.map((m) => m.dissolvedCode))].sort()) {
    const payee = successorOn(byDissolved, code, date);
    if (payee !== code && wanted.has(payee)) {
      groups.get(payee)!.push(code);
    }
  }
  return groups;
}

/**
 * Which accounts of a group an offset is taken from: in the group's order (the payee's own first),
 * each account up to its remaining debit balance (`remaining`, updated), so no account of the group
 * is credited past zero while a debit remains elsewhere. The offset never exceeds the group's net
 * outstanding, which is at most the sum of its debit balances, so it is always covered.
 */
export function splitOffsetCredit(
  offset: Decimal,
  order: readonly string[],
  remaining: Map<string, Decimal>,
): { code: string; amount: Decimal }[] {
  const parts: { code: string; amount: Decimal }[] = [];
  let left = offset;
  for (const code of order) {
    if (left.lte(0)) {
      break;
    }
    const available = remaining.get(code) ?? ZERO;
    if (available.lte(0)) {
      continue;
    }
    const take = available.lt(left) ? available : left;
    parts.push({ code, amount: take });
    remaining.set(code, available.minus(take));
    left = left.minus(take);
  }
  if (left.gt(0)) {
    throw new Error(`offset ${offset.toFixed(2)} exceeds the debit balances of ${order.join(', ')}`);
  }
  return parts;
}
