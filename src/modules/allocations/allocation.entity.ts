import Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { exactNumericTransformer, numericTransformer } from '../../common/db/numeric.transformer';

/** One version of a distribution key (verdeelsleutel). Append-only: a change is a new version. */
@Entity({ name: 'allocation_rules' })
@Index('UQ_allocation_rule_version', ['ruleKey', 'version'], { unique: true })
@Check('CHK_allocation_rule_basis', `"basis" IN ('TAAKSTELLING', 'FORECAST', 'REGISTERED', 'REPORTED')`)
@Check(
  'CHK_allocation_rule_attribution',
  `("basis" = 'REGISTERED') = ("attribution_rule" IS NOT NULL) AND ("attribution_rule" IS NULL OR "attribution_rule" IN ('PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY', 'EDUCATION_ROUTE'))`,
)
@Check('CHK_allocation_rule_version', `"version" >= 1`)
export class AllocationRuleEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'rule_key', type: 'varchar', length: 100 })
  ruleKey!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'varchar', length: 20 })
  basis!: string;

  @Column({ name: 'attribution_rule', type: 'varchar', length: 20, nullable: true })
  attributionRule!: string | null;

  /** Rates are taken as of this date; null = 1 January of the run's year. */
  @Column({ name: 'reference_date', type: 'date', nullable: true })
  referenceDate!: string | null;

  /** [{ category, route }] in the order given. */
  @Column({ type: 'jsonb' })
  categories!: { category: string; route: string | null }[];

  @Column({ name: 'use_base_amounts', type: 'boolean' })
  useBaseAmounts!: boolean;

  @Column({ type: 'varchar', length: 500, default: '' })
  description!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/**
 * An immutable allocation run with every input it used. Append-only: the current run of a
 * scheme-year is the one with the highest sequence; a replaced run stays, reversed in the ledger.
 */
@Entity({ name: 'allocation_runs' })
@Index('UQ_allocation_run_seq', ['schemeId', 'seq'], { unique: true })
@Index('UQ_allocation_run_idempotency', ['idempotencyKey'], { unique: true })
@Check('CHK_allocation_run_stage', `"stage" IN ('PROVISIONAL', 'INTERIM', 'DEFINITIVE', 'CORRECTION')`)
@Check('CHK_allocation_run_mode', `"budget_mode" IN ('CLOSED', 'OPEN_ENDED')`)
export class AllocationRunEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  /** 1, 2, ... per scheme-year. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 12 })
  stage!: string;

  @Column({ name: 'rule_version_id', type: 'uuid' })
  ruleVersionId!: string;

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'budget_mode', type: 'varchar', length: 12 })
  budgetMode!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  budget!: Decimal;

  @Column({ name: 'unit_scale', type: 'smallint' })
  unitScale!: number;

  @Column({ name: 'reference_date', type: 'date' })
  referenceDate!: string;

  @Column({ name: 'total_weight', type: 'numeric', transformer: exactNumericTransformer })
  totalWeight!: Decimal;

  @Column({ name: 'total_amount', type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  totalAmount!: Decimal;

  /** Every input used (canonical form, docs/allocation.md): the hash is over exactly this. */
  @Column({ type: 'jsonb' })
  inputs!: Record<string, unknown>;

  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  @Column({ name: 'output_hash', type: 'varchar', length: 64 })
  outputHash!: string;

  @Column({ name: 'replaces_run_id', type: 'uuid', nullable: true })
  replacesRunId!: string | null;

  @Column({ name: 'booking_transaction_id', type: 'varchar', length: 100, nullable: true })
  bookingTransactionId!: string | null;

  @Column({ name: 'reversal_transaction_id', type: 'varchar', length: 100, nullable: true })
  reversalTransactionId!: string | null;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One municipality's line of a run. Append-only. */
@Entity({ name: 'allocation_lines' })
@Check('CHK_allocation_line_amount', `"amount" >= 0`)
export class AllocationLineEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @PrimaryColumn({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ name: 'base_amount', type: 'numeric', transformer: exactNumericTransformer })
  baseAmount!: Decimal;

  @Column({ type: 'numeric', transformer: exactNumericTransformer })
  weight!: Decimal;

  @Column({ name: 'exact_share', type: 'numeric', transformer: exactNumericTransformer })
  exactShare!: Decimal;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  amount!: Decimal;

  @Column({ type: 'numeric', transformer: exactNumericTransformer })
  adjustment!: Decimal;

  @Index('UQ_allocation_line_decision', { unique: true })
  @Column({ name: 'decision_number', type: 'varchar', length: 100 })
  decisionNumber!: string;

  /** [{ category, route, count, rate, rateId, product, countIds }]: decimals as strings, the count rows summed. */
  @Column({ type: 'jsonb' })
  terms!: { category: string; route: string | null; count: string; rate: string; rateId: string; product: string; countIds?: string[] }[];
}
