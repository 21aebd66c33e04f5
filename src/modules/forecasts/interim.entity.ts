import Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { numericTransformer } from '../../common/db/numeric.transformer';

/**
 * A mid-year re-estimate (nadere voorlopige uitkering, issue 18.4): an INTERIM calculation of a
 * scheme-year on current data, stored with its inputs, their hash, the method version and the
 * hash of its output; append-only. It books nothing until it is decided (`interim_decisions`).
 */
@Entity({ name: 'interim_estimates' })
@Index('UQ_interim_estimate_idempotency', ['idempotencyKey'], { unique: true })
@Index('IDX_interim_estimates_scheme_year', ['schemeCode', 'year'])
@Check(
  'CHK_interim_estimate_source',
  `"source" IN ('FORECAST', 'COUNTS_IN_FORCE') AND ("source" = 'FORECAST') = ("forecast_id" IS NOT NULL)`,
)
export class InterimEstimateEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'rule_version_id', type: 'uuid' })
  ruleVersionId!: string;

  @Column({ type: 'varchar', length: 20 })
  source!: string;

  @Column({ name: 'forecast_id', type: 'uuid', nullable: true })
  forecastId!: string | null;

  /** MEAN or a stored quantile level ('0.5'); null for COUNTS_IN_FORCE. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  level!: string | null;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Column({ name: 'plan_version', type: 'integer' })
  planVersion!: number;

  @Column({ name: 'method_version', type: 'varchar', length: 40 })
  methodVersion!: string;

  @Column({ type: 'jsonb' })
  inputs!: Record<string, unknown>;

  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  @Column({ name: 'output_hash', type: 'varchar', length: 64 })
  outputHash!: string;

  @Column({ name: 'unit_scale', type: 'integer' })
  unitScale!: number;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  budget!: Decimal;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  total!: Decimal;

  @Column({ name: 'total_p10', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  totalP10!: Decimal;

  @Column({ name: 'total_p50', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  totalP50!: Decimal;

  @Column({ name: 'total_p90', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  totalP90!: Decimal;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One municipality's exposure in an estimate (amounts in the scheme's unit). */
@Entity({ name: 'interim_estimate_lines' })
export class InterimEstimateLineEntity {
  @PrimaryColumn({ name: 'estimate_id', type: 'uuid' })
  estimateId!: string;

  @PrimaryColumn({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  paid!: Decimal;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  planned!: Decimal;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  entitled!: Decimal;

  @Column({ name: 'entitled_p10', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  entitledP10!: Decimal;

  @Column({ name: 'entitled_p50', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  entitledP50!: Decimal;

  @Column({ name: 'entitled_p90', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  entitledP90!: Decimal;

  @Column({ name: 'new_advance', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  newAdvance!: Decimal;
}

/**
 * The decision of an estimate: the INTERIM allocation run it made (booked as every run is) and
 * the advance plan version that revises the tranches. At most one per estimate; append-only.
 */
@Entity({ name: 'interim_decisions' })
@Index('UQ_interim_decision_idempotency', ['idempotencyKey'], { unique: true })
@Index('UQ_interim_decision_estimate', ['estimateId'], { unique: true })
export class InterimDecisionEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'estimate_id', type: 'uuid' })
  estimateId!: string;

  @Column({ name: 'allocation_run_id', type: 'uuid' })
  allocationRunId!: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId!: string;

  @Column({ name: 'plan_version', type: 'integer' })
  planVersion!: number;

  @Column({ type: 'varchar', length: 500 })
  reason!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 200 })
  decidedBy!: string;

  @CreateDateColumn({ name: 'decided_at', type: 'timestamptz' })
  decidedAt!: Date;
}

/**
 * A key comparison (issue 18.5, decision 1311): candidate distribution keys side by side over
 * backtest years, stored with its inputs and output (both hashed). Nothing is booked. Append-only.
 */
@Entity({ name: 'key_comparisons' })
@Index('UQ_key_comparison_idempotency', ['idempotencyKey'], { unique: true })
export class KeyComparisonEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  /** { ruleVersionId, fromYear, toYear, finalRule }. */
  @Column({ type: 'jsonb' })
  params!: Record<string, unknown>;

  @Column({ name: 'method_version', type: 'varchar', length: 40 })
  methodVersion!: string;

  @Column({ type: 'jsonb' })
  inputs!: Record<string, unknown>;

  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  /** The canonical output: { summary, lines }. */
  @Column({ type: 'jsonb' })
  output!: Record<string, unknown>;

  @Column({ name: 'output_hash', type: 'varchar', length: 64 })
  outputHash!: string;

  @Column({ name: 'unit_scale', type: 'integer' })
  unitScale!: number;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
