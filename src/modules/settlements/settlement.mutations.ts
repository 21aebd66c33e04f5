import type { RequestContext } from '../../context';
import { draftSettlement, finaliseSettlement, type DraftSettlementInput, type FinaliseSettlementInput } from './settlement.service';
import { toSettlementType } from './settlement.queries';
import type { SettlementRecoveryEntity } from './settlement.entity';
import type Decimal from 'decimal.js';
import { invoiceRecovery, recordRecoveryReceived, type RecoveryInput } from './settlement.recovery.service';
import type { SettlementOutcome, SettlementRecoveryType } from './settlement.type';

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

/** invoiceRecovery, answered as the GraphQL recovery. */
export async function invoiceRecoveryOutcome(ctx: RequestContext, input: RecoveryInput): Promise<SettlementRecoveryType> {
  return recoveryToType(await invoiceRecovery(ctx, input));
}

/** recordRecoveryReceived, answered as the GraphQL recovery. */
export async function recordRecoveryReceivedOutcome(
  ctx: RequestContext,
  input: RecoveryInput & { amount: Decimal },
): Promise<SettlementRecoveryType> {
  return recoveryToType(await recordRecoveryReceived(ctx, input));
}

function recoveryToType(r: SettlementRecoveryEntity): SettlementRecoveryType {
  return { ...r, amount: r.amount.toFixed(2) };
}
