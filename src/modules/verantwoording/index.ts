export { acceptedEligibleSpending, accountabilityStatuses } from './verantwoording.queries';
export type { AccountabilityStatus } from './verantwoording.type';
export { listReports } from './verantwoording.queries';
export { createReportDraft, submitReport, decideReport } from './verantwoording.service';
export { ReportDecision, ReportStatus } from './verantwoording.type';
