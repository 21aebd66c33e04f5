import { Field, ID, Int, ObjectType } from 'type-graphql';
import { BudgetMode, Category, FundingStream, RouteCode, SchemeStatus } from './scheme.enums';

@ObjectType('FundingScheme', { description: 'A funding scheme for one budget year (regeling), e.g. SPUK-WI2021 2026' })
export class FundingScheme {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Scheme code, e.g. SPUK-WI2021' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => FundingStream)
  stream!: FundingStream;

  @Field(() => Int)
  year!: number;

  @Field(() => BudgetMode)
  budgetMode!: BudgetMode;

  @Field(() => String, { description: 'Macrobudget (CLOSED) or budget line (OPEN_ENDED), at the unit scale' })
  budget!: string;

  @Field(() => Int, { description: 'Decimals of the rounding unit: 2 (cents) or 0 (whole euros)' })
  unitScale!: number;

  @Field(() => SchemeStatus)
  status!: SchemeStatus;

  @Field(() => Boolean)
  settlesOnSpending!: boolean;

  @Field(() => Boolean)
  usesRoutes!: boolean;

  @Field(() => String, { description: 'Accountability (SiSa) deadline, default 15 July of the following year' })
  accountabilityDeadline!: string;
}

@ObjectType('Rate', { description: 'A dated normbedrag; never overwritten' })
export class Rate {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Category)
  category!: Category;

  @Field(() => RouteCode, { nullable: true })
  route!: RouteCode | null;

  @Field(() => String)
  validFrom!: string;

  @Field(() => String, { description: 'EUR per counted person (or person-year)' })
  amount!: string;

  @Field(() => Date)
  recordedAt!: Date;
}

@ObjectType('BaseAmount', { description: 'Vaste voet of a municipality in a scheme-year' })
export class BaseAmount {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String)
  amount!: string;
}
