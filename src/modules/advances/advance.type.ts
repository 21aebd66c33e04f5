import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum TrancheStatus {
  PAID = 'PAID',
  PLANNED = 'PLANNED',
  SUSPENDED = 'SUSPENDED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(TrancheStatus, {
  name: 'TrancheStatus',
  description: 'PAID once booked (cash and/or offset); SUSPENDED while the municipality is suspended; CANCELLED once the year is settled',
});

@ObjectType('ScheduleEntry', { description: 'One tranche of a schedule' })
export class ScheduleEntryType {
  @Field(() => Int, { description: '0-based position; ties in apportionment go to the earlier tranche' })
  index!: number;

  @Field(() => String)
  dueDate!: string;

  @Field(() => String)
  weight!: string;
}

@ObjectType('AdvancePlan', { description: 'One version of the advance plan of a scheme-year; a revision is a new version' })
export class AdvancePlan {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  version!: number;

  @Field(() => ID, { description: 'The allocation run (on a forecast basis) this version advances on' })
  allocationRunId!: string;

  @Field(() => String)
  advanceRate!: string;

  @Field(() => [ScheduleEntryType])
  schedule!: ScheduleEntryType[];

  @Field(() => ID, { nullable: true })
  replacesId!: string | null;

  @Field(() => String)
  reason!: string;

  @Field(() => String)
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Boolean, { description: 'The highest version of the scheme-year' })
  current!: boolean;

  @Field(() => String, { description: 'Σ advances of the version (of the municipalities visible to you)' })
  totalAdvance!: string;

  @Field(() => String, { description: 'Σ paid beyond the new advance, carried to the settlement' })
  totalExcess!: string;
}

@ObjectType('AdvancePlanOutcome')
export class AdvancePlanOutcome {
  @Field(() => AdvancePlan)
  plan!: AdvancePlan;

  @Field(() => Boolean, { description: 'The idempotency key had been used with the same request' })
  replayed!: boolean;
}

@ObjectType('Tranche', { description: 'A tranche of the current plan, with its payment if paid' })
export class Tranche {
  @Field(() => Int)
  index!: number;

  @Field(() => String)
  dueDate!: string;

  @Field(() => String)
  amount!: string;

  @Field(() => TrancheStatus)
  status!: TrancheStatus;

  @Field(() => String, { nullable: true, description: 'Paid in cash (null while unpaid)' })
  cash!: string | null;

  @Field(() => String, { nullable: true, description: "Paid by offset against last year's recovery" })
  offset!: string | null;

  @Field(() => ID, { nullable: true })
  transactionId!: string | null;
}

@ObjectType('AdvancePlanMonth', {
  description: 'The tranches of one plan version due in one month, summed over the municipalities visible to you (status as of now)',
  simpleResolvers: true,
})
export class AdvancePlanMonth {
  @Field(() => String, { description: 'YYYY-MM of the due dates' })
  month!: string;

  @Field(() => String, { description: 'Σ amounts of the tranches not cancelled' })
  planned!: string;

  @Field(() => String, { description: 'Σ cash + offset of the paid tranches' })
  paid!: string;

  @Field(() => String, { description: 'Σ amounts of the suspended tranches' })
  suspended!: string;

  @Field(() => Int, { description: 'Tranches not cancelled' })
  tranches!: number;

  @Field(() => Int, { description: 'Paid tranches' })
  tranchesPaid!: number;
}

@ObjectType('AdvancePlanLine', { description: 'One municipality in one plan version' })
export class AdvancePlanLine {
  @Field(() => ID)
  planId!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { description: 'E_i of the run advanced on' })
  entitlement!: string;

  @Field(() => String, { description: 'A_i = round(advanceRate × E_i)' })
  advance!: string;

  @Field(() => String, { description: 'Paid when this version was made' })
  paid!: string;

  @Field(() => String, { description: 'Paid beyond A_i: waits for the settlement' })
  excess!: string;

  @Field(() => [Tranche], { description: 'The schedule of this version (status as of now)' })
  tranches!: Tranche[];
}

@ObjectType('PaidTranche')
export class PaidTrancheType {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => Int)
  index!: number;

  @Field(() => String)
  dueDate!: string;

  @Field(() => String)
  amount!: string;

  @Field(() => String)
  cash!: string;

  @Field(() => String)
  offset!: string;

  @Field(() => ID, { nullable: true, description: 'Null for a zero tranche (recorded as paid, nothing booked)' })
  transactionId!: string | null;
}

@ObjectType('PayTranchesOutcome')
export class PayTranchesOutcomeType {
  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String)
  dueUpTo!: string;

  @Field(() => Int, { description: 'Tranches recorded as paid by this call (zero tranches included)' })
  paidCount!: number;

  @Field(() => String)
  totalAmount!: string;

  @Field(() => String)
  totalCash!: string;

  @Field(() => String)
  totalOffset!: string;

  @Field(() => [PaidTrancheType], { description: 'Non-zero tranches paid' })
  tranches!: PaidTrancheType[];

  @Field(() => [String], { description: 'Municipalities whose due tranches were held (suspended)' })
  suspended!: string[];

  @Field(() => Boolean)
  replayed!: boolean;
}

@ObjectType('AdvanceSuspension', { description: 'A suspension or release of advances, as recorded' })
export class AdvanceSuspension {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { description: 'SUSPEND or RELEASE' })
  action!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String)
  actor!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => [Int], { nullable: true, description: 'Earlier years with an overdue report when the action was taken' })
  overdueYears!: number[] | null;
}
