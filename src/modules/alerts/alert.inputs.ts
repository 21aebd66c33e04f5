import Decimal from 'decimal.js';
import { IsOptional, Length } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { MoneyScalar } from '../../common/graphql/decimal.scalar';
import { IsMunicipalityCode, IsNonNegativeDecimal, IsSchemeCode, IsSchemeYear } from '../../common/validation/input-rules';
import { AlertCondition } from './alert.type';

@InputType({ description: 'A subscription to one condition; which fields it needs depends on the condition (docs/alerts.md)' })
export class SubscribeAlertInput {
  @Field(() => AlertCondition)
  condition!: AlertCondition;

  @Field(() => String, {
    nullable: true,
    description:
      'The municipality to watch; omitted: every municipality (finance officers) or your own (controllers). Not for national conditions',
  })
  @IsOptional()
  @IsMunicipalityCode()
  municipalityCode?: string | null;

  @Field(() => String, { nullable: true, description: 'DEADLINE_APPROACHING, REPORT_OVERDUE' })
  @IsOptional()
  @IsSchemeCode()
  schemeCode?: string | null;

  @Field(() => Int, { nullable: true, description: 'DEADLINE_APPROACHING, REPORT_OVERDUE' })
  @IsOptional()
  @IsSchemeYear()
  year?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'DEADLINE_APPROACHING: days before the deadline (0-366); PERSON_WAITING_TOO_LONG, FEED_SILENT: days (1-3650)',
  })
  @IsOptional()
  days?: number | null;

  @Field(() => MoneyScalar, {
    nullable: true,
    description: 'RECOVERY_ABOVE_THRESHOLD: the recovery in EUR above which it fires (0 or more)',
  })
  @IsOptional()
  @IsNonNegativeDecimal()
  threshold?: Decimal | null;

  @Field(() => ID, {
    nullable: true,
    description: 'RECOVERY_ABOVE_THRESHOLD, OVERRUN_RANGE_CROSSES_BUDGET: the allocation run the advances rest on',
  })
  @IsOptional()
  allocationRunId?: string | null;

  @Field(() => String, { nullable: true, description: 'FEED_SILENT: the person-event source (feed) code' })
  @IsOptional()
  source?: string | null;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType({ description: 'Cancel an alert subscription: it is no longer evaluated and its open alerts are cleared (decision 1340)' })
export class CancelAlertSubscriptionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}

@InputType({
  description:
    'Resume a cancelled alert subscription: evaluated again from nothing raised (decision 1910); who may cancel it may resume it',
})
export class ResumeAlertSubscriptionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  @Length(1, 200)
  idempotencyKey!: string;
}
