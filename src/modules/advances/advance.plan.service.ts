import crypto from 'node:crypto';
import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { requireActor } from '../../context';
import { runCommand } from '../../common/db/run-command';
import { assertIdempotencyKey, idempotent } from '../../common/idempotency/idempotency';
import { requestHash } from '../../common/idempotency/request-hash';
import { assertRole } from '../../common/auth/scope';
import { Role } from '../../common/auth/actor';
import { badInput, conflict, notFound } from '../../common/errors/domain-error';
import { money, ZERO, sum } from '../../common/money/money';
import { parseIsoDate } from '../../common/dates';
import { getScheme } from '../schemes';
import { getAllocationRun, runLines } from '../allocations';
import { advanceAmount, planTranches, reviseTranches, type TrancheState } from './advance.calculator';
import { AdvancePlanEntity, AdvancePlanTrancheEntity, TranchePaymentEntity, type ScheduleEntry } from './advance.entity';
import { notifyMoneyEvent } from '../chain';

export interface ScheduleInput {
  dueDate: string;
  weight?: Decimal | null;
}

export interface CreateAdvancePlanInput {
  schemeCode: string;
  year: number;
  allocationRunId: string;
  advanceRate?: Decimal | null;
  schedule?: ScheduleInput[] | null;
  idempotencyKey: string;
}

export interface ReviseAdvancePlanInput {
  schemeCode: string;
  year: number;
  allocationRunId: string;
  advanceRate?: Decimal | null;
  reason: string;
  idempotencyKey: string;
}

export interface PlanOutcome {
  plan: AdvancePlanEntity;
  replayed: boolean;
}

const ONE = money('1');

