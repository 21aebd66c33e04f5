import { money } from '../money/money';
import { exactNumericTransformer, numericTransformer } from './numeric.transformer';

describe('numeric transformer', () => {
  const cents = numericTransformer(2);

  it('writes exactly the scale, from a Money or an already-converted string', () => {
    expect(cents.to(money('12.5'))).toBe('12.50');
    expect(cents.to('12.50')).toBe('12.50');
    expect(cents.to(null)).toBeNull();
  });

  it('refuses to round silently on the way to the database', () => {
    expect(() => cents.to(money('12.505'))).toThrow(RangeError);
  });

  it('reads numeric text into Money', () => {
    expect(cents.from('1234.56').toFixed(2)).toBe('1234.56');
    expect(cents.from(null)).toBeNull();
    expect(exactNumericTransformer.to(money('0.333333333333333333'))).toBe('0.333333333333333333');
  });
});
