/**
 * The counts module's pure face: functions without I/O that another module's calculator may use
 * (a calculator must not import `index.ts`, which loads the services, TypeORM and csv-parse).
 */
export { aggregateYearly, type StoredCount, type YearlyCount } from './count.calculator';
