import { COUNT_FORMAT, DECIMAL_FORMAT, MONEY_FORMAT, decimalProblem, describeDecimalFormat } from './decimal-format';

describe('decimal formats of the API (one rule for scalars and per-line text fields)', () => {
  it('describes each format with an example', () => {
    expect(describeDecimalFormat(MONEY_FORMAT)).toBe('a decimal string with at most 2 decimals, such as "1234.50"');
    expect(describeDecimalFormat(COUNT_FORMAT)).toBe('a decimal string with at most 6 decimals, such as "12.5"');
    expect(describeDecimalFormat(DECIMAL_FORMAT)).toBe('a decimal string with at most 12 decimals, such as "0.85"');
    expect(describeDecimalFormat({ ...MONEY_FORMAT, maxScale: 0, example: '1234', nonNegative: true })).toBe(
      'a non-negative whole number written as a string, such as "1234"',
    );
  });

  it.each(['0', '1234.50', '0.01', '-5', '9999999999999999.99', '0000000000000000001.00'])('accepts money %p', (value) => {
    expect(decimalProblem(value, MONEY_FORMAT)).toBeNull();
  });

  it.each([
    ['11.800.000,00', 'is not a decimal string with at most 2 decimals, such as "1234.50": write digits with "." before the decimals'],
    ['1.092,5', 'is not a decimal string'],
    ['1e3', 'is not a decimal string'],
    ['', 'is not a decimal string'],
    ['1.234', 'has 3 decimals: expected a decimal string with at most 2 decimals, such as "1234.50"'],
    ['1'.repeat(17), 'has 17 digits before the decimal point, at most 16'],
    ['1'.repeat(49), 'has 49 digits before the decimal point, at most 16'],
  ])('refuses money %p naming the expected format', (value, message) => {
    expect(decimalProblem(value, MONEY_FORMAT)).toContain(message);
  });

  it('refuses a JSON number and names why', () => {
    expect(decimalProblem(12.5, MONEY_FORMAT)).toBe(
      'expected a decimal string with at most 2 decimals, such as "1234.50", not the number 12.5 (a JSON number loses digits: send a string)',
    );
  });

  it('counts: at most 6 decimals and 12 digits; negative only where allowed', () => {
    expect(decimalProblem('1.1234567', COUNT_FORMAT)).toBe(
      '"1.1234567" has 7 decimals: expected a decimal string with at most 6 decimals, such as "12.5"',
    );
    expect(decimalProblem('1234567890123', COUNT_FORMAT)).toContain('13 digits before the decimal point, at most 12');
    expect(decimalProblem('-1', COUNT_FORMAT)).toBeNull();
    expect(decimalProblem('-1', { ...COUNT_FORMAT, nonNegative: true })).toBe(
      '"-1" is negative: expected a non-negative decimal string with at most 6 decimals, such as "12.5"',
    );
    expect(decimalProblem('-0.000', { ...COUNT_FORMAT, nonNegative: true })).toBeNull();
  });
});
