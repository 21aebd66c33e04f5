import type { RequestContext } from '../../context';
import { draftSettlement, finaliseSettlement, type DraftSettlementInput, type FinaliseSettlementInput } from './settlement.service';
import { toSettlementType } from './settlement.queries';
import type { SettlementOutcome } from './settlement.type';

/*
 * The settlements module's mutations as the resolver answers them: one command of the service, its result
 * mapped to the GraphQL outcome. Reads live in settlement.queries.ts, rules in the services.
 */

export async function draftSettlementOutcome(ctx: RequestContext, input: DraftSettlementInput): Promise<SettlementOutcome> {
  const { settlement, replayed } = await draftSettlement(ctx, input);
  return { settlement: await toSettlementType(ctx, settlement), replayed };
}

export async function finaliseSettlementOutcome(ctx: RequestContext, input: FinaliseSettlementInput): Promise<SettlementOutcome> {
  const { settlement, replayed } = await finaliseSettlement(ctx, input);
  return { settlement: await toSettlementType(ctx, settlement), replayed };
}
