import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, Matches } from 'class-validator';
import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { Category, CountBasis, RouteCode } from '../schemes';
import { IsCalendarDate, IsSchemeCode, IsSchemeYear } from '../../common/validation/input-rules';

export enum RunStage {
  PROVISIONAL = 'PROVISIONAL',
  INTERIM = 'INTERIM',
  DEFINITIVE = 'DEFINITIVE',
  CORRECTION = 'CORRECTION',
}
registerEnumType(RunStage, { name: 'RunStage', description: 'Stage of a scheme-year (DOMAIN.md "Money streams and the yearly cycle")' });

@InputType()
export class AllocationCategoryInput {
  @Field(() => Category)
  category!: Category;

  @Field(() => RouteCode, { nullable: true })
  route?: RouteCode | null;
}

@InputType()
export class AllocationRuleInput {
  @Field(() => String, { description: 'Name of the rule, e.g. SPUK-TAAKSTELLING' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, { message: 'ruleKey: letters, digits, "_", "." and "-" (1 to 100)' })
  ruleKey!: string;

  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => CountBasis)
  basis!: CountBasis;

  @Field(() => String, {
    nullable: true,
    description:
      'Required for REGISTERED, refused otherwise: PEILDATUM, PRO_RATA_DAYS, FIRST_OF_MONTH, FIRST_MUNICIPALITY or EDUCATION_ROUTE',
  })
  attributionRule?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; default 1 January of the run year' })
  @IsCalendarDate()
  referenceDate?: string | null;

  @Field(() => [AllocationCategoryInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  categories!: AllocationCategoryInput[];

  @Field(() => Boolean, { defaultValue: false })
  useBaseAmounts!: boolean;

  @Field(() => String, { defaultValue: '' })
  @Length(0, 500)
  description!: string;
}

@InputType()
export class RunAllocationInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => String)
  ruleVersionId!: string;

  @Field(() => RunStage)
  stage!: RunStage;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;

  @Field(() => Boolean, { defaultValue: false, description: 'Compute and return without storing or booking' })
  @IsOptional()
  dryRun!: boolean;
}
