export {
  recordCounts,
  yearlyCounts,
  latestCountId,
  currentCountRows,
  countBatchRecorded,
  batchRefused,
  type RecordCountsInput,
} from './count.service';
export {
  aggregateYearly,
  validateCountBatch,
  periodEndFor,
  type StoredCount,
  type YearlyCount,
  type RawCountRow,
  type RowProblem,
  type PeriodType,
} from './count.calculator';
export type { CountBatch, Count } from './count.type';
