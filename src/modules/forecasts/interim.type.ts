import { Field, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('InterimEstimateLine', {
  description:
    "A municipality's exposure in a mid-year re-estimate, in the scheme's unit. Settlement = entitlement − what the year pays: > 0 an additional payment, < 0 a recovery",
})
export class InterimEstimateLineType {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { description: 'Tranches paid (cash and offset) when the estimate was made' })
  paid!: string;

  @Field(() => String, {
    description: 'Paid plus the tranches still planned in the current plan version: what the year pays if nothing is decided',
  })
  planned!: string;

  @Field(() => String, { description: 'Entitlement on the latest estimate (the chosen level): what a decision grants' })
  entitled!: string;

  @Field(() => String)
  entitledP10!: string;

  @Field(() => String)
  entitledP50!: string;

  @Field(() => String)
  entitledP90!: string;

  @Field(() => String, { description: 'Expected settlement at the 10 % counts if left undecided: entitledP10 − planned' })
  settlementP10!: string;

  @Field(() => String)
  settlementP50!: string;

  @Field(() => String)
  settlementP90!: string;

  @Field(() => String, { description: 'A_i(new) = round(advanceRate × entitled): the advance a decision revises the plan to' })
  newAdvance!: string;

  @Field(() => String, { description: 'Expected settlement at the 10 % counts once decided: entitledP10 − max(paid, newAdvance)' })
  settlementIfDecidedP10!: string;

  @Field(() => String)
  settlementIfDecidedP50!: string;

  @Field(() => String)
  settlementIfDecidedP90!: string;
}

@ObjectType('InterimDecision', {
  description: 'The decision of an estimate: the INTERIM allocation run and the advance plan version it made',
})
export class InterimDecisionType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  allocationRunId!: string;

  @Field(() => ID)
  planId!: string;

  @Field(() => Int)
  planVersion!: number;

  @Field(() => String)
  reason!: string;

  @Field(() => String)
  decidedBy!: string;

  @Field(() => Date)
  decidedAt!: Date;
}

@ObjectType('InterimEstimate', {
  description:
    'A mid-year re-estimate (nadere voorlopige uitkering): an INTERIM calculation on current data, stored with its inputs; decided or not',
})
export class InterimEstimateType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String, { description: 'FORECAST (a forecast at a level) or COUNTS_IN_FORCE (the counts in force on the rule basis)' })
  source!: string;

  @Field(() => ID, { nullable: true })
  forecastId!: string | null;

  @Field(() => String, { nullable: true, description: 'MEAN or a quantile level such as 0.5' })
  level!: string | null;

  @Field(() => ID)
  ruleVersionId!: string;

  @Field(() => ID, { description: 'The advance plan version the estimate is set against' })
  planId!: string;

  @Field(() => Int)
  planVersion!: number;

  @Field(() => String)
  methodVersion!: string;

  @Field(() => String, { description: 'SHA-256 of the canonical stored inputs' })
  inputHash!: string;

  @Field(() => String, { description: 'SHA-256 of the canonical output (lines and totals)' })
  outputHash!: string;

  @Field(() => String, { description: 'The budget line' })
  budget!: string;

  @Field(() => String, { description: 'National entitlement at the chosen level (sum of the lines)' })
  total!: string;

  @Field(() => String)
  totalP10!: string;

  @Field(() => String)
  totalP50!: string;

  @Field(() => String)
  totalP90!: string;

  @Field(() => String, { description: 'max(0, totalP10 − budget)' })
  overrunP10!: string;

  @Field(() => String)
  overrunP50!: string;

  @Field(() => String)
  overrunP90!: string;

  @Field(() => String, { description: 'National paid (sum of the lines)' })
  totalPaid!: string;

  @Field(() => String)
  totalPlanned!: string;

  @Field(() => String)
  totalNewAdvance!: string;

  @Field(() => String)
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => InterimDecisionType, { nullable: true, description: 'Null while undecided' })
  decision!: InterimDecisionType | null;

  @Field(() => [InterimEstimateLineType], { description: 'Controllers see their own municipality' })
  lines!: InterimEstimateLineType[];
}

@ObjectType('InterimEstimateOutcome')
export class InterimEstimateOutcome {
  @Field(() => InterimEstimateType)
  estimate!: InterimEstimateType;

  @Field(() => Boolean)
  replayed!: boolean;
}

@ObjectType('InterimDecisionOutcome')
export class InterimDecisionOutcome {
  @Field(() => InterimEstimateType)
  estimate!: InterimEstimateType;

  @Field(() => InterimDecisionType)
  decision!: InterimDecisionType;

  @Field(() => Boolean)
  replayed!: boolean;
}
