import { Role } from '../../common/auth/actor';
import type { RequestContext } from '../../context';
import type { Page } from '../../common/graphql/connection';
import type { AlertEntity } from './alert.entity';
import {
  AlertCondition,
  AlertKind,
  type AlertEvaluationType,
  type AlertSubscriptionCancellationOutcome,
  type AlertSubscriptionOutcome,
  type AlertSubscriptionResumptionOutcome,
  type AlertSubscriptionType,
  type AlertType,
} from './alert.type';
import type { CancelAlertSubscriptionInput, ResumeAlertSubscriptionInput, SubscribeAlertInput } from './alert.inputs';
import * as service from './alert.service';

export function toSubscriptionType({ subscription: s, history }: service.SubscriptionState): AlertSubscriptionType {
  const cancellation = service.openCancellation(history);
  const resumption = service.latestResumption(history);
  return {
    id: s.id,
    condition: s.condition as AlertCondition,
    municipalityCode: s.municipalityCode,
    schemeCode: s.schemeCode,
    year: s.year,
    days: s.days,
    // numeric(20,2) reads as its canonical two-decimal string ("1000.00").
    threshold: s.threshold,
    allocationRunId: s.allocationRunId,
    source: s.source,
    subscriber: s.subscriber,
    subscriberRole: s.subscriberRole as Role,
    createdAt: s.createdAt,
    cancelledAt: cancellation === null ? null : new Date(cancellation.cancelledAt),
    cancelledBy: cancellation?.cancelledBy ?? null,
    resumedAt: resumption === null ? null : new Date(resumption.resumedAt),
    resumedBy: resumption?.resumedBy ?? null,
    cancellations: history.map((p) => ({
      seq: p.cancellation.seq,
      cancelledAt: new Date(p.cancellation.cancelledAt),
      cancelledBy: p.cancellation.cancelledBy,
      cancelledByRole: p.cancellation.cancelledByRole as Role,
      resumedAt: p.resumption === null ? null : new Date(p.resumption.resumedAt),
      resumedBy: p.resumption?.resumedBy ?? null,
      resumedByRole: p.resumption === null ? null : (p.resumption.resumedByRole as Role),
    })),
  };
}

export function toAlertType(a: AlertEntity): AlertType {
  return {
    id: String(a.id),
    subscriptionId: a.subscriptionId,
    condition: a.condition as AlertCondition,
    kind: a.kind as AlertKind,
    subject: a.subject,
    municipalityCode: a.municipalityCode,
    evidence: a.evidence,
    evaluatedAt: new Date(a.evaluatedAt),
  };
}

export async function subscribeAlertOutcome(ctx: RequestContext, input: SubscribeAlertInput): Promise<AlertSubscriptionOutcome> {
  const { subscription, replayed } = await service.subscribeAlert(ctx, input);
  return { replayed, subscription: toSubscriptionType({ subscription, history: [] }) };
}

export async function cancelAlertSubscriptionOutcome(
  ctx: RequestContext,
  input: CancelAlertSubscriptionInput,
): Promise<AlertSubscriptionCancellationOutcome> {
  const { subscription, cleared, replayed } = await service.cancelAlertSubscription(ctx, input);
  return { replayed, subscription: toSubscriptionType(subscription), cleared: cleared.map(toAlertType) };
}

export async function resumeAlertSubscriptionOutcome(
  ctx: RequestContext,
  input: ResumeAlertSubscriptionInput,
): Promise<AlertSubscriptionResumptionOutcome> {
  const { subscription, replayed } = await service.resumeAlertSubscription(ctx, input);
  return { replayed, subscription: toSubscriptionType(subscription) };
}

export async function evaluateAlertsOutcome(ctx: RequestContext): Promise<AlertEvaluationType> {
  const result = await service.evaluateAlerts(ctx);
  return { subscriptions: result.subscriptions, alerts: result.alerts.map(toAlertType), problems: result.problems };
}

export async function alertsPage(
  ctx: RequestContext,
  input: { first: number; after?: string | null; municipalityCode?: string | null; subscriptionId?: string | null },
): Promise<Page<AlertType>> {
  const page = await service.listAlerts(ctx, input);
  return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toAlertType(e.node) })) };
}

export async function subscriptions(ctx: RequestContext): Promise<AlertSubscriptionType[]> {
  return (await service.listSubscriptions(ctx)).map(toSubscriptionType);
}
