import Decimal from 'decimal.js';
import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { numericTransformer } from '../../common/db/numeric.transformer';

/**
 * A forecast (prognose) of counts for a year, made by a named method and stored with everything
 * it used. Append-only; its lines are published as FORECAST counts (batch `forecast:{id}`).
 */
@Entity({ name: 'forecasts' })
@Index('UQ_forecast_idempotency', ['idempotencyKey'], { unique: true })
@Check('CHK_forecast_method', `"method" IN ('TAAKSTELLING', 'TRAILING_ACTUALS', 'MANUAL_OVERRIDE', 'SHRINKAGE_EB')`)
@Check('CHK_forecast_purpose', `"purpose" IN ('PUBLISH', 'BACKTEST') AND ("purpose" = 'BACKTEST') = ("count_batch_id" IS NULL)`)
@Check('CHK_forecast_reason', `"method" <> 'MANUAL_OVERRIDE' OR length("reason") > 0`)
export class ForecastEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ type: 'varchar', length: 20 })
  method!: string;

  /** { periods, weights, rule } for TRAILING_ACTUALS; { municipalityCode, category, route } for an override. */
  @Column({ type: 'jsonb' })
  params!: Record<string, unknown>;

  /** Every count row used: [{ id, year, municipalityCode, category, route, value }]. */
  @Column({ type: 'jsonb' })
  inputs!: Record<string, unknown>[];

  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  /** The method's version (e.g. `shrinkage-eb/1`): a changed formula gets a new version, never a silent change. */
  @Column({ name: 'method_version', type: 'varchar', length: 40, default: '' })
  methodVersion!: string;

  /** PUBLISH: published as FORECAST counts; BACKTEST: stored for a backtest only, never published. */
  @Column({ type: 'varchar', length: 10, default: 'PUBLISH' })
  purpose!: string;

  @Column({ name: 'count_batch_id', type: 'uuid', nullable: true })
  countBatchId!: string | null;

  @Column({ type: 'varchar', length: 500, default: '' })
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

/** One forecast value per municipality, category and route. */
@Entity({ name: 'forecast_lines' })
@Index('IDX_forecast_lines_forecast', ['forecastId'])
@Check('CHK_forecast_line_value', `"value" >= 0`)
export class ForecastLineEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'forecast_id', type: 'uuid' })
  forecastId!: string;

  @Column({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ type: 'varchar', length: 20 })
  category!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  route!: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 6, transformer: numericTransformer(6) })
  value!: Decimal;

  /** How the value was found (e.g. "(12 × 1 + 15 × 2) / 3"). */
  @Column({ type: 'varchar', length: 1000 })
  explanation!: string;

  /** Predictive quantiles, level → whole count ({"0.1": "3", "0.5": "5", …}); null for a method without a distribution. */
  @Column({ type: 'jsonb', nullable: true })
  quantiles!: Record<string, string> | null;
}

/**
 * A backtest: for each year of a range, a forecast by one method from the data known then (stored
 * as BACKTEST forecasts), compared with that year's REGISTERED counts when read. Append-only.
 */
@Entity({ name: 'forecast_backtests' })
@Index('UQ_forecast_backtest_idempotency', ['idempotencyKey'], { unique: true })
export class ForecastBacktestEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'varchar', length: 20 })
  method!: string;

  /** { periods, rule, fromYear, toYear }. */
  @Column({ type: 'jsonb' })
  params!: Record<string, unknown>;

  /** The BACKTEST forecasts, one per year: [{ year, forecastId }]. */
  @Column({ name: 'forecast_ids', type: 'jsonb' })
  forecastIds!: { year: number; forecastId: string }[];

  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

export const forecastEntities = [ForecastEntity, ForecastLineEntity, ForecastBacktestEntity];
