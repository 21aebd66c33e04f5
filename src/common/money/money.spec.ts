import { money, roundToUnit, sum, toFixedScale } from './money';

describe('money helpers', () => {
  it.each([
    ['2.345', 2, '2.35'],
    ['-2.345', 2, '-2.35'],
    ['2.344999', 2, '2.34'],
    ['0.5', 0, '1'],
    ['-0.5', 0, '-1'],
    ['-0.004', 2, '0.00'],
  ])('rounds %s to %d decimals half away from zero: %s', (input, scale, expected) => {
    expect(toFixedScale(roundToUnit(money(input), scale), scale)).toBe(expected);
  });

  it('refuses anything but a canonical decimal string', () => {
    for (const bad of ['1e3', 'NaN', 'Infinity', '12,50', ' 1', '', '+1', '1.']) {
      expect(() => money(bad)).toThrow(TypeError);
    }
    expect(() => money(null as unknown as string)).toThrow(TypeError);
  });

  it('keeps 40 significant digits', () => {
    expect(money('1').div(3).toFixed(39)).toBe('0.333333333333333333333333333333333333333');
  });

  it('sums exactly and refuses missing values', () => {
    expect(sum([money('0.10'), money('0.20')]).toFixed(2)).toBe('0.30');
    expect(() => sum([money('1'), undefined as unknown as ReturnType<typeof money>])).toThrow(TypeError);
  });

  it('refuses to print an amount with more decimals than the unit', () => {
    expect(() => toFixedScale(money('1.005'), 2)).toThrow(RangeError);
    expect(toFixedScale(money('7'), 2)).toBe('7.00');
  });
});
