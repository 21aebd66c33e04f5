import type { DataSource } from 'typeorm';
import { createDataSource, initialise } from '../src/common/db/data-source';
import { systemContext } from '../src/fixtures';
import { Role } from '../src/common/auth/actor';
import type { RequestContext } from '../src/context';
import {
  calculateFromInputs,
  listAllocationRuns,
  loadAllocationFixtures,
  runAllocation,
  runInputsJson,
  RunStage,
  type RunInputs,
} from '../src/modules/allocations';
import { scratchDatabase, timed, type Benchmark, type Figure } from './harness';

/**
 * An allocation run over all 342 municipalities of the 2026 SPUK fixture: the pure calculation
 * from stored inputs (the limit: no I/O at all), a dry run (inputs gathered from the database,
 * calculated, nothing stored), and a run end to end (inputs, calculation, run and lines stored with
 * their hashes, the booking in the ledger and the reversal of the run it replaces). All three
 * produce the same total, which is checked, so the figures are of the same work.
 */
export const allocationBenchmark: Benchmark = {
  name: 'allocation',
  embedded: true,
  async run(ctx) {
    const db =
      ctx.embedded === true ? { url: ctx.databaseUrl, drop: async () => undefined } : await scratchDatabase(ctx.adminUrl, 'allocation');
    let ds: DataSource | undefined;
    try {
      ds = createDataSource({ url: db.url, poolSize: ctx.embedded === true ? 1 : 2 });
      await initialise(ds);
      const system = systemContext(ds);
      await loadAllocationFixtures(system);
      const fo: RequestContext = {
        ...system,
        actor: { subject: 'bench-finance-officer', role: Role.FINANCE_OFFICER, municipalityCode: null },
      };
      const [fixtureRun] = await listAllocationRuns(fo, { schemeCode: 'SPUK-WI2021', year: 2026 });
      if (!fixtureRun) {
        throw new Error('the allocation fixture has no SPUK 2026 run');
      }
      const inputs = JSON.parse(await runInputsJson(fo, fixtureRun.id)) as RunInputs;
      const rounds = ctx.quick ? 5 : 20;
      const input = (key: string, dryRun: boolean) => ({
        schemeCode: 'SPUK-WI2021',
        year: 2026,
        ruleVersionId: fixtureRun.ruleVersionId,
        stage: RunStage.INTERIM,
        idempotencyKey: key,
        dryRun,
      });

      // Warm-up of each path (JIT, statement plans), not measured.
      const reference = calculateFromInputs(inputs);
      await runAllocation(fo, input('bench-warm-dry', true));
      await runAllocation(fo, input('bench-warm-run', false));

      const compute = await timed(async () => {
        let total = '';
        for (let i = 0; i < rounds; i += 1) {
          total = calculateFromInputs(inputs).totalAmount.toFixed(2);
        }
        return total;
      });
      const dry = await timed(async () => {
        let total = '';
        for (let i = 0; i < rounds; i += 1) {
          total = (await runAllocation(fo, input(`bench-dry-${i}`, true))).run.totalAmount;
        }
        return total;
      });
      const stored = await timed(async () => {
        let total = '';
        for (let i = 0; i < rounds; i += 1) {
          const outcome = await runAllocation(fo, input(`bench-run-${i}`, false));
          if (outcome.run.bookingTransactionId === null) {
            throw new Error('an end-to-end run was not booked');
          }
          total = outcome.run.totalAmount;
        }
        return total;
      });
      const expected = reference.totalAmount.toFixed(2);
      for (const [name, total] of [
        ['dry run', dry.result],
        ['end to end', stored.result],
        ['compute', compute.result],
      ] as const) {
        if (Number(total) !== Number(expected)) {
          throw new Error(`${name} total ${total} differs from the calculation from stored inputs ${expected}`);
        }
      }
      const municipalities = reference.lines.length;
      const dataSize = `${municipalities} municipalities, ${inputs.counts.length} count rows, ${rounds} runs each`;
      const perRun = (ms: number) => ms / rounds;
      const computeMs = perRun(compute.ms);
      const figures: Figure[] = [
        { name: 'allocation calculation from stored inputs (no I/O)', value: computeMs, unit: 'ms per run', dataSize },
        {
          name: 'allocation dry run (inputs read, calculated, nothing stored)',
          value: perRun(dry.ms),
          unit: 'ms per run',
          baseline: { name: 'calculation alone', value: computeMs, unit: 'ms per run' },
          ratio: computeMs / perRun(dry.ms),
          ratioMeaning: 'calculation / dry run: the share of the dry run that is the calculation',
          dataSize,
        },
        {
          name: 'allocation run end to end (stored with hashes, booked, replaced run reversed)',
          value: perRun(stored.ms),
          unit: 'ms per run',
          baseline: { name: 'calculation alone', value: computeMs, unit: 'ms per run' },
          ratio: computeMs / perRun(stored.ms),
          ratioMeaning: 'calculation / end to end',
          dataSize,
          notes: `each run books ${municipalities + 1} postings and reverses the previous run's booking`,
        },
      ];
      return figures;
    } finally {
      await ds?.destroy();
      await db.drop();
    }
  },
};
