import Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { exactNumericTransformer, numericTransformer } from '../../common/db/numeric.transformer';

/** One schedule entry of a plan: position, due date and apportionment weight. */
export interface ScheduleEntry {
  index: number;
  dueDate: string;
  weight: string;
}

/**
 * One version of the advance plan of a scheme-year (voorschotplan). Append-only: a revision is a
 * new version pointing at the one it replaces; the current plan is the highest version.
 */
@Entity({ name: 'advance_plans' })
@Index('UQ_advance_plan_version', ['schemeCode', 'year', 'version'], { unique: true })
@Index('UQ_advance_plan_idempotency', ['idempotencyKey'], { unique: true })
@Check('CHK_advance_plan_rate', `"advance_rate" >= 0 AND "advance_rate" <= 1`)
@Check('CHK_advance_plan_version', `"version" >= 1`)
export class AdvancePlanEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'allocation_run_id', type: 'uuid' })
  allocationRunId!: string;

  @Column({ name: 'advance_rate', type: 'numeric', transformer: exactNumericTransformer })
  advanceRate!: Decimal;

  @Column({ type: 'jsonb' })
  schedule!: ScheduleEntry[];

  @Column({ name: 'replaces_id', type: 'uuid', nullable: true })
  replacesId!: string | null;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Per plan and municipality: the entitlement advanced on, the advance, what was paid and any excess. */
@Entity({ name: 'advance_plan_lines' })
@Check('CHK_advance_plan_line_amounts', `"entitlement" >= 0 AND "advance" >= 0 AND "paid" >= 0 AND "excess" >= 0`)
export class AdvancePlanLineEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @PrimaryColumn({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  entitlement!: Decimal;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  advance!: Decimal;

  /** Σ tranches paid when this version was made (carried unchanged). */
  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  paid!: Decimal;

  /** Paid beyond the new advance: it waits for the settlement (never a negative tranche). */
  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  excess!: Decimal;
}

/** The full schedule per plan version and municipality (paid tranches carried unchanged). */
@Entity({ name: 'advance_plan_tranches' })
@Check('CHK_advance_plan_tranche_amount', `"amount" >= 0`)
export class AdvancePlanTrancheEntity {
  @PrimaryColumn({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @PrimaryColumn({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @PrimaryColumn({ type: 'integer' })
  idx!: number;

  @Column({ name: 'due_date', type: 'date' })
  dueDate!: string;

  @Column({ type: 'numeric', transformer: exactNumericTransformer })
  weight!: Decimal;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  amount!: Decimal;
}

/** One payTranches call, for idempotency (key + request). */
@Entity({ name: 'tranche_payment_runs' })
export class TranchePaymentRunEntity {
  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'due_up_to', type: 'date' })
  dueUpTo!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * A tranche once paid (in cash and/or by offset). The primary key makes a tranche payable once,
 * whatever the plan version: paid tranches never change.
 */
@Entity({ name: 'tranche_payments' })
@Check('CHK_tranche_payment_parts', `"cash" >= 0 AND "offset_amount" >= 0 AND "cash" + "offset_amount" = "amount"`)
export class TranchePaymentEntity {
  @PrimaryColumn({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @PrimaryColumn({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @PrimaryColumn({ type: 'integer' })
  idx!: number;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Column({ name: 'due_date', type: 'date' })
  dueDate!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  amount!: Decimal;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  cash!: Decimal;

  @Column({ name: 'offset_amount', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  offsetAmount!: Decimal;

  /** Null for a zero tranche (recorded as paid, nothing posted). */
  @Column({ name: 'transaction_id', type: 'varchar', length: 100, nullable: true })
  transactionId!: string | null;

  @Index('IDX_tranche_payments_run')
  @Column({ name: 'payment_run_key', type: 'varchar', length: 200 })
  paymentRunKey!: string;

  @Column({ name: 'paid_by', type: 'varchar', length: 200 })
  paidBy!: string;

  @CreateDateColumn({ name: 'paid_at', type: 'timestamptz' })
  paidAt!: Date;
}

/** Suspension and release of a municipality's advances; the latest action per municipality holds. */
@Entity({ name: 'advance_suspensions' })
@Index('IDX_advance_suspensions_key', ['schemeCode', 'year', 'municipalityCode'])
@Check('CHK_advance_suspension_action', `"action" IN ('SUSPEND', 'RELEASE')`)
export class AdvanceSuspensionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ type: 'varchar', length: 10 })
  action!: string;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ type: 'varchar', length: 200 })
  actor!: string;

  /** Earlier years of the scheme with an overdue report when the action was taken. */
  @Column({ name: 'overdue_years', type: 'jsonb', nullable: true })
  overdueYears!: number[] | null;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at!: Date;
}

/**
 * A finalised settlement closes the scheme-year's advances: unpaid tranches are cancelled, and the
 * recovery mode tells the next year's payTranches whether to offset.
 */
@Entity({ name: 'advance_closures' })
@Check('CHK_advance_closure_mode', `"recovery_mode" IN ('OFFSET', 'INVOICE')`)
export class AdvanceClosureEntity {
  @PrimaryColumn({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @PrimaryColumn({ type: 'integer' })
  year!: number;

  @PrimaryColumn({ name: 'settlement_id', type: 'uuid' })
  settlementId!: string;

  @Column({ name: 'recovery_mode', type: 'varchar', length: 10 })
  recoveryMode!: string;

  @Column({ name: 'closed_by', type: 'varchar', length: 200 })
  closedBy!: string;

  @CreateDateColumn({ name: 'closed_at', type: 'timestamptz' })
  closedAt!: Date;
}

export const advanceEntities = [
  AdvancePlanEntity,
  AdvancePlanLineEntity,
  AdvancePlanTrancheEntity,
  TranchePaymentRunEntity,
  TranchePaymentEntity,
  AdvanceSuspensionEntity,
  AdvanceClosureEntity,
];
