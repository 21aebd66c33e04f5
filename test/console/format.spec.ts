import fc from 'fast-check';
import Decimal from 'decimal.js';
import { formatCount, formatDecimal, formatMoney } from '../../console/src/format';

describe('console Dutch formatting of decimal strings', () => {
  it.each([
    ['1234567.5', '€ 1.234.567,50'],
    ['0', '€ 0,00'],
    ['-12', '€ -12,00'],
    ['999.995', '€ 1.000,00'],
    ['-0.004', '€ 0,00'],
    ['410120000.00', '€ 410.120.000,00'],
    ['12345678901234567.89', '€ 12.345.678.901.234.567,89'],
  ])('formatMoney(%s) = %s', (text, expected) => {
    expect(formatMoney(text)).toBe(expected);
  });

  it('whole euros and counts', () => {
    expect(formatMoney('1500.49', { cents: false })).toBe('€ 1.500');
    expect(formatCount('12345')).toBe('12.345');
    expect(formatCount('12.5')).toBe('12,50');
    expect(formatMoney(null)).toBe('—');
  });

  it('agrees with decimal.js rounding (half away from zero) and grouping for any amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }), (units, scale) => {
        const text = new Decimal(units.toString()).div(new Decimal(10).pow(scale)).toFixed(scale);
        const rounded = new Decimal(text).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
        const [int, frac] = rounded.replace('-', '').split('.');
        const grouped = (int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, '.');
        const negative = rounded.startsWith('-') && !/^-0\.00$/.test(rounded);
        expect(formatDecimal(text, 2)).toBe(`${negative ? '-' : ''}${grouped},${frac ?? ''}`);
      }),
    );
  });
});
