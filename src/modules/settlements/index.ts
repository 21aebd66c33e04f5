export { draftSettlement, finaliseSettlement, currentFinalised, settlementPosts } from './settlement.service';
export { invoiceRecovery, recordRecoveryReceived } from './settlement.recovery.service';
export { getSettlement, listSettlements, overrunView } from './settlement.queries';
export { municipalityAdvanceStatement } from './settlement.statement';
export { finalEntitlementOnSpending, settlementAmount, netByPayee, applyOffsets } from './settlement.calculator';
export { settlementEntities } from './settlement.entity';
export { SettlementResolver } from './settlement.resolver';
