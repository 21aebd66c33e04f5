import type Decimal from 'decimal.js';
import type { RequestContext } from './context';
import { Role, type Actor } from './common/auth/actor';
import { apportion, byCode } from './common/money/apportion';
import { money, ZERO } from './common/money/money';
import { todayInAmsterdam } from './common/dates';
import { sha256Bytes, sha256Hex } from './common/hashing/canonical';
import {
  fixtureFile,
  listAllocationRules,
  listAllocationRuns,
  loadAllocationFixtures,
  runAllocation,
  RunStage,
} from './modules/allocations';
import { createAdvancePlan, payTranches, runEntitlements } from './modules/advances';
import { yearlyCounts } from './modules/counts';
import { findScheme, SchemeStatus, updateSchemeStatus } from './modules/schemes';
import {
  accountabilityStatuses,
  createReportDraft,
  decideReport,
  ReportDecision,
  ReportStatus,
  submitReport,
} from './modules/verantwoording';
import { draftSettlement, finaliseSettlement } from './modules/settlements';
import { listReconciliationRuns, processRun, startReconciliation } from './modules/reconciliation';

/**
 * The previous scheme-year 2025 as the console finds it in November 2026 (decision 0800): SPUK
 * Wi2021 advanced on the housing task, paid in full, determined definitively on registered counts,
 * reported on by most municipalities (some late, some not at all), settled on spending with a
 * four-eyes finalisation, a second draft waiting for approval after late reports were accepted,
 * both schemes closed, and one reconciliation run for the auditor. Every write goes through the
 * services the GraphQL resolvers call; every step is idempotent by key or by the state it finds,
 * so a restart resumes where a crash stopped.
 */

const S = 'SPUK-WI2021';
const Y = 2025;
/** SiSa deadline for 2025: 15 July 2026 (DOMAIN.md). */
const DEADLINE = '2026-07-15';

const OFFICER: Actor = { subject: 'fixture-finance-officer', role: Role.FINANCE_OFFICER, municipalityCode: null };
const SECOND_OFFICER: Actor = { subject: 'fixture-finance-officer-2', role: Role.FINANCE_OFFICER, municipalityCode: null };
const AUDITOR: Actor = { subject: 'fixture-auditor', role: Role.AUDITOR, municipalityCode: null };
const controller = (code: string): Actor => ({
  subject: `fixture-controller-${code}`,
  role: Role.MUNICIPAL_CONTROLLER,
  municipalityCode: code,
});
const as = (ctx: RequestContext, actor: Actor): RequestContext => ({ ...ctx, actor });

/** What happens to a municipality's 2025 report in the scenario. */
export type ReportPath = 'ON_TIME_ACCEPTED' | 'LATE_ACCEPTED' | 'LATE_ACCEPTED_AFTER_SETTLEMENT' | 'LATE_PENDING' | 'REJECTED' | 'MISSING';

/** A stable number 0..2^32-1 per municipality and purpose: the scenario is the same on every machine. */
function draw(code: string, purpose: string): number {
  return sha256Bytes(`fixture-2025|${purpose}|${code}`).readUInt32BE(0);
}

/** About 80% on time, 14% late (in three states), 2% rejected, 5% missing; Amsterdam always on time. */
export function reportPath(code: string): ReportPath {
  if (code === 'GM0363') {
    return 'ON_TIME_ACCEPTED';
  }
  const b = draw(code, 'path') % 100;
  if (b < 5) {
    return 'MISSING';
  }
  if (b < 7) {
    return 'REJECTED';
  }
  if (b < 10) {
    return 'LATE_PENDING';
  }
  if (b < 14) {
    return 'LATE_ACCEPTED_AFTER_SETTLEMENT';
  }
  if (b < 20) {
    return 'LATE_ACCEPTED';
  }
  return 'ON_TIME_ACCEPTED';
}

const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A moment on a scenario day during office hours, Dutch time. Every scenario day lies between
 * April and mid-October 2026, in summer time (UTC+2).
 */
function officeMoment(date: string, code: string, purpose: string): Date {
  const minutes = 9 * 60 + (draw(code, `${purpose}-time`) % (8 * 60));
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return new Date(`${date}T${hh}:${mm}:00+02:00`);
}

