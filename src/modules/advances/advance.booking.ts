import type Decimal from 'decimal.js';
import type { accounts as ledgerAccounts, PostInput, PostingInput } from '../ledger';

/*
 * How a tranche payment is booked (DOMAIN.md "Accounts and what is booked", Calculations 6 and 8),
 * pure: the ledger's account builders come in as an argument and only types are imported, so this
 * file loads no database code. `payTranches` posts what it returns through the ledger's
 * `postTransactions`; allocation runs are booked the same way by `allocation.booking.ts`.
 */

export interface TrancheToBook {
  municipalityCode: string;
  /** The tranche's index in the plan (0-based). */
  idx: number;
  dueDate: string;
  amount: Decimal;
  /** The part of `amount` taken off last year's recovery (Calculation 8); zero when none. */
  offset: Decimal;
  /**
   * Whose advance account of y−1 the offset is credited to, when a merger made the recovery a
   * group's (decision 1602); parts sum to `offset`. Absent: the municipality's own.
   */
  offsetCredits?: readonly { municipalityCode: string; amount: Decimal }[];
}

export interface TrancheBooking {
  tranche: TrancheToBook;
  /** amount − offset: what leaves the bank. */
  cash: Decimal;
  /** The ledger idempotency key of the tranche: `tranche:{s}:{y}:{m}:{idx}`. */
  key: string;
  /** The transaction to post, or null for a zero tranche (recorded as paid, nothing posted). */
  post: PostInput | null;
}

/**
 * One transaction per tranche under the key `tranche:{s}:{y}:{m}:{idx}`: the cash part DR
 * advance(m,s,y) CR bank, the offset part DR advance(m,s,y) CR advance(m,s,y−1); kind
 * ADVANCE_TRANCHE, or OFFSET when nothing is paid in cash. Effective on the due date.
 */
export function tranchePostings(
  accounts: Pick<typeof ledgerAccounts, 'advance' | 'bank'>,
  scheme: { code: string; year: number },
  tranches: readonly TrancheToBook[],
): TrancheBooking[] {
  return tranches.map((t) => {
    const cash = t.amount.minus(t.offset);
    const postings: PostingInput[] = [];
    const advance = accounts.advance(t.municipalityCode, scheme.code, scheme.year);
    if (cash.gt(0)) {
      postings.push(
        { account: advance, direction: 'DEBIT', amount: cash },
        { account: accounts.bank(), direction: 'CREDIT', amount: cash },
      );
    }
    if (t.offset.gt(0)) {
      postings.push({ account: advance, direction: 'DEBIT', amount: t.offset });
      for (const part of t.offsetCredits ?? [{ municipalityCode: t.municipalityCode, amount: t.offset }]) {
        postings.push({
          account: accounts.advance(part.municipalityCode, scheme.code, scheme.year - 1),
          direction: 'CREDIT',
          amount: part.amount,
        });
      }
    }
    const key = `tranche:${scheme.code}:${scheme.year}:${t.municipalityCode}:${t.idx}`;
    const post: PostInput | null =
      postings.length === 0
        ? null
        : {
            idempotencyKey: key,
            kind: cash.gt(0) ? 'ADVANCE_TRANCHE' : 'OFFSET',
            effectiveDate: t.dueDate,
            reason: `advance tranche ${t.idx + 1} of ${scheme.code} ${scheme.year} for ${t.municipalityCode}${t.offset.gt(0) ? ` (${t.offset.toFixed(2)} offset against ${scheme.year - 1})` : ''}`,
            cause: { type: 'TRANCHE', id: `${scheme.code}:${scheme.year}:${t.municipalityCode}:${t.idx}` },
            postings,
          };
    return { tranche: t, cash, key, post };
  });
}
