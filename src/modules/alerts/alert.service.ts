import crypto from 'node:crypto';
import { In } from 'typeorm';
import type { RequestContext } from '../../context';
import { MUNICIPALITY_CODE, Role, SYSTEM_ACTOR } from '../../common/auth/actor';
import { assertMunicipalityAccess, assertRole } from '../../common/auth/scope';
import { runCommand } from '../../common/db/run-command';
import { badInput, conflict, DomainError, forbidden, notFound } from '../../common/errors/domain-error';
import { idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { decodeCursor, toPage, type Page } from '../../common/graphql/connection';
import { todayInAmsterdam } from '../../common/dates';
import { money, toFixedScale } from '../../common/money/money';
import { existingCodes } from '../municipalities';
import { getScheme } from '../schemes';
import { accountabilityStatuses } from '../verantwoording';
import { getAllocationRun } from '../allocations';
import { forecastExposure, listForecasts } from '../forecasts';
import { listReception, personEventSourceActivity } from '../people';
import { notifyMunicipality } from '../chain';
import {
  AlertEntity,
  AlertStateEntity,
  AlertSubscriptionCancellationEntity,
  AlertSubscriptionEntity,
  AlertSubscriptionResumptionEntity,
} from './alert.entity';
import { AlertCondition, AlertKind, NATIONAL_CONDITIONS } from './alert.type';
import type { CancelAlertSubscriptionInput, ResumeAlertSubscriptionInput, SubscribeAlertInput } from './alert.inputs';
import {
  deadlineApproaching,
  feedSilence,
  NATIONAL,
  overdueDays,
  transitions,
  type Observation,
  type Transition,
} from './alert.calculator';

/** Serialises evaluations (the schedule, the on-demand mutation, several processes): one edge, one alert. */
export const ALERTS_LOCK = 8_000_001_800;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SOURCE = /^[A-Z0-9_-]{1,40}$/;

/** Which input fields each condition needs; every other optional field must be left out. */
const NEEDS: Record<AlertCondition, readonly (keyof SubscribeAlertInput)[]> = {
  [AlertCondition.DEADLINE_APPROACHING]: ['schemeCode', 'year', 'days'],
  [AlertCondition.REPORT_OVERDUE]: ['schemeCode', 'year'],
  [AlertCondition.RECOVERY_ABOVE_THRESHOLD]: ['allocationRunId', 'threshold'],
  [AlertCondition.OVERRUN_RANGE_CROSSES_BUDGET]: ['allocationRunId'],
  [AlertCondition.PERSON_WAITING_TOO_LONG]: ['days'],
  [AlertCondition.FEED_SILENT]: ['source', 'days'],
};
const OPTIONAL_FIELDS: readonly (keyof SubscribeAlertInput)[] = ['schemeCode', 'year', 'days', 'threshold', 'allocationRunId', 'source'];

/**
 * Subscribes the caller to a condition (decision 1330): a finance officer to any municipality's or
 * a national condition, a controller to its own municipality's only. Idempotent by key.
 */
export async function subscribeAlert(
  ctx: RequestContext,
  input: SubscribeAlertInput,
): Promise<{ subscription: AlertSubscriptionEntity; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.MUNICIPAL_CONTROLLER);
  const actor = ctx.actor!;
  const condition = input.condition;
  const national = NATIONAL_CONDITIONS.includes(condition);
  let municipalityCode = input.municipalityCode ?? null;
  if (actor.role === Role.MUNICIPAL_CONTROLLER) {
    if (national) {
      throw forbidden(`${condition} is a national condition: finance officers only`);
    }
    municipalityCode ??= actor.municipalityCode;
    assertMunicipalityAccess(ctx, municipalityCode ?? '-', 'subscribe to alerts of');
  }
  if (national && municipalityCode !== null) {
    throw badInput('input.municipalityCode', `not used by ${condition}: it is a national condition`);
  }
  const needs = NEEDS[condition];
  for (const field of OPTIONAL_FIELDS) {
    const given = input[field] !== null && input[field] !== undefined;
    if (needs.includes(field) && !given) {
      throw badInput(`input.${field}`, `${condition} needs ${field}`);
    }
    if (!needs.includes(field) && given) {
      throw badInput(`input.${field}`, `not used by ${condition}; leave it out`);
    }
  }
  const days = input.days ?? null;
  if (days !== null) {
    const [min, max] = condition === AlertCondition.DEADLINE_APPROACHING ? [0, 366] : [1, 3650];
    if (!Number.isInteger(days) || days < min || days > max) {
      throw badInput('input.days', `expected ${min} to ${max} days`);
    }
  }
  if (input.allocationRunId != null && !UUID.test(input.allocationRunId)) {
    throw notFound('allocation run', input.allocationRunId);
  }
  if (input.source != null && !SOURCE.test(input.source)) {
    throw badInput('input.source', 'a feed code: 1-40 of A-Z, 0-9, _ or -');
  }
  const canonical = {
    condition,
    municipalityCode,
    schemeCode: input.schemeCode ?? null,
    year: input.year ?? null,
    days,
    threshold: input.threshold == null ? null : toFixedScale(input.threshold, 2),
    allocationRunId: input.allocationRunId?.toLowerCase() ?? null,
    source: input.source ?? null,
    subscriber: actor.subject,
  };
  const hash = requestHash(canonical);
  return runCommand(ctx, async (tx) => {
    const out = await idempotent(tx, {
      key: input.idempotencyKey,
      field: 'input.idempotencyKey',
      what: 'alert subscription',
      requestHash: hash,
      find: async () => {
        const found = await tx.em.getRepository(AlertSubscriptionEntity).findOneBy({ idempotencyKey: input.idempotencyKey });
        return found && { requestHash: found.requestHash, replay: () => Promise.resolve(found) };
      },
      perform: async () => {
        const internal: RequestContext = { ...tx, actor: SYSTEM_ACTOR };
        if (municipalityCode !== null && !(await existingCodes(tx, [municipalityCode])).has(municipalityCode)) {
          throw notFound('municipality', municipalityCode);
        }
        if (canonical.schemeCode !== null && canonical.year !== null) {
          await getScheme(tx, canonical.schemeCode, canonical.year);
        }
        if (canonical.allocationRunId !== null) {
          await getAllocationRun(internal, canonical.allocationRunId);
        }
        if (canonical.source !== null && !(await personEventSourceActivity(tx)).some((s) => s.code === canonical.source)) {
          throw badInput('input.source', `${canonical.source} is not a declared feed (registerPersonEventSource)`);
        }
        const row = tx.em.getRepository(AlertSubscriptionEntity).create({
          id: crypto.randomUUID(),
          condition,
          municipalityCode,
          schemeCode: canonical.schemeCode,
          year: canonical.year,
          days,
          threshold: canonical.threshold,
          allocationRunId: canonical.allocationRunId,
          source: canonical.source,
          subscriber: actor.subject,
          subscriberRole: actor.role,
          idempotencyKey: input.idempotencyKey,
          requestHash: hash,
        });
        return tx.em.getRepository(AlertSubscriptionEntity).save(row);
      },
    });
    return { subscription: out.result, replayed: out.replayed };
  });
}