/**
 * The moment the controller submits; the service derives lateness from it (decision 0800, as
 * amended by issue 15). On time: April to the deadline. Late and accepted before the first
 * settlement (1 September 2026): up to 40 days after the deadline; the other late paths up to 50.
 */
function submittedAt(code: string, path: ReportPath): Date {
  const d = draw(code, 'date');
  const day =
    path === 'LATE_ACCEPTED'
      ? addDays(DEADLINE, 1 + (d % 40))
      : path.startsWith('LATE')
        ? addDays(DEADLINE, 1 + (d % 50))
        : addDays('2026-04-01', d % 106);
  return officeMoment(day, code, 'submitted');
}

/**
 * The moment the ministry decides: one to ten days after the submission, and before the first
 * settlement (31 August at the latest, never before the submission) for decisions it relied on;
 * from mid-September for the reports accepted only after it.
 */
function decidedAt(code: string, path: ReportPath): Date {
  const submitted = todayInAmsterdam(submittedAt(code, path));
  const d = draw(code, 'decided');
  if (path === 'LATE_ACCEPTED_AFTER_SETTLEMENT') {
    return officeMoment(addDays('2026-09-15', d % 30), code, 'decided');
  }
  const day = addDays(submitted, 1 + (d % 10));
  return officeMoment(day > '2026-08-31' ? (submitted > '2026-08-31' ? submitted : '2026-08-31') : day, code, 'decided');
}

const RANK: Record<string, number> = { NONE: 0, DRAFT: 1, SUBMITTED: 2, ACCEPTED: 3, REJECTED: 3 };

/** Spending split over the four eligible SPUK components (Taal en inburgering first). */
const COMPONENT_SHARES = [
  { key: 'LANGUAGE_AND_INTEGRATION', weight: '62', explanation: 'Leerroutes B1, onderwijsroute en Z-route' },
  { key: 'FINANCIEEL_ONTZORGEN', weight: '14', explanation: 'Vaste lasten de eerste zes maanden' },
  { key: 'PARTICIPATIEVERKLARINGSTRAJECT', weight: '9', explanation: 'PVT inclusief workshops' },
  { key: 'MODULE_ARBEIDSMARKT_EN_PARTICIPATIE', weight: '15', explanation: 'MAP-trajecten' },
] as const;

/**
 * The report content of one municipality: counts as registered, with a reporting difference for
 * about one in seven (the asylum count 5% or at least one person higher); eligible spending of
 * 86% to 108% of the count-based entitlement, so a spending-based settlement recovers from some
 * and not from others.
 */
function reportContent(
  code: string,
  registered: Map<string, Decimal>,
  entitlement: Decimal,
  path: ReportPath,
): {
  counts: { category: string; count: string; explanation: string | null }[];
  expenditure: { component: string; amount: string; explanation: string }[];
  attachments: { name: string; sha256: string }[];
} {
  const differs = draw(code, 'counts') % 7 === 0;
  const counts = ['ASIELSTATUSHOUDER', 'GEZINSMIGRANT', 'OVERIG'].map((category) => {
    const value = registered.get(category) ?? ZERO;
    if (differs && category === 'ASIELSTATUSHOUDER') {
      const extra = value.times('0.05').toDecimalPlaces(0, 0);
      return {
        category,
        count: value.plus(extra.gt(1) ? extra : 1).toFixed(0),
        explanation: 'Inclusief gezinsleden van statushouders met een latere beschikking',
      };
    }
    return { category, count: value.toFixed(0), explanation: null };
  });
  const factor = money(String(86 + (draw(code, 'spending') % 23))).div(100);
  const spending = entitlement.times(factor).toDecimalPlaces(2);
  const expenditure = apportion(
    spending,
    COMPONENT_SHARES.map((c) => ({ key: c.key, weight: money(c.weight) })),
    2,
    byCode,
  ).map((part) => ({
    component: part.key,
    amount: part.amount.toFixed(2),
    explanation: COMPONENT_SHARES.find((c) => c.key === part.key)!.explanation,
  }));
  // A rejected report lacks the auditor's statement.
  const attachments = path === 'REJECTED' ? [] : [{ name: `SiSa-bijlage-2025-${code}.pdf`, sha256: sha256Hex(`SiSa 2025 ${code}`) }];
  return { counts, expenditure, attachments };
}

