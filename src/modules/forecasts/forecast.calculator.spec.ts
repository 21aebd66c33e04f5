import fc from 'fast-check';
import { money } from '../../common/money/money';
import { trailingAverage } from './forecast.calculator';

describe('trailingAverage', () => {
  it.each([
    // key values per year (2023, 2024, 2025), weights, expected for 2026
    [['10', '20', '30'], null, '20.000000'],
    [['10', '20', '30'], ['1', '1', '2'], '22.500000'],
    [['1', '0', '0'], null, '0.333333'],
    [['2', '0', '0'], null, '0.666667'],
    [['0', '0', '0.0000005'], ['0', '0', '1'], '0.000001'],
  ])('%j weighted %j gives %s', (values, weights, expected) => {
    const result = trailingAverage(
      values.map((v, i) => ({ key: 'GM0001|ASIELSTATUSHOUDER|', year: 2023 + i, value: money(v) })),
      2026,
      3,
      weights?.map(money) ?? null,
    );
    expect(result.map((r) => r.value.toFixed(6))).toEqual([expected]);
  });

  it('treats a missing year as zero and ignores years outside the window', () => {
    const result = trailingAverage(
      [
        { key: 'a', year: 2025, value: money('3') },
        { key: 'a', year: 2020, value: money('300') },
      ],
      2026,
      2,
    );
    expect(result.map((r) => r.value.toFixed(6))).toEqual(['1.500000']);
  });

  it('refuses all-zero weights, a wrong number of weights and a bad window', () => {
    expect(() => trailingAverage([], 2026, 2, [money('0'), money('0')])).toThrow(expect.objectContaining({ code: 'ZERO_TOTAL_WEIGHT' }));
    expect(() => trailingAverage([], 2026, 2, [money('1')])).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
    expect(() => trailingAverage([], 2026, 0)).toThrow(expect.objectContaining({ code: 'BAD_USER_INPUT' }));
  });

  it('lies between the smallest and largest yearly value (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 3 }),
        (vals, ws) => {
          const [r] = trailingAverage(
            vals.map((v, i) => ({ key: 'k', year: 2023 + i, value: money(String(v)).div(1000) })),
            2026,
            3,
            ws.map((w) => money(String(w))),
          );
          const lo = money(String(Math.min(...vals))).div(1000);
          const hi = money(String(Math.max(...vals))).div(1000);
          return r!.value.gte(lo.toDecimalPlaces(6, 0)) && r!.value.lte(hi.toDecimalPlaces(6, 0));
        },
      ),
    );
  });
});
