export {
  createAdvancePlan,
  reviseAdvancePlan,
  findCurrentPlan,
  defaultSchedule,
  lockAdvances,
  runEntitlements,
} from './advance.plan.service';
export {
  payTranches,
  paidByMunicipality,
  closeAdvanceYear,
  latestClosure,
  suspendedMunicipalities,
  type AdvanceClosure,
} from './advance.payment.service';
export { suspendAdvances, releaseAdvances, suspensionHistory } from './advance.suspension.service';
export { advanceAmount, planTranches, reviseTranches, applyOffsets, MONTHLY_WEIGHTS } from './advance.calculator';
export { advanceRecordsAsOf, offsetsTakenAsOf, type AdvanceRecordsAsOf, type AsOfInput } from './advance.records';
export { planHistoryOf, paymentsOf, advancePlanLines, listAdvancePlans } from './advance.queries';
export { Tranche, TrancheStatus, AdvancePlanLine } from './advance.type';
