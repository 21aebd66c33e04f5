import Decimal from 'decimal.js';
import { CountScalar, DecimalScalar, MoneyScalar } from '../../common/graphql/decimal.scalar';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, Length, ArrayMaxSize } from 'class-validator';
import { ReportDecision, ReportStatus } from './verantwoording.type';
import {
  IsCalendarDate,
  IsFraction,
  IsMunicipalityCode,
  IsNonNegativeDecimal,
  IsSchemeCode,
  IsSchemeYear,
} from '../../common/validation/input-rules';

@InputType()
export class ReportCountLineInput {
  @Field(() => String, { description: 'ASIELSTATUSHOUDER, GEZINSMIGRANT or OVERIG' })
  category!: string;

  @Field(() => String, { nullable: true, description: 'B1, ONDERWIJSROUTE or Z_ROUTE, where the scheme uses routes' })
  route?: string | null;

  @Field(() => String, { description: 'Count (persons or person-years) as a decimal string, ≥ 0, at most 6 decimals' })
  count!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 2000)
  explanation?: string | null;
}

@InputType()
export class ReportExpenditureLineInput {
  @Field(() => String, { description: 'A SpendingComponent' })
  component!: string;

  @Field(() => String, { description: 'Amount in EUR as a decimal string, ≥ 0, within the scheme’s unit' })
  amount!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(0, 2000)
  explanation?: string | null;
}

@InputType()
export class ReportAttachmentInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'SHA-256 of the document, 64 lowercase hex digits' })
  sha256!: string;
}

@InputType()
export class ReportContentInput {
  @Field(() => [ReportCountLineInput], { defaultValue: [] })
  @ArrayMaxSize(100)
  counts!: ReportCountLineInput[];

  @Field(() => [ReportExpenditureLineInput], { defaultValue: [] })
  @ArrayMaxSize(100)
  expenditure!: ReportExpenditureLineInput[];

  @Field(() => [ReportAttachmentInput], { defaultValue: [] })
  @ArrayMaxSize(100)
  attachments!: ReportAttachmentInput[];

  @Field(() => String, { nullable: true, description: 'First day reported on (default 1 January of the year)' })
  @IsCalendarDate()
  periodStart?: string | null;

  @Field(() => String, { nullable: true, description: 'Last day reported on (default 31 December)' })
  @IsCalendarDate()
  periodEnd?: string | null;
}

@InputType()
export class CreateReportDraftInput extends ReportContentInput {
  @Field(() => String)
  @IsMunicipalityCode()
  municipalityCode!: string;

  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;
}

@InputType()
export class UpdateReportDraftInput extends ReportContentInput {
  @Field(() => ID)
  reportId!: string;
}

@InputType()
export class DecideReportInput {
  @Field(() => ID)
  reportId!: string;

  @Field(() => ReportDecision)
  decision!: ReportDecision;

  @Field(() => String, { nullable: true, description: 'Required when rejecting' })
  @IsOptional()
  @Length(1, 2000)
  reason?: string | null;
}

@InputType()
export class SetAccountabilityToleranceInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => CountScalar, { description: 'Tolerated absolute count difference, 0 or more' })
  @IsNonNegativeDecimal()
  countAbsolute!: Decimal;

  @Field(() => DecimalScalar, { description: 'Tolerated count difference relative to the registered count, 0 to 1 (0.02 = 2%)' })
  @IsFraction()
  countRelative!: Decimal;

  @Field(() => MoneyScalar, { description: 'Tolerated absolute spending difference in EUR, 0 or more' })
  @IsNonNegativeDecimal()
  amountAbsolute!: Decimal;

  @Field(() => DecimalScalar, { description: 'Tolerated spending difference relative to the funding, 0 to 1 (0.01 = 1%)' })
  @IsFraction()
  amountRelative!: Decimal;
}

@InputType()
export class ReopenAccountabilityInput {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => String, { nullable: true, description: 'One municipality, or all when not given' })
  @IsMunicipalityCode()
  municipalityCode?: string | null;

  @Field(() => String)
  @Length(3, 2000)
  reason!: string;
}

@InputType()
export class ReportFilter {
  @Field(() => String, { nullable: true })
  @IsMunicipalityCode()
  municipalityCode?: string | null;

  @Field(() => String, { nullable: true })
  @IsSchemeCode()
  schemeCode?: string | null;

  @Field(() => Int, { nullable: true })
  @IsSchemeYear()
  year?: number | null;

  @Field(() => ReportStatus, { nullable: true })
  status?: ReportStatus | null;
}

@InputType()
export class AccountabilityOverviewFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only those that have (true) or have not (false) submitted' })
  submitted?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only late submissions' })
  late?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only overdue (nothing submitted, deadline passed)' })
  overdue?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Only those with differences beyond tolerance' })
  beyondTolerance?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Province code' })
  provinceCode?: string | null;
}

@ArgsType()
export class OverviewArgs {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => String, { nullable: true, description: 'Date to judge overdue on (default today, Europe/Amsterdam)' })
  @IsCalendarDate()
  asOf?: string | null;
}
