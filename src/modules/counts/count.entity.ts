import Decimal from 'decimal.js';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../../common/db/numeric.transformer';

/** One ingested batch of counts; the batch key makes ingestion idempotent. Append-only. */
@Entity({ name: 'count_batches' })
export class CountBatchEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index('UQ_count_batch_key', { unique: true })
  @Column({ name: 'batch_key', type: 'varchar', length: 200 })
  batchKey!: string;

  /** SHA-256 of the canonical content: the same key with other content is refused. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64 })
  contentHash!: string;

  @Column({ name: 'row_count', type: 'integer' })
  rowCount!: number;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/**
 * A count of persons (or person-years) for a municipality, period, category and basis. Append-only:
 * a later row for the same key supersedes an earlier one without erasing it.
 */
@Entity({ name: 'counts' })
@Index('IDX_counts_lookup', ['basis', 'periodStart', 'municipalityCode'])
@Index('IDX_counts_batch', ['batchId'])
@Check('CHK_counts_value', `"value" >= 0`)
@Check('CHK_counts_period', `"period_end" >= "period_start"`)
@Check('CHK_counts_period_type', `"period_type" IN ('MONTH', 'QUARTER', 'HALF_YEAR', 'YEAR')`)
@Check('CHK_counts_category', `"category" IN ('ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG')`)
@Check('CHK_counts_route', `"route" IS NULL OR "route" IN ('B1', 'ONDERWIJSROUTE', 'Z_ROUTE')`)
@Check('CHK_counts_basis', `"basis" IN ('TAAKSTELLING', 'FORECAST', 'REGISTERED', 'REPORTED')`)
@Check(
  'CHK_counts_rule',
  `"rule" IS NULL OR ("basis" = 'REGISTERED' AND "rule" IN ('PEILDATUM', 'PRO_RATA_DAYS', 'FIRST_OF_MONTH', 'FIRST_MUNICIPALITY', 'EDUCATION_ROUTE'))`,
)
@Check('CHK_counts_units', `("units" IS NULL AND "divisor" IS NULL) OR ("units" >= 0 AND "divisor" > 0)`)
@Check('CHK_counts_source', `"source" IN ('DUO', 'COA', 'MUNICIPALITY', 'MINISTRY', 'ATTRIBUTION')`)
export class CountEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'batch_id', type: 'uuid' })
  batchId!: string;

  @ManyToOne(() => CountBatchEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'batch_id', foreignKeyConstraintName: 'FK_counts_batch' })
  batch?: CountBatchEntity;

  @Column({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ name: 'period_type', type: 'varchar', length: 10 })
  periodType!: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ type: 'varchar', length: 20 })
  category!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  route!: string | null;

  @Column({ type: 'varchar', length: 20 })
  basis!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  rule!: string | null;

  @Column({ type: 'varchar', length: 20 })
  source!: string;

  @Column({ type: 'numeric', precision: 18, scale: 6, transformer: numericTransformer(6) })
  value!: Decimal;

  /**
   * For counts attributed from people: the integer units (days, months, persons) and the rule's
   * divisor that `value` was rounded from, so that a yearly count over several rows (routes added up
   * in a scheme without routes) is rounded once from the summed units (decision 1600).
   */
  @Column({ type: 'bigint', nullable: true })
  units!: string | null;

  @Column({ type: 'integer', nullable: true })
  divisor!: number | null;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
