import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum ForecastMethodEnum {
  TAAKSTELLING = 'TAAKSTELLING',
  TRAILING_ACTUALS = 'TRAILING_ACTUALS',
  MANUAL_OVERRIDE = 'MANUAL_OVERRIDE',
}
registerEnumType(ForecastMethodEnum, { name: 'ForecastMethod', description: 'How a forecast (prognose) of counts was made' });

@ObjectType('ForecastLine')
export class ForecastLineType {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String)
  category!: string;

  @Field(() => String, { nullable: true })
  route!: string | null;

  @Field(() => String, { description: 'Forecast count, 6 decimals' })
  value!: string;

  @Field(() => String)
  explanation!: string;
}

@ObjectType('Forecast', { description: 'A forecast of counts, stored with its inputs and published as FORECAST counts' })
export class ForecastType {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => ForecastMethodEnum)
  method!: ForecastMethodEnum;

  @Field(() => String, { description: 'Parameters as canonical JSON' })
  params!: string;

  @Field(() => Int, { description: 'Number of yearly count inputs used' })
  inputCount!: number;

  @Field(() => String, { description: 'SHA-256 of the canonical inputs' })
  inputHash!: string;

  @Field(() => ID, { description: 'The count batch (key forecast:{id}) holding the published FORECAST counts' })
  countBatchId!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String)
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => [ForecastLineType], { description: 'Controllers see their own municipality' })
  lines!: ForecastLineType[];
}

@ObjectType('ForecastOutcome')
export class ForecastOutcome {
  @Field(() => ForecastType)
  forecast!: ForecastType;

  @Field(() => Boolean)
  replayed!: boolean;
}
