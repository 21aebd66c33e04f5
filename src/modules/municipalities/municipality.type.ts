import { Field, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/graphql/connection';

@ObjectType('Municipality', { description: 'A gemeente, identified by its CBS code', simpleResolvers: true })
export class Municipality {
  @Field(() => String, { description: 'CBS code, GM + 4 digits' })
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String)
  provinceCode!: string;

  @Field(() => String)
  province!: string;

  @Field(() => Int)
  population!: number;

  @Field(() => String, { description: 'Land area in km², as a decimal string' })
  areaKm2!: string;

  @Field(() => [String], { description: 'Codes of bordering municipalities' })
  neighbours!: string[];

  @Field(() => String, { nullable: true, description: 'First day it exists (YYYY-MM-DD); null = before any modelled date' })
  validFrom!: string | null;

  @Field(() => String, { nullable: true, description: 'Last day it exists; null = it still exists' })
  validUntil!: string | null;

  @Field(() => String, { nullable: true, description: 'Municipality that took over on merger, if any' })
  successorCode!: string | null;
}

@ObjectType('MunicipalityMerger', { description: 'Herindeling: on effectiveDate the dissolved municipality becomes part of the successor' })
export class MunicipalityMerger {
  @Field(() => String)
  dissolvedCode!: string;

  @Field(() => String)
  successorCode!: string;

  @Field(() => String, { description: "The successor's first day (1 January)" })
  effectiveDate!: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Id of the MERGER_TRANSFER journal transaction that moved the balances on effectiveDate; null while the date has not come, or when there was nothing to move',
  })
  transferTransactionId?: string | null;
}

export const MunicipalityConnection = ConnectionType(Municipality, 'Municipality');
