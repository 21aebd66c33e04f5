import fc from 'fast-check';
import Decimal from 'decimal.js';
import {
  compareDecimal,
  formatCount,
  formatDate,
  formatDecimal,
  formatExact,
  formatMoney,
  formatPercent,
  localiseNumbersInText,
  parseDecimalInput,
  signOf,
  sumDecimals,
  todayInAmsterdam,
} from '../../console/src/format';

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

  it('whole euros', () => {
    expect(formatMoney('1500.49', { cents: false })).toBe('€ 1.500');
    expect(formatMoney(null)).toBe('—');
  });

  it.each([
    ['12345', '12.345'],
    ['1092.00', '1.092'],
    ['1092.000000', '1.092'],
    ['12.5', '12,5'],
    ['12.500000', '12,5'],
    ['0.336986', '0,336986'],
    ['1234.567891', '1.234,567891'],
    ['0', '0'],
  ])('a count shows as a count: formatCount(%s) = %s', (text, expected) => {
    expect(formatCount(text)).toBe(expected);
  });

  it('in English notation when asked', () => {
    expect(formatMoney('1234567.5', {}, 'en')).toBe('€1,234,567.50');
    expect(formatMoney('-12', {}, 'en')).toBe('-€12.00');
    expect(formatCount('1092.000000', 'en')).toBe('1,092');
    expect(formatCount('0.336986', 'en')).toBe('0.336986');
    expect(formatPercent('-3.456', 'en')).toBe('-3.46%');
    expect(formatDate('2026-07-15', 'en')).toBe('15 July 2026');
  });

  it('percentages, exact decimals and dates the Dutch way', () => {
    expect(formatPercent('12.345')).toBe('12,35 %');
    expect(formatExact('0.8')).toBe('0,8');
    expect(formatExact('1234.123456')).toBe('1.234,123456');
    expect(formatDate('2026-07-15')).toBe('15 juli 2026');
    expect(formatDate('2026-12-05T16:05:00Z')).toBe('5 dec 2026, 17:05');
  });

  it('decimal numbers inside an API sentence, and nothing else', () => {
    expect(localiseNumbersInText('plan v1 (start): A = round(0.8 × E 1234567.00) = 987653.60; paid then 0.00')).toBe(
      'plan v1 (start): A = round(0,8 × E 1.234.567,00) = 987.653,60; paid then 0,00',
    );
    expect(localiseNumbersInText('settlement SPUK-WI2021 2026 GM0363 on 2026-07-15: -12.50')).toBe(
      'settlement SPUK-WI2021 2026 GM0363 on 2026-07-15: -12,50',
    );
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

describe('console number input: Dutch and plain notation to the API’s canonical decimal', () => {
  it.each([
    ['11.800.000,00', '11800000.00'],
    ['1.092,5', '1092.5'],
    ['1092.5', '1092.5'],
    ['1092,5', '1092.5'],
    ['1092', '1092'],
    ['9500000.00', '9500000.00'],
    ['11.800.000', '11800000'],
    ['0.092', '0.092'],
    ['0,5', '0.5'],
    [',5', '0.5'],
    ['10,005', '10.005'],
    ['1092.500', '1092.500'],
    ['12.345678', '12.345678'],
    [' € 1.234,56 ', '1234.56'],
    ['1 234 567,89', '1234567.89'],
    ['007', '7'],
    ['123456789012345678,99', '123456789012345678.99'],
    ['-0', '0'],
  ])('accepts %j as %s', (typed, canonical) => {
    expect(parseDecimalInput(typed, { locale: 'nl' })).toEqual({ ok: true, value: canonical });
  });

  it.each([
    ['1.092', '1092', '1.092'],
    ['11.800', '11800', '11.800'],
    ['999.999', '999999', '999.999'],
  ])('refuses %j as ambiguous, naming both readings', (typed, asThousands, asDecimal) => {
    expect(parseDecimalInput(typed, { locale: 'nl' })).toEqual({ ok: false, problem: { kind: 'ambiguous', asThousands, asDecimal } });
  });

  it.each([
    'honderd',
    '1,092.50',
    '1,2,3',
    '1.09,5',
    '11.80.000',
    '1.092.5',
    '12,',
    '.',
    ',',
    '',
    '1e6',
    '1092.5.1',
    '12.34.56,7',
    '€',
    '0x10',
    '+5',
  ])('refuses %j as not a number in a known notation', (typed) => {
    expect(parseDecimalInput(typed, { locale: 'nl' })).toEqual({ ok: false, problem: { kind: 'format' } });
  });

  it('refuses a negative number unless it is allowed', () => {
    expect(parseDecimalInput('-12,50', { locale: 'nl' })).toEqual({ ok: false, problem: { kind: 'negative' } });
    expect(parseDecimalInput('−1.234,50', { locale: 'nl', allowNegative: true })).toEqual({ ok: true, value: '-1234.50' });
  });

  it('in English: commas group thousands, a dot is the decimal separator', () => {
    expect(parseDecimalInput('11,800,000.00', { locale: 'en' })).toEqual({ ok: true, value: '11800000.00' });
    expect(parseDecimalInput('1,092', { locale: 'en' })).toEqual({ ok: true, value: '1092' });
    expect(parseDecimalInput('1092.5', { locale: 'en' })).toEqual({ ok: true, value: '1092.5' });
    expect(parseDecimalInput('1092,5', { locale: 'en' })).toEqual({ ok: false, problem: { kind: 'format' } });
    expect(parseDecimalInput('1.092,5', { locale: 'en' })).toEqual({ ok: false, problem: { kind: 'format' } });
  });

  it('round-trips whatever the console shows: formatted Dutch text parses back to the same value', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.integer({ min: 0, max: 6 }), (units, scale) => {
        const text = new Decimal(units.toString()).div(new Decimal(10).pow(scale)).toFixed(scale);
        for (const locale of ['nl', 'en'] as const) {
          const shown = scale === 0 ? formatDecimal(text, 0, locale) : formatDecimal(text, scale, locale);
          const read = parseDecimalInput(shown, { locale });
          if (read.ok) {
            expect(new Decimal(read.value).eq(text)).toBe(true);
          } else {
            // Only "1.234" (one thousands group, no decimals) is ambiguous in Dutch.
            expect(locale).toBe('nl');
            expect(read.problem.kind).toBe('ambiguous');
            expect(scale).toBe(0);
          }
        }
      }),
    );
  });
});

