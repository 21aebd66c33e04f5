export { JobQueue, JOB_SCHEMA } from './job-queue';
export type {
  EnqueueOptions,
  Job,
  JobHandler,
  JobQueueOptions,
  JobState,
  JobStatus,
  QueueDefinition,
  QueuePolicy,
  WorkOptions,
} from './job-queue';
