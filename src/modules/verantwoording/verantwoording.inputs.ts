import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { IsOptional, Length, Matches, Max, Min, ArrayMaxSize } from 'class-validator';
import { ReportDecision, ReportStatus } from './verantwoording.type';

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
  periodStart?: string | null;

  @Field(() => String, { nullable: true, description: 'Last day reported on (default 31 December)' })
  periodEnd?: string | null;
}

@InputType()
export class CreateReportDraftInput extends ReportContentInput {
  @Field(() => String)
  @Matches(/^GM\d{4}$/, { message: 'municipalityCode must be GM + 4 digits' })
  municipalityCode!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  @Min(2000)
  @Max(2100)
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
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String, { description: 'Tolerated absolute count difference' })
  countAbsolute!: string;

  @Field(() => String, { description: 'Tolerated count difference relative to the registered count (0.02 = 2%)' })
  countRelative!: string;

  @Field(() => String, { description: 'Tolerated absolute spending difference in EUR' })
  amountAbsolute!: string;

  @Field(() => String, { description: 'Tolerated spending difference relative to the funding (0.01 = 1%)' })
  amountRelative!: string;
}

@InputType()
export class ReopenAccountabilityInput {
  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String, { nullable: true, description: 'One municipality, or all when empty' })
  municipalityCode?: string | null;

  @Field(() => String)
  @Length(3, 2000)
  reason!: string;
}

@InputType()
export class ReportFilter {
  @Field(() => String, { nullable: true })
  municipalityCode?: string | null;

  @Field(() => String, { nullable: true })
  schemeCode?: string | null;

  @Field(() => Int, { nullable: true })
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
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String, { nullable: true, description: 'Date to judge overdue on (default today, Europe/Amsterdam)' })
  asOf?: string | null;
}
