export { createAllocationRule, listAllocationRules } from './allocation.rule.service';
export {
  runAllocation,
  runInputsNow,
  previewAllocations,
  type PreviewRule,
  type PreviewCount,
  calculateFromInputs,
  decisionNumber,
  type RunInputs,
} from './allocation.run.service';
export { getAllocationRun, listAllocationRuns, runLines, allocationExplanation, compareAllocationRuns } from './allocation.queries';
export { calculateAllocation, percentChange, type AllocationCalcInput, type AllocationCalcResult } from './allocation.calculator';
export { RunStage } from './allocation.inputs';
export { loadAllocationFixtures, loadFixtureRules, fixtureFile } from './allocation.fixtures';
export { runInputsJson } from './allocation.queries';
