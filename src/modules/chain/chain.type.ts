import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/graphql/connection';

@ObjectType('ChainNotification', { description: 'A thin notification to a municipality, in the engine’s own catalogue (docs/chain.md)' })
export class ChainNotificationType {
  @Field(() => ID, { description: 'Increases in commit order per municipality' })
  id!: string;

  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { description: 'PERSON_OBLIGATION_STARTED, PERSON_HOUSED, PERSON_MOVED_IN, PERSON_MOVED_OUT, …' })
  eventType!: string;

  @Field(() => String, { description: 'Pseudonymised person id or a decision id; read the details through the API' })
  subjectId!: string;

  @Field(() => Date, { description: 'When it happened at the source' })
  occurredAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the engine received it (null for the engine’s own decisions)' })
  receivedAt!: Date | null;

  @Field(() => Date, { description: 'When the municipality could read it' })
  notifiedAt!: Date;
}

export const ChainNotificationConnection = ConnectionType(ChainNotificationType, 'ChainNotification');

@ObjectType('NotificationTimeliness', { description: 'Delay distribution of one municipality’s person events from the chain, in seconds' })
export class NotificationTimelinessType {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => Int, { nullable: true, description: 'Median seconds from registration at the source to receipt by the engine' })
  receiveP50Seconds!: number | null;

  @Field(() => Int, { nullable: true })
  receiveP90Seconds!: number | null;

  @Field(() => Int, { nullable: true, description: 'Median seconds from registration at the source until the municipality could read it' })
  notifyP50Seconds!: number | null;

  @Field(() => Int, { nullable: true })
  notifyP90Seconds!: number | null;

  @Field(() => Int, { nullable: true })
  maxNotifySeconds!: number | null;
}

@ObjectType('ChainInboxMessage', { description: 'A notification received from the chain and what became of it' })
export class ChainInboxMessageType {
  @Field(() => ID)
  berichtId!: string;

  @Field(() => String)
  gebeurtenisId!: string;

  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { nullable: true, description: 'The engine’s pseudonym (never a BSN)' })
  personId!: string | null;

  @Field(() => Date)
  registeredAt!: Date;

  @Field(() => Date)
  receivedAt!: Date;

  @Field(() => String, { description: 'APPLIED, PENDING, NO_CHANGE, IGNORED or UNRESOLVED' })
  outcome!: string;

  @Field(() => String)
  reason!: string;
}

export const ChainInboxConnection = ConnectionType(ChainInboxMessageType, 'ChainInboxMessage');

@ObjectType('ChainEndpointRegistration', { description: 'A registered endpoint and its signing secret (shown only now)' })
export class ChainEndpointRegistrationType {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String)
  url!: string;

  @Field(() => String, { description: 'Standard Webhooks secret (whsec_…): verify webhook-signature with it' })
  secret!: string;
}

@ObjectType('ChainEndpointTest', { description: 'What the endpoint answered to a signed ENDPOINT_TEST' })
export class ChainEndpointTestType {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => Int, { nullable: true })
  status!: number | null;

  @Field(() => String, { nullable: true })
  error!: string | null;
}

@ObjectType('ChainDeliveryStatus', {
  description: 'Delivery to one municipality’s endpoint; deadSince set = parked (dead letter) until replayed',
})
export class ChainDeliveryStatusType {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String)
  url!: string;

  @Field(() => String, { description: 'Every notification up to this id was acknowledged' })
  deliveredUpTo!: string;

  @Field(() => Int, { description: 'Notifications not yet acknowledged' })
  pending!: number;

  @Field(() => Int, { description: 'Failed attempts of the head notification' })
  attempts!: number;

  @Field(() => Date)
  nextAttemptAt!: Date;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field(() => Date, { nullable: true })
  deadSince!: Date | null;

  @Field(() => Date, { nullable: true })
  lastDeliveredAt!: Date | null;
}
