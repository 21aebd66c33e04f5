import type { Benchmark } from './harness';

/** Every benchmark `npm run bench` runs, in order. Modules add theirs here as they land. */
export const benchmarks: Benchmark[] = [];
