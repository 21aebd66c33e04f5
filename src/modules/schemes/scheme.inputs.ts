import Decimal from 'decimal.js';
import { ArrayMaxSize, IsIn, IsOptional, Length, Matches, Max, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { MoneyScalar } from '../../common/graphql/decimal.scalar';
import { BudgetMode, Category, FundingStream, RouteCode, SchemeStatus } from './scheme.enums';

@InputType()
export class CreateSchemeInput {
  @Field(() => String, { description: 'e.g. SPUK-WI2021' })
  @Matches(/^[A-Z0-9][A-Z0-9-]{1,38}$/, { message: 'code must be capitals, digits and dashes (2 to 39)' })
  code!: string;

  @Field(() => String)
  @Length(1, 200)
  name!: string;

  @Field(() => FundingStream)
  stream!: FundingStream;

  @Field(() => Int)
  @Min(2000)
  @Max(2100)
  year!: number;

  @Field(() => BudgetMode)
  budgetMode!: BudgetMode;

  @Field(() => MoneyScalar, { description: 'Macrobudget (CLOSED) or budget line (OPEN_ENDED); a whole multiple of the unit' })
  budget!: Decimal;

  @Field(() => Int, { defaultValue: 2, description: '2 = cents, 0 = whole euros' })
  @IsIn([0, 2], { message: 'unitScale must be 0 or 2' })
  unitScale!: number;

  @Field(() => Boolean, { defaultValue: false })
  settlesOnSpending!: boolean;

  @Field(() => Boolean, { defaultValue: false })
  usesRoutes!: boolean;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; default 15 July of year + 1' })
  @IsOptional()
  accountabilityDeadline?: string;

  @Field(() => SchemeStatus, { defaultValue: SchemeStatus.DRAFT })
  status!: SchemeStatus;
}

@InputType()
export class AddRateInput {
  @Field(() => String)
  schemeCode!: string;

  @Field(() => Category)
  category!: Category;

  @Field(() => RouteCode, { nullable: true })
  route?: RouteCode | null;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  validFrom!: string;

  @Field(() => MoneyScalar)
  amount!: Decimal;
}

@InputType()
export class BaseAmountInput {
  @Field(() => String)
  @Matches(/^GM\d{4}$/, { message: 'municipalityCode must be GM + 4 digits' })
  municipalityCode!: string;

  @Field(() => MoneyScalar)
  amount!: Decimal;
}

@InputType()
export class SetBaseAmountsInput {
  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => [BaseAmountInput])
  @ArrayMaxSize(1000)
  amounts!: BaseAmountInput[];
}
