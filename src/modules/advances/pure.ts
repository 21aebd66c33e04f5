/**
 * The advances module's pure face: functions without I/O that another module's calculator may use
 * (a calculator must not import `index.ts`, which loads the services and TypeORM).
 */
export { advanceAmount } from './advance.calculator';
