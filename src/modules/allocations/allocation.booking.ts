import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { sum } from '../../common/money/money';
import { accounts as ledgerAccounts, postTransaction, reverseTransaction, type PostInput } from '../ledger';

export const ALLOCATION_RUN_CAUSE = 'ALLOCATION_RUN';

export interface RunToBook {
  runId: string;
  schemeCode: string;
  year: number;
  stage: string;
  effectiveDate: string;
  lines: readonly { municipalityCode: string; amount: Decimal }[];
}

/**
 * DOMAIN.md "Accounts and what is booked": one ALLOCATION transaction debiting
 * ministry:commitment:{s}:{y} with the run's total and crediting each municipality's committed
 * account with E_i; zero amounts are not posted. Null when nothing is to be booked.
 */
export function allocationPosting(accounts: Pick<typeof ledgerAccounts, 'commitment' | 'committed'>, run: RunToBook): PostInput | null {
  const credits = run.lines.filter((l) => !l.amount.isZero());
  if (credits.length === 0) {
    return null;
  }
  return {
    idempotencyKey: `allocation-run:${run.runId}`,
    kind: 'ALLOCATION',
    effectiveDate: run.effectiveDate,
    reason: `allocation ${run.schemeCode} ${run.year} ${run.stage}`,
    cause: { type: ALLOCATION_RUN_CAUSE, id: run.runId },
    postings: [
      { account: accounts.commitment(run.schemeCode, run.year), direction: 'DEBIT', amount: sum(credits.map((l) => l.amount)) },
      ...credits.map((l) => ({
        account: accounts.committed(l.municipalityCode, run.schemeCode, run.year),
        direction: 'CREDIT' as const,
        amount: l.amount,
      })),
    ],
  };
}

export interface BookingResult {
  /** Null when every amount is zero (nothing to post). */
  bookingTransactionId: string | null;
  reversalTransactionId: string | null;
}

/**
 * Books a run through the ledger module (the only writer of journal rows): first reverses the replaced run's booking (if it was booked), then posts the new
 * commitment. Runs inside the caller's transaction, so a failure rolls back the run too.
 */
export async function bookAllocationRun(
  ctx: RequestContext,
  run: RunToBook,
  replaced: { runId: string; bookingTransactionId: string | null } | null,
): Promise<BookingResult> {
  let reversalTransactionId: string | null = null;
  if (replaced?.bookingTransactionId) {
    const reversal = await reverseTransaction(ctx, {
      transactionId: replaced.bookingTransactionId,
      idempotencyKey: `allocation-run:${replaced.runId}:reversal`,
      reason: `replaced by allocation run ${run.runId}`,
      effectiveDate: run.effectiveDate,
    });
    reversalTransactionId = reversal.id;
  }
  const posting = allocationPosting(ledgerAccounts, run);
  const posted = posting ? await postTransaction(ctx, posting) : null;
  return { bookingTransactionId: posted?.id ?? null, reversalTransactionId };
}
