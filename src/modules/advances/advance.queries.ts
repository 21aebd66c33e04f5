import type { RequestContext } from '../../context';
import { municipalityScope } from '../../common/auth/scope';
import { notFound } from '../../common/errors/domain-error';
import { money } from '../../common/money/money';
import { AdvancePlanEntity, AdvancePlanLineEntity, AdvancePlanTrancheEntity, TranchePaymentEntity } from './advance.entity';
import { latestClosure, suspendedMunicipalities } from './advance.payment.service';
import { AdvancePlan, AdvancePlanLine, AdvancePlanMonth, Tranche, TrancheStatus } from './advance.type';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function planTotals(
  ctx: RequestContext,
  planIds: string[],
  scope: string[] | null,
): Promise<Map<string, { advance: string; excess: string }>> {
  const rows: { plan_id: string; a: string; x: string }[] = await ctx.em.query(
    `SELECT plan_id::text, COALESCE(SUM(advance), 0)::text AS a, COALESCE(SUM(excess), 0)::text AS x FROM advance_plan_lines
      WHERE plan_id = ANY($1::uuid[]) AND ($2::varchar[] IS NULL OR municipality_code = ANY($2::varchar[])) GROUP BY plan_id`,
    [planIds, scope],
  );
  return new Map(rows.map((r) => [r.plan_id, { advance: money(r.a).toFixed(2), excess: money(r.x).toFixed(2) }]));
}

export function planToType(p: AdvancePlanEntity, current: boolean, totals: { advance: string; excess: string } | undefined): AdvancePlan {
  return {
    id: p.id,
    schemeCode: p.schemeCode,
    year: p.year,
    version: p.version,
    allocationRunId: p.allocationRunId,
    advanceRate: p.advanceRate.toFixed(),
    schedule: p.schedule,
    replacesId: p.replacesId,
    reason: p.reason,
    createdBy: p.createdBy,
    createdAt: p.createdAt,
    current,
    totalAdvance: totals?.advance ?? '0.00',
    totalExcess: totals?.excess ?? '0.00',
  };
}

/** Every plan version of a scheme-year, newest first; totals over what the actor may see. */
export async function listAdvancePlans(ctx: RequestContext, schemeCode: string, year: number): Promise<AdvancePlan[]> {
  const scope = municipalityScope(ctx, null);
  const plans = await ctx.em.getRepository(AdvancePlanEntity).find({ where: { schemeCode, year }, order: { version: 'DESC' } });
  const totals = await planTotals(
    ctx,
    plans.map((p) => p.id),
    scope,
  );
  return plans.map((p, i) => planToType(p, i === 0, totals.get(p.id)));
}

/** One plan version (header). */
export async function getAdvancePlan(ctx: RequestContext, id: string): Promise<AdvancePlan> {
  const scope = municipalityScope(ctx, null);
  const plan = UUID.test(id) ? await ctx.em.getRepository(AdvancePlanEntity).findOneBy({ id }) : null;
  if (!plan) {
    throw notFound('advance plan', id);
  }
  const latest = await ctx.em
    .getRepository(AdvancePlanEntity)
    .findOne({ where: { schemeCode: plan.schemeCode, year: plan.year }, order: { version: 'DESC' } });
  return planToType(plan, latest?.id === plan.id, (await planTotals(ctx, [plan.id], scope)).get(plan.id));
}

/**
 * Lines of one plan version with their tranches and today's status, ordered by municipality; a
 * controller gets only its own (asking for another is FORBIDDEN).
 */
export async function advancePlanLines(
  ctx: RequestContext,
  planId: string,
  municipalityCodes: string[] | null,
): Promise<AdvancePlanLine[]> {
  const scope = municipalityScope(ctx, municipalityCodes);
  const plan = UUID.test(planId) ? await ctx.em.getRepository(AdvancePlanEntity).findOneBy({ id: planId }) : null;
  if (!plan) {
    throw notFound('advance plan', planId);
  }
  const lineQb = ctx.em.getRepository(AdvancePlanLineEntity).createQueryBuilder('l').where('l.plan_id = :id', { id: planId });
  const trancheQb = ctx.em.getRepository(AdvancePlanTrancheEntity).createQueryBuilder('t').where('t.plan_id = :id', { id: planId });
  const paymentQb = ctx.em
    .getRepository(TranchePaymentEntity)
    .createQueryBuilder('p')
    .where('p.scheme_code = :s AND p.year = :y', { s: plan.schemeCode, y: plan.year });
  if (scope !== null) {
    lineQb.andWhere('l.municipality_code = ANY(:scope)', { scope });
    trancheQb.andWhere('t.municipality_code = ANY(:scope)', { scope });
    paymentQb.andWhere('p.municipality_code = ANY(:scope)', { scope });
  }
  // Sequential: inside a command `ctx.em` is a single connection (no concurrent queries on it).
  const lines = await lineQb.orderBy('l.municipality_code').getMany();
  const tranches = await trancheQb.orderBy('t.municipality_code').addOrderBy('t.idx').getMany();
  const payments = await paymentQb.getMany();
  const closed = (await latestClosure(ctx, plan.schemeCode, plan.year)) !== null;
  const suspended = await suspendedMunicipalities(ctx, plan.schemeCode, plan.year);
  const paymentOf = new Map(payments.map((p) => [`${p.municipalityCode}:${p.idx}`, p]));
  const byMunicipality = new Map<string, Tranche[]>();
  for (const t of tranches) {
    const p = paymentOf.get(`${t.municipalityCode}:${t.idx}`);
    const status = p
      ? TrancheStatus.PAID
      : closed
        ? TrancheStatus.CANCELLED
        : suspended.has(t.municipalityCode)
          ? TrancheStatus.SUSPENDED
          : TrancheStatus.PLANNED;
    byMunicipality.set(t.municipalityCode, [
      ...(byMunicipality.get(t.municipalityCode) ?? []),
      {
        index: t.idx,
        dueDate: t.dueDate,
        amount: t.amount.toFixed(2),
        status,
        cash: p ? p.cash.toFixed(2) : null,
        offset: p ? p.offsetAmount.toFixed(2) : null,
        transactionId: p?.transactionId ?? null,
      },
    ]);
  }
  return lines.map((l) => ({
    planId: plan.id,
    version: plan.version,
    municipalityCode: l.municipalityCode,
    entitlement: l.entitlement.toFixed(2),
    advance: l.advance.toFixed(2),
    paid: l.paid.toFixed(2),
    excess: l.excess.toFixed(2),
    tranches: byMunicipality.get(l.municipalityCode) ?? [],
  }));
}

