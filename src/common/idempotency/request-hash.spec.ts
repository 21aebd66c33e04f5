import fc from 'fast-check';
import { money } from '../money/money';
import { hashCanonical as hashOf } from '../hashing/canonical';
import { requestHash } from './request-hash';

describe('requestHash', () => {
  it('ignores key order and undefined members, and writes decimals as plain strings', () => {
    expect(requestHash({ b: 1, a: 'x', c: undefined })).toBe(requestHash({ a: 'x', b: 1 }));
    expect(requestHash({ amount: money('1000.50') })).toBe(requestHash({ amount: '1000.5' }));
    expect(requestHash({ effectiveDate: null })).not.toBe(requestHash({ effectiveDate: '2027-09-01' }));
  });

  it('refuses a non-integer number: money travels as Decimal or string', () => {
    expect(() => requestHash({ amount: 12.5 })).toThrow(TypeError);
  });

  it('equals the hash the allocation, advance, settlement and forecast rows were stored with', () => {
    // Request hashes stored before the helper existed must still compare equal (no false CONFLICT).
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node'), { maxLength: 4 }),
        fc.dictionary(fc.string(), tie('node'), { maxKeys: 4 }),
      ),
    })).node;
    fc.assert(fc.property(value, (v) => requestHash(v) === hashOf(v)));
  });
});
