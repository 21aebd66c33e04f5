import { IsOptional, Length } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { IsSchemeCode, IsSchemeYear } from '../../common/validation/input-rules';

@InputType()
export class StartInterimEstimateInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => ID, {
    nullable: true,
    description: 'The forecast to estimate on (made on current data); none: the counts in force on the rule basis',
  })
  @IsOptional()
  forecastId?: string | null;

  @Field(() => String, { nullable: true, description: 'With a forecast: MEAN (default) or a stored quantile (0.05 … 0.95), e.g. 0.5' })
  @IsOptional()
  level?: string | null;

  @Field(() => ID, { nullable: true, description: 'Default: the rule of the run the current advance plan rests on' })
  @IsOptional()
  ruleVersionId?: string | null;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType()
export class DecideInterimEstimateInput {
  @Field(() => ID)
  estimateId!: string;

  @Field(() => String)
  @Length(1, 500)
  reason!: string;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType()
export class RunKeyComparisonInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => ID, { description: 'The allocation rule whose categories, rates and base amounts price every key' })
  ruleVersionId!: string;

  @Field(() => Int, { description: 'First backtest year' })
  @IsSchemeYear()
  fromYear!: number;

  @Field(() => Int, { description: 'Last backtest year (at most the scheme-year, at most 10 years)' })
  @IsSchemeYear()
  toYear!: number;

  @Field(() => String, { nullable: true, description: 'Attribution rule of the final entitlement (default PEILDATUM)' })
  @IsOptional()
  finalRule?: string | null;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}
