/**
 * The allocations module's pure face: functions without I/O that another module's calculator may
 * use (a calculator must not import `index.ts`, which loads the services and TypeORM).
 */
export { calculateFromInputs, type RunInputs } from './allocation.calculator';
export { canonicalJson } from '../../common/hashing/canonical';
