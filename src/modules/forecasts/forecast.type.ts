import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../common/graphql/connection';

export enum ForecastMethodEnum {
  TAAKSTELLING = 'TAAKSTELLING',
  TRAILING_ACTUALS = 'TRAILING_ACTUALS',
  MANUAL_OVERRIDE = 'MANUAL_OVERRIDE',
  SHRINKAGE_EB = 'SHRINKAGE_EB',
}
registerEnumType(ForecastMethodEnum, { name: 'ForecastMethod', description: 'How a forecast (prognose) of counts was made' });

@ObjectType('ForecastQuantile')
export class ForecastQuantileType {
  @Field(() => String, { description: 'Level, e.g. "0.1"' })
  level!: string;

  @Field(() => String, { description: 'Whole count' })
  value!: string;
}

@ObjectType('ForecastLine')
export class ForecastLineType {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String)
  category!: string;

  @Field(() => String, { nullable: true })
  route!: string | null;

  @Field(() => String, { description: 'Forecast count, 6 decimals' })
  value!: string;

  @Field(() => String)
  explanation!: string;

  @Field(() => String, { nullable: true, description: '10 % predictive quantile (whole count); null without a distribution' })
  p10!: string | null;

  @Field(() => String, { nullable: true, description: 'Predictive median (whole count)' })
  p50!: string | null;

  @Field(() => String, { nullable: true, description: '90 % predictive quantile (whole count)' })
  p90!: string | null;

  @Field(() => [ForecastQuantileType], { description: 'Every stored predictive quantile, lowest level first' })
  quantiles!: ForecastQuantileType[];
}

@ObjectType('Forecast', { description: 'A forecast of counts, stored with its inputs and published as FORECAST counts' })
export class ForecastType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => ForecastMethodEnum)
  method!: ForecastMethodEnum;

  @Field(() => String, { description: "Version of the method's formulas, e.g. shrinkage-eb/1" })
  methodVersion!: string;

  @Field(() => String, { description: 'PUBLISH (published as FORECAST counts) or BACKTEST (stored for a backtest only)' })
  purpose!: string;

  @Field(() => String, { description: 'Parameters as canonical JSON' })
  params!: string;

  @Field(() => Int, { description: 'Number of yearly count inputs used' })
  inputCount!: number;

  @Field(() => String, { description: 'SHA-256 of the canonical inputs' })
  inputHash!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The count batch (key forecast:{id}) holding the published FORECAST counts; null for a backtest forecast',
  })
  countBatchId!: string | null;

  @Field(() => String)
  reason!: string;

  @Field(() => String)
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => [ForecastLineType], { description: 'Controllers see their own municipality' })
  lines!: ForecastLineType[];
}

@ObjectType('ForecastOutcome')
export class ForecastOutcome {
  @Field(() => ForecastType)
  forecast!: ForecastType;

  @Field(() => Boolean)
  replayed!: boolean;
}

@ObjectType('ForecastBacktestRow', {
  description: 'One line of a backtest: a stored forecast against the REGISTERED count of that year',
  // Plain values, no auth or middleware of their own (decision 1760): read as properties.
  simpleResolvers: true,
})
export class ForecastBacktestRowType {
  @Field(() => Int)
  year!: number;

  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String)
  category!: string;

  @Field(() => String, { nullable: true })
  route!: string | null;

  @Field(() => String, { description: 'UNDER_20K, FROM_20K_TO_50K, FROM_50K_TO_100K or FROM_100K inhabitants' })
  sizeClass!: string;

  @Field(() => String, { description: 'Forecast count (point), 6 decimals' })
  forecast!: string;

  @Field(() => String, { description: 'REGISTERED count, 6 decimals' })
  actual!: string;

  @Field(() => String, { description: 'forecast − actual' })
  error!: string;

  @Field(() => String, { description: '|forecast − actual|' })
  absError!: string;

  @Field(() => String, { nullable: true, description: '|error| / actual, 6 decimals; null when the actual is 0' })
  relError!: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Actual inside the 50 % interval (p25..p75); null without quantiles' })
  inside50!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Actual inside the 80 % interval (p10..p90)' })
  inside80!: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Actual inside the 90 % interval (p5..p95)' })
  inside90!: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: "The stored forecast line's 10 % quantile (whole count); null without a distribution or without a forecast line",
  })
  p10!: string | null;

  @Field(() => String, { nullable: true, description: "The stored forecast line's median (whole count)" })
  p50!: string | null;

  @Field(() => String, { nullable: true, description: "The stored forecast line's 90 % quantile (whole count)" })
  p90!: string | null;
}

