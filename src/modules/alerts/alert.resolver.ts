import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { PageArgs, type Page } from '../../common/graphql/connection';
import {
  AlertConnection,
  AlertEvaluationType,
  AlertSubscriptionCancellationOutcome,
  AlertSubscriptionOutcome,
  AlertSubscriptionResumptionOutcome,
  AlertSubscriptionType,
  AlertType,
} from './alert.type';
import { CancelAlertSubscriptionInput, ResumeAlertSubscriptionInput, SubscribeAlertInput } from './alert.inputs';
import * as mutations from './alert.mutations';

/** Alerts that fire once per crossing (issue 18 item 6, decision 1330; docs/alerts.md). */
@Authorized()
@Resolver(() => AlertType)
export class AlertResolver {
  @Authorized(Role.FINANCE_OFFICER, Role.MUNICIPAL_CONTROLLER)
  @Mutation(() => AlertSubscriptionOutcome, {
    description: 'Subscribe to a condition: finance officers any municipality or national, controllers their own municipality',
  })
  subscribeAlert(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => SubscribeAlertInput) input: SubscribeAlertInput,
  ): Promise<AlertSubscriptionOutcome> {
    return mutations.subscribeAlertOutcome(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.MUNICIPAL_CONTROLLER)
  @Mutation(() => AlertSubscriptionCancellationOutcome, {
    description:
      'Cancel a subscription: no longer evaluated, its open alerts CLEARED. Finance officers any, controllers those a controller made about their own municipality',
  })
  cancelAlertSubscription(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => CancelAlertSubscriptionInput) input: CancelAlertSubscriptionInput,
  ): Promise<AlertSubscriptionCancellationOutcome> {
    return mutations.cancelAlertSubscriptionOutcome(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.MUNICIPAL_CONTROLLER)
  @Mutation(() => AlertSubscriptionResumptionOutcome, {
    description:
      'Resume a cancelled subscription: evaluated again, from nothing raised. Whoever may cancel it: finance officers any, controllers those a controller made about their own municipality',
  })
  resumeAlertSubscription(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ResumeAlertSubscriptionInput) input: ResumeAlertSubscriptionInput,
  ): Promise<AlertSubscriptionResumptionOutcome> {
    return mutations.resumeAlertSubscriptionOutcome(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => AlertEvaluationType, {
    description: 'Evaluate every subscription now (the schedule does this every 15 minutes); returns what crossed',
  })
  evaluateAlerts(@Ctx() ctx: RequestContext): Promise<AlertEvaluationType> {
    return mutations.evaluateAlertsOutcome(ctx);
  }

  @Authorized()
  @Query(() => [AlertSubscriptionType], { description: 'Alert subscriptions, newest first (controllers: own municipality)' })
  alertSubscriptions(@Ctx() ctx: RequestContext): Promise<AlertSubscriptionType[]> {
    return mutations.subscriptions(ctx);
  }

  @Authorized()
  @Query(() => AlertConnection, { description: 'Alerts raised and cleared, newest first (controllers: own municipality)' })
  alerts(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('municipalityCode', () => String, { nullable: true }) municipalityCode?: string | null,
    @Arg('subscriptionId', () => ID, { nullable: true }) subscriptionId?: string | null,
  ): Promise<Page<AlertType>> {
    return mutations.alertsPage(ctx, { first: page.first, after: page.after, municipalityCode, subscriptionId });
  }
}