/** One cancellation of a subscription and the resumption that ended it (null while it is open). */
export interface CancellationPeriod {
  cancellation: AlertSubscriptionCancellationEntity;
  resumption: AlertSubscriptionResumptionEntity | null;
}

/**
 * A subscription with every cancellation, oldest first, each with the resumption that ended it
 * (decision 2040): its open cancellation and latest resumption are read from that history.
 */
export interface SubscriptionState {
  subscription: AlertSubscriptionEntity;
  history: CancellationPeriod[];
}

/**
 * Each subscription's cancellations and resumptions: cancelled while the latest cancellation has
 * no resumption of its `seq` (decision 1910); the whole history beside it (decision 2040).
 */
async function statesOf(ctx: RequestContext, subscriptions: AlertSubscriptionEntity[]): Promise<SubscriptionState[]> {
  const ids = subscriptions.map((s) => s.id);
  const [cancellations, resumptions] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          ctx.em.getRepository(AlertSubscriptionCancellationEntity).find({ where: { subscriptionId: In(ids) }, order: { seq: 'ASC' } }),
          ctx.em.getRepository(AlertSubscriptionResumptionEntity).find({ where: { subscriptionId: In(ids) }, order: { seq: 'ASC' } }),
        ]);
  const resumptionOf = new Map(resumptions.map((r) => [`${r.subscriptionId}:${r.seq}`, r]));
  const histories = new Map<string, CancellationPeriod[]>();
  // Ascending by seq: each subscription's periods in order, its last the latest.
  for (const cancellation of cancellations) {
    const periods = histories.get(cancellation.subscriptionId) ?? [];
    periods.push({ cancellation, resumption: resumptionOf.get(`${cancellation.subscriptionId}:${cancellation.seq}`) ?? null });
    histories.set(cancellation.subscriptionId, periods);
  }
  return subscriptions.map((subscription) => ({ subscription, history: histories.get(subscription.id) ?? [] }));
}

