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
  startReconciliationWorker,
  recoverInterruptedRuns,
  processRun,
  processRuns,
  jobHooks,
  type ReconciliationWorker,
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
