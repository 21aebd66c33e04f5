import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type Decimal from 'decimal.js';
import { numericTransformer } from '../../common/db/numeric.transformer';

/**
 * An account, known by its readable address (`municipality:GM0363:advance:SPUK-WI2021:2026`).
 * Created on first use from one of the templates in `account-address.ts`; kind and normal side
 * follow from the template, never from the caller.
 */
@Entity({ name: 'ledger_accounts' })
@Check('CHK_ledger_accounts_kind', `"kind" IN ('ASSET','LIABILITY','EXPENSE','INCOME','EQUITY','MEMO')`)
@Check('CHK_ledger_accounts_normal_side', `"normal_side" IN ('DEBIT','CREDIT')`)
export class LedgerAccountEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Index('UQ_ledger_accounts_address', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  address!: string;

  @Column({ type: 'varchar', length: 10 })
  kind!: string;

  @Column({ name: 'normal_side', type: 'varchar', length: 6 })
  normalSide!: string;

  /** Template name, e.g. `municipality:advance`. */
  @Column({ type: 'varchar', length: 40 })
  template!: string;

  @Index('IDX_ledger_accounts_municipality')
  @Column({ name: 'municipality_code', type: 'varchar', length: 6, nullable: true })
  municipalityCode!: string | null;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40, nullable: true })
  schemeCode!: string | null;

  @Column({ type: 'int', nullable: true })
  year!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  metadata!: Record<string, unknown> | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

/**
 * One journal transaction. Append-only (triggers refuse UPDATE, DELETE and TRUNCATE); balanced and
 * of at least two postings (deferred constraint triggers check both at commit). `hash` seals the
 * canonical content and `prev_hash`, see docs/journal-hash.md.
 */
@Entity({ name: 'journal_transactions' })
@Check('CHK_journal_transactions_currency', `"currency" = 'EUR'`)
@Check('CHK_journal_transactions_sequence', `"sequence" > 0`)
export class JournalTransactionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Gapless position in the chain, 1-based. */
  @Index('UQ_journal_transactions_sequence', { unique: true })
  @Column({ type: 'bigint' })
  sequence!: string;

  @Index('UQ_journal_transactions_idempotency_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  /** SHA-256 (hex) of the canonical request: a replay with other content is a conflict. */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  @Column({ type: 'varchar', length: 30 })
  kind!: string;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  @Column({ name: 'actor_role', type: 'varchar', length: 40 })
  actorRole!: string;

  @Index('IDX_journal_transactions_effective_date')
  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @Index('IDX_journal_transactions_recorded_at')
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'char', length: 3, default: 'EUR' })
  currency!: string;

  @Column({ name: 'cause_type', type: 'varchar', length: 40, nullable: true })
  causeType!: string | null;

  @Index('IDX_journal_transactions_cause')
  @Column({ name: 'cause_id', type: 'varchar', length: 200, nullable: true })
  causeId!: string | null;

  /** The transaction this one reverses; unique, so a transaction is reversed at most once. */
  @Index('UQ_journal_transactions_reverses', { unique: true })
  @Column({ name: 'reverses_id', type: 'uuid', nullable: true })
  reversesId!: string | null;

  // Referential integrity is checked per statement by a trigger (decision 0600), not a row-level FK.
  @ManyToOne(() => JournalTransactionEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'reverses_id' })
  reverses?: JournalTransactionEntity;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;
}

/** One side of a transaction. `amount` is always positive; `direction` says which side. */
@Entity({ name: 'journal_postings' })
@Check('CHK_journal_postings_amount', `"amount" > 0`)
@Check('CHK_journal_postings_direction', `"direction" IN ('DEBIT','CREDIT')`)
@Index('UQ_journal_postings_line', ['transactionId', 'line'], { unique: true })
@Index('UQ_journal_postings_sequence_line', ['transactionSequence', 'line'], { unique: true })
export class JournalPostingEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'transaction_id', type: 'uuid' })
  transactionId!: string;

  // Checked per statement by a trigger (decision 0600); the journal is append-only, so no delete can orphan it.
  @ManyToOne(() => JournalTransactionEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'transaction_id' })
  transaction?: JournalTransactionEntity;

  /**
   * The sequence of the posting's transaction, written with it and checked against it by the
   * postings' statement trigger (decision 2050): the journal verification reads a range of
   * transactions' postings by this column's index, in order, and checks every posting's
   * `transaction_id` against the transaction at that sequence.
   */
  @Column({ name: 'transaction_sequence', type: 'bigint' })
  transactionSequence!: string;

  /** 1-based position within the transaction (the order hashed). */
  @Column({ type: 'smallint' })
  line!: number;

  @Index('IDX_journal_postings_account')
  @Column({ name: 'account_id', type: 'bigint' })
  accountId!: string;

  // Checked per statement by a trigger (decision 0600); accounts cannot be deleted (ledger_accounts_guard).
  @ManyToOne(() => LedgerAccountEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'account_id' })
  account?: LedgerAccountEntity;

  @Column({ type: 'varchar', length: 6 })
  direction!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  amount!: Decimal;
}

/**
 * Derived, not journal: per account and effective date the sum of debits and credits of every
 * transaction up to the watermark (`ledger_balance_watermark`), compacted by a job; readers read
 * the view `ledger_balances_by_day` (this table plus the postings after the watermark), so a
 * balance "as of" a date sums at most one row per day plus the short tail (decision 1890).
 * `check:ledger` compares the view with a full recomputation.
 */
@Entity({ name: 'ledger_daily_balances' })
export class LedgerDailyBalanceEntity {
  @PrimaryColumn({ name: 'account_id', type: 'bigint' })
  accountId!: string;

  @PrimaryColumn({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @Column({ type: 'numeric', precision: 20, scale: 2, transformer: numericTransformer(2) })
  debit!: Decimal;

  @Column({ type: 'numeric', precision: 20, scale: 2, transformer: numericTransformer(2) })
  credit!: Decimal;
}

/**
 * The one row saying how far `ledger_daily_balances` is compacted: every posting of a transaction
 * with `sequence <= sequence` is in it, none after (decision 1890). Postings statements hold it
 * `FOR SHARE`, `ledger_compact_balances()` `FOR UPDATE`.
 */
@Entity({ name: 'ledger_balance_watermark' })
@Check('CHK_ledger_balance_watermark_one', `"id" = 1`)
export class LedgerBalanceWatermarkEntity {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'PK_ledger_balance_watermark' })
  id!: number;

  @Column({ type: 'bigint' })
  sequence!: string;
}
