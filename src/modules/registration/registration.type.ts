import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';
import { IsMunicipalityCode, IsSchemeCode, IsSchemeYear } from '../../common/validation/input-rules';
import { AttributionRule } from '../schemes';

@ObjectType('PublishedAttribution', { description: 'An attribution run published as REGISTERED counts' })
export class PublishedAttributionType {
  @Field(() => ID)
  attributionRunId!: string;

  @Field(() => String)
  batchKey!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => AttributionRule)
  rule!: string;

  @Field(() => String, { description: 'Hash of the event state the counts came from' })
  stateHash!: string;

  @Field(() => Int, { description: 'Count rows published' })
  rows!: number;

  @Field(() => Int, { description: 'Earlier counts set to zero because the new state has none for their key' })
  zeroedRows!: number;

  @Field(() => Boolean, { description: 'The same event state was already published' })
  replayed!: boolean;
}

@ObjectType('SideBySideAmount')
export class SideBySideAmount {
  @Field(() => String)
  variant!: string;

  @Field(() => String, { description: 'Allocated amount under this variant' })
  amount!: string;

  @Field(() => String, { description: 'amount − the taakstelling amount' })
  difference!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Difference in percent of the taakstelling amount (2 decimals); null when that is zero',
  })
  percent!: string | null;
}

@ObjectType('SideBySideLine')
export class SideBySideLine {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => [SideBySideAmount])
  amounts!: SideBySideAmount[];
}

@ObjectType('SideBySideVariant')
export class SideBySideVariant {
  @Field(() => String)
  label!: string;

  @Field(() => String)
  total!: string;
}

@ObjectType('AttributionSideBySide', { description: 'One scheme-year allocated under the taakstelling and under each attribution rule' })
export class AttributionSideBySide {
  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => ID)
  baseRuleVersionId!: string;

  @Field(() => String)
  reference!: string;

  @Field(() => [SideBySideVariant])
  variants!: SideBySideVariant[];

  @Field(() => [SideBySideLine])
  lines!: SideBySideLine[];
}

@ArgsType()
export class SideBySideArgs {
  @Field(() => String)
  @IsSchemeCode()
  schemeCode!: string;

  @Field(() => Int)
  @IsSchemeYear()
  year!: number;

  @Field(() => ID, { description: 'The rule version whose categories, reference date and base amounts every variant keeps' })
  ruleVersionId!: string;

  @Field(() => [String], { nullable: true })
  @IsMunicipalityCode({ each: true })
  municipalityCodes?: string[] | null;
}
