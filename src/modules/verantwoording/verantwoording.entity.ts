import Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { exactNumericTransformer, numericTransformer } from '../../common/db/numeric.transformer';

/**
 * One version of a municipality's accountability report for a scheme-year. Rows are never
 * deleted; a trigger allows only the lifecycle transitions (DRAFT → SUBMITTED → ACCEPTED |
 * REJECTED) and freezes everything else once submitted. A correction is a new version.
 */
@Entity({ name: 'accountability_reports' })
@Index('UQ_accountability_report_version', ['municipalityCode', 'schemeCode', 'year', 'version'], { unique: true })
@Index('UQ_accountability_report_open', ['municipalityCode', 'schemeCode', 'year'], {
  unique: true,
  where: `"status" IN ('DRAFT', 'SUBMITTED')`,
})
@Check('CHK_accountability_report_status', `"status" IN ('DRAFT', 'SUBMITTED', 'ACCEPTED', 'REJECTED')`)
@Check('CHK_accountability_report_period', `"period_start" <= "period_end"`)
export class AccountabilityReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ type: 'integer' })
  version!: number;

  /** The version this one corrects. */
  @Column({ name: 'replaces_id', type: 'uuid', nullable: true })
  replacesId!: string | null;

  @Column({ type: 'varchar', length: 10 })
  status!: string;

  @Column({ name: 'period_start', type: 'date' })
  periodStart!: string;

  @Column({ name: 'period_end', type: 'date' })
  periodEnd!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'submitted_by', type: 'varchar', length: 200, nullable: true })
  submittedBy!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  /** SHA-256 of the canonical content, recorded on submission. */
  @Column({ name: 'content_hash', type: 'varchar', length: 64, nullable: true })
  contentHash!: string | null;

  /** Submitted after the scheme-year's deadline. */
  @Column({ type: 'boolean', nullable: true })
  late!: boolean | null;

  @Column({ name: 'decided_by', type: 'varchar', length: 200, nullable: true })
  decidedBy!: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'decision_reason', type: 'text', nullable: true })
  decisionReason!: string | null;
}

@Entity({ name: 'accountability_count_lines' })
@Index('UQ_accountability_count_line', ['reportId', 'lineNo'], { unique: true })
@Check('CHK_accountability_count_nonneg', `"count" >= 0`)
export class ReportCountLineEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @ManyToOne(() => AccountabilityReportEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'FK_accountability_count_report' })
  report?: AccountabilityReportEntity;

  @Column({ name: 'line_no', type: 'integer' })
  lineNo!: number;

  @Column({ type: 'varchar', length: 20 })
  category!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  route!: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 6, transformer: numericTransformer(6) })
  count!: Decimal;

  @Column({ type: 'text', nullable: true })
  explanation!: string | null;
}

@Entity({ name: 'accountability_expenditure_lines' })
@Index('UQ_accountability_expenditure_line', ['reportId', 'lineNo'], { unique: true })
@Check('CHK_accountability_amount_nonneg', `"amount" >= 0`)
export class ReportExpenditureLineEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @ManyToOne(() => AccountabilityReportEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'FK_accountability_expenditure_report' })
  report?: AccountabilityReportEntity;

  @Column({ name: 'line_no', type: 'integer' })
  lineNo!: number;

  @Column({ type: 'varchar', length: 40 })
  component!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  amount!: Decimal;

  @Column({ type: 'text', nullable: true })
  explanation!: string | null;
}

/** A document by reference: its name and SHA-256, never the file. */
@Entity({ name: 'accountability_attachments' })
@Index('UQ_accountability_attachment', ['reportId', 'lineNo'], { unique: true })
export class ReportAttachmentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @ManyToOne(() => AccountabilityReportEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'FK_accountability_attachment_report' })
  report?: AccountabilityReportEntity;

  @Column({ name: 'line_no', type: 'integer' })
  lineNo!: number;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 64 })
  sha256!: string;
}

/** A difference found on submission, against registration or funding. Append-only. */
@Entity({ name: 'accountability_differences' })
@Index('IDX_accountability_difference_report', ['reportId'])
export class ReportDifferenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId!: string;

  @ManyToOne(() => AccountabilityReportEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'report_id', foreignKeyConstraintName: 'FK_accountability_difference_report' })
  report?: AccountabilityReportEntity;

  @Column({ name: 'check_code', type: 'varchar', length: 40 })
  checkCode!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  category!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  route!: string | null;

  @Column({ type: 'numeric', transformer: exactNumericTransformer })
  reported!: Decimal;

  @Column({ type: 'numeric', transformer: exactNumericTransformer })
  expected!: Decimal;

  @Column({ type: 'numeric', transformer: exactNumericTransformer })
  difference!: Decimal;

  /** difference / expected, 12 decimals; null when expected is zero. */
  @Column({ type: 'numeric', precision: 30, scale: 12, nullable: true, transformer: exactNumericTransformer })
  relative!: Decimal | null;

  @Column({ name: 'tolerance_absolute', type: 'numeric', transformer: exactNumericTransformer })
  toleranceAbsolute!: Decimal;

  @Column({ name: 'tolerance_relative', type: 'numeric', transformer: exactNumericTransformer })
  toleranceRelative!: Decimal;

  @Column({ name: 'beyond_tolerance', type: 'boolean' })
  beyondTolerance!: boolean;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/** Tolerances per scheme-year; append-only, the latest row applies. */
@Entity({ name: 'accountability_tolerances' })
@Check(
  'CHK_accountability_tolerance_nonneg',
  `"count_absolute" >= 0 AND "count_relative" >= 0 AND "amount_absolute" >= 0 AND "amount_relative" >= 0`,
)
export class AccountabilityToleranceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'count_absolute', type: 'numeric', transformer: exactNumericTransformer })
  countAbsolute!: Decimal;

  @Column({ name: 'count_relative', type: 'numeric', transformer: exactNumericTransformer })
  countRelative!: Decimal;

  @Column({ name: 'amount_absolute', type: 'numeric', transformer: exactNumericTransformer })
  amountAbsolute!: Decimal;

  @Column({ name: 'amount_relative', type: 'numeric', transformer: exactNumericTransformer })
  amountRelative!: Decimal;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/** A finance officer reopening a closed scheme-year for (a municipality's) accountability reports. */
@Entity({ name: 'accountability_reopenings' })
export class AccountabilityReopeningEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  /** Null reopens the year for every municipality. */
  @Column({ name: 'municipality_code', type: 'varchar', length: 6, nullable: true })
  municipalityCode!: string | null;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

export const verantwoordingEntities = [
  AccountabilityReportEntity,
  ReportCountLineEntity,
  ReportExpenditureLineEntity,
  ReportAttachmentEntity,
  ReportDifferenceEntity,
  AccountabilityToleranceEntity,
  AccountabilityReopeningEntity,
];
