import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../common/graphql/connection';
import { CountScalar, DecimalScalar } from '../../common/graphql/decimal.scalar';
import type Decimal from 'decimal.js';

export enum ReportStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
}
registerEnumType(ReportStatus, {
  name: 'ReportStatus',
  description: 'DRAFT → SUBMITTED → ACCEPTED | REJECTED; a correction is a new version',
});

export enum ReportDecision {
  ACCEPT = 'ACCEPT',
  REJECT = 'REJECT',
}
registerEnumType(ReportDecision, { name: 'ReportDecision' });

export enum SpendingComponent {
  LANGUAGE_AND_INTEGRATION = 'LANGUAGE_AND_INTEGRATION',
  FINANCIEEL_ONTZORGEN = 'FINANCIEEL_ONTZORGEN',
  PARTICIPATIEVERKLARINGSTRAJECT = 'PARTICIPATIEVERKLARINGSTRAJECT',
  MODULE_ARBEIDSMARKT_EN_PARTICIPATIE = 'MODULE_ARBEIDSMARKT_EN_PARTICIPATIE',
  IMPLEMENTATION_COSTS = 'IMPLEMENTATION_COSTS',
}
registerEnumType(SpendingComponent, { name: 'SpendingComponent', description: 'Spending components of the SiSa annex' });

@ObjectType('ReportCountLine')
export class ReportCountLine {
  @Field(() => Int)
  line!: number;

  @Field(() => String)
  category!: string;

  @Field(() => String, { nullable: true })
  route!: string | null;

  @Field(() => CountScalar)
  count!: string;

  @Field(() => String, { nullable: true })
  explanation!: string | null;
}

@ObjectType('ReportExpenditureLine')
export class ReportExpenditureLine {
  @Field(() => Int)
  line!: number;

  @Field(() => SpendingComponent)
  component!: SpendingComponent;

  @Field(() => String, { description: 'Amount in EUR at the scheme’s unit' })
  amount!: string;

  @Field(() => String, { nullable: true })
  explanation!: string | null;
}

@ObjectType('ReportAttachment')
export class ReportAttachment {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  sha256!: string;
}

@ObjectType('ReportDifference', { description: 'A difference found on submission, with its tolerance' })
export class ReportDifference {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'REPORTED_COUNT_DIFFERS, SPENDING_EXCEEDS_FUNDING or SPENDING_BELOW_ADVANCES' })
  check!: string;

  @Field(() => String, { nullable: true })
  category!: string | null;

  @Field(() => String, { nullable: true })
  route!: string | null;

  @Field(() => DecimalScalar)
  reported!: Decimal;

  @Field(() => DecimalScalar)
  expected!: Decimal;

  @Field(() => DecimalScalar, { description: 'reported − expected' })
  difference!: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: 'difference / expected; null when expected is zero' })
  relative!: Decimal | null;

  @Field(() => DecimalScalar)
  toleranceAbsolute!: Decimal;

  @Field(() => DecimalScalar)
  toleranceRelative!: Decimal;

  @Field(() => Boolean)
  beyondTolerance!: boolean;
}

@ObjectType('AccountabilityReport', { description: 'One version of a verantwoording' })
export class AccountabilityReport {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  version!: number;

  @Field(() => ID, { nullable: true, description: 'The version this one corrects' })
  replacesId!: string | null;

  @Field(() => ReportStatus)
  status!: ReportStatus;

  @Field(() => String)
  periodStart!: string;

  @Field(() => String)
  periodEnd!: string;

  @Field(() => String, { description: 'Deadline of the scheme-year (SiSa)' })
  deadline!: string;

  @Field(() => Boolean, { nullable: true, description: 'Submitted after the deadline' })
  late!: boolean | null;

  @Field(() => String)
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => String, { nullable: true })
  submittedBy!: string | null;

  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'SHA-256 of the canonical content, fixed on submission' })
  contentHash!: string | null;

  @Field(() => String, { nullable: true })
  decidedBy!: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  decisionReason!: string | null;

  @Field(() => [ReportCountLine])
  counts!: ReportCountLine[];

  @Field(() => [ReportExpenditureLine])
  expenditure!: ReportExpenditureLine[];

  @Field(() => [ReportAttachment])
  attachments!: ReportAttachment[];

  @Field(() => String, { description: 'Eligible spending for the scheme’s stream' })
  eligibleSpending!: string;

  @Field(() => [ReportDifference])
  differences!: ReportDifference[];
}

@ObjectType('AccountabilityStatus', { description: 'Where a municipality stands for one scheme-year', simpleResolvers: true })
export class AccountabilityStatus {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String)
  municipalityName!: string;

  @Field(() => String)
  provinceCode!: string;

  @Field(() => ReportStatus, { nullable: true, description: 'Status of the latest version; null when nothing was drafted' })
  latestStatus!: ReportStatus | null;

  @Field(() => Int, { nullable: true })
  latestVersion!: number | null;

  @Field(() => ID, { nullable: true })
  latestReportId!: string | null;

  @Field(() => Boolean, { description: 'Something has been submitted (in any version)' })
  submitted!: boolean;

  @Field(() => Boolean, { description: 'The first submission came after the deadline' })
  late!: boolean;

  @Field(() => Boolean, { description: 'Nothing submitted and the deadline has passed' })
  overdue!: boolean;

  @Field(() => Int, { description: 'Differences beyond tolerance in the latest submitted version' })
  differencesBeyondTolerance!: number;
}

export const AccountabilityReportConnection = ConnectionType(AccountabilityReport, 'AccountabilityReport');
export const AccountabilityStatusConnection = ConnectionType(AccountabilityStatus, 'AccountabilityStatus');
