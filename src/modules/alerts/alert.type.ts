import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { Role } from '../../common/auth/actor';
import { MoneyScalar } from '../../common/graphql/decimal.scalar';
import { ConnectionType } from '../../common/graphql/connection';

export enum AlertCondition {
  DEADLINE_APPROACHING = 'DEADLINE_APPROACHING',
  REPORT_OVERDUE = 'REPORT_OVERDUE',
  RECOVERY_ABOVE_THRESHOLD = 'RECOVERY_ABOVE_THRESHOLD',
  OVERRUN_RANGE_CROSSES_BUDGET = 'OVERRUN_RANGE_CROSSES_BUDGET',
  PERSON_WAITING_TOO_LONG = 'PERSON_WAITING_TOO_LONG',
  FEED_SILENT = 'FEED_SILENT',
}
registerEnumType(AlertCondition, {
  name: 'AlertCondition',
  description: 'What an alert subscription watches (docs/alerts.md)',
  valuesConfig: {
    DEADLINE_APPROACHING: { description: "A municipality's accountability deadline is at most `days` days away and nothing is submitted" },
    REPORT_OVERDUE: { description: 'The deadline passed and nothing is submitted' },
    RECOVERY_ABOVE_THRESHOLD: {
      description: "A municipality's expected recovery (median forecast, against the advance run) is above `threshold`",
    },
    OVERRUN_RANGE_CROSSES_BUDGET: { description: 'The national total at the 90 % forecast is above the budget line' },
    PERSON_WAITING_TOO_LONG: { description: 'Someone is obliged but in no municipality’s view for more than `days` days' },
    FEED_SILENT: { description: 'A person-event feed (`source`) has delivered nothing for `days` days' },
  },
});

/** Conditions about the whole country: no municipality, finance officers only. */
export const NATIONAL_CONDITIONS: readonly AlertCondition[] = [
  AlertCondition.OVERRUN_RANGE_CROSSES_BUDGET,
  AlertCondition.PERSON_WAITING_TOO_LONG,
  AlertCondition.FEED_SILENT,
];

export enum AlertKind {
  RAISED = 'RAISED',
  CLEARED = 'CLEARED',
}
registerEnumType(AlertKind, { name: 'AlertKind', description: 'RAISED when the condition became true, CLEARED when it stopped' });

@ObjectType('AlertSubscriptionCancellation', {
  description: 'One cancellation of an alert subscription and the resumption that ended it (decision 1910); both append-only',
})
export class AlertSubscriptionCancellationType {
  @Field(() => Int, { description: "1 for the subscription's first cancellation, 2 for the one after its first resumption, …" })
  seq!: number;

  @Field(() => Date)
  cancelledAt!: Date;

  @Field(() => String)
  cancelledBy!: string;

  @Field(() => Role)
  cancelledByRole!: Role;

  @Field(() => Date, { nullable: true, description: 'When it was resumed; null while this cancellation is open' })
  resumedAt!: Date | null;

  @Field(() => String, { nullable: true })
  resumedBy!: string | null;

  @Field(() => Role, { nullable: true })
  resumedByRole!: Role | null;
}

@ObjectType('AlertSubscription', { description: 'A subscription to one alert condition' })
export class AlertSubscriptionType {
  @Field(() => ID)
  id!: string;

  @Field(() => AlertCondition)
  condition!: AlertCondition;

  @Field(() => String, { nullable: true, description: 'The municipality watched; null: every municipality, or a national condition' })
  municipalityCode!: string | null;

  @Field(() => String, { nullable: true })
  schemeCode!: string | null;

  @Field(() => Int, { nullable: true })
  year!: number | null;

  @Field(() => Int, { nullable: true })
  days!: number | null;

  @Field(() => MoneyScalar, { nullable: true, description: 'RECOVERY_ABOVE_THRESHOLD: the threshold in EUR, 2 decimals' })
  threshold!: string | null;

  @Field(() => ID, { nullable: true })
  allocationRunId!: string | null;

  @Field(() => String, { nullable: true })
  source!: string | null;

  @Field(() => String)
  subscriber!: string;

  @Field(() => Role, { description: 'The role of whoever subscribed: a controller cancels only subscriptions a controller made' })
  subscriberRole!: Role;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When it was cancelled (no longer evaluated); null while it is active' })
  cancelledAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who cancelled it' })
  cancelledBy!: string | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When it was last resumed after a cancellation (decision 1910); null if it never was',
  })
  resumedAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Who last resumed it' })
  resumedBy!: string | null;

  @Field(() => [AlertSubscriptionCancellationType], {
    description:
      'Every cancellation, oldest first, each with the resumption that ended it; the last has none while the subscription is cancelled (decision 2040)',
  })
  cancellations!: AlertSubscriptionCancellationType[];
}

@ObjectType('AlertSubscriptionOutcome')
export class AlertSubscriptionOutcome {
  @Field(() => Boolean, { description: 'True when the key was seen before and this is the original subscription' })
  replayed!: boolean;

  @Field(() => AlertSubscriptionType)
  subscription!: AlertSubscriptionType;
}

@ObjectType('Alert', { description: 'One crossing of a condition, with the values it was judged on' })
export class AlertType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  subscriptionId!: string;

  @Field(() => AlertCondition)
  condition!: AlertCondition;

  @Field(() => AlertKind)
  kind!: AlertKind;

  @Field(() => String, { description: 'A municipality code, or NATIONAL' })
  subject!: string;

  @Field(() => String, { nullable: true })
  municipalityCode!: string | null;

  @Field(() => GraphQLJSONObject, { description: 'The values at the moment of evaluation (amounts as decimal strings)' })
  evidence!: Record<string, unknown>;

  @Field(() => Date)
  evaluatedAt!: Date;
}

export const AlertConnection = ConnectionType(AlertType, 'Alert');

@ObjectType('AlertEvaluation', { description: 'What one evaluation of every subscription found' })
export class AlertEvaluationType {
  @Field(() => Int)
  subscriptions!: number;

  @Field(() => [AlertType], { description: 'The alerts this evaluation raised or cleared (none when nothing crossed)' })
  alerts!: AlertType[];

  @Field(() => [String], { description: 'Subscriptions that could not be observed (their scheme-year or run is gone), with the reason' })
  problems!: string[];
}

@ObjectType('AlertSubscriptionCancellationOutcome')
export class AlertSubscriptionCancellationOutcome {
  @Field(() => Boolean, { description: 'True when the key was seen before and this is the original cancellation' })
  replayed!: boolean;

  @Field(() => AlertSubscriptionType)
  subscription!: AlertSubscriptionType;

  @Field(() => [AlertType], { description: 'The open alerts of the subscription that the cancellation CLEARED' })
  cleared!: AlertType[];
}

@ObjectType('AlertSubscriptionResumptionOutcome')
export class AlertSubscriptionResumptionOutcome {
  @Field(() => Boolean, { description: 'True when the key was seen before and this is the original resumption' })
  replayed!: boolean;

  @Field(() => AlertSubscriptionType)
  subscription!: AlertSubscriptionType;
}
