export { createAdvancePlan, reviseAdvancePlan, findCurrentPlan, defaultSchedule, lockAdvances } from './advance.plan.service';
export { payTranches, paidByMunicipality, closeAdvanceYear, latestClosure, suspendedMunicipalities } from './advance.payment.service';
export { suspendAdvances, releaseAdvances, suspensionHistory } from './advance.suspension.service';
export { advanceAmount, planTranches, reviseTranches, MONTHLY_WEIGHTS } from './advance.calculator';
