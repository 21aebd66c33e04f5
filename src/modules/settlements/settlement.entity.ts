import Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '../../common/db/numeric.transformer';

/**
 * A settlement (vaststelling en verrekening) of a scheme-year. Append-only: a draft is stored
 * once; its finalisation is a separate row (settlement_finalisations); a correction is a new
 * settlement that `replaces` a finalised one.
 */
@Entity({ name: 'settlements' })
@Index('UQ_settlement_idempotency', ['idempotencyKey'], { unique: true })
@Index('IDX_settlement_scheme_year', ['schemeCode', 'year'])
@Check('CHK_settlement_mode', `"recovery_mode" IN ('OFFSET', 'INVOICE')`)
export class SettlementEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'allocation_run_id', type: 'uuid' })
  allocationRunId!: string;

  @Column({ name: 'recovery_mode', type: 'varchar', length: 10 })
  recoveryMode!: string;

  /** The finalised settlement this one corrects (reverses and replaces on finalisation). */
  @Column({ name: 'replaces_id', type: 'uuid', nullable: true })
  replacesId!: string | null;

  /** Date on which successors are resolved (mergers effective on or before it). */
  @Column({ name: 'payee_date', type: 'date' })
  payeeDate!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  /** SHA-256 of the canonical lines: what the approver approves. */
  @Column({ name: 'inputs_hash', type: 'varchar', length: 64 })
  inputsHash!: string;

  @Column({ name: 'prepared_by', type: 'varchar', length: 200 })
  preparedBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One municipality (as it existed in the year) of a settlement. */
@Entity({ name: 'settlement_lines' })
@Check('CHK_settlement_line_status', `"status" IN ('SETTLED', 'AWAITING_REPORT')`)
export class SettlementLineEntity {
  @PrimaryColumn({ name: 'settlement_id', type: 'uuid' })
  settlementId!: string;

  @PrimaryColumn({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ name: 'payee_code', type: 'varchar', length: 6 })
  payeeCode!: string;

  @Column({ type: 'varchar', length: 16 })
  status!: string;

  /** E_i of the final run (count-based). */
  @Column({ name: 'count_based', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  countBased!: Decimal;

  /** Accepted eligible spending (schemes that settle on spending), null otherwise or without a report. */
  @Column({ name: 'accepted_spending', type: 'numeric', precision: 18, scale: 2, nullable: true, transformer: numericTransformer(2) })
  acceptedSpending!: Decimal | null;

  /** E_i(final); null while awaiting the report. */
  @Column({ name: 'final_entitlement', type: 'numeric', precision: 18, scale: 2, nullable: true, transformer: numericTransformer(2) })
  finalEntitlement!: Decimal | null;

  /** Σ paid tranches of the year (cash and offset). */
  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  paid!: Decimal;

  /** S_i = E_i(final) − paid; null while awaiting the report. */
  @Column({ type: 'numeric', precision: 18, scale: 2, nullable: true, transformer: numericTransformer(2) })
  amount!: Decimal | null;
}

/** The four-eyes approval that booked a settlement. One per settlement (primary key). */
@Entity({ name: 'settlement_finalisations' })
@Index('UQ_settlement_finalisation_idempotency', ['idempotencyKey'], { unique: true })
export class SettlementFinalisationEntity {
  @PrimaryColumn({ name: 'settlement_id', type: 'uuid' })
  settlementId!: string;

  @Column({ name: 'approved_by', type: 'varchar', length: 200 })
  approvedBy!: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  /** SHA-256 of the canonical request (settlement, effective date as sent); null for rows recorded before it was kept. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash!: string | null;

  /** Journal transactions this settlement booked (determinations, payments, invoices), in order. */
  @Column({ name: 'transaction_ids', type: 'jsonb' })
  transactionIds!: string[];

  /** Reversals of the replaced settlement's transactions, booked first. */
  @Column({ name: 'reversal_transaction_ids', type: 'jsonb' })
  reversalTransactionIds!: string[];

  @CreateDateColumn({ name: 'finalised_at', type: 'timestamptz' })
  finalisedAt!: Date;
}

/** Recovery follow-ups after finalisation: invoicing the remainder, or a recovery received. */
@Entity({ name: 'settlement_recoveries' })
@Check('CHK_settlement_recovery_action', `"action" IN ('INVOICED', 'RECEIVED')`)
@Check('CHK_settlement_recovery_amount', `"amount" > 0`)
export class SettlementRecoveryEntity {
  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  /** SHA-256 of the canonical request; null for rows recorded before it was kept. */
  @Column({ name: 'request_hash', type: 'varchar', length: 64, nullable: true })
  requestHash!: string | null;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ type: 'varchar', length: 10 })
  action!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  amount!: Decimal;

  @Column({ name: 'transaction_id', type: 'varchar', length: 100 })
  transactionId!: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

export const settlementEntities = [SettlementEntity, SettlementLineEntity, SettlementFinalisationEntity, SettlementRecoveryEntity];
