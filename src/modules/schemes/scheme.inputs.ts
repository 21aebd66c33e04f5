import Decimal from 'decimal.js';
import { ArrayMaxSize, IsIn, IsOptional, Length, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { MoneyScalar } from '../../common/graphql/decimal.scalar';
import { BudgetMode, Category, FundingStream, RouteCode, SchemeStatus } from './scheme.enums';
import { IsCalendarDate, IsMunicipalityCode, IsSchemeCode, IsSchemeYear } from '../../common/validation/input-rules';

@InputType()
export class CreateSchemeInput {
  @Field(() => String, { description: 'e.g. SPUK-WI2021' })
  @IsSchemeCode()
  code!: string;

  @Field(() => String)
  @Length(1, 200)
  name!: string;

  @Field(() => FundingStream)
  stream!: FundingStream;

  @Field(() => Int)
  @IsSchemeYear()
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
  @IsCalendarDate()
  accountabilityDeadline?: string;

  @Field(() => SchemeStatus, { defaultValue: SchemeStatus.DRAFT })
  status!: SchemeStatus;
}

@InputType()
export class AddRateInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Category)
  category!: Category;

  @Field(() => RouteCode, { nullable: true })
  route?: RouteCode | null;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  @IsCalendarDate()
  validFrom!: string;

  @Field(() => MoneyScalar)
  amount!: Decimal;
}

@InputType()
export class BaseAmountInput {
  @Field(() => String)
  @IsMunicipalityCode()
  municipalityCode!: string;

  @Field(() => MoneyScalar)
  amount!: Decimal;
}

@InputType()
export class SetBaseAmountsInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => [BaseAmountInput])
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  amounts!: BaseAmountInput[];
}
