import type Decimal from 'decimal.js';
import type { RequestContext } from '../../context';

/**
 * The subset of the LEDGER CONTRACT (docs/briefing, `src/modules/ledger/index.ts`) this module
 * books through. Kept as a port so the ledger can be wired with one import; no booking is ever
 * simulated: while `ledger` is null, runs are stored unbooked (`bookingTransactionId` null).
 */
export interface LedgerPosting {
  account: string;
  direction: 'DEBIT' | 'CREDIT';
  amount: Decimal;
}
export interface LedgerPostInput {
  idempotencyKey: string;
  kind: 'ALLOCATION';
  effectiveDate: string;
  reason: string;
  cause: { type: string; id: string } | null;
  postings: LedgerPosting[];
}
export interface LedgerPosted {
  id: string;
  replayed: boolean;
}
export interface LedgerContract {
  accounts: { commitment(scheme: string, year: number): string; committed(m: string, scheme: string, year: number): string };
  postTransaction(ctx: RequestContext, input: LedgerPostInput): Promise<LedgerPosted>;
  reverseTransaction(
    ctx: RequestContext,
    input: { transactionId: string; idempotencyKey: string; reason: string; effectiveDate?: string },
  ): Promise<LedgerPosted>;
}

/** Null until the ledger module is on this branch; then: `import * as ledgerModule from '../ledger'`. */
export const ledger: LedgerContract | null = null;
