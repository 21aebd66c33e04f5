import type { RequestContext } from '../../context';
import { payTranches, type PayTranchesInput } from './advance.payment.service';
import { createAdvancePlan, reviseAdvancePlan, type CreateAdvancePlanInput, type ReviseAdvancePlanInput } from './advance.plan.service';
import { getAdvancePlan, payOutcomeToType } from './advance.queries';
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
