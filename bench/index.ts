import type { Benchmark } from './harness';
import { ledgerBenchmark } from './ledger.bench';
import { attributionBenchmark } from './attribution.bench';
import { graphqlReadBenchmark } from './graphql-read.bench';
import { exportBenchmark } from './export.bench';
import { reconciliationBenchmark } from './reconciliation.bench';
import { allocationBenchmark } from './allocation.bench';
import { startupBenchmark } from './startup.bench';
import { chainBenchmark } from './chain.bench';
import { consoleQueriesBenchmark } from './console-queries.bench';

/** Every benchmark `npm run bench` runs, in order. Modules add theirs here as they land. */
export const benchmarks: Benchmark[] = [
  startupBenchmark,
  ledgerBenchmark,
  allocationBenchmark,
  attributionBenchmark,
  graphqlReadBenchmark,
  reconciliationBenchmark,
  exportBenchmark,
  chainBenchmark,
  consoleQueriesBenchmark,
];