describe('console exact arithmetic on decimal strings', () => {
  it.each<[(string | null | undefined)[], number | undefined, string]>([
    [['0.10', '0.20'], undefined, '0.30'],
    [['1234567890123456.78', '0.02'], undefined, '1234567890123456.80'],
    [['10', '-12.5'], undefined, '-2.5'],
    [['1.5', '2'], 2, '3.50'],
    [[], undefined, '0'],
    [[], 2, '0.00'],
    [['', null, undefined, '7.00'], 2, '7.00'],
    [['0.336986', '0.334247'], undefined, '0.671233'],
  ])('sumDecimals(%j, %s) = %s', (values, scale, expected) => {
    expect(sumDecimals(values, scale)).toBe(expected);
  });

  it('refuses to round or to read a non-number as zero', () => {
    expect(() => sumDecimals(['1.005'], 2)).toThrow(/more than 2 decimals/);
    expect(() => sumDecimals(['abc'])).toThrow(/not a decimal/);
  });

  it('sums any amounts exactly, as decimal.js does', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }), { maxLength: 400 }), (cents) => {
        const values = cents.map((c) => new Decimal(c.toString()).div(100).toFixed(2));
        const expected = values.reduce((s, v) => s.plus(v), new Decimal(0)).toFixed(2);
        expect(sumDecimals(values, 2)).toBe(expected);
      }),
    );
  });

  it('compares exactly, also where a float cannot tell the values apart', () => {
    expect(compareDecimal('9007199254740993.01', '9007199254740993.02')).toBe(-1);
    expect(compareDecimal('2.50', '2.5')).toBe(0);
    expect(compareDecimal('-1', '0.001')).toBe(-1);
    expect(compareDecimal(null, '0')).toBe(0);
    expect(compareDecimal('10', '9.999')).toBe(1);
  });

  it('the sign of a decimal string', () => {
    expect([signOf('-0.00'), signOf('0'), signOf('-0.01'), signOf('12')]).toEqual([0, 0, -1, 1]);
  });
});

describe('todayInAmsterdam', () => {
  it("gives Amsterdam's date, a day ahead of UTC's in the hour before midnight UTC in winter", () => {
    expect(todayInAmsterdam(new Date('2026-12-05T23:30:00Z'))).toBe('2026-12-06');
    expect(todayInAmsterdam(new Date('2026-12-05T22:30:00Z'))).toBe('2026-12-05');
    expect(todayInAmsterdam(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02');
  });
});
