import Decimal from 'decimal.js';
import { createTestApp, codes, type TestApp } from '../helpers/test-app';
import { countsAndRun, createTestRules, createTestScheme } from '../helpers/advances';
import { Role } from '../../src/common/auth/actor';
import { RunStage } from '../../src/modules/allocations';
import { overrideForecast } from '../../src/modules/forecasts';
import { importPersonEvents, registerPersonEventSource } from '../../src/modules/people';
import { listNotifications } from '../../src/modules/chain';
import { evaluateAlerts } from '../../src/modules/alerts';
import { todayInAmsterdam } from '../../src/common/dates';

/**
 * Issue 18 item 6: alerts fire exactly once per crossing. Every condition is moved back and forth
 * (by new forecasts, by time, by a feed delivering) and each crossing gives one RAISED or one
 * CLEARED alert with its evidence, repeated evaluations without a crossing give none, and each
 * alert about a municipality reaches that municipality's chain feed.
 */
const S = 'ALERT-S';
const Y = 2026;
const OWN = 'GM0363';
const OTHER = 'GM0344';
const FEED = 'ALERT-FEED';

interface Alert {
  id: string;
  subscriptionId: string;
  condition: string;
  kind: string;
  subject: string;
  municipalityCode: string | null;
  evidence: Record<string, unknown>;
}

const ALERT_FIELDS = 'id subscriptionId condition kind subject municipalityCode evidence';

