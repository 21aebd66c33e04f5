import Decimal from 'decimal.js';
import { canonicalJson, canonicalJsonFinite, createSha256, hashCanonical, sha256Bytes, sha256Hex } from './canonical';

describe('canonical JSON + SHA-256', () => {
  it('SHA-256 of the FIPS 180-2 test vector, as text, bytes, pieces and raw digest', () => {
    const abc = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
    expect(sha256Hex('abc')).toBe(abc);
    expect(sha256Hex(Buffer.from('abc'))).toBe(abc);
    expect(createSha256().update('a').update('bc').digest('hex')).toBe(abc);
    expect(sha256Bytes('abc').toString('hex')).toBe(abc);
  });

  it('sorts keys, drops undefined members, writes Decimal and Date as strings', () => {
    const value = { b: [new Decimal('1e-8'), undefined, null], a: { d: new Date('2026-01-31T09:15:00.123Z'), c: 'x' }, e: undefined };
    const text = '{"a":{"c":"x","d":"2026-01-31T09:15:00.123Z"},"b":["0.00000001",null,null]}';
    expect(canonicalJson(value)).toBe(text);
    expect(canonicalJsonFinite(value)).toBe(text);
    expect(hashCanonical(value)).toBe('43326158beac0378d04e446186e054e8e4f96d59cc17aad65d2aef9877e17db8');
  });

  it('the two variants differ only in the numbers they accept', () => {
    expect(() => canonicalJson({ a: 0.1 })).toThrow(TypeError);
    expect(canonicalJsonFinite({ a: 0.1 })).toBe('{"a":0.1}');
    for (const bad of [NaN, Infinity]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
      expect(() => canonicalJsonFinite([bad])).toThrow('non-finite number in canonical JSON');
    }
  });
});
