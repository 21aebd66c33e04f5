import fc from 'fast-check';
import { canonicalText, money, toFixedScale, toFixedScaleText } from './money';

/** Decimal texts as PostgreSQL prints numerics, plus the odd shapes money() accepts. */
const decimalText = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.oneof(fc.stringMatching(/^[1-9]\d{0,30}$/), fc.constant('0'), fc.stringMatching(/^0\d{1,3}$/)),
    fc.option(fc.stringMatching(/^\d{1,40}$/), { nil: undefined }),
  )
  .map(([sign, int, frac]) => `${sign}${int}${frac === undefined ? '' : `.${frac}`}`);

function outcome(f: () => string): string {
  try {
    return f();
  } catch (error) {
    return `throws ${(error as Error).constructor.name}`;
  }
}

describe('canonicalText and toFixedScaleText', () => {
  it.each([
    ['3444800', '3444800'],
    ['3444800.000000', '3444800'],
    ['0.000', '0'],
    ['100.50', '100.5'],
    ['-1.250', '-1.25'],
    ['-0.50', '-0.5'],
    ['007.10', '7.1'],
  ])('%s reads as %s, like money(text).toFixed()', (text, expected) => {
    expect(canonicalText(text)).toBe(expected);
    expect(money(text).toFixed()).toBe(expected);
  });

  it.each([
    ['1043200.00', 0, '1043200'],
    ['1043200.00', 2, '1043200.00'],
    ['1.5', 2, '1.50'],
    ['12', 2, '12.00'],
    ['-0.00', 2, '0.00'],
  ])('%s at scale %i is %s, like toFixedScale', (text, scale, expected) => {
    expect(toFixedScaleText(text, scale)).toBe(expected);
    expect(toFixedScale(money(text), scale)).toBe(expected);
  });

  it('refuses more decimals than the scale, and what money() refuses', () => {
    expect(() => toFixedScaleText('1.05', 0)).toThrow(RangeError);
    expect(() => canonicalText('1e3')).toThrow(TypeError);
    expect(() => toFixedScaleText('1,5', 2)).toThrow(TypeError);
  });

  it('agrees with Money on any decimal text', () => {
    fc.assert(
      fc.property(decimalText, fc.constantFrom(0, 2), (text, scale) => {
        expect(canonicalText(text)).toBe(money(text).toFixed());
        expect(outcome(() => toFixedScaleText(text, scale))).toBe(outcome(() => toFixedScale(money(text), scale)));
      }),
      { numRuns: 2000 },
    );
  });
});
