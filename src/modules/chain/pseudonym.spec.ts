import fc from 'fast-check';
import { candidatePseudonyms, isValidBsn, pseudonymFor } from './pseudonym';
import { municipalityForOin, oinForMunicipality } from './oin';

const KEY = Buffer.from('unit-test-pseudonym-key-0123456789abcdef', 'utf8');

describe('elfproef', () => {
  it.each([
    ['111222333', true], // 9+8+7+12+10+8+9+6 = 69, 69 - 3 = 66 = 6·11
    ['123456782', true],
    ['111222334', false],
    ['000000000', false],
    ['12345678', false],
    ['1234567890', false],
    ['12345678a', false],
  ])('%s → %s', (bsn, valid) => {
    expect(isValidBsn(bsn)).toBe(valid);
  });

  it('accepts exactly one last digit for a valid 8-digit prefix, or none when the sum leaves 10', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10_000_000, max: 99_999_999 }), (prefix) => {
        const valid = [...'0123456789'].filter((d) => isValidBsn(`${prefix}${d}`));
        expect(valid.length).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('pseudonyms', () => {
  it('are the key id, an underscore and 43 base64url characters: never all digits, never the BSN', () => {
    const p = pseudonymFor('k1', KEY, 'bsn', '111222333');
    expect(p).toMatch(/^k1_[A-Za-z0-9_-]{43}$/);
    expect(p).not.toContain('111222333');
    expect(p).toBe(pseudonymFor('k1', KEY, 'bsn', '111222333'));
  });

  it('differ per key, per kind and per number', () => {
    const other = Buffer.from('another-pseudonym-key-0123456789abcdef', 'utf8');
    const seen = new Set([
      pseudonymFor('k1', KEY, 'bsn', '111222333'),
      pseudonymFor('k1', other, 'bsn', '111222333'),
      pseudonymFor('k1', KEY, 'vnummer', '111222333'),
      pseudonymFor('k1', KEY, 'bsn', '123456782'),
    ]);
    expect(seen.size).toBe(4);
  });

  it('lists the current key first when rotating', () => {
    const keys = new Map([
      ['old', KEY],
      ['new', Buffer.from('rotated-pseudonym-key-0123456789abcdef', 'utf8')],
    ]);
    const c = candidatePseudonyms(keys, 'new', 'bsn', '111222333');
    expect(c.all.map((p) => p.split('_')[0])).toEqual(['new', 'old']);
    expect(c.current).toBe(c.all[0]);
  });
});

describe('municipality OINs', () => {
  it('round-trips every code and refuses what is not a municipality OIN', () => {
    for (const code of ['GM0363', 'GM0344', 'GM0014', 'GM1980']) {
      const oin = oinForMunicipality(code);
      expect(oin).toMatch(/^\d{20}$/);
      expect(municipalityForOin(oin)).toBe(code);
    }
    expect(municipalityForOin('00000001800000000001')).toBeNull();
    expect(() => oinForMunicipality('363')).toThrow();
  });
});
