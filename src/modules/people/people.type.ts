import { Field, Int, ObjectType } from 'type-graphql';
import { ConnectionType, PageInfo } from '../../common/graphql/connection';
import { CountScalar } from '../../common/graphql/decimal.scalar';

/** One enum for the whole API: the schemes module owns it (people attribute by these rules). */
import { AttributionRule as AttributionRuleEnum } from '../schemes';
export { AttributionRuleEnum };

@ObjectType('PersonEventImportSummary', { description: 'Outcome of one batch of person events' })
export class ImportSummaryType {
  @Field(() => String)
  batchKey!: string;
  @Field(() => Int, { description: 'Events in the batch' })
  received!: number;
  @Field(() => Int, { description: 'New events that applied' })
  applied!: number;
  @Field(() => Int, { description: 'New events held PENDING (out-of-order source, not fitting yet)' })
  pending!: number;
  @Field(() => Int, { description: 'Events already recorded with the same content (no-op)' })
  unchanged!: number;
  @Field(() => Int, { description: 'Earlier pending events that applied because of this batch' })
  released!: number;
  @Field(() => Boolean, { description: 'The same batch was imported before; nothing was written now' })
  replayed!: boolean;
}

@ObjectType('PersonEventSource')
export class PersonEventSourceType {
  @Field(() => String)
  code!: string;
  @Field(() => Boolean, { description: 'Events that do not fit yet are held PENDING instead of refused' })
  outOfOrder!: boolean;
}

@ObjectType('PersonEvent', { description: 'A pseudonymised person event as recorded' })
export class PersonEventType {
  @Field(() => String)
  eventId!: string;
  @Field(() => String, { description: 'Opaque pseudonym, never a BSN or a name' })
  personId!: string;
  @Field(() => String, { description: 'OBLIGATION_STARTED, HOUSED, MOVED or OBLIGATION_ENDED' })
  type!: string;
  @Field(() => String)
  date!: string;
  @Field(() => String, { nullable: true })
  category!: string | null;
  @Field(() => String, { nullable: true })
  route!: string | null;
  @Field(() => String, { nullable: true })
  municipalityCode!: string | null;
  @Field(() => String, { nullable: true })
  fromCode!: string | null;
  @Field(() => String, { nullable: true })
  toCode!: string | null;
  @Field(() => String, { nullable: true })
  endReason!: string | null;
  @Field(() => String)
  source!: string;
  @Field(() => Date)
  sourceRecordedAt!: Date;
  @Field(() => Date)
  recordedAt!: Date;
  @Field(() => String, { description: 'APPLIED or PENDING (pending never changes counts)' })
  status!: string;
  @Field(() => String)
  batchKey!: string;
}

@ObjectType('ResponsibilityPeriod', { description: 'Days a municipality is responsible for a person, inclusive' })
export class PeriodType {
  @Field(() => String)
  personId!: string;
  @Field(() => Int, { description: 'Which obligation of the person (1 = first)' })
  obligationNo!: number;
  @Field(() => String)
  municipalityCode!: string;
  @Field(() => String)
  category!: string;
  @Field(() => String, { nullable: true })
  route!: string | null;
  @Field(() => String)
  obligationStart!: string;
  @Field(() => String, { nullable: true })
  obligationEnd!: string | null;
  @Field(() => String)
  startDate!: string;
  @Field(() => String, { nullable: true, description: 'Null: still running' })
  endDate!: string | null;
}

@ObjectType('PersonHistory')
export class PersonHistoryType {
  @Field(() => String)
  personId!: string;
  @Field(() => [PersonEventType])
  events!: PersonEventType[];
  @Field(() => [PeriodType])
  periods!: PeriodType[];
}

export const PersonEventConnection = ConnectionType(PersonEventType, 'PersonEvent');
export const PeriodConnection = ConnectionType(PeriodType, 'ResponsibilityPeriod');

@ObjectType('AttributionRun', { description: 'A stored attribution of one year under one rule, with the event state it came from' })
export class AttributionRunType {
  @Field(() => String)
  id!: string;
  @Field(() => Int)
  year!: number;
  @Field(() => AttributionRuleEnum)
  rule!: AttributionRuleEnum;
  @Field(() => Int, { description: 'Days in the year, 12, or 1' })
  divisor!: number;
  @Field(() => String, { description: 'Highest applied_seq included' })
  eventWatermark!: string;
  @Field(() => Int)
  appliedEventCount!: number;
  @Field(() => String)
  stateHash!: string;
  @Field(() => String)
  resultHash!: string;
  @Field(() => Int)
  durationMs!: number;
  @Field(() => Date)
  createdAt!: Date;
  @Field(() => Boolean, { description: 'An earlier run on the same event state was returned' })
  replayed!: boolean;
}

@ObjectType('AttributedCount', { description: 'A REGISTERED yearly count from attribution' })
export class AttributedCountType {
  @Field(() => String)
  municipalityCode!: string;
  @Field(() => String)
  periodStart!: string;
  @Field(() => String)
  periodEnd!: string;
  @Field(() => String)
  category!: string;
  @Field(() => String, { nullable: true })
  route!: string | null;
  @Field(() => String)
  basis!: string;
  @Field(() => AttributionRuleEnum)
  rule!: AttributionRuleEnum;
  @Field(() => String, { description: 'Integer units: days, months or persons' })
  units!: string;
  @Field(() => CountScalar, { description: 'units / divisor, rounded once to 6 decimals' })
  value!: string;
}