describe('alerts that fire once per crossing', () => {
  let t: TestApp;
  let run: string;
  const fo = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-alerts');
  const sub = {} as Record<'recovery' | 'overrun' | 'deadline' | 'overdue' | 'waiting' | 'feed', string>;

  const subscribe = async (input: Record<string, unknown>, token?: string): Promise<string> => {
    const data = await t.ok<{ subscribeAlert: { subscription: { id: string } } }>(
      `mutation($input: SubscribeAlertInput!) { subscribeAlert(input: $input) { replayed subscription { id } } }`,
      { input },
      token,
    );
    return data.subscribeAlert.subscription.id;
  };
  /** Evaluates through the API (now) and returns what crossed. */
  const evaluate = async (): Promise<Alert[]> =>
    (
      await t.ok<{ evaluateAlerts: { alerts: Alert[] } }>(
        `mutation { evaluateAlerts { subscriptions problems alerts { ${ALERT_FIELDS} } } }`,
      )
    ).evaluateAlerts.alerts;
  /** Evaluates at another moment (the service, as the job calls it) and returns what crossed. */
  const evaluateAt = async (now: Date): Promise<Alert[]> =>
    (await evaluateAlerts(fo(), { now })).alerts.map((a) => ({ ...a, id: String(a.id) }));
  const of = (alerts: Alert[], subscription: string) =>
    alerts.filter((a) => a.subscriptionId === subscription).map((a) => `${a.subject} ${a.kind}`);
  let forecastSeq = 0;
  const forecastOwn = (value: string) =>
    overrideForecast(fo(), {
      year: Y,
      municipalityCode: OWN,
      category: 'ASIELSTATUSHOUDER',
      route: null,
      value: new Decimal(value),
      reason: `re-estimate ${(forecastSeq += 1)}`,
      idempotencyKey: `alert-fc-${forecastSeq}`,
    });

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
    // Rate 1,000 per person, budget 100,000; the advances rest on 50 persons in each of two municipalities.
    await createTestScheme(fo(), S, Y, '1000.00', { budget: '100000.00', deadline: `${Y + 1}-07-15` });
    const rules = await createTestRules(fo(), S);
    run = await countsAndRun(fo(), {
      code: S,
      year: Y,
      ruleId: rules.forecast,
      basis: 'FORECAST',
      stage: RunStage.PROVISIONAL,
      counts: { [OWN]: '50', [OTHER]: '50' },
      key: 'alert-adv',
    });
    await registerPersonEventSource(fo(), { code: FEED, outOfOrder: false });
  }, 600_000);
  afterAll(() => t.close());

  it('a recovery above a threshold and the national overrun range: raised, cleared, raised again as forecasts move', async () => {
    sub.recovery = await subscribe({
      condition: 'RECOVERY_ABOVE_THRESHOLD',
      municipalityCode: OWN,
      allocationRunId: run,
      threshold: '10000.00',
      idempotencyKey: 'alert-sub-recovery',
    });
    sub.overrun = await subscribe({ condition: 'OVERRUN_RANGE_CROSSES_BUDGET', allocationRunId: run, idempotencyKey: 'alert-sub-overrun' });

    // No forecast of the year yet: nothing observed, nothing fires.
    expect(of(await evaluate(), sub.recovery)).toEqual([]);

    // 30 persons: entitled 30,000 against an advance of 50,000 → recovery 20,000 > 10,000.
    await forecastOwn('30');
    let fired = await evaluate();
    expect(of(fired, sub.recovery)).toEqual([`${OWN} RAISED`]);
    expect(of(fired, sub.overrun)).toEqual([]);
    const raised = fired.find((a) => a.subscriptionId === sub.recovery)!;
    expect(raised.evidence).toMatchObject({
      allocationRunId: run,
      threshold: '10000.00',
      expectedRecovery: '20000.00',
      advanceBasis: '50000.00',
      settlementP50: '-20000.00',
    });
    // Evaluated again without a crossing: nothing, however often.
    expect(of(await evaluate(), sub.recovery)).toEqual([]);
    expect(of(await evaluate(), sub.recovery)).toEqual([]);

    // 45 persons: recovery 5,000, below the threshold → cleared once.
    await forecastOwn('45');
    fired = await evaluate();
    expect(of(fired, sub.recovery)).toEqual([`${OWN} CLEARED`]);
    expect(fired.find((a) => a.subscriptionId === sub.recovery)!.evidence).toMatchObject({ expectedRecovery: '5000.00' });

    // 120 persons: no recovery; the national total at 90 % (120,000) is above the budget (100,000).
    await forecastOwn('120');
    fired = await evaluate();
    expect(of(fired, sub.recovery)).toEqual([]);
    expect(of(fired, sub.overrun)).toEqual(['NATIONAL RAISED']);
    expect(fired.find((a) => a.subscriptionId === sub.overrun)!.evidence).toMatchObject({
      budget: '100000.00',
      totalP90: '120000.00',
      overrunP90: '20000.00',
    });

    // Back to 30: the recovery is raised again, the overrun clears.
    await forecastOwn('30');
    fired = await evaluate();
    expect(of(fired, sub.recovery)).toEqual([`${OWN} RAISED`]);
    expect(of(fired, sub.overrun)).toEqual(['NATIONAL CLEARED']);

    // Two evaluations at once after a crossing: the crossing fires once.
    await forecastOwn('120');
    const both = await Promise.all([evaluate(), evaluate()]);
    expect([...of(both[0], sub.recovery), ...of(both[1], sub.recovery)]).toEqual([`${OWN} CLEARED`]);
    expect([...of(both[0], sub.overrun), ...of(both[1], sub.overrun)]).toEqual(['NATIONAL RAISED']);

    // The whole history, newest first, exactly once per crossing.
    const history = await t.ok<{ alerts: { totalCount: number; edges: { node: Alert }[] } }>(
      `query($s: ID) { alerts(first: 50, subscriptionId: $s) { totalCount edges { node { ${ALERT_FIELDS} } } } }`,
      { s: sub.recovery },
    );
    expect(history.alerts.edges.map((e) => e.node.kind)).toEqual(['CLEARED', 'RAISED', 'CLEARED', 'RAISED']);
    const overrun = await t.ok<{ alerts: { edges: { node: Alert }[] } }>(
      `query($s: ID) { alerts(first: 50, subscriptionId: $s) { edges { node { kind municipalityCode } } } }`,
      { s: sub.overrun },
    );
    expect(overrun.alerts.edges.map((e) => e.node.kind)).toEqual(['RAISED', 'CLEARED', 'RAISED']);
    expect(overrun.alerts.edges.every((e) => e.node.municipalityCode === null)).toBe(true);

    // Each alert about OWN is in OWN's chain feed (the notification channel), in order.
    const feed = await listNotifications(fo(), { municipalityCode: OWN, first: 100 });
    const notes = feed.edges.map((e) => e.node).filter((n) => n.eventType.startsWith('ALERT_'));
    const ownAlerts = history.alerts.edges.map((e) => e.node).reverse();
    expect(notes.map((n) => `${n.eventType} ${n.subjectId}`)).toEqual(ownAlerts.map((a) => `ALERT_${a.kind} alert:${a.id}`));
  });

  it('an approaching deadline and an overdue report, moved back and forth in time', async () => {
    // The controller of OWN watches its own deadline (municipality defaults to its own).
    sub.deadline = await subscribe(
      { condition: 'DEADLINE_APPROACHING', schemeCode: S, year: Y, days: 30, idempotencyKey: 'alert-sub-deadline' },
      await t.tokens.controller(OWN),
    );
    sub.overdue = await subscribe({
      condition: 'REPORT_OVERDUE',
      municipalityCode: OTHER,
      schemeCode: S,
      year: Y,
      idempotencyKey: 'alert-sub-overdue',
    });
    const at = (date: string) => new Date(`${date}T10:00:00Z`);

    let fired = await evaluateAt(at(`${Y + 1}-06-01`)); // 44 days left
    expect(of(fired, sub.deadline)).toEqual([]);
    expect(of(fired, sub.overdue)).toEqual([]);
    fired = await evaluateAt(at(`${Y + 1}-06-20`)); // 25 days left
    expect(of(fired, sub.deadline)).toEqual([`${OWN} RAISED`]);
    expect(fired.find((a) => a.subscriptionId === sub.deadline)!.evidence).toMatchObject({
      deadline: `${Y + 1}-07-15`,
      daysLeft: 25,
      submitted: false,
    });
    expect(of(await evaluateAt(at(`${Y + 1}-07-01`)), sub.deadline)).toEqual([]);
    fired = await evaluateAt(at(`${Y + 1}-07-16`)); // the deadline passed
    expect(of(fired, sub.deadline)).toEqual([`${OWN} CLEARED`]);
    expect(of(fired, sub.overdue)).toEqual([`${OTHER} RAISED`]);
    expect(fired.find((a) => a.subscriptionId === sub.overdue)!.evidence).toMatchObject({ daysOverdue: 1 });
    fired = await evaluateAt(at(`${Y + 1}-06-20`)); // moved back
    expect(of(fired, sub.deadline)).toEqual([`${OWN} RAISED`]);
    expect(of(fired, sub.overdue)).toEqual([`${OTHER} CLEARED`]);

    // Scoping: each controller sees the alerts about its own municipality; another is FORBIDDEN.
    const own = await t.ok<{ alerts: { edges: { node: Alert }[] } }>(
      `{ alerts(first: 100) { edges { node { municipalityCode } } } }`,
      {},
      await t.tokens.controller(OWN),
    );
    expect(new Set(own.alerts.edges.map((e) => e.node.municipalityCode))).toEqual(new Set([OWN]));
    const other = await t.ok<{ alerts: { edges: { node: Alert }[] } }>(
      `{ alerts(first: 100) { edges { node { municipalityCode condition } } } }`,
      {},
      await t.tokens.controller(OTHER),
    );
    expect(other.alerts.edges.map((e) => `${e.node.municipalityCode} ${e.node.condition}`)).toEqual([
      `${OTHER} REPORT_OVERDUE`,
      `${OTHER} REPORT_OVERDUE`,
    ]);
    const refused = await t.gql(`{ alerts(first: 5, municipalityCode: "${OTHER}") { totalCount } }`, {}, await t.tokens.controller(OWN));
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const subs = await t.ok<{ alertSubscriptions: { id: string; municipalityCode: string }[] }>(
      `{ alertSubscriptions { id municipalityCode } }`,
      {},
      await t.tokens.controller(OWN),
    );
    expect(subs.alertSubscriptions.map((s) => s.id).sort()).toEqual([sub.recovery, sub.deadline].sort());
  });

  it('a silent feed and a person waiting too long: raised, cleared, raised again', async () => {
    sub.feed = await subscribe({ condition: 'FEED_SILENT', source: FEED, days: 3, idempotencyKey: 'alert-sub-feed' });
    const now = Date.now();
    const day = 86_400_000;
    // Declared now and silent since: quiet for 5 days → raised.
    let fired = await evaluateAt(new Date(now + 5 * day));
    expect(of(fired, sub.feed)).toEqual(['NATIONAL RAISED']);
    expect(fired.find((a) => a.subscriptionId === sub.feed)!.evidence).toMatchObject({ source: FEED, lastDeliveryAt: null, daysSilent: 5 });
    // The feed delivers someone obliged without a municipality (in reception).
    const obligationStart = '2026-11-01';
    await importPersonEvents(fo(), {
      batchKey: 'alert-feed-1',
      events: [
        {
          eventId: 'alert-e1',
          personId: 'pseudo-alert-0001',
          type: 'OBLIGATION_STARTED',
          date: obligationStart,
          category: 'ASIELSTATUSHOUDER',
          source: FEED,
          sourceRecordedAt: '2026-11-02T10:00:00Z',
        },
      ],
    });
    // A day after that delivery the feed is no longer silent; three days after it, it is again.
    fired = await evaluateAt(new Date(now + 1 * day));
    expect(of(fired, sub.feed)).toEqual(['NATIONAL CLEARED']);
    expect(of(await evaluateAt(new Date(now + 2 * day)), sub.feed)).toEqual([]);
    fired = await evaluateAt(new Date(now + 4.5 * day));
    expect(of(fired, sub.feed)).toEqual(['NATIONAL RAISED']);
    expect(fired.find((a) => a.subscriptionId === sub.feed)!.evidence).toMatchObject({ daysSilent: 4 });

    // Waiting: the longest wait today is L days; a subscription at L days fires one day later.
    const reception = await t.ok<{ peopleInReception: { longestDays: number | null } }>(
      `query($d: String!) { peopleInReception(date: $d, first: 1) { longestDays } }`,
      { d: todayInAmsterdam(new Date(now)) },
    );
    const longest = reception.peopleInReception.longestDays!;
    expect(longest).toBeGreaterThan(0);
    sub.waiting = await subscribe({ condition: 'PERSON_WAITING_TOO_LONG', days: longest + 1, idempotencyKey: 'alert-sub-waiting' });
    expect(of(await evaluateAt(new Date(now)), sub.waiting)).toEqual([]);
    fired = await evaluateAt(new Date(now + 2 * day));
    expect(of(fired, sub.waiting)).toEqual(['NATIONAL RAISED']);
    expect(fired.find((a) => a.subscriptionId === sub.waiting)!.evidence).toMatchObject({ longestDays: longest + 2, days: longest + 1 });
    expect(of(await evaluateAt(new Date(now)), sub.waiting)).toEqual(['NATIONAL CLEARED']);
    expect(of(await evaluateAt(new Date(now + 3 * day)), sub.waiting)).toEqual(['NATIONAL RAISED']);
  });

  it('cancelling a subscription: no longer evaluated, its open alerts cleared once, scoped, idempotent', async () => {
    const at = (date: string) => new Date(`${date}T10:00:00Z`);
    const cancel = (id: string, key: string, token?: string) =>
      t.gql<{
        cancelAlertSubscription: {
          replayed: boolean;
          subscription: { id: string; cancelledAt: string | null; cancelledBy: string | null };
          cleared: Alert[];
        };
      }>(
        `mutation($input: CancelAlertSubscriptionInput!) { cancelAlertSubscription(input: $input) {
           replayed subscription { id cancelledAt cancelledBy } cleared { ${ALERT_FIELDS} } } }`,
        { input: { id, idempotencyKey: key } },
        token,
      );
    const ownToken = await t.tokens.controller(OWN);
    // The controller's deadline watch is raised again (25 days left).
    expect(of(await evaluateAt(at(`${Y + 1}-06-20`)), sub.deadline)).toEqual([`${OWN} RAISED`]);

    // Refused, writing nothing: another municipality's controller, the ministry's subscription on
    // OWN by OWN's controller, the auditor, an unknown id.
    const count = async () =>
      (
        await t.dataSource.query<[{ c: number; a: number }]>(
          `SELECT (SELECT count(*)::int FROM alert_subscription_cancellations) AS c, (SELECT count(*)::int FROM alerts) AS a`,
        )
      )[0];
    const before = await count();
    expect(codes(await cancel(sub.deadline, 'alert-cancel-x1', await t.tokens.controller(OTHER)))).toEqual(['FORBIDDEN']);
    expect(codes(await cancel(sub.recovery, 'alert-cancel-x2', ownToken))).toEqual(['FORBIDDEN']);
    expect(codes(await cancel(sub.deadline, 'alert-cancel-x3', t.tokens.auditor))).toEqual(['FORBIDDEN']);
    const unknown = await cancel('00000000-0000-4000-8000-000000000000', 'alert-cancel-x4');
    expect(codes(unknown)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(unknown.errors)).toContain('00000000-0000-4000-8000-000000000000');
    expect(await count()).toEqual(before);

    // The controller cancels its own: the open alert is cleared once, with the reason, and told to OWN.
    const first = await cancel(sub.deadline, 'alert-cancel-deadline', ownToken);
    expect(first.errors).toBeUndefined();
    const done = first.data!.cancelAlertSubscription;
    expect(done.replayed).toBe(false);
    expect(done.subscription.cancelledAt).not.toBeNull();
    expect(done.cleared.map((a) => `${a.subject} ${a.kind} ${a.municipalityCode}`)).toEqual([`${OWN} CLEARED ${OWN}`]);
    expect(done.cleared[0]!.evidence).toMatchObject({ reason: 'subscription cancelled' });
    const feed = await listNotifications(fo(), { municipalityCode: OWN, first: 500 });
    const lastAlert = feed.edges
      .map((e) => e.node)
      .filter((n) => n.eventType.startsWith('ALERT_'))
      .pop();
    expect(`${lastAlert?.eventType} ${lastAlert?.subjectId}`).toBe(`ALERT_CLEARED alert:${done.cleared[0]!.id}`);

    // The same key again: the first answer, nothing written; another key: CONFLICT naming the id.
    const afterCancel = await count();
    const replay = await cancel(sub.deadline, 'alert-cancel-deadline', ownToken);
    expect(replay.data!.cancelAlertSubscription).toEqual({ ...done, replayed: true });
    const again = await cancel(sub.deadline, 'alert-cancel-deadline-2', ownToken);
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(JSON.stringify(again.errors)).toContain('input.id');
    expect(await count()).toEqual(afterCancel);

    // No longer evaluated: neither moving past the deadline nor back fires anything for it.
    expect(of(await evaluateAt(at(`${Y + 1}-07-16`)), sub.deadline)).toEqual([]);
    expect(of(await evaluateAt(at(`${Y + 1}-06-20`)), sub.deadline)).toEqual([]);
    const history = await t.ok<{ alerts: { edges: { node: Alert }[] } }>(
      `query($s: ID) { alerts(first: 50, subscriptionId: $s) { edges { node { kind } } } }`,
      { s: sub.deadline },
    );
    expect(history.alerts.edges[0]!.node.kind).toBe('CLEARED');

    // Listed with its cancellation.
    const subs = await t.ok<{ alertSubscriptions: { id: string; cancelledAt: string | null; cancelledBy: string | null }[] }>(
      `{ alertSubscriptions { id cancelledAt cancelledBy } }`,
      {},
      ownToken,
    );
    expect(subs.alertSubscriptions.find((s) => s.id === sub.deadline)).toEqual(done.subscription);
    expect(subs.alertSubscriptions.find((s) => s.id === sub.recovery)!.cancelledAt).toBeNull();

    // A finance officer cancels a raised national one; a subscription with nothing open clears nothing.
    const feedCancel = await t.ok<{ cancelAlertSubscription: { cleared: Alert[] } }>(
      `mutation { cancelAlertSubscription(input: { id: "${sub.feed}", idempotencyKey: "alert-cancel-feed" }) { cleared { ${ALERT_FIELDS} } } }`,
    );
    expect(of(feedCancel.cancelAlertSubscription.cleared, sub.feed)).toEqual(['NATIONAL CLEARED']);
    expect(of(await evaluateAt(new Date(Date.now() + 30 * 86_400_000)), sub.feed)).toEqual([]);
    const overdueCancel = await t.ok<{ cancelAlertSubscription: { cleared: Alert[] } }>(
      `mutation { cancelAlertSubscription(input: { id: "${sub.overdue}", idempotencyKey: "alert-cancel-overdue" }) { cleared { id } } }`,
    );
    expect(overdueCancel.cancelAlertSubscription.cleared).toEqual([]);
  });

  it('resuming a cancelled subscription: evaluated again from nothing raised, scoped like cancelling, idempotent, cancelled again', async () => {
    const at = (date: string) => new Date(`${date}T10:00:00Z`);
    type Period = {
      seq: number;
      cancelledAt: string;
      cancelledBy: string;
      cancelledByRole: string;
      resumedAt: string | null;
      resumedBy: string | null;
      resumedByRole: string | null;
    };
    type Sub = {
      id: string;
      cancelledAt: string | null;
      cancelledBy: string | null;
      resumedAt: string | null;
      resumedBy: string | null;
      cancellations: Period[];
    };
    const SUB =
      'id cancelledAt cancelledBy resumedAt resumedBy cancellations { seq cancelledAt cancelledBy cancelledByRole resumedAt resumedBy resumedByRole }';
    const who = (s: Sub) =>
      s.cancellations.map((p) => `${p.seq} ${p.cancelledBy} ${p.cancelledByRole} / ${p.resumedBy} ${p.resumedByRole}`);
    const resume = (id: string, key: string, token?: string) =>
      t.gql<{ resumeAlertSubscription: { replayed: boolean; subscription: Sub } }>(
        `mutation($input: ResumeAlertSubscriptionInput!) { resumeAlertSubscription(input: $input) { replayed subscription { ${SUB} } } }`,
        { input: { id, idempotencyKey: key } },
        token,
      );
    const cancel = (id: string, key: string, token?: string) =>
      t.gql<{ cancelAlertSubscription: { subscription: Sub; cleared: Alert[] } }>(
        `mutation($input: CancelAlertSubscriptionInput!) { cancelAlertSubscription(input: $input) { subscription { ${SUB} } cleared { ${ALERT_FIELDS} } } }`,
        { input: { id, idempotencyKey: key } },
        token,
      );
    const ownToken = await t.tokens.controller(OWN);
    const count = async () =>
      (
        await t.dataSource.query<[{ c: number; r: number; a: number }]>(
          `SELECT (SELECT count(*)::int FROM alert_subscription_cancellations) AS c,
                  (SELECT count(*)::int FROM alert_subscription_resumptions) AS r, (SELECT count(*)::int FROM alerts) AS a`,
        )
      )[0];
    // The ministry's own watch of OWN, cancelled by a finance officer: OWN's controller may not resume it.
    const ministry = await subscribe({
      condition: 'REPORT_OVERDUE',
      municipalityCode: OWN,
      schemeCode: S,
      year: Y,
      idempotencyKey: 'alert-sub-ministry-own',
    });
    expect((await cancel(ministry, 'alert-cancel-ministry-own')).errors).toBeUndefined();

    // Refused, writing nothing: another municipality's controller, the ministry's subscriptions (about
    // OWN, national) by OWN's controller, the auditor, an unknown id, a subscription that is not cancelled.
    const before = await count();
    expect(codes(await resume(sub.deadline, 'alert-resume-x1', await t.tokens.controller(OTHER)))).toEqual(['FORBIDDEN']);
    expect(codes(await resume(ministry, 'alert-resume-x2', ownToken))).toEqual(['FORBIDDEN']);
    expect(codes(await resume(sub.feed, 'alert-resume-x3', ownToken))).toEqual(['FORBIDDEN']);
    expect(codes(await resume(sub.deadline, 'alert-resume-x4', t.tokens.auditor))).toEqual(['FORBIDDEN']);
    expect(codes(await resume('00000000-0000-4000-8000-000000000000', 'alert-resume-x5'))).toEqual(['NOT_FOUND']);
    const active = await resume(sub.recovery, 'alert-resume-x6');
    expect(codes(active)).toEqual(['CONFLICT']);
    expect(JSON.stringify(active.errors)).toContain('input.id');
    expect(await count()).toEqual(before);

    // The controller resumes its own: no longer cancelled, and nothing raised until it is evaluated.
    const first = await resume(sub.deadline, 'alert-resume-deadline', ownToken);
    expect(first.errors).toBeUndefined();
    const done = first.data!.resumeAlertSubscription;
    expect(done.replayed).toBe(false);
    expect(done.subscription).toMatchObject({ id: sub.deadline, cancelledAt: null, cancelledBy: null, resumedBy: `ctl-${OWN}` });
    expect(done.subscription.resumedAt).not.toBeNull();
    // Its history: the one cancellation, ended by this resumption (decision 2040).
    expect(who(done.subscription)).toEqual([`1 ctl-${OWN} MUNICIPAL_CONTROLLER / ctl-${OWN} MUNICIPAL_CONTROLLER`]);
    expect(done.subscription.cancellations[0]!.resumedAt).toBe(done.subscription.resumedAt);
    expect((await count()).a).toBe(before.a);
    // The same key: the first answer, nothing written; another key: CONFLICT (it is not cancelled).
    const afterResume = await count();
    expect((await resume(sub.deadline, 'alert-resume-deadline', ownToken)).data!.resumeAlertSubscription).toEqual({
      ...done,
      replayed: true,
    });
    expect(codes(await resume(sub.deadline, 'alert-resume-deadline-2', ownToken))).toEqual(['CONFLICT']);
    expect(await count()).toEqual(afterResume);

    // Evaluated again, from nothing raised: the condition holds (25 days left), so RAISED once, then nothing.
    expect(of(await evaluateAt(at(`${Y + 1}-06-20`)), sub.deadline)).toEqual([`${OWN} RAISED`]);
    expect(of(await evaluateAt(at(`${Y + 1}-06-21`)), sub.deadline)).toEqual([]);

    // Cancelled a second time (it clears what it raised), and resumed a second time by a finance officer.
    const second = await cancel(sub.deadline, 'alert-cancel-deadline-again', ownToken);
    expect(second.errors).toBeUndefined();
    expect(second.data!.cancelAlertSubscription.cleared.map((a) => `${a.subject} ${a.kind}`)).toEqual([`${OWN} CLEARED`]);
    expect(second.data!.cancelAlertSubscription.subscription.cancelledAt).not.toBeNull();
    // The second cancellation is open; the first stays in the history with its resumption, which is
    // still the latest (resumedAt).
    expect(who(second.data!.cancelAlertSubscription.subscription)).toEqual([
      `1 ctl-${OWN} MUNICIPAL_CONTROLLER / ctl-${OWN} MUNICIPAL_CONTROLLER`,
      `2 ctl-${OWN} MUNICIPAL_CONTROLLER / null null`,
    ]);
    expect(second.data!.cancelAlertSubscription.subscription.resumedAt).toBe(done.subscription.resumedAt);
    // Past the deadline: neither it nor the ministry's cancelled watch (overdue by then) fires.
    const later = await evaluateAt(at(`${Y + 1}-07-16`));
    expect([...of(later, sub.deadline), ...of(later, ministry)]).toEqual([]);
    const byFinance = await resume(sub.deadline, 'alert-resume-deadline-fo');
    expect(byFinance.data!.resumeAlertSubscription.subscription).toMatchObject({ cancelledAt: null, resumedBy: 'fo-1' });
    const listed = await t.ok<{ alertSubscriptions: Sub[] }>(`{ alertSubscriptions { ${SUB} } }`, {}, ownToken);
    expect(listed.alertSubscriptions.find((s) => s.id === sub.deadline)).toEqual(byFinance.data!.resumeAlertSubscription.subscription);
    expect(listed.alertSubscriptions.find((s) => s.id === ministry)!.cancelledAt).not.toBeNull();
    const history = byFinance.data!.resumeAlertSubscription.subscription;
    expect(who(history)).toEqual([
      `1 ctl-${OWN} MUNICIPAL_CONTROLLER / ctl-${OWN} MUNICIPAL_CONTROLLER`,
      `2 ctl-${OWN} MUNICIPAL_CONTROLLER / fo-1 FINANCE_OFFICER`,
    ]);
    // In time order: each cancellation before its resumption, each resumption before the next cancellation.
    const moments = history.cancellations.flatMap((p) => [p.cancelledAt, p.resumedAt!]);
    expect([...moments].sort()).toEqual(moments);
    // A replay answers as the command did then: the first resumption's replay knows nothing of the second cancellation.
    const replayedFirst = (await resume(sub.deadline, 'alert-resume-deadline', ownToken)).data!.resumeAlertSubscription;
    expect(replayedFirst).toEqual({ ...done, replayed: true });
    const rows = await t.dataSource.query<{ c: number; r: number | null }[]>(
      `SELECT c.seq AS c, r.seq AS r FROM alert_subscription_cancellations c
         LEFT JOIN alert_subscription_resumptions r ON r.subscription_id = c.subscription_id AND r.seq = c.seq
        WHERE c.subscription_id = $1 ORDER BY c.seq`,
      [sub.deadline],
    );
    expect(rows).toEqual([
      { c: 1, r: 1 },
      { c: 2, r: 2 },
    ]);

    // The database holds the rules too: no cancellation without the resumption of the one before, no
    // resumption of a cancellation that does not exist, no change to a resumption.
    const row = (table: string, seq: number, key: string) =>
      table === 'c'
        ? t.dataSource.query(
            `INSERT INTO alert_subscription_cancellations (subscription_id, seq, cancelled_by, cancelled_by_role, idempotency_key, request_hash, cancelled_at)
             VALUES ($1, $2, 'x', 'FINANCE_OFFICER', $3, 'h', now())`,
            [sub.deadline, seq, key],
          )
        : t.dataSource.query(
            `INSERT INTO alert_subscription_resumptions (subscription_id, seq, resumed_by, resumed_by_role, idempotency_key, request_hash, resumed_at)
             VALUES ($1, $2, 'x', 'FINANCE_OFFICER', $3, 'h', now())`,
            [sub.deadline, seq, key],
          );
    await expect(row('c', 4, 'alert-raw-c4')).rejects.toMatchObject({ code: '23514' });
    await expect(row('r', 3, 'alert-raw-r3')).rejects.toMatchObject({ code: '23514' });
    await expect(t.dataSource.query(`UPDATE alert_subscription_resumptions SET resumed_by = 'y'`)).rejects.toThrow(/append-only/);
  });

  it('refuses what a subscription cannot be, naming the field', async () => {
    const tries: [Record<string, unknown>, string | undefined, string, string | null][] = [
      [{ condition: 'REPORT_OVERDUE', schemeCode: S, idempotencyKey: 'x1' }, undefined, 'BAD_USER_INPUT', 'input.year'],
      [{ condition: 'REPORT_OVERDUE', schemeCode: S, year: Y, days: 3, idempotencyKey: 'x2' }, undefined, 'BAD_USER_INPUT', 'input.days'],
      [{ condition: 'FEED_SILENT', source: FEED, days: 0, idempotencyKey: 'x3' }, undefined, 'BAD_USER_INPUT', 'input.days'],
      [{ condition: 'FEED_SILENT', source: 'NOPE', days: 3, idempotencyKey: 'x4' }, undefined, 'BAD_USER_INPUT', 'input.source'],
      [
        { condition: 'OVERRUN_RANGE_CROSSES_BUDGET', allocationRunId: run, municipalityCode: OWN, idempotencyKey: 'x5' },
        undefined,
        'BAD_USER_INPUT',
        'input.municipalityCode',
      ],
      [
        { condition: 'RECOVERY_ABOVE_THRESHOLD', allocationRunId: run, threshold: '-1.00', idempotencyKey: 'x6' },
        undefined,
        'BAD_USER_INPUT',
        'threshold',
      ],
      [{ condition: 'DEADLINE_APPROACHING', schemeCode: 'NOPE', year: Y, days: 3, idempotencyKey: 'x7' }, undefined, 'NOT_FOUND', null],
      [{ condition: 'PERSON_WAITING_TOO_LONG', days: 30, idempotencyKey: 'x8' }, 'own', 'FORBIDDEN', null],
      [{ condition: 'REPORT_OVERDUE', municipalityCode: OTHER, schemeCode: S, year: Y, idempotencyKey: 'x9' }, 'own', 'FORBIDDEN', null],
    ];
    const before = await t.dataSource.query<[{ n: number }]>('SELECT count(*)::int AS n FROM alert_subscriptions');
    for (const [input, who, code, field] of tries) {
      const token = who === 'own' ? await t.tokens.controller(OWN) : undefined;
      const result = await t.gql(
        `mutation($input: SubscribeAlertInput!) { subscribeAlert(input: $input) { subscription { id } } }`,
        { input },
        token,
      );
      expect([input.idempotencyKey, codes(result)]).toEqual([input.idempotencyKey, [code]]);
      if (field !== null) {
        expect(JSON.stringify(result.errors)).toContain(field);
      }
    }
    const after = await t.dataSource.query<[{ n: number }]>('SELECT count(*)::int AS n FROM alert_subscriptions');
    expect(after[0].n).toBe(before[0].n);
    // The auditor reads alerts but neither subscribes nor evaluates.
    expect(codes(await t.gql(`mutation { evaluateAlerts { subscriptions } }`, {}, t.tokens.auditor))).toEqual(['FORBIDDEN']);
  });
});
