export {
  createAdvancePlan,
  reviseAdvancePlan,
  findCurrentPlan,
  defaultSchedule,
  lockAdvances,
  runEntitlements,
} from './advance.plan.service';
export { payTranches, paidByMunicipality, closeAdvanceYear, latestClosure, suspendedMunicipalities } from './advance.payment.service';
export { suspendAdvances, releaseAdvances, suspensionHistory } from './advance.suspension.service';
export { advanceAmount, planTranches, reviseTranches, MONTHLY_WEIGHTS } from './advance.calculator';
export { planHistoryOf, paymentsOf, advancePlanLines, listAdvancePlans } from './advance.queries';
export { AdvanceResolver } from './advance.resolver';
export { Tranche, TrancheStatus, AdvancePlanLine } from './advance.type';
