import Decimal from 'decimal.js';
import type { RequestContext } from '../../context';
import { municipalityScope } from '../../common/auth/scope';
import { toFixedScale, ZERO } from '../../common/money/money';
import { InterimEstimateLineEntity, type InterimDecisionEntity, type InterimEstimateEntity } from './interim.entity';
import {
  decideInterimEstimate,
  getInterimEstimateEntity,
  interimDecisionOf,
  listInterimEstimates,
  startInterimEstimate,
  type DecideInterimEstimateInput,
  type StartInterimEstimateInput,
} from './interim.service';
import type { InterimDecisionOutcome, InterimDecisionType, InterimEstimateOutcome, InterimEstimateType } from './interim.type';

function decisionToType(d: InterimDecisionEntity): InterimDecisionType {
  return {
    id: d.id,
    allocationRunId: d.allocationRunId,
    planId: d.planId,
    planVersion: d.planVersion,
    reason: d.reason,
    decidedBy: d.decidedBy,
    decidedAt: d.decidedAt,
  };
}

/** An estimate as GraphQL shows it: national figures to every role, lines scoped to a controller's municipality. */
export async function estimateToType(ctx: RequestContext, e: InterimEstimateEntity): Promise<InterimEstimateType> {
  const scope = municipalityScope(ctx, null);
  const qb = ctx.em
    .getRepository(InterimEstimateLineEntity)
    .createQueryBuilder('l')
    .where('l.estimate_id = :id', { id: e.id })
    .orderBy('l.municipality_code');
  if (scope !== null) {
    qb.andWhere('l.municipality_code = ANY(:scope)', { scope });
  }
  const lines = await qb.getMany();
  const totals = await ctx.em.query<{ paid: string; planned: string; new_advance: string }[]>(
    `SELECT coalesce(sum(paid), 0)::text AS paid, coalesce(sum(planned), 0)::text AS planned, coalesce(sum(new_advance), 0)::text AS new_advance
       FROM interim_estimate_lines WHERE estimate_id = $1`,
    [e.id],
  );
  const decision = await interimDecisionOf(ctx, e.id);
  const f = (d: Decimal) => toFixedScale(d, e.unitScale);
  const over = (total: Decimal) => f(Decimal.max(total.minus(e.budget), ZERO));
  return {
    id: e.id,
    schemeCode: e.schemeCode,
    year: e.year,
    source: e.source,
    forecastId: e.forecastId,
    level: e.level,
    ruleVersionId: e.ruleVersionId,
    planId: e.planId,
    planVersion: e.planVersion,
    methodVersion: e.methodVersion,
    inputHash: e.inputHash,
    outputHash: e.outputHash,
    budget: f(e.budget),
    total: f(e.total),
    totalP10: f(e.totalP10),
    totalP50: f(e.totalP50),
    totalP90: f(e.totalP90),
    overrunP10: over(e.totalP10),
    overrunP50: over(e.totalP50),
    overrunP90: over(e.totalP90),
    totalPaid: f(new Decimal(totals[0]!.paid)),
    totalPlanned: f(new Decimal(totals[0]!.planned)),
    totalNewAdvance: f(new Decimal(totals[0]!.new_advance)),
    createdBy: e.createdBy,
    createdAt: e.createdAt,
    decision: decision ? decisionToType(decision) : null,
    lines: lines.map((l) => {
      const decided = Decimal.max(l.paid, l.newAdvance);
      return {
        municipalityCode: l.municipalityCode,
        paid: f(l.paid),
        planned: f(l.planned),
        entitled: f(l.entitled),
        entitledP10: f(l.entitledP10),
        entitledP50: f(l.entitledP50),
        entitledP90: f(l.entitledP90),
        settlementP10: f(l.entitledP10.minus(l.planned)),
        settlementP50: f(l.entitledP50.minus(l.planned)),
        settlementP90: f(l.entitledP90.minus(l.planned)),
        newAdvance: f(l.newAdvance),
        settlementIfDecidedP10: f(l.entitledP10.minus(decided)),
        settlementIfDecidedP50: f(l.entitledP50.minus(decided)),
        settlementIfDecidedP90: f(l.entitledP90.minus(decided)),
      };
    }),
  };
}

export async function interimEstimate(ctx: RequestContext, id: string): Promise<InterimEstimateType> {
  return estimateToType(ctx, await getInterimEstimateEntity(ctx, id));
}

export async function interimEstimates(ctx: RequestContext, schemeCode: string, year: number): Promise<InterimEstimateType[]> {
  const result: InterimEstimateType[] = [];
  for (const e of await listInterimEstimates(ctx, schemeCode, year)) {
    result.push(await estimateToType(ctx, e));
  }
  return result;
}

export async function startInterimEstimateOutcome(ctx: RequestContext, input: StartInterimEstimateInput): Promise<InterimEstimateOutcome> {
  const { estimate, replayed } = await startInterimEstimate(ctx, input);
  return { estimate: await estimateToType(ctx, estimate), replayed };
}

export async function decideInterimEstimateOutcome(
  ctx: RequestContext,
  input: DecideInterimEstimateInput,
): Promise<InterimDecisionOutcome> {
  const { decision, replayed } = await decideInterimEstimate(ctx, input);
  return {
    decision: decisionToType(decision),
    estimate: await estimateToType(ctx, await getInterimEstimateEntity(ctx, decision.estimateId)),
    replayed,
  };
}
