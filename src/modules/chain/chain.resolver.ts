import { Arg, Args, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { PageArgs } from '../../common/graphql/connection';
import {
  ChainDeliveryStatusType,
  ChainEndpointRegistrationType,
  ChainEndpointTestType,
  ChainInboxConnection,
  ChainNotificationConnection,
  NotificationTimelinessType,
} from './chain.type';
import * as delivery from './delivery.service';
import * as outbox from './outbox.service';

@Authorized()
@Resolver()
export class ChainResolver {
  @Authorized()
  @Query(() => ChainNotificationConnection, {
    description: 'A municipality’s notifications after a cursor, oldest first (a controller: its own only)',
  })
  chainNotifications(
    @Ctx() ctx: RequestContext,
    @Arg('municipalityCode', () => String) municipalityCode: string,
    @Args(() => PageArgs) page: PageArgs,
  ) {
    return outbox.listNotifications(ctx, { municipalityCode, first: page.first, after: page.after });
  }

  @Authorized()
  @Query(() => [NotificationTimelinessType], {
    description: 'Per municipality, how fast person events from the chain reached the engine and the municipality (median, p90)',
  })
  notificationTimeliness(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Arg('municipalityCodes', () => [String], { nullable: true }) municipalityCodes?: string[] | null,
  ) {
    return outbox.notificationTimeliness(ctx, { from, to, municipalityCodes });
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => ChainInboxConnection, { description: 'Notifications received from the chain, newest first, with their outcome' })
  chainInbox(@Ctx() ctx: RequestContext, @Args(() => PageArgs) page: PageArgs) {
    return outbox.listInbox(ctx, { first: page.first, after: page.after });
  }

  @Authorized()
  @Query(() => [ChainDeliveryStatusType], {
    description: 'Endpoints and delivery progress, parked deliveries included (the dead-letter list); a controller: its own only',
  })
  chainDeliveries(
    @Ctx() ctx: RequestContext,
    @Arg('municipalityCodes', () => [String], { nullable: true }) municipalityCodes?: string[] | null,
  ) {
    return delivery.deliveryStatus(ctx, municipalityCodes);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.MUNICIPAL_CONTROLLER)
  @Mutation(() => ChainEndpointRegistrationType, {
    description:
      'Register (or replace) the endpoint a municipality is notified at; a controller: its own only. Returns the signing secret once',
  })
  registerChainEndpoint(
    @Ctx() ctx: RequestContext,
    @Arg('municipalityCode', () => String) municipalityCode: string,
    @Arg('url', () => String) url: string,
  ) {
    return delivery.registerEndpoint(ctx, { municipalityCode, url });
  }

  @Authorized(Role.FINANCE_OFFICER, Role.MUNICIPAL_CONTROLLER)
  @Mutation(() => ChainEndpointTestType, {
    description: 'Send a signed ENDPOINT_TEST to the registered endpoint; a controller: its own only',
  })
  testChainEndpoint(@Ctx() ctx: RequestContext, @Arg('municipalityCode', () => String) municipalityCode: string) {
    return delivery.testEndpoint(ctx, municipalityCode);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => ChainDeliveryStatusType, {
    description: 'Try a parked (dead-lettered) delivery again, from its head notification, in order',
  })
  replayChainDeliveries(@Ctx() ctx: RequestContext, @Arg('municipalityCode', () => String) municipalityCode: string) {
    return delivery.replayDeliveries(ctx, municipalityCode);
  }
}