/** The open cancellation (the latest, while it has no resumption); null while the subscription is evaluated. */
export function openCancellation(history: CancellationPeriod[]): AlertSubscriptionCancellationEntity | null {
  const latest = history.at(-1);
  return latest !== undefined && latest.resumption === null ? latest.cancellation : null;
}

/** The latest resumption in a history (null if it was never resumed). */
export function latestResumption(history: CancellationPeriod[]): AlertSubscriptionResumptionEntity | null {
  for (let i = history.length - 1; i >= 0; i -= 1) {
    const resumption = history[i]!.resumption;
    if (resumption !== null) {
      return resumption;
    }
  }
  return null;
}

/**
 * A subscription's history as it stood when cancellation or resumption `seq` was made: what a
 * replay of that command answers, as the command itself answered.
 */
function historyAsOf(history: CancellationPeriod[], seq: number, resumed: boolean): CancellationPeriod[] {
  return history
    .filter((p) => p.cancellation.seq <= seq)
    .map((p) => (p.cancellation.seq === seq && !resumed ? { cancellation: p.cancellation, resumption: null } : p));
}

/** Subscriptions (cancelled ones too, with their cancellation), newest first: a controller sees those about its own municipality. */
export async function listSubscriptions(ctx: RequestContext): Promise<SubscriptionState[]> {
  const actor = ctx.actor;
  if (actor === null) {
    throw new DomainError('UNAUTHENTICATED', 'authentication required');
  }
  const repo = ctx.em.getRepository(AlertSubscriptionEntity);
  const rows =
    actor.role === Role.MUNICIPAL_CONTROLLER
      ? await repo.find({ where: { municipalityCode: actor.municipalityCode ?? '-' }, order: { createdAt: 'DESC' }, take: 500 })
      : await repo.find({ order: { createdAt: 'DESC' }, take: 500 });
  return statesOf(ctx, rows);
}

/**
 * Who may cancel or resume a subscription (decisions 1340, 1910): a finance officer any; a
 * controller only one about its own municipality that a controller made (the ministry's watch of
 * that municipality, every other municipality's and every national one are FORBIDDEN). Checked
 * before any idempotency key is looked at.
 */
function assertMayChange(ctx: RequestContext, subscription: AlertSubscriptionEntity, verb: 'cancels' | 'resumes'): void {
  const actor = ctx.actor!;
  if (actor.role !== Role.MUNICIPAL_CONTROLLER) {
    return;
  }
  if (subscription.municipalityCode === null || subscription.municipalityCode !== actor.municipalityCode) {
    throw forbidden(`alert subscription ${subscription.id} is not about your municipality`);
  }
  if (subscription.subscriberRole !== Role.MUNICIPAL_CONTROLLER) {
    throw forbidden(`alert subscription ${subscription.id} is the ministry's: a finance officer ${verb} it`);
  }
}

/** The subscription of a cancel or resume input, under the evaluation lock; NOT_FOUND for an unknown or malformed id. */
async function lockedSubscription(tx: RequestContext, rawId: unknown): Promise<AlertSubscriptionEntity> {
  if (typeof rawId !== 'string' || !UUID.test(rawId)) {
    throw notFound('alert subscription', String(rawId).slice(0, 60));
  }
  await tx.em.query('SELECT pg_advisory_xact_lock($1)', [ALERTS_LOCK]);
  const subscription = await tx.em.getRepository(AlertSubscriptionEntity).findOneBy({ id: rawId.toLowerCase() });
  if (subscription === null) {
    throw notFound('alert subscription', rawId);
  }
  return subscription;
}

/**
 * Cancels a subscription (decision 1340): a finance officer any, a controller those about its own
 * municipality that a controller made (not the ministry's). Append-only: a cancellation row; the
 * subscription is no longer evaluated, and each subject it had RAISED is CLEARED at once (evidence
 * `reason: subscription cancelled`, told to the municipality like any alert), under the evaluation
 * lock so that an evaluation running at the same moment fires nothing for it twice. Idempotent by
 * key; cancelling a cancelled subscription with another key is CONFLICT. A resumed subscription
 * (decision 1910) may be cancelled again: the cancellation takes the next `seq`.
 */
