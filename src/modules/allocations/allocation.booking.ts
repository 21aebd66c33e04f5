import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { sum } from '../../common/money/money';
import { ledger, type LedgerContract, type LedgerPostInput } from './ledger-contract';

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
export function allocationPosting(accounts: LedgerContract['accounts'], run: RunToBook): LedgerPostInput | null {
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
  /** Whether the ledger is wired; false means the run is stored unbooked. */
  booked: boolean;
  bookingTransactionId: string | null;
  reversalTransactionId: string | null;
}

/**
 * Books a run: first reverses the replaced run's booking (if it was booked), then posts the new
 * commitment. Runs inside the caller's transaction, so a failure rolls back the run too.
 */
export async function bookAllocationRun(
  ctx: RequestContext,
  run: RunToBook,
  replaced: { runId: string; bookingTransactionId: string | null } | null,
): Promise<BookingResult> {
  if (ledger === null) {
    ctx.log.warn({ runId: run.runId }, 'ledger not wired: allocation run stored without booking');
    return { booked: false, bookingTransactionId: null, reversalTransactionId: null };
  }
  let reversalTransactionId: string | null = null;
  if (replaced?.bookingTransactionId) {
    const reversal = await ledger.reverseTransaction(ctx, {
      transactionId: replaced.bookingTransactionId,
      idempotencyKey: `allocation-run:${replaced.runId}:reversal`,
      reason: `replaced by allocation run ${run.runId}`,
      effectiveDate: run.effectiveDate,
    });
    reversalTransactionId = reversal.id;
  }
  const posting = allocationPosting(ledger.accounts, run);
  const posted = posting ? await ledger.postTransaction(ctx, posting) : null;
  return { booked: true, bookingTransactionId: posted?.id ?? null, reversalTransactionId };
}