/** Serialises every write on the advances of one scheme-year (plans, payments, suspensions, closure). */
export async function lockAdvances(ctx: RequestContext, schemeCode: string, year: number): Promise<void> {
  await ctx.em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 6))`, [`advances:${schemeCode}:${year}`]);
}

/** Default schedule: 12 equal monthly tranches due on the 1st of each month of the year. */
export function defaultSchedule(year: number): ScheduleEntry[] {
  return Array.from({ length: 12 }, (_, i) => ({ index: i, dueDate: `${year}-${String(i + 1).padStart(2, '0')}-01`, weight: '1' }));
}

function validateSchedule(input: ScheduleInput[], year: number): ScheduleEntry[] {
  if (input.length === 0 || input.length > 60) {
    throw badInput('input.schedule', 'give 1 to 60 tranches');
  }
  let previous = '';
  return input.map((s, i) => {
    const dueDate = parseIsoDate(s.dueDate, `input.schedule[${i}].dueDate`);
    if (dueDate <= previous) {
      throw badInput(`input.schedule[${i}].dueDate`, 'due dates must be strictly increasing');
    }
    if (!dueDate.startsWith(`${year - 1}-`) && !dueDate.startsWith(`${year}-`)) {
      throw badInput(`input.schedule[${i}].dueDate`, `a tranche of ${year} falls due in ${year - 1} or ${year}`);
    }
    previous = dueDate;
    const weight = s.weight ?? ONE;
    if (weight.isNegative()) {
      throw badInput(`input.schedule[${i}].weight`, 'must not be negative');
    }
    return { index: i, dueDate, weight: weight.toFixed() };
  });
}

function validateRate(rate: Decimal | null | undefined): Decimal {
  const r = rate ?? ONE;
  if (r.isNegative() || r.gt(1)) {
    throw badInput('input.advanceRate', 'must be between 0 and 1');
  }
  return r;
}

/** The current (highest) plan version of a scheme-year, or null. */
export async function findCurrentPlan(ctx: RequestContext, schemeCode: string, year: number): Promise<AdvancePlanEntity | null> {
  return ctx.em.getRepository(AdvancePlanEntity).findOne({ where: { schemeCode, year }, order: { version: 'DESC' } });
}

/** Entitlements of a run for this scheme-year (every municipality of the run), and its stage. */
export async function runEntitlements(
  ctx: RequestContext,
  runId: string,
  schemeCode: string,
  year: number,
): Promise<{ stage: string; amounts: Map<string, Decimal> }> {
  const run = await getAllocationRun(ctx, runId);
  if (run.schemeCode !== schemeCode || run.year !== year) {
    throw badInput('input.allocationRunId', `run ${runId} is of ${run.schemeCode} ${run.year}, not ${schemeCode} ${year}`);
  }
  const amounts = new Map<string, Decimal>();
  let after: string | null = null;
  for (;;) {
    const page = await runLines(ctx, runId, {}, 500, after);
    for (const edge of page.edges) {
      amounts.set(edge.node.municipalityCode, money(edge.node.amount));
    }
    if (!page.pageInfo.hasNextPage) {
      break;
    }
    after = page.pageInfo.endCursor;
  }
  return { stage: run.stage, amounts };
}

/** The plan stored under a key (replayed), or `perform`, which stores a new one with the key and hash. */
async function idempotentPlan(
  tx: RequestContext,
  key: string,
  hash: string,
  perform: () => Promise<AdvancePlanEntity>,
): Promise<PlanOutcome> {
  const { result, replayed } = await idempotent(tx, {
    key,
    field: 'input.idempotencyKey',
    what: 'advance plan',
    requestHash: hash,
    find: async () => {
      const earlier = await tx.em.getRepository(AdvancePlanEntity).findOneBy({ idempotencyKey: key });
      return earlier && { requestHash: earlier.requestHash, replay: async () => earlier };
    },
    perform,
  });
  return { plan: result, replayed };
}

interface LineToStore {
  municipalityCode: string;
  entitlement: Decimal;
  advance: Decimal;
  paid: Decimal;
  excess: Decimal;
  tranches: { index: number; dueDate: string; weight: Decimal; amount: Decimal }[];
}

async function storePlan(ctx: RequestContext, plan: AdvancePlanEntity, lines: LineToStore[]): Promise<void> {
  await ctx.em.getRepository(AdvancePlanEntity).insert(plan);
  await ctx.em.query(
    `INSERT INTO advance_plan_lines (plan_id, municipality_code, entitlement, advance, paid, excess)
     SELECT $1, m, e, a, p, x FROM unnest($2::varchar[], $3::numeric[], $4::numeric[], $5::numeric[], $6::numeric[]) AS t(m, e, a, p, x)`,
    [
      plan.id,
      lines.map((l) => l.municipalityCode),
      lines.map((l) => l.entitlement.toFixed(2)),
      lines.map((l) => l.advance.toFixed(2)),
      lines.map((l) => l.paid.toFixed(2)),
      lines.map((l) => l.excess.toFixed(2)),
    ],
  );
  const tranches = lines.flatMap((l) => l.tranches.map((t) => ({ m: l.municipalityCode, ...t })));
  await ctx.em.query(
    `INSERT INTO advance_plan_tranches (plan_id, municipality_code, idx, due_date, weight, amount)
     SELECT $1, m, i, d, w, a FROM unnest($2::varchar[], $3::int[], $4::date[], $5::numeric[], $6::numeric[]) AS t(m, i, d, w, a)`,
    [
      plan.id,
      tranches.map((t) => t.m),
      tranches.map((t) => t.index),
      tranches.map((t) => t.dueDate),
      tranches.map((t) => t.weight.toFixed()),
      tranches.map((t) => t.amount.toFixed(2)),
    ],
  );
  await notifyMoneyEvent(ctx, 'ADVANCE_PLAN_DECIDED', plan.id, lines);
}

/**
 * Version 1 of a scheme-year's advance plan (DOMAIN.md Calculation 5): per municipality of the
 * run A_i = round(advanceRate × E_i), apportioned over the schedule (default 12 equal monthly
 * tranches on the 1st) so the tranches sum exactly to A_i. Idempotent by key + request hash.
 */
export async function createAdvancePlan(ctx: RequestContext, input: CreateAdvancePlanInput): Promise<PlanOutcome> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const rate = validateRate(input.advanceRate);
  const schedule = input.schedule ? validateSchedule(input.schedule, input.year) : defaultSchedule(input.year);
  const hash = requestHash({ op: 'create', s: input.schemeCode, y: input.year, run: input.allocationRunId, rate, schedule });
  return runCommand(ctx, async (tx) => {
    await lockAdvances(tx, input.schemeCode, input.year);
    return idempotentPlan(tx, input.idempotencyKey, hash, async () => {
      const scheme = await getScheme(tx, input.schemeCode, input.year);
      if (await findCurrentPlan(tx, scheme.code, scheme.year)) {
        throw conflict(`${scheme.code} ${scheme.year} already has an advance plan: revise it`, { field: 'input.schemeCode' });
      }
      const { amounts } = await runEntitlements(tx, input.allocationRunId, scheme.code, scheme.year);
      const weights = schedule.map((s) => money(s.weight));
      const lines: LineToStore[] = [...amounts.entries()].map(([code, entitlement]) => {
        const advance = advanceAmount(entitlement, rate, scheme.unitScale);
        const planned = planTranches(advance, weights, scheme.unitScale);
        return {
          municipalityCode: code,
          entitlement,
          advance,
          paid: ZERO,
          excess: ZERO,
          tranches: planned.map((p) => ({ index: p.index, dueDate: schedule[p.index]!.dueDate, weight: p.weight, amount: p.amount })),
        };
      });
      const plan = tx.em.getRepository(AdvancePlanEntity).create({
        id: crypto.randomUUID(),
        schemeCode: scheme.code,
        year: scheme.year,
        version: 1,
        allocationRunId: input.allocationRunId,
        advanceRate: rate,
        schedule,
        replacesId: null,
        reason: 'initial plan',
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        createdBy: actor.subject,
      });
      await storePlan(tx, plan, lines);
      return tx.em.getRepository(AdvancePlanEntity).findOneByOrFail({ id: plan.id });
    });
  });
}

/**
 * A new plan version on a new run (DOMAIN.md Calculation 6): per municipality A_i(new) − paid_i is
 * apportioned over its unpaid tranches by their schedule weights; paid tranches never change;
 * paid beyond the new advance makes every unpaid tranche zero and is kept as excess for the
 * settlement. Under the scheme-year lock, so "paid" cannot change while revising.
 */
export async function reviseAdvancePlan(ctx: RequestContext, input: ReviseAdvancePlanInput): Promise<PlanOutcome> {
  assertRole(ctx, Role.FINANCE_OFFICER);
  const actor = requireActor(ctx);
  if (!input.reason || input.reason.trim().length === 0 || input.reason.length > 500) {
    throw badInput('input.reason', 'give a reason of 1 to 500 characters');
  }
  assertIdempotencyKey(input.idempotencyKey, 'input.idempotencyKey');
  const hash = requestHash({
    op: 'revise',
    s: input.schemeCode,
    y: input.year,
    run: input.allocationRunId,
    rate: input.advanceRate ?? null,
    reason: input.reason,
  });
  return runCommand(ctx, async (tx) => {
    await lockAdvances(tx, input.schemeCode, input.year);
    return idempotentPlan(tx, input.idempotencyKey, hash, async () => {
      const scheme = await getScheme(tx, input.schemeCode, input.year);
      const current = await findCurrentPlan(tx, scheme.code, scheme.year);
      if (!current) {
        throw notFound('advance plan', `${scheme.code} ${scheme.year}`);
      }
      if (
        await tx.em
          .query(`SELECT 1 FROM advance_closures WHERE scheme_code = $1 AND year = $2`, [scheme.code, scheme.year])
          .then((r: unknown[]) => r.length > 0)
      ) {
        throw conflict(`${scheme.code} ${scheme.year} is settled: its advances can no longer be revised`, { field: 'input.year' });
      }
      const rate = input.advanceRate ? validateRate(input.advanceRate) : current.advanceRate;
      const { amounts } = await runEntitlements(tx, input.allocationRunId, scheme.code, scheme.year);
      const tranches = await tx.em
        .getRepository(AdvancePlanTrancheEntity)
        .find({ where: { planId: current.id }, order: { municipalityCode: 'ASC', idx: 'ASC' } });
      const payments = await tx.em.getRepository(TranchePaymentEntity).findBy({ schemeCode: scheme.code, year: scheme.year });
      const paidAmount = new Map(payments.map((p) => [`${p.municipalityCode}:${p.idx}`, p.amount]));
      const byMunicipality = new Map<string, AdvancePlanTrancheEntity[]>();
      for (const t of tranches) {
        byMunicipality.set(t.municipalityCode, [...(byMunicipality.get(t.municipalityCode) ?? []), t]);
      }
      const codes = [...new Set([...byMunicipality.keys(), ...amounts.keys()])].sort();
      const lines: LineToStore[] = codes.map((code) => {
        const entitlement = amounts.get(code) ?? ZERO;
        const advance = advanceAmount(entitlement, rate, scheme.unitScale);
        const existing: TrancheState[] = (
          byMunicipality.get(code) ?? current.schedule.map((s) => ({ idx: s.index, weight: money(s.weight), amount: ZERO }))
        ).map((t) => {
          const paid = paidAmount.get(`${code}:${t.idx}`);
          return { index: t.idx, weight: t.weight, amount: paid ?? t.amount, paid: paid !== undefined };
        });
        const revised = reviseTranches(advance, existing, scheme.unitScale);
        return {
          municipalityCode: code,
          entitlement,
          advance,
          paid: sum(existing.filter((t) => t.paid).map((t) => t.amount)),
          excess: revised.excess,
          tranches: revised.tranches.map((t) => ({
            index: t.index,
            dueDate: current.schedule[t.index]!.dueDate,
            weight: t.weight,
            amount: t.amount,
          })),
        };
      });
      const plan = tx.em.getRepository(AdvancePlanEntity).create({
        id: crypto.randomUUID(),
        schemeCode: scheme.code,
        year: scheme.year,
        version: current.version + 1,
        allocationRunId: input.allocationRunId,
        advanceRate: rate,
        schedule: current.schedule,
        replacesId: current.id,
        reason: input.reason.trim(),
        idempotencyKey: input.idempotencyKey,
        requestHash: hash,
        createdBy: actor.subject,
      });
      await storePlan(tx, plan, lines);
      return tx.em.getRepository(AdvancePlanEntity).findOneByOrFail({ id: plan.id });
    });
  });
}