async function definitiveRunId(ctx: RequestContext): Promise<string | null> {
  const runs = await listAllocationRuns(ctx, { schemeCode: S, year: Y });
  return runs.find((r) => r.stage === 'DEFINITIVE')?.id ?? null;
}

/**
 * Advances each municipality's 2025 report to the state its path reaches in `phase` (1: before the
 * first settlement, 2: after it), one command per transition, from whatever state it is in.
 */
async function advanceReports(ctx: RequestContext, phase: 1 | 2): Promise<Record<string, number>> {
  const runId = await definitiveRunId(ctx);
  if (!runId) {
    throw new Error('fixture: the DEFINITIVE SPUK 2025 run is missing');
  }
  const { amounts } = await runEntitlements(ctx, runId, S, Y);
  const registered = new Map<string, Map<string, Decimal>>();
  for (const c of await yearlyCounts(ctx, { year: Y, basis: 'REGISTERED', rule: 'PEILDATUM' })) {
    const m = registered.get(c.municipalityCode) ?? new Map<string, Decimal>();
    m.set(c.category, (m.get(c.category) ?? ZERO).plus(c.value));
    registered.set(c.municipalityCode, m);
  }
  const statuses = await accountabilityStatuses(ctx, S, Y, DEADLINE);
  const steps: Record<string, number> = { drafted: 0, submitted: 0, decided: 0 };
  for (const st of statuses) {
    const code = st.municipalityCode;
    const path = reportPath(code);
    if (path === 'MISSING') {
      continue;
    }
    const target =
      path === 'LATE_PENDING' || (path === 'LATE_ACCEPTED_AFTER_SETTLEMENT' && phase === 1)
        ? ReportStatus.SUBMITTED
        : path === 'REJECTED'
          ? ReportStatus.REJECTED
          : ReportStatus.ACCEPTED;
    let status: string = st.latestStatus ?? 'NONE';
    let id = st.latestReportId;
    const mine = as(ctx, controller(code));
    while ((RANK[status] ?? 0) < (RANK[target] ?? 0)) {
      if (status === 'NONE') {
        const content = reportContent(code, registered.get(code) ?? new Map<string, Decimal>(), amounts.get(code) ?? ZERO, path);
        id = await createReportDraft(mine, { municipalityCode: code, schemeCode: S, year: Y, ...content });
        status = ReportStatus.DRAFT;
        steps.drafted! += 1;
      } else if (status === ReportStatus.DRAFT) {
        await submitReport(mine, id!, submittedAt(code, path));
        status = ReportStatus.SUBMITTED;
        steps.submitted! += 1;
      } else {
        const reject = target === ReportStatus.REJECTED;
        await decideReport(
          as(ctx, OFFICER),
          {
            reportId: id!,
            decision: reject ? ReportDecision.REJECT : ReportDecision.ACCEPT,
            reason: reject ? 'Controleverklaring van de accountant ontbreekt; dien een gecorrigeerde versie in' : null,
          },
          decidedAt(code, path),
        );
        status = target;
        steps.decided! += 1;
      }
    }
  }
  return steps;
}

/** 2025's schemes, runs and counts; the SPUK advance plan on the provisional run, all twelve tranches paid. */
async function loadYearAndAdvances(ctx: RequestContext): Promise<{ runs: number; tranchesPaid: number }> {
  const runs = await loadAllocationFixtures(ctx, fixtureFile('allocation-2025.json'));
  const provisional = (await listAllocationRuns(ctx, { schemeCode: S, year: Y })).find((r) => r.stage === 'PROVISIONAL');
  if (!provisional) {
    throw new Error('fixture: the PROVISIONAL SPUK 2025 run is missing');
  }
  await createAdvancePlan(ctx, {
    schemeCode: S,
    year: Y,
    allocationRunId: provisional.id,
    idempotencyKey: 'fixture-2025-spuk-advance-plan',
  });
  const paid = await payTranches(ctx, { schemeCode: S, year: Y, dueUpTo: '2025-12-31', idempotencyKey: 'fixture-2025-spuk-pay-all' });
  // May 2026: the definitive determination on registered counts (PEILDATUM).
  const [rule] = await listAllocationRules(ctx, { ruleKey: 'SPUK-REGISTERED' });
  const definitive = await runAllocation(ctx, {
    schemeCode: S,
    year: Y,
    ruleVersionId: rule?.id ?? '',
    stage: RunStage.DEFINITIVE,
    idempotencyKey: 'fixture-2025-spuk-definitive',
    dryRun: false,
  });
  return { runs: runs + (definitive.replayed ? 0 : 1), tranchesPaid: paid.replayed ? 0 : paid.tranches.length };
}