export async function cancelAlertSubscription(
  ctx: RequestContext,
  input: CancelAlertSubscriptionInput,
): Promise<{ subscription: SubscriptionState; cleared: AlertEntity[]; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.MUNICIPAL_CONTROLLER);
  const actor = ctx.actor!;
  return runCommand(ctx, async (tx) => {
    const subscription = await lockedSubscription(tx, input.id);
    const id = subscription.id;
    assertMayChange(tx, subscription, 'cancels');
    const hash = requestHash({ cancel: id, by: actor.subject });
    const cancellations = tx.em.getRepository(AlertSubscriptionCancellationEntity);
    const out = await idempotent(tx, {
      key: input.idempotencyKey,
      field: 'input.idempotencyKey',
      what: 'alert subscription cancellation',
      requestHash: hash,
      find: async () => {
        const found = await cancellations.findOneBy({ idempotencyKey: input.idempotencyKey });
        return (
          found && {
            requestHash: found.requestHash,
            replay: async () => ({
              cancellation: found,
              cleared: await tx.em.getRepository(AlertEntity).find({
                where: { subscriptionId: found.subscriptionId, kind: 'CLEARED', evaluatedAt: found.cancelledAt },
                order: { id: 'ASC' },
              }),
            }),
          }
        );
      },
      perform: async () => {
        const [state] = await statesOf(tx, [subscription]);
        const already = openCancellation(state!.history);
        if (already !== null) {
          throw conflict(`alert subscription ${id} was already cancelled at ${new Date(already.cancelledAt).toISOString()}`, {
            field: 'input.id',
          });
        }
        const now = new Date();
        const cancellation = await cancellations.save(
          cancellations.create({
            subscriptionId: id,
            // After its resumption, the next number (the database refuses any other).
            seq: (latestResumption(state!.history)?.seq ?? 0) + 1,
            cancelledBy: actor.subject,
            cancelledByRole: actor.role,
            idempotencyKey: input.idempotencyKey,
            requestHash: hash,
            cancelledAt: now,
          }),
        );
        const open = await tx.em
          .getRepository(AlertStateEntity)
          .find({ where: { subscriptionId: id, active: true }, order: { subject: 'ASC' } });
        const cleared: AlertEntity[] = [];
        for (const state of open) {
          cleared.push(
            await record(
              tx,
              subscription,
              {
                subject: state.subject,
                municipalityCode: state.subject === NATIONAL ? null : state.subject,
                kind: AlertKind.CLEARED,
                evidence: {
                  reason: 'subscription cancelled',
                  cancelledBy: actor.subject,
                  raisedAt: new Date(state.changedAt).toISOString(),
                },
              },
              now,
            ),
          );
        }
        return { cancellation, cleared };
      },
    });
    const [now] = await statesOf(tx, [subscription]);
    return {
      subscription: { subscription, history: historyAsOf(now!.history, out.result.cancellation.seq, false) },
      cleared: out.result.cleared,
      replayed: out.replayed,
    };
  });
}

/**
 * Resumes a cancelled subscription (decision 1910): who may cancel it may resume it (a finance
 * officer any, a controller those a controller made about its own municipality). Append-only: a
 * resumption row ending the open cancellation, under the evaluation lock. The subscription is
 * evaluated again from "nothing raised" (its cancellation cleared every subject), so a condition
 * that holds is RAISED at the next evaluation, as for a new subscription. Idempotent by key;
 * resuming a subscription that is not cancelled is CONFLICT (`input.id`); unknown id NOT_FOUND.
 */
