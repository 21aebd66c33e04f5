import { Arg, Args, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { PageArgs } from '../../common/graphql/connection';
import { ChainInboxConnection, ChainNotificationConnection, NotificationTimelinessType } from './chain.type';
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
}
