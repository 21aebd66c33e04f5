export { distributeHousingTaskCommand, housingTask, type HousingTaskRun } from './housing-task.service';
export { distributeHousingTask, type HousingTaskLine } from './housing-task.calculator';