export async function resumeAlertSubscription(
  ctx: RequestContext,
  input: ResumeAlertSubscriptionInput,
): Promise<{ subscription: SubscriptionState; replayed: boolean }> {
  assertRole(ctx, Role.FINANCE_OFFICER, Role.MUNICIPAL_CONTROLLER);
  const actor = ctx.actor!;
  return runCommand(ctx, async (tx) => {
    const subscription = await lockedSubscription(tx, input.id);
    const id = subscription.id;
    assertMayChange(tx, subscription, 'resumes');
    const hash = requestHash({ resume: id, by: actor.subject });
    const resumptions = tx.em.getRepository(AlertSubscriptionResumptionEntity);
    const out = await idempotent(tx, {
      key: input.idempotencyKey,
      field: 'input.idempotencyKey',
      what: 'alert subscription resumption',
      requestHash: hash,
      find: async () => {
        const found = await resumptions.findOneBy({ idempotencyKey: input.idempotencyKey });
        return found && { requestHash: found.requestHash, replay: () => Promise.resolve(found) };
      },
      perform: async () => {
        const [state] = await statesOf(tx, [subscription]);
        const open = openCancellation(state!.history);
        if (open === null) {
          throw conflict(`alert subscription ${id} is not cancelled`, { field: 'input.id' });
        }
        return resumptions.save(
          resumptions.create({
            subscriptionId: id,
            seq: open.seq,
            resumedBy: actor.subject,
            resumedByRole: actor.role,
            idempotencyKey: input.idempotencyKey,
            requestHash: hash,
            resumedAt: new Date(),
          }),
        );
      },
    });
    const [now] = await statesOf(tx, [subscription]);
    return { subscription: { subscription, history: historyAsOf(now!.history, out.result.seq, true) }, replayed: out.replayed };
  });
}

/**
 * Alerts, newest first. A controller sees the alerts about its own municipality (asking for
 * another is FORBIDDEN); national alerts are the ministry's.
 */
export async function listAlerts(
  ctx: RequestContext,
  input: { first: number; after?: string | null; municipalityCode?: string | null; subscriptionId?: string | null },
): Promise<Page<AlertEntity>> {
  const actor = ctx.actor;
  if (actor === null) {
    throw new DomainError('UNAUTHENTICATED', 'authentication required');
  }
  let code = input.municipalityCode ?? null;
  if (code !== null && !MUNICIPALITY_CODE.test(code)) {
    throw badInput('municipalityCode', 'expected a municipality code, GM and 4 digits such as "GM0363"');
  }
  if (code !== null) {
    assertMunicipalityAccess(ctx, code);
  } else if (actor.role === Role.MUNICIPAL_CONTROLLER) {
    code = actor.municipalityCode ?? '-';
  }
  if (input.subscriptionId != null && !UUID.test(input.subscriptionId)) {
    throw badInput('subscriptionId', 'not an alert subscription id');
  }
  const cursor = decodeCursor(input.after);
  if (cursor !== null && !/^\d{1,18}$/.test(cursor)) {
    throw badInput('after', 'not a cursor returned by this API');
  }
  const where = `($1::varchar IS NULL OR municipality_code = $1) AND ($2::uuid IS NULL OR subscription_id = $2::uuid)`;
  const [{ total }] = await ctx.em.query<[{ total: number }]>(`SELECT count(*)::int AS total FROM alerts WHERE ${where}`, [
    code,
    input.subscriptionId ?? null,
  ]);
  const rows = await ctx.em.query<Record<string, unknown>[]>(
    `SELECT id::text AS id, subscription_id AS "subscriptionId", condition, subject, municipality_code AS "municipalityCode", kind,
            evidence, evaluated_at AS "evaluatedAt"
       FROM alerts WHERE ${where} AND ($3::bigint IS NULL OR id < $3::bigint) ORDER BY id DESC LIMIT $4`,
    [code, input.subscriptionId ?? null, cursor, input.first + 1],
  );
  return toPage(rows as unknown as AlertEntity[], input.first, (r) => r.id, total);
}

export interface EvaluationResult {
  subscriptions: number;
  alerts: AlertEntity[];
  problems: string[];
}

/**
 * Evaluates every subscription once (the scheduled job and `evaluateAlerts`): observes each
 * condition, compares with the stored states, stores a RAISED or CLEARED alert with its evidence
 * for each crossing and tells the municipality through the chain's outbox, all in one transaction
 * under ALERTS_LOCK. A subscription whose condition cannot be observed (its scheme-year or run is
 * gone) is skipped and reported in `problems`; its state is kept.
 */