@ObjectType('ReceptionPerson', { description: 'Obliged, but in no municipality yet' })
export class ReceptionPersonType {
  @Field(() => String)
  personId!: string;
  @Field(() => String)
  category!: string;
  @Field(() => String, { nullable: true })
  route!: string | null;
  @Field(() => String)
  obligationStart!: string;
  @Field(() => Int, { description: 'Days without a municipality, up to and including the date asked' })
  daysWaiting!: number;
}

@ObjectType('ReceptionPersonEdge')
class ReceptionEdge {
  @Field(() => String)
  cursor!: string;
  @Field(() => ReceptionPersonType)
  node!: ReceptionPersonType;
}

@ObjectType('ReceptionView')
export class ReceptionViewType {
  @Field(() => [ReceptionEdge])
  edges!: ReceptionEdge[];
  @Field(() => PageInfo)
  pageInfo!: PageInfo;
  @Field(() => Int, { description: 'People in reception on the date' })
  totalCount!: number;
  @Field(() => Int, { nullable: true, description: 'Longest wait so far, in days' })
  longestDays!: number | null;
}

@ObjectType('HousingDelayBucket')
export class HousingDelayBucketType {
  @Field(() => String)
  label!: string;
  @Field(() => Int)
  fromDays!: number;
  @Field(() => Int, { nullable: true })
  toDays!: number | null;
  @Field(() => Int)
  count!: number;
}

@ObjectType('HousingDelay', { description: 'Days from obligation start to housing' })
export class HousingDelayType {
  @Field(() => String)
  housedFrom!: string;
  @Field(() => String)
  housedTo!: string;
  @Field(() => Int)
  count!: number;
  @Field(() => Int, { nullable: true })
  minDays!: number | null;
  @Field(() => Int, { nullable: true })
  p50Days!: number | null;
  @Field(() => Int, { nullable: true })
  p90Days!: number | null;
  @Field(() => Int, { nullable: true })
  maxDays!: number | null;
  @Field(() => String, { nullable: true, description: 'Mean in days, 2 decimals' })
  meanDays!: string | null;
  @Field(() => [HousingDelayBucketType])
  buckets!: HousingDelayBucketType[];
}

@ObjectType('Handovers', { description: 'Moves into and out of a municipality in a period, and the movers’ share of person-days' })
export class HandoverType {
  @Field(() => String)
  municipalityCode!: string;
  @Field(() => Int)
  received!: number;
  @Field(() => Int)
  handedOver!: number;
  @Field(() => Int)
  personDays!: number;
  @Field(() => Int)
  moverPersonDays!: number;
  @Field(() => String, { nullable: true, description: 'moverPersonDays / personDays, 6 decimals' })
  moversShare!: string | null;
}

@ObjectType('AttributionDetail', { description: 'One person’s units for one municipality, category and route in an attribution run' })
export class AttributionDetailType {
  @Field(() => String, { description: 'Opaque pseudonym, never a BSN or a name' })
  personId!: string;
  @Field(() => String, { description: 'The municipality the units count for (after merger mapping, as published)' })
  municipalityCode!: string;
  @Field(() => String)
  category!: string;
  @Field(() => String, { nullable: true })
  route!: string | null;
  @Field(() => String, {
    description: 'Integer units: days (PRO_RATA_DAYS, FIRST_MUNICIPALITY), months (FIRST_OF_MONTH) or 1 (PEILDATUM, EDUCATION_ROUTE)',
  })
  units!: string;
}

@ObjectType('AttributionDetailEdge', { simpleResolvers: true })
class AttributionDetailEdge {
  @Field(() => String)
  cursor!: string;
  @Field(() => AttributionDetailType)
  node!: AttributionDetailType;
}

@ObjectType('AttributionDetailConnection', {
  description: 'The per-person trace of a run: per (municipality, category, route) the units sum exactly to the published units',
})
export class AttributionDetailConnection {
  @Field(() => String)
  runId!: string;
  @Field(() => AttributionRuleEnum)
  rule!: AttributionRuleEnum;
  @Field(() => Int, { description: 'Divisor of the run: a published count is Σ units / divisor rounded once to 6 decimals' })
  divisor!: number;
  @Field(() => [AttributionDetailEdge])
  edges!: AttributionDetailEdge[];
  @Field(() => PageInfo)
  pageInfo!: PageInfo;
  @Field(() => Int, { description: 'Rows in the whole trace (for the municipalities asked)' })
  totalCount!: number;
}

@ObjectType('PersonHousingDelay', { description: 'One housing: days from obligation start (in reception) to the first municipality' })
export class PersonHousingDelayType {
  @Field(() => String, { description: 'Opaque pseudonym, never a BSN or a name' })
  personId!: string;
  @Field(() => String)
  obligationStart!: string;
  @Field(() => String, { description: 'Date of the HOUSED event' })
  housedOn!: string;
  @Field(() => String, { description: 'Municipality of the HOUSED event, as recorded' })
  municipalityCode!: string;
  @Field(() => Int, { description: 'housedOn − obligationStart in days' })
  days!: number;
}

export const PersonHousingDelayConnection = ConnectionType(PersonHousingDelayType, 'PersonHousingDelay');

@ObjectType('HandoverTotals', { description: 'National totals of the handovers in a period, beside the per-municipality rows' })
export class HandoverTotalsType {
  @Field(() => String)
  from!: string;
  @Field(() => String)
  to!: string;
  @Field(() => Int, { description: 'Moves between two municipalities (each received once and handed over once)' })
  moves!: number;
  @Field(() => Int)
  personDays!: number;
  @Field(() => Int)
  moverPersonDays!: number;
  @Field(() => String, { nullable: true, description: 'moverPersonDays / personDays, rounded once to 6 decimals' })
  moversShare!: string | null;
}
