import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { IsSchemeYear } from '../../common/validation/input-rules';

@InputType('DistributeHousingTaskInput')
export class DistributeHousingTaskInput {
  @Field(() => Int)
  @IsSchemeYear()
  year!: number;
  @Field(() => Int, { description: '1 = January-June, 2 = July-December' })
  half!: number;
  @Field(() => Int, { description: 'National task for the half-year, whole persons (0-1000000)' })
  total!: number;
  @Field(() => String)
  idempotencyKey!: string;
}

@ObjectType('HousingTaskLine', { description: 'One municipality in a half-year housing task' })
export class HousingTaskLineType {
  @Field(() => String)
  municipalityCode!: string;
  @Field(() => Int, { description: 'Population used as the weight' })
  population!: number;
  @Field(() => String, { description: 'Exact quota: total × population / Σ population (unrounded)' })
  exactShare!: string;
  @Field(() => Int, { description: 'Share of the national task, whole persons (largest remainder)' })
  task!: number;
  @Field(() => Int, { description: 'Asylum status holders housed in the previous half-year (0 without a previous run)' })
  housedPrevious!: number;
  @Field(() => Int, { description: 'Previous obligation − housedPrevious; negative = ahead (0 without a previous run)' })
  backlogIn!: number;
  @Field(() => Int, { description: 'task + backlogIn' })
  obligation!: number;
  @Field(() => Int, { description: 'Recorded as the TAAKSTELLING count: max(0, obligation)' })
  counted!: number;
}

@ObjectType('HousingTaskRun', { description: 'A distributed half-year housing task with its inputs hash, recorded as TAAKSTELLING counts' })
export class HousingTaskRunType {
  @Field(() => String)
  id!: string;
  @Field(() => Int)
  year!: number;
  @Field(() => Int)
  half!: number;
  @Field(() => Int)
  total!: number;
  @Field(() => String)
  periodStart!: string;
  @Field(() => String)
  periodEnd!: string;
  @Field(() => String, { nullable: true, description: 'The previous half-year’s run whose backlog was carried forward' })
  previousRunId!: string | null;
  @Field(() => String, { description: 'SHA-256 of the canonical inputs' })
  inputHash!: string;
  @Field(() => String, { description: 'SHA-256 of the lines' })
  resultHash!: string;
  @Field(() => String, { description: 'Batch key of the TAAKSTELLING counts recorded' })
  countBatchKey!: string;
  @Field(() => String)
  recordedBy!: string;
  @Field(() => Date)
  recordedAt!: Date;
  @Field(() => [HousingTaskLineType])
  lines!: HousingTaskLineType[];
  @Field(() => Boolean)
  replayed!: boolean;
}