export async function evaluateAlerts(ctx: RequestContext, options: { now?: Date } = {}): Promise<EvaluationResult> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const now = options.now ?? new Date();
  return runCommand(ctx, async (tx) => {
    await tx.em.query('SELECT pg_advisory_xact_lock($1)', [ALERTS_LOCK]);
    const internal: RequestContext = { ...tx, actor: SYSTEM_ACTOR };
    // A cancelled subscription is not evaluated (decision 1340) until it is resumed (decision 1910); its open
    // alerts were cleared when it was cancelled.
    const subscriptions = await tx.em
      .getRepository(AlertSubscriptionEntity)
      .createQueryBuilder('s')
      .where(
        `NOT EXISTS (SELECT 1 FROM alert_subscription_cancellations c WHERE c.subscription_id = s.id
           AND NOT EXISTS (SELECT 1 FROM alert_subscription_resumptions r WHERE r.subscription_id = c.subscription_id AND r.seq = c.seq))`,
      )
      .orderBy('s.created_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getMany();
    const states = await tx.em.getRepository(AlertStateEntity).find();
    const observer = new Observer(internal, now);
    const fired: AlertEntity[] = [];
    const problems: string[] = [];
    for (const subscription of subscriptions) {
      let observed: Observation[];
      try {
        observed = await observer.observe(subscription);
      } catch (error) {
        if (!(error instanceof DomainError)) {
          throw error;
        }
        problems.push(`${subscription.id} (${subscription.condition}): ${error.message}`);
        continue;
      }
      const previous = new Map(states.filter((s) => s.subscriptionId === subscription.id).map((s) => [s.subject, s.active]));
      for (const t of transitions(previous, observed)) {
        fired.push(await record(tx, subscription, t, now));
      }
    }
    return { subscriptions: subscriptions.length, alerts: fired, problems };
  });
}

async function record(tx: RequestContext, subscription: AlertSubscriptionEntity, t: Transition, now: Date): Promise<AlertEntity> {
  const alert = await tx.em.getRepository(AlertEntity).save(
    tx.em.getRepository(AlertEntity).create({
      subscriptionId: subscription.id,
      condition: subscription.condition,
      subject: t.subject,
      municipalityCode: t.municipalityCode,
      kind: t.kind,
      evidence: t.evidence,
      evaluatedAt: now,
    }),
  );
  await tx.em.query(
    `INSERT INTO alert_states (subscription_id, subject, active, changed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (subscription_id, subject) DO UPDATE SET active = EXCLUDED.active, changed_at = EXCLUDED.changed_at`,
    [subscription.id, t.subject, t.kind === 'RAISED', now.toISOString()],
  );
  if (t.municipalityCode !== null) {
    await notifyMunicipality(tx, t.municipalityCode, { eventType: `ALERT_${t.kind}`, subjectId: `alert:${alert.id}`, occurredAt: now });
  }
  return alert;
}

const amount = (d: { toFixed(n: number): string }): string => d.toFixed(2);

/** Observes conditions, reading what several subscriptions share once per evaluation. */
class Observer {
  private readonly memo = new Map<string, Promise<unknown>>();
  private readonly today: string;

  constructor(
    private readonly ctx: RequestContext,
    private readonly now: Date,
  ) {
    this.today = todayInAmsterdam(now);
  }

  private once<T>(key: string, read: () => Promise<T>): Promise<T> {
    let hit = this.memo.get(key) as Promise<T> | undefined;
    if (hit === undefined) {
      hit = read();
      this.memo.set(key, hit);
    }
    return hit;
  }

