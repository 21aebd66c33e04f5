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
