import Decimal from 'decimal.js';
import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, ValidateNested } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '../../common/graphql/decimal.scalar';
import { IsCalendarDate, IsFraction, IsMunicipalityCode, IsSchemeCode, IsSchemeYear } from '../../common/validation/input-rules';

@InputType()
export class ScheduleEntryInput {
  @Field(() => String, { description: 'YYYY-MM-DD, strictly increasing' })
  @IsCalendarDate()
  dueDate!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Apportionment weight (default 1)' })
  @IsOptional()
  weight?: Decimal | null;
}

@InputType()
export class CreateAdvancePlanInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => String, { description: 'Allocation run of that scheme-year on a forecast basis' })
  allocationRunId!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Between 0 and 1; default 1' })
  @IsOptional()
  @IsFraction()
  advanceRate?: Decimal | null;

  @Field(() => [ScheduleEntryInput], { nullable: true, description: 'Default: 12 equal monthly tranches due on the 1st' })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(60)
  @ValidateNested({ each: true })
  schedule?: ScheduleEntryInput[] | null;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType()
export class ReviseAdvancePlanInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => String)
  allocationRunId!: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Default: the current plan rate' })
  @IsOptional()
  @IsFraction()
  advanceRate?: Decimal | null;

  @Field(() => String)
  @Length(1, 500)
  reason!: string;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType()
export class PayTranchesInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => String, { description: 'Pay every unpaid tranche due on or before this date (YYYY-MM-DD)' })
  @IsCalendarDate()
  dueUpTo!: string;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType()
export class AdvanceSuspensionInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => String)
  @IsMunicipalityCode()
  municipalityCode!: string;

  @Field(() => String)
  @Length(1, 500)
  reason!: string;
}