  async observe(s: AlertSubscriptionEntity): Promise<Observation[]> {
    const within = <T extends { municipalityCode: string }>(rows: T[]): T[] =>
      s.municipalityCode === null ? rows : rows.filter((r) => r.municipalityCode === s.municipalityCode);
    switch (s.condition as AlertCondition) {
      case AlertCondition.DEADLINE_APPROACHING:
      case AlertCondition.REPORT_OVERDUE: {
        const scheme = await this.once(`scheme:${s.schemeCode}:${s.year}`, () => getScheme(this.ctx, s.schemeCode!, s.year!));
        const statuses = await this.once(`statuses:${s.schemeCode}:${s.year}`, () =>
          accountabilityStatuses(this.ctx, s.schemeCode!, s.year!, this.today),
        );
        const deadline = scheme.accountabilityDeadline;
        return within(statuses).map((m) => {
          const common = {
            schemeCode: s.schemeCode,
            year: s.year,
            deadline,
            today: this.today,
            submitted: m.submitted,
            latestStatus: m.latestStatus,
          };
          if (s.condition === AlertCondition.REPORT_OVERDUE) {
            return {
              subject: m.municipalityCode,
              municipalityCode: m.municipalityCode,
              active: m.overdue,
              evidence: { ...common, daysOverdue: overdueDays({ today: this.today, deadline }) },
            };
          }
          const d = deadlineApproaching({ today: this.today, deadline, days: s.days!, submitted: m.submitted });
          return {
            subject: m.municipalityCode,
            municipalityCode: m.municipalityCode,
            active: d.active,
            evidence: { ...common, days: s.days, daysLeft: d.daysLeft },
          };
        });
      }
      case AlertCondition.RECOVERY_ABOVE_THRESHOLD:
      case AlertCondition.OVERRUN_RANGE_CROSSES_BUDGET: {
        const exposure = await this.once(`exposure:${s.allocationRunId}`, () => this.latestExposure(s.allocationRunId!));
        if (exposure === null) {
          // No published forecast for the run's year: nothing to observe (a raised alert clears).
          return [];
        }
        const basis = {
          allocationRunId: exposure.allocationRunId,
          forecastId: exposure.forecastId,
          schemeCode: exposure.schemeCode,
          year: exposure.year,
        };
        if (s.condition === AlertCondition.OVERRUN_RANGE_CROSSES_BUDGET) {
          return [
            {
              subject: NATIONAL,
              municipalityCode: null,
              active: exposure.total['0.9'].gt(exposure.budget),
              evidence: {
                ...basis,
                budget: amount(exposure.budget),
                totalP10: amount(exposure.total['0.1']),
                totalP50: amount(exposure.total['0.5']),
                totalP90: amount(exposure.total['0.9']),
                overrunP10: amount(exposure.overrun['0.1']),
                overrunP50: amount(exposure.overrun['0.5']),
                overrunP90: amount(exposure.overrun['0.9']),
              },
            },
          ];
        }
        const threshold = money(s.threshold!);
        return within(exposure.lines).map((l) => {
          const recovery = l.settlement['0.5'].isNegative() ? l.settlement['0.5'].negated() : money('0');
          return {
            subject: l.municipalityCode,
            municipalityCode: l.municipalityCode,
            active: recovery.gt(threshold),
            evidence: {
              ...basis,
              threshold: amount(threshold),
              expectedRecovery: amount(recovery),
              paid: amount(l.paid),
              advanceBasis: amount(l.advanceBasis),
              settlementP10: amount(l.settlement['0.1']),
              settlementP50: amount(l.settlement['0.5']),
              settlementP90: amount(l.settlement['0.9']),
            },
          };
        });
      }
      case AlertCondition.PERSON_WAITING_TOO_LONG: {
        const reception = await this.once('reception', () => listReception(this.ctx, { date: this.today, first: 1 }));
        const longest = reception.longestDays ?? 0;
        return [
          {
            subject: NATIONAL,
            municipalityCode: null,
            active: longest > s.days!,
            evidence: { date: this.today, days: s.days, longestDays: reception.longestDays, waiting: reception.totalCount },
          },
        ];
      }
      case AlertCondition.FEED_SILENT: {
        const feeds = await this.once('feeds', () => personEventSourceActivity(this.ctx));
        const feed = feeds.find((f) => f.code === s.source);
        if (feed === undefined) {
          throw notFound('person-event source', s.source!);
        }
        const last = feed.lastDeliveryAt ?? feed.declaredAt;
        const silence = feedSilence({ now: this.now, lastDelivery: new Date(last), days: s.days! });
        return [
          {
            subject: NATIONAL,
            municipalityCode: null,
            active: silence.active,
            evidence: {
              source: s.source,
              days: s.days,
              lastDeliveryAt: feed.lastDeliveryAt === null ? null : new Date(feed.lastDeliveryAt).toISOString(),
              declaredAt: new Date(feed.declaredAt).toISOString(),
              daysSilent: silence.daysSilent,
            },
          },
        ];
      }
    }
    throw new Error(`unknown condition ${s.condition}`);
  }

  /** The exposure of an advance run on the newest published forecast of its year, or null when there is none. */
  private async latestExposure(allocationRunId: string) {
    const run = await getAllocationRun(this.ctx, allocationRunId);
    const [forecast] = await listForecasts(this.ctx, run.year);
    if (forecast === undefined) {
      return null;
    }
    return forecastExposure(this.ctx, { forecastId: forecast.id, allocationRunId });
  }
}
