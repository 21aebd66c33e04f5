import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('KeyComparisonSummary', {
  description: "One candidate key's national figures over the backtest years (amounts in the scheme's unit)",
  // Plain values, no auth or middleware of their own (decision 1760): read as properties.
  simpleResolvers: true,
})
export class KeyComparisonSummaryType {
  @Field(() => String, {
    description: 'TAAKSTELLING, REGISTERED_<rule> (last year), POPULATION_SHARE, COUNTS_TWO_YEARS_EARLIER or SHRINKAGE_EB_MEDIAN',
  })
  key!: string;

  @Field(() => String, { description: 'Σ advances the key would have made' })
  advance!: string;

  @Field(() => String, { description: 'Σ final entitlements (the same for every key)' })
  final!: string;

  @Field(() => String, { description: 'Σ |final − advance|: the settlements the key would have produced' })
  absSettlement!: string;

  @Field(() => String, { description: 'Σ (final − advance): > 0 net additional payments, < 0 net recoveries' })
  netSettlement!: string;

  @Field(() => String, { description: "Σ over municipalities of the mean year-to-year change of the key's amount" })
  volatility!: string;

  @Field(() => String, { nullable: true, description: 'absSettlement / final (6 decimals)' })
  relativeError!: string | null;

  @Field(() => Int, { description: 'Backtest years for which the key had counts' })
  yearsWithCounts!: number;
}

@ObjectType('KeyComparisonYear', { simpleResolvers: true })
export class KeyComparisonYearType {
  @Field(() => Int)
  year!: number;

  @Field(() => String)
  advance!: string;

  @Field(() => String)
  final!: string;

  @Field(() => String, { description: 'final − advance' })
  settlement!: string;
}

@ObjectType('KeyComparisonLine', { description: 'One municipality under one key', simpleResolvers: true })
export class KeyComparisonLineType {
  @Field(() => String)
  key!: string;

  @Field(() => String)
  municipalityCode!: string;

  @Field(() => [KeyComparisonYearType])
  years!: KeyComparisonYearType[];

  @Field(() => String, { description: 'Mean |advance_t − advance_t−1| (6 decimals)' })
  volatility!: string;

  @Field(() => String)
  absSettlement!: string;

  @Field(() => String)
  netSettlement!: string;
}

@ObjectType('KeyComparison', { description: 'Candidate distribution keys side by side on the same history; nothing booked' })
export class KeyComparisonType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Int)
  fromYear!: number;

  @Field(() => Int)
  toYear!: number;

  @Field(() => String)
  finalRule!: string;

  @Field(() => ID)
  ruleVersionId!: string;

  @Field(() => String)
  methodVersion!: string;

  @Field(() => String)
  inputHash!: string;

  @Field(() => String)
  outputHash!: string;

  @Field(() => String)
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => [KeyComparisonSummaryType])
  summary!: KeyComparisonSummaryType[];

  @Field(() => Int, { description: 'Lines matching the filter (before paging)' })
  lineCount!: number;

  @Field(() => [KeyComparisonLineType], { description: 'Per municipality and key, paged (controllers: own municipality)' })
  lines!: KeyComparisonLineType[];
}

@ObjectType('KeyComparisonOutcome')
export class KeyComparisonOutcome {
  @Field(() => KeyComparisonType)
  comparison!: KeyComparisonType;

  @Field(() => Boolean)
  replayed!: boolean;
}