export interface SettledYearSummary {
  runs: number;
  tranchesPaid: number;
  reports: Record<string, number>;
  settlementId: string;
  draftId: string;
  reconciliationRunId: string | null;
}

/**
 * Loads the settled 2025 year. Each numbered step is its own command (or a sequence of them) and
 * idempotent: keys for runs, plans, payments and settlements; the state found for reports,
 * scheme status and the reconciliation run.
 */
export async function loadSettledYearScenario(ctx: RequestContext): Promise<SettledYearSummary> {
  let t = Date.now();
  const lap = (step: string) => {
    ctx.log.debug({ step, ms: Date.now() - t }, 'fixture 2025 step');
    t = Date.now();
  };
  // 1. Schemes, counts, runs, advances paid, definitive run.
  const { runs, tranchesPaid } = await loadYearAndAdvances(ctx);
  lap('year, advances, definitive run');
  // 2. Reports up to the first settlement.
  const before = await advanceReports(ctx, 1);
  lap('reports before settlement');
  // 3. First settlement on spending: drafted by one officer, finalised by another (four-eyes).
  const runId = (await definitiveRunId(ctx))!;
  const first = await draftSettlement(as(ctx, OFFICER), {
    schemeCode: S,
    year: Y,
    allocationRunId: runId,
    recoveryMode: 'INVOICE',
    payeeDate: '2026-09-01',
    idempotencyKey: 'fixture-2025-spuk-settlement-1',
  });
  await finaliseSettlement(as(ctx, SECOND_OFFICER), {
    settlementId: first.settlement.id,
    idempotencyKey: 'fixture-2025-spuk-settlement-1-finalise',
    effectiveDate: '2026-09-01',
  });
  lap('first settlement');
  // 4. Late reports accepted since, and a second draft that settles them, awaiting its second officer.
  const after = await advanceReports(ctx, 2);
  const second = await draftSettlement(as(ctx, OFFICER), {
    schemeCode: S,
    year: Y,
    allocationRunId: runId,
    recoveryMode: 'INVOICE',
    payeeDate: '2026-11-01',
    idempotencyKey: 'fixture-2025-spuk-settlement-2',
  });
  lap('late decisions, second draft');
  // 5. Both 2025 schemes closed: from now on only reopened municipalities may report.
  for (const code of [S, 'UITV-WI2021']) {
    const scheme = await findScheme(ctx, code, Y);
    if (scheme && scheme.status !== SchemeStatus.CLOSED) {
      await updateSchemeStatus(ctx, { schemeCode: code, year: Y, status: SchemeStatus.CLOSED });
    }
  }
  lap('schemes closed');
  // 6. One reconciliation run, processed here by the worker's own function (the worker starts later).
  const reconciliationRunId = await reconcileOnce(ctx);
  lap('reconciliation');
  return {
    runs,
    tranchesPaid,
    reports: Object.fromEntries(Object.keys(before).map((k) => [k, (before[k] ?? 0) + (after[k] ?? 0)])),
    settlementId: first.settlement.id,
    draftId: second.settlement.id,
    reconciliationRunId,
  };
}

async function reconcileOnce(ctx: RequestContext): Promise<string | null> {
  const auditor = as(ctx, AUDITOR);
  const existing = (await listReconciliationRuns(auditor, { schemeCode: S, year: Y }, 50, null)).edges.map((e) => e.node);
  if (existing.some((r) => r.status === 'SUCCEEDED')) {
    return existing.find((r) => r.status === 'SUCCEEDED')!.id;
  }
  // A run queued by a start that crashed before processing it is processed now; a RUNNING one is
  // left to the worker's recovery of interrupted runs.
  const queued = existing.find((r) => r.status === 'QUEUED');
  if (existing.some((r) => r.status === 'RUNNING')) {
    return null;
  }
  const run = queued ?? (await startReconciliation(auditor, { schemeCode: S, year: Y }));
  await processRun(ctx.dataSource, run.id, ctx.log);
  return run.id;
}
