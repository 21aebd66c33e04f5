import { ArrayMaxSize, IsOptional, Length } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { IsMunicipalityCode, IsSchemeYear } from '../../common/validation/input-rules';

/**
 * One row of a batch. Every field is text on purpose: an unknown category or a malformed value is
 * reported per line and field by the service instead of failing the whole request in coercion.
 */
@InputType()
export class CountRowInput {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { description: 'MONTH, QUARTER, HALF_YEAR or YEAR' })
  periodType!: string;

  @Field(() => String, { description: 'First day, YYYY-MM-DD' })
  periodStart!: string;

  @Field(() => String, { description: 'Last day, YYYY-MM-DD' })
  periodEnd!: string;

  @Field(() => String, { description: 'ASIELSTATUSHOUDER, GEZINSMIGRANT or OVERIG' })
  category!: string;

  @Field(() => String, { nullable: true, description: 'B1, ONDERWIJSROUTE, Z_ROUTE or null' })
  route?: string | null;

  @Field(() => String, { description: 'TAAKSTELLING, FORECAST, REGISTERED or REPORTED' })
  basis!: string;

  @Field(() => String, { nullable: true, description: 'Attribution rule (REGISTERED only)' })
  rule?: string | null;

  @Field(() => String, { description: 'DUO, COA, MUNICIPALITY, MINISTRY or ATTRIBUTION' })
  source!: string;

  @Field(() => String, { description: 'Decimal string >= 0 with at most 6 decimals' })
  value!: string;
}

@InputType()
export class ImportCountsInput {
  @Field(() => String, { description: 'Idempotency key of the batch' })
  @Length(1, 200)
  batchKey!: string;

  @Field(() => [CountRowInput])
  @ArrayMaxSize(50000)
  rows!: CountRowInput[];
}

@InputType()
export class CountFilterInput {
  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(400)
  @IsMunicipalityCode({ each: true })
  municipalityCodes?: string[];

  @Field(() => String, { nullable: true })
  basis?: string;

  @Field(() => String, { nullable: true })
  rule?: string;

  @Field(() => String, { nullable: true })
  category?: string;

  @Field(() => Int, { nullable: true })
  @IsSchemeYear()
  year?: number;

  @Field(() => String, { nullable: true })
  batchKey?: string;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'Only the row in force per key (default true)' })
  currentOnly?: boolean;

  @Field(() => String, { nullable: true, description: 'ISO timestamp: the counts as recorded at that moment' })
  asRecordedAt?: string;
}