/**
 * The tranches of one plan version summed per month of their due date (what the Advances page
 * shows): planned (not cancelled), paid (cash + offset), suspended, and the tranche counts; over the
 * municipalities the actor may see, with the statuses `advancePlanLines` gives (paid if booked,
 * else cancelled once the year is closed, else suspended while the municipality is, else planned).
 * One aggregate statement: twelve rows instead of every municipality's schedule (decision 1760).
 */
export async function advancePlanMonths(ctx: RequestContext, planId: string): Promise<AdvancePlanMonth[]> {
  const scope = municipalityScope(ctx, null);
  const plan = UUID.test(planId) ? await ctx.em.getRepository(AdvancePlanEntity).findOneBy({ id: planId }) : null;
  if (!plan) {
    throw notFound('advance plan', planId);
  }
  const closed = (await latestClosure(ctx, plan.schemeCode, plan.year)) !== null;
  const suspended = [...(await suspendedMunicipalities(ctx, plan.schemeCode, plan.year))];
  const rows = await ctx.em.query<
    { month: string; planned: string; paid: string; suspended: string; tranches: number; paid_count: number }[]
  >(
    `SELECT to_char(t.due_date, 'YYYY-MM') AS month,
            COALESCE(SUM(t.amount) FILTER (WHERE p.idx IS NOT NULL OR NOT $4::boolean), 0)::text AS planned,
            COALESCE(SUM(p.cash + p.offset_amount), 0)::text AS paid,
            COALESCE(SUM(t.amount) FILTER (WHERE p.idx IS NULL AND NOT $4::boolean AND t.municipality_code = ANY($5::varchar[])), 0)::text AS suspended,
            (count(*) FILTER (WHERE p.idx IS NOT NULL OR NOT $4::boolean))::int AS tranches,
            count(p.idx)::int AS paid_count
       FROM advance_plan_tranches t
       LEFT JOIN tranche_payments p ON p.scheme_code = $2 AND p.year = $3 AND p.municipality_code = t.municipality_code AND p.idx = t.idx
      WHERE t.plan_id = $1 AND ($6::varchar[] IS NULL OR t.municipality_code = ANY($6::varchar[]))
      GROUP BY 1 ORDER BY 1`,
    [plan.id, plan.schemeCode, plan.year, closed, suspended, scope],
  );
  return rows.map((r) => ({
    month: r.month,
    planned: money(r.planned).toFixed(2),
    paid: money(r.paid).toFixed(2),
    suspended: money(r.suspended).toFixed(2),
    tranches: r.tranches,
    tranchesPaid: r.paid_count,
  }));
}

/** Every plan version's line of one municipality, oldest first (the history of its advance). */
export async function planHistoryOf(
  ctx: RequestContext,
  schemeCode: string,
  year: number,
  municipalityCode: string,
): Promise<{ plan: AdvancePlanEntity; line: AdvancePlanLineEntity | null }[]> {
  const plans = await ctx.em.getRepository(AdvancePlanEntity).find({ where: { schemeCode, year }, order: { version: 'ASC' } });
  const lines = await ctx.em
    .getRepository(AdvancePlanLineEntity)
    .createQueryBuilder('l')
    .where('l.plan_id = ANY(:ids) AND l.municipality_code = :m', { ids: plans.map((p) => p.id), m: municipalityCode })
    .getMany();
  const byPlan = new Map(lines.map((l) => [l.planId, l]));
  return plans.map((plan) => ({ plan, line: byPlan.get(plan.id) ?? null }));
}

/** Payments of one municipality's tranches of a scheme-year (for offsets shown in the statement). */
export async function paymentsOf(
  ctx: RequestContext,
  schemeCode: string,
  year: number,
  municipalityCode: string,
): Promise<TranchePaymentEntity[]> {
  return ctx.em.getRepository(TranchePaymentEntity).find({ where: { schemeCode, year, municipalityCode }, order: { idx: 'ASC' } });
}
