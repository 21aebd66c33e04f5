import { Field, InputType } from 'type-graphql';
import { ArrayMaxSize, ArrayMinSize, IsOptional } from 'class-validator';

/**
 * One event. Enum-like fields are plain strings on purpose: the service validates them and reports
 * each bad line with its number and reason, instead of GraphQL refusing the whole request unnamed.
 */
@InputType()
export class PersonEventInput {
  @Field(() => String)
  eventId!: string;
  @Field(() => String, { description: 'Opaque pseudonym: 8-64 of A-Za-z0-9_-, not only digits' })
  personId!: string;
  @Field(() => String, { description: 'OBLIGATION_STARTED, HOUSED, MOVED or OBLIGATION_ENDED' })
  type!: string;
  @Field(() => String, { description: 'YYYY-MM-DD' })
  date!: string;
  @Field(() => String, { nullable: true, description: 'OBLIGATION_STARTED: ASIELSTATUSHOUDER, GEZINSMIGRANT or OVERIG' })
  @IsOptional()
  category?: string | null;
  @Field(() => String, { nullable: true, description: 'OBLIGATION_STARTED: B1, ONDERWIJSROUTE, Z_ROUTE or none' })
  @IsOptional()
  route?: string | null;
  @Field(() => String, { nullable: true, description: 'OBLIGATION_STARTED (none = reception) and HOUSED (required)' })
  @IsOptional()
  municipalityCode?: string | null;
  @Field(() => String, { nullable: true, description: 'MOVED' })
  @IsOptional()
  fromCode?: string | null;
  @Field(() => String, { nullable: true, description: 'MOVED' })
  @IsOptional()
  toCode?: string | null;
  @Field(() => String, { nullable: true, description: 'OBLIGATION_ENDED: COMPLETED, EXEMPTED, LEFT_COUNTRY or OTHER' })
  @IsOptional()
  endReason?: string | null;
  @Field(() => String, { description: 'Feed code, e.g. COA, BRP, DUO' })
  source!: string;
  @Field(() => String, { description: 'When the source recorded it: ISO 8601 with a zone' })
  sourceRecordedAt!: string;
}

@InputType()
export class ImportPersonEventsInput {
  @Field(() => String, { description: 'Idempotency key of the batch' })
  batchKey!: string;
  @Field(() => [PersonEventInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(20000)
  events!: PersonEventInput[];
}

@InputType()
export class RegisterPersonEventSourceInput {
  @Field(() => String)
  code!: string;
  @Field(() => Boolean)
  outOfOrder!: boolean;
}
