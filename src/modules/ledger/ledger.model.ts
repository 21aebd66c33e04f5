import type Decimal from 'decimal.js';
import type { Direction } from './account-address';

export type { Direction } from './account-address';

export const TRANSACTION_KINDS = [
  'ALLOCATION',
  'ADVANCE_TRANCHE',
  'DETERMINATION',
  'SETTLEMENT',
  'RECOVERY',
  'INVOICE',
  'OFFSET',
  'MERGER_TRANSFER',
  'REVERSAL',
  'MANUAL_CORRECTION',
] as const;
export type TransactionKind = (typeof TRANSACTION_KINDS)[number];

export interface PostingInput {
  account: string;
  direction: Direction;
  /** > 0, at most 2 decimals. */
  amount: Decimal;
}

export interface CauseRef {
  /** e.g. 'ALLOCATION_RUN', 'TRANCHE', 'SETTLEMENT', 'REPORT', 'MERGER'. */
  type: string;
  id: string;
}

export interface PostInput {
  idempotencyKey: string;
  kind: TransactionKind;
  /** YYYY-MM-DD */
  effectiveDate: string;
  reason: string;
  cause: CauseRef | null;
  postings: PostingInput[];
}

export interface PostedTransaction {
  id: string;
  sequence: string;
  hash: string;
  kind: TransactionKind;
  effectiveDate: string;
  recordedAt: Date;
  idempotencyKey: string;
  /** True when the idempotency key had already been posted with the same content. */
  replayed: boolean;
}

export interface BalanceAt {
  /** Effective date, inclusive. */
  asOf?: string;
  /** Only what had been recorded at this moment (inclusive). */
  recordedAt?: Date;
}
