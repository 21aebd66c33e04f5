import { createTestApp, type TestApp } from '../helpers/test-app';
import { yearlyCount } from '../helpers/counts';
import { createTestRules, createTestScheme } from '../helpers/advances';
import { money } from '../../src/common/money/money';
import { Role } from '../../src/common/auth/actor';
import { recordCounts, currentCountRows } from '../../src/modules/counts';
import { registerMerger } from '../../src/modules/municipalities';
import { runAllocation, runLines, RunStage } from '../../src/modules/allocations';
import { createForecast, overrideForecast } from '../../src/modules/forecasts';

const Y = 2035;

describe('forecasts', () => {
  let t: TestApp;
  const fo = () => t.ctx(Role.FINANCE_OFFICER, null, 'fo-1');
  const forecastValue = async (m: string): Promise<string | undefined> =>
    (await currentCountRows(fo(), { year: Y, basis: 'FORECAST' })).find((c) => c.municipalityCode === m)?.value.toFixed(6);

  beforeAll(async () => {
    t = await createTestApp({ poolSize: 4 });
    await recordCounts(fo(), {
      batchKey: 'f-registered',
      rows: [
        yearlyCount('GM0363', Y - 3, 'REGISTERED', '10'),
        yearlyCount('GM0363', Y - 2, 'REGISTERED', '20'),
        yearlyCount('GM0363', Y - 1, 'REGISTERED', '30'),
        yearlyCount('GM0344', Y - 3, 'REGISTERED', '6'),
        yearlyCount('GM0344', Y - 2, 'REGISTERED', '6'),
        yearlyCount('GM0344', Y - 1, 'REGISTERED', '6'),
        yearlyCount('GM0014', Y - 1, 'REGISTERED', '3'),
        yearlyCount('GM0034', Y - 1, 'REGISTERED', '1'),
        yearlyCount('GM0363', Y, 'TAAKSTELLING', '4'),
      ],
    });
    // GM0014 merges into GM0344 on 1 January of the forecast year: its history counts for the successor.
    await registerMerger(fo(), { dissolvedCodes: ['GM0014'], successorCode: 'GM0344', effectiveDate: `${Y}-01-01` });
  });
  afterAll(() => t.close());

  it('copies the taakstelling', async () => {
    const { forecast } = await createForecast(fo(), { year: Y, method: 'TAAKSTELLING', idempotencyKey: 'f-tk' });
    expect(forecast.method).toBe('TAAKSTELLING');
    expect(await forecastValue('GM0363')).toBe('4.000000');
  });

  it('averages trailing actuals with weights, rounded once to 6 decimals, and publishes FORECAST counts', async () => {
    const input = {
      year: Y,
      method: 'TRAILING_ACTUALS' as const,
      periods: 3,
      weights: [money('1'), money('1'), money('2')],
      idempotencyKey: 'f-ta',
    };
    const { forecast, replayed } = await createForecast(fo(), input);
    expect(replayed).toBe(false);
    const lines = await t.ok<{ forecast: { lines: { municipalityCode: string; value: string }[]; inputCount: number } }>(
      `query($id: ID!) { forecast(id: $id) { inputCount lines { municipalityCode value } } }`,
      { id: forecast.id },
    );
    // GM0363: (10 + 20 + 2 × 30) / 4 = 22.5; GM0344 with GM0014: (6 + 6 + 2 × (6 + 3)) / 4 = 7.5; GM0034: 2 × 1 / 4 = 0.5
    expect(lines.forecast.lines).toEqual([
      { municipalityCode: 'GM0034', value: '0.500000' },
      { municipalityCode: 'GM0344', value: '7.500000' },
      { municipalityCode: 'GM0363', value: '22.500000' },
    ]);
    expect(lines.forecast.inputCount).toBe(8);
    expect(await forecastValue('GM0363')).toBe('22.500000');
    expect((await createForecast(fo(), input)).replayed).toBe(true);
    await expect(createForecast(fo(), { ...input, periods: 2, weights: null })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', reason: 'IDEMPOTENCY_KEY_REUSED' },
    });
    // Equal weights over 2 years: GM0034 (0 + 1) / 2 = 0.5; GM0363 (20 + 30) / 2 = 25
    const two = await createForecast(fo(), { year: Y, method: 'TRAILING_ACTUALS', periods: 2, idempotencyKey: 'f-ta2' });
    expect(two.forecast.params).toEqual({ periods: 2, weights: null, rule: 'PEILDATUM' });
    expect(await forecastValue('GM0363')).toBe('25.000000');
  });

  it('a manual override with a reason supersedes, and an allocation rule on FORECAST uses it', async () => {
    await expect(
      overrideForecast(fo(), {
        year: Y,
        municipalityCode: 'GM0363',
        category: 'ASIELSTATUSHOUDER',
        value: money('26'),
        reason: ' ',
        idempotencyKey: 'f-o0',
      }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'input.reason' } });
    await overrideForecast(fo(), {
      year: Y,
      municipalityCode: 'GM0363',
      category: 'ASIELSTATUSHOUDER',
      value: money('26.5'),
      reason: 'new reception location opens in March',
      idempotencyKey: 'f-o1',
    });
    expect(await forecastValue('GM0363')).toBe('26.500000');
    await createTestScheme(fo(), 'FC-TEST', Y, '1000.00');
    const rules = await createTestRules(fo(), 'FC-TEST');
    const run = await runAllocation(fo(), {
      schemeCode: 'FC-TEST',
      year: Y,
      ruleVersionId: rules.forecast,
      stage: RunStage.PROVISIONAL,
      idempotencyKey: 'f-run',
      dryRun: false,
    });
    const page = await runLines(fo(), run.run.id, { municipalityCodes: ['GM0363', 'GM0344'] }, 10, null);
    expect(page.edges.map((e) => [e.node.municipalityCode, e.node.amount])).toEqual([
      ['GM0344', '7500.00'],
      ['GM0363', '26500.00'],
    ]);
    const ctl = await t.tokens.controller('GM0034');
    const seen = await t.ok<{ forecasts: { method: string; lines: { municipalityCode: string }[] }[] }>(
      `query { forecasts(year: ${Y}) { method lines { municipalityCode } } }`,
      {},
      ctl,
    );
    expect(new Set(seen.forecasts.flatMap((f) => f.lines.map((l) => l.municipalityCode)))).toEqual(new Set(['GM0034']));
  });
});
