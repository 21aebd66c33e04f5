import path from 'node:path';
// Loaded here, at the runner's top level, so its safety net (stop every server still running, and
// kill them if the process ends) registers for the whole file, not inside the first part that loads it.
import { stopAllServerProcesses } from './server-process';

/**
 * The small e2e files, run in groups (decision 2090).
 *
 * Jest gives every test file a module registry of its own, so each e2e file loaded about 2,000
 * modules anew (typeorm, graphql, Apollo, type-graphql and all of src): about 1 s of CPU a file,
 * whatever its tests did. A group's runner, `test/e2e/<group>.e2e-spec.ts`, loads its parts,
 * `test/e2e/<part>.e2e-part.ts`, in one registry. Each part is required inside a `describe` named
 * after its file, so the hooks at a part's top level apply to that part's tests only, and each part
 * still gets a database of its own from `createTestApp`. The five largest (17–42 s a file) stay files of
 * their own, so the sequencer can spread them over the workers.
 *
 * One part alone: `npx jest test/e2e/<group>.e2e-spec.ts -t <part>.e2e-part.ts`.
 * test/architecture/e2e-groups.spec.ts checks that every part is in exactly one group and every
 * group has its runner.
 */
export const E2E_GROUPS = {
  api: [
    'authorization',
    'production-auth',
    'readme',
    'jit-executor',
    'tokens',
    'foundation',
    'graphql-over-http',
    'operation',
    'pool-exhausted',
    'run-command-connection',
    'restart-passes',
    'security-matrix',
    'expensive-fields',
  ],
  requests: ['bad-input', 'idempotency', 'no-n-plus-one', 'console-stored-periods', 'console-scenario'],
  ledger: [
    'ledger-merger',
    'ledger-snapshot',
    'ledger-graphql',
    'ledger-posting',
    'postings-sequence-migration',
    'ledger-copy',
    'ledger-one-round-trip',
    'copy-protocol',
    'ledger-integrity',
    'ledger-balances',
    'journal-checkpoints',
  ],
  mergers: [
    'merger-codes',
    'merger-invoice-recovery',
    'fixture-merger',
    'merger-jobs',
    'merger-transfer',
    'merger-offsets',
    'side-by-side-store',
    'cli-side-by-side',
  ],
  'chain-and-forecasts': [
    'chain-timeliness',
    'chain-import',
    'chain-money-events',
    'chain-delivery',
    'chain-inbound',
    'alerts',
    'forecasts',
    'backtest-shared',
    'interim-estimates',
    'forecast-distributions',
  ],
  people: [
    'people-worked-example',
    'people-events',
    'counts',
    'housing-task',
    'housing-delay-handover-totals',
    'people-attribution',
    'people-fixture',
    'attribution-detail',
    'attribution-stored-periods',
    'key-comparison',
  ],
  'money-allocation': ['registration', 'schemes', 'allocation-people', 'allocation-booking', 'allocation', 'verantwoording'],
  'money-advances-settlement': [
    'advances-suspension',
    'advances-invariants',
    'advances',
    'settlement-corrections',
    'settlement-scenario',
    'reconciliation-settled',
    'reconciliation',
    'reconciliation-export',
  ],
} as const satisfies Record<string, readonly string[]>;

export type E2eGroup = keyof typeof E2E_GROUPS;

export const E2E_DIR = path.resolve(__dirname, '../e2e');
export const partFileName = (part: string): string => `${part}.e2e-part.ts`;
export const runnerFileName = (group: string): string => `${group}.e2e-spec.ts`;

/** Registers the group's parts, each inside a `describe` named after its file. Call once, at a runner's top level. */
export function runGroup(group: E2eGroup): void {
  for (const part of E2E_GROUPS[group]) {
    describe(partFileName(part), () => {
      // Required, not imported: an import is hoisted out of the describe, and the part's
      // describes and hooks must register inside this one.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require(path.join(E2E_DIR, partFileName(part)));
      // After the part's own afterAll hooks: a server the part left running (a failed beforeAll
      // never hands it to them) is stopped before the next part, as it was at the end of its file.
      afterAll(() => stopAllServerProcesses());
    });
  }
}
