import Decimal from 'decimal.js';
import { ArrayMaxSize, IsOptional, Length, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { CountScalar, DecimalScalar } from '../../common/graphql/decimal.scalar';
import { ForecastMethodEnum } from './forecast.type';
import { IsMunicipalityCode, IsSchemeYear } from '../../common/validation/input-rules';

@InputType()
export class CreateForecastInput {
  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => ForecastMethodEnum, { description: 'TAAKSTELLING, TRAILING_ACTUALS or SHRINKAGE_EB' })
  method!: ForecastMethodEnum;

  @Field(() => Int, { nullable: true, description: 'TRAILING_ACTUALS: years before `year` (default 3); SHRINKAGE_EB: 2 to 10 (default 5)' })
  @IsOptional()
  @Min(1, { message: 'expected 1 to 10 years' })
  @Max(10, { message: 'expected 1 to 10 years' })
  periods?: number | null;

  @Field(() => [DecimalScalar], { nullable: true, description: 'TRAILING_ACTUALS: one weight per year, oldest first' })
  @IsOptional()
  @ArrayMaxSize(10)
  weights?: Decimal[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'TRAILING_ACTUALS, SHRINKAGE_EB: attribution rule of the REGISTERED counts (default PEILDATUM)',
  })
  @IsOptional()
  rule?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'SHRINKAGE_EB: publish this quantile (0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95) instead of the mean, e.g. to base advances on it',
  })
  @IsOptional()
  publishLevel?: string | null;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType()
export class OverrideForecastInput {
  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => String)
  @IsMunicipalityCode()
  municipalityCode!: string;

  @Field(() => String)
  category!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  route?: string | null;

  @Field(() => CountScalar)
  value!: Decimal;

  @Field(() => String)
  @Length(1, 500)
  reason!: string;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType()
export class RunForecastBacktestInput {
  @Field(() => ForecastMethodEnum, { description: 'TAAKSTELLING, TRAILING_ACTUALS or SHRINKAGE_EB' })
  method!: ForecastMethodEnum;

  @Field(() => Int, { description: 'First year forecast (from the years before it)' })
  @IsSchemeYear()
  fromYear!: number;

  @Field(() => Int, { description: 'Last year forecast' })
  @IsSchemeYear()
  toYear!: number;

  @Field(() => Int, { nullable: true, description: 'Years of history per forecast (method default)' })
  @IsOptional()
  @Min(1, { message: 'expected 1 to 10 years' })
  @Max(10, { message: 'expected 1 to 10 years' })
  periods?: number | null;

  @Field(() => String, { nullable: true, description: 'Attribution rule of the REGISTERED counts (default PEILDATUM)' })
  @IsOptional()
  rule?: string | null;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}
