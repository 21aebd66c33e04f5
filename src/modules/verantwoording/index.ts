export { VerantwoordingResolver } from './verantwoording.resolver';
export { acceptedEligibleSpending, accountabilityStatuses } from './verantwoording.queries';
export { verantwoordingEntities } from './verantwoording.entity';
export type { AccountabilityStatus } from './verantwoording.type';
export { listReports } from './verantwoording.queries';
