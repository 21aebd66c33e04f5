export { draftSettlement, finaliseSettlement, currentFinalised, settlementPosts } from './settlement.service';
export { invoiceRecovery, recordRecoveryReceived } from './settlement.recovery.service';
export {
  settlementAsOf,
  recoveriesAsOf,
  yearsSettledAsOf,
  type SettlementAsOf,
  type SettlementAsOfInput,
  type SettlementLineAsOf,
  type RecoveryAsOf,
} from './settlement.records';
export { getSettlement, listSettlements, overrunView } from './settlement.queries';
export { municipalityAdvanceStatement } from './settlement.statement';
export { finalEntitlementOnSpending, settlementAmount, netByPayee } from './settlement.calculator';
