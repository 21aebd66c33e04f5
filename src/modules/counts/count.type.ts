import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/graphql/connection';

@ObjectType('Count', { description: 'A count of persons (or person-years); later rows for the same key supersede earlier ones' })
export class Count {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  batchId!: string;

  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { description: 'MONTH, QUARTER, HALF_YEAR or YEAR' })
  periodType!: string;

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

  @Field(() => String, { nullable: true, description: 'Attribution rule of a REGISTERED count' })
  rule!: string | null;

  @Field(() => String)
  source!: string;

  @Field(() => String, { description: 'Exactly 6 decimals' })
  value!: string;

  @Field(() => Date)
  recordedAt!: Date;
}

@ObjectType('CountBatch', { description: 'An ingested batch of counts' })
export class CountBatch {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  batchKey!: string;

  @Field(() => Int)
  rowCount!: number;

  @Field(() => Date)
  recordedAt!: Date;

  @Field(() => Boolean, { description: 'True when this key was imported before with the same content' })
  replayed!: boolean;
}

export const CountConnection = ConnectionType(Count, 'Count');
