import Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../../common/db/numeric.transformer';

/** A funding scheme for one budget year (regeling), e.g. SPUK-WI2021 2026. */
@Entity({ name: 'funding_schemes' })
@Index('UQ_funding_scheme_code_year', ['code', 'year'], { unique: true })
@Check('CHK_funding_scheme_code', `"code" ~ '^[A-Z0-9][A-Z0-9-]{1,38}$'`)
@Check('CHK_funding_scheme_stream', `"stream" IN ('INTEGRATION_PROVISIONS', 'IMPLEMENTATION_COSTS', 'EDUCATION_ROUTE')`)
@Check('CHK_funding_scheme_mode', `"budget_mode" IN ('CLOSED', 'OPEN_ENDED')`)
@Check('CHK_funding_scheme_status', `"status" IN ('DRAFT', 'OPEN', 'CLOSED')`)
@Check('CHK_funding_scheme_scale', `"unit_scale" IN (0, 2)`)
@Check('CHK_funding_scheme_budget', `"budget" >= 0 AND "budget" = round("budget", "unit_scale")`)
@Check('CHK_funding_scheme_year', `"year" BETWEEN 2000 AND 2100`)
export class FundingSchemeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 30 })
  stream!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'budget_mode', type: 'varchar', length: 12 })
  budgetMode!: string;

  /** Macrobudget (CLOSED) or the ministry's budget line (OPEN_ENDED), a whole number of units. */
  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  budget!: Decimal;

  @Column({ name: 'unit_scale', type: 'smallint' })
  unitScale!: number;

  @Column({ type: 'varchar', length: 10 })
  status!: string;

  @Column({ name: 'settles_on_spending', type: 'boolean', default: false })
  settlesOnSpending!: boolean;

  @Column({ name: 'uses_routes', type: 'boolean', default: false })
  usesRoutes!: boolean;

  @Column({ name: 'accountability_deadline', type: 'date' })
  accountabilityDeadline!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A dated normbedrag. Append-only: a new value is a new row with a later valid_from. */
@Entity({ name: 'scheme_rates' })
@Index('UQ_scheme_rate', ['schemeCode', 'category', 'route', 'validFrom'], { unique: true })
@Check('CHK_scheme_rate_category', `"category" IN ('ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG')`)
@Check('CHK_scheme_rate_route', `"route" IN ('NONE', 'B1', 'ONDERWIJSROUTE', 'Z_ROUTE')`)
@Check('CHK_scheme_rate_amount', `"amount" >= 0`)
export class RateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'varchar', length: 20 })
  category!: string;

  /** 'NONE' when the rate has no route (decision 0202). */
  @Column({ type: 'varchar', length: 20 })
  route!: string;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  amount!: Decimal;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/** Vaste voet per municipality per scheme-year; replaced by setBaseAmounts (runs keep what they used). */
@Entity({ name: 'scheme_base_amounts' })
@Index('UQ_scheme_base_amount', ['schemeId', 'municipalityCode'], { unique: true })
@Check('CHK_scheme_base_amount', `"amount" >= 0`)
export class BaseAmountEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'scheme_id', type: 'uuid' })
  schemeId!: string;

  @ManyToOne(() => FundingSchemeEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scheme_id', foreignKeyConstraintName: 'FK_base_amount_scheme' })
  scheme?: FundingSchemeEntity;

  @Column({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2, transformer: numericTransformer(2) })
  amount!: Decimal;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
