import type { RequestContext } from '../../context';
import { sum, ZERO } from '../../common/money/money';
import { payTranches, type PayTranchesInput, type PayTranchesOutcome } from './advance.payment.service';
import { createAdvancePlan, reviseAdvancePlan, type CreateAdvancePlanInput, type ReviseAdvancePlanInput } from './advance.plan.service';
import { getAdvancePlan } from './advance.queries';
import type { AdvancePlanOutcome, PayTranchesOutcomeType } from './advance.type';

/*
 * The advances module's mutations as the resolver answers them: one command of the service, its result
 * mapped to the GraphQL outcome. Reads live in advance.queries.ts, rules in the services.
 */

/** createAdvancePlan, answered as the GraphQL outcome. */
export async function createAdvancePlanOutcome(ctx: RequestContext, input: CreateAdvancePlanInput): Promise<AdvancePlanOutcome> {
  const outcome = await createAdvancePlan(ctx, input);
  return { plan: await getAdvancePlan(ctx, outcome.plan.id), replayed: outcome.replayed };
}

/** reviseAdvancePlan, answered as the GraphQL outcome. */
export async function reviseAdvancePlanOutcome(ctx: RequestContext, input: ReviseAdvancePlanInput): Promise<AdvancePlanOutcome> {
  const outcome = await reviseAdvancePlan(ctx, input);
  return { plan: await getAdvancePlan(ctx, outcome.plan.id), replayed: outcome.replayed };
}

/** payTranches, answered as the GraphQL outcome. */
export async function payTranchesOutcome(ctx: RequestContext, input: PayTranchesInput): Promise<PayTranchesOutcomeType> {
  return payOutcomeToType(await payTranches(ctx, input));
}

/** A payment run as the GraphQL outcome: totals, the non-zero tranches, the suspended municipalities. */
export function payOutcomeToType(o: PayTranchesOutcome): PayTranchesOutcomeType {
  const nonZero = o.tranches.filter((t) => t.amount.gt(0));
  return {
    schemeCode: o.schemeCode,
    year: o.year,
    dueUpTo: o.dueUpTo,
    paidCount: o.tranches.length,
    totalAmount: sum(o.tranches.map((t) => t.amount)).toFixed(2),
    totalCash: sum(o.tranches.map((t) => t.cash)).toFixed(2),
    totalOffset: o.tranches.reduce((acc, t) => acc.plus(t.offset), ZERO).toFixed(2),
    tranches: nonZero.map((t) => ({
      municipalityCode: t.municipalityCode,
      index: t.index,
      dueDate: t.dueDate,
      amount: t.amount.toFixed(2),
      cash: t.cash.toFixed(2),
      offset: t.offset.toFixed(2),
      transactionId: t.transactionId,
    })),
    suspended: o.suspended,
    replayed: o.replayed,
  };
}
