export {
  startReconciliation,
  getReconciliationRun,
  listReconciliationRuns,
  listReconciliationDifferences,
  differenceTrail,
  reproduceReconciliation,
  listReproductions,
  exportReconciliation,
} from './reconciliation.service';
export {
  startReconciliationWorkers,
  reconciliationQueues,
  RECONCILIATION_QUEUE,
  recoverInterruptedRuns,
  processRun,
  processRuns,
  jobHooks,
} from './reconciliation.job';
export {
  reconcile,
  hashInputs,
  hashOutput,
  canonicalJson,
  type FrozenInputs,
  type ReconciliationOutput,
} from './reconciliation.calculator';
export { reconciliationRoutes } from './reconciliation.routes';
export { verifyExport } from './reconciliation.verify';