export const ForecastBacktestRowConnection = ConnectionType(ForecastBacktestRowType, 'ForecastBacktestRow');

@ObjectType('ForecastBacktestSummary', { description: 'Errors and interval coverage of a backtest for one size class (or ALL)' })
export class ForecastBacktestSummaryType {
  @Field(() => String)
  sizeClass!: string;

  @Field(() => Int)
  lines!: number;

  @Field(() => String)
  sumActual!: string;

  @Field(() => String)
  sumAbsError!: string;

  @Field(() => String, { nullable: true, description: 'Σ|error| / Σactual, 6 decimals' })
  wape!: string | null;

  @Field(() => String, { nullable: true, description: 'Share of lines inside the 50 % interval' })
  coverage50!: string | null;

  @Field(() => String, { nullable: true, description: 'Share of lines inside the 80 % interval' })
  coverage80!: string | null;

  @Field(() => String, { nullable: true, description: 'Share of lines inside the 90 % interval' })
  coverage90!: string | null;
}

@ObjectType('ForecastBacktest', {
  description: 'Forecasts by one method for past years from the data known then, compared with what happened',
})
export class ForecastBacktestType {
  @Field(() => ID)
  id!: string;

  @Field(() => ForecastMethodEnum)
  method!: ForecastMethodEnum;

  @Field(() => String, { description: 'Parameters as canonical JSON' })
  params!: string;

  @Field(() => [ID], { description: 'The stored BACKTEST forecasts, one per year (read them with `forecast(id)`)' })
  forecastIds!: string[];

  @Field(() => String)
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => [ForecastBacktestSummaryType], { description: 'Per size class and ALL, over every municipality (a national figure)' })
  summary!: ForecastBacktestSummaryType[];

  @Field(() => [ForecastBacktestRowType], {
    description: 'Every line (controllers: their own municipality); rowPage reads them a page at a time',
    deprecationReason: 'Use rowPage: every line of a national backtest is a large answer',
  })
  rows!: ForecastBacktestRowType[];

  /**
   * Not a field: whether `summary` and `rows` hold the comparison (in the caller's scope), or the
   * query selected neither and nothing was compared (both empty; decision 1880).
   */
  compared!: boolean;
}

@ObjectType('ForecastBacktestOutcome')
export class ForecastBacktestOutcome {
  @Field(() => ForecastBacktestType)
  backtest!: ForecastBacktestType;

  @Field(() => Boolean)
  replayed!: boolean;
}

@ObjectType('ForecastExposureLine', { description: "A municipality's exposure: amounts in euros, 2 decimals" })
export class ForecastExposureLineType {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { description: 'Tranches paid so far' })
  paid!: string;

  @Field(() => String, { description: 'Entitlement of the allocation run the advances rest on' })
  advanceBasis!: string;

  @Field(() => String, { description: "Entitlement on the forecast's point counts (latest estimate)" })
  entitledOnEstimate!: string;

  @Field(() => String)
  entitledP10!: string;

  @Field(() => String)
  entitledP50!: string;

  @Field(() => String)
  entitledP90!: string;

  @Field(() => String, {
    description: 'Expected settlement at the 10 % counts: entitlement − advance basis (> 0 additional payment, < 0 recovery)',
  })
  settlementP10!: string;

  @Field(() => String)
  settlementP50!: string;

  @Field(() => String)
  settlementP90!: string;
}

@ObjectType('ForecastExposure', {
  description: 'Mid-year re-estimate: exposure ranges from a forecast (a point-only method gives a one-point range), nothing booked',
})
export class ForecastExposureType {
  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => ID)
  forecastId!: string;

  @Field(() => ID)
  allocationRunId!: string;

  @Field(() => String, { description: 'The budget line' })
  budget!: string;

  @Field(() => String, { description: 'National total on the point forecast' })
  totalOnEstimate!: string;

  @Field(() => String)
  totalP10!: string;

  @Field(() => String)
  totalP50!: string;

  @Field(() => String)
  totalP90!: string;

  @Field(() => String, { description: 'max(0, total − budget) at the 10 % counts' })
  overrunP10!: string;

  @Field(() => String)
  overrunP50!: string;

  @Field(() => String)
  overrunP90!: string;

  @Field(() => [ForecastExposureLineType], { description: 'Controllers see their own municipality' })
  lines!: ForecastExposureLineType[];
}
