import crypto from 'node:crypto';

/** A key id: short, lower-case, so that `kid_` + 43 characters fits the 64 of a person id. */
export const PSEUDONYM_KEY_ID = /^[a-z0-9]{1,12}$/;

/**
 * The elfproef of a BSN (9 digits): 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of 11, and the
 * number is not all zeros. Pure.
 */
export function isValidBsn(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn) || /^0+$/.test(bsn)) {
    return false;
  }
  let sum = 0;
  for (let i = 0; i < 8; i += 1) {
    sum += (9 - i) * Number(bsn[i]);
  }
  sum -= Number(bsn[8]);
  return sum % 11 === 0;
}

/**
 * The engine's pseudonym of a person number (decision 1501): `kid_` + base64url(HMAC-SHA256(key,
 * kind + ':' + value)). `kind` separates BSNs from V-numbers so that equal digits never collide.
 * Never all digits (the key id prefix and the underscore), so the people module's BSN guard holds.
 */
export function pseudonymFor(keyId: string, key: Buffer, kind: 'bsn' | 'vnummer', value: string): string {
  const mac = crypto.createHmac('sha256', key).update(`${kind}:${value}`, 'utf8').digest('base64url');
  return `${keyId}_${mac}`;
}

/** Every pseudonym a person number has under the configured keys, the current key first. */
export function candidatePseudonyms(
  keys: ReadonlyMap<string, Buffer>,
  currentKeyId: string,
  kind: 'bsn' | 'vnummer',
  value: string,
): { current: string; all: string[] } {
  const older = [...keys.keys()].filter((k) => k !== currentKeyId);
  const current = pseudonymFor(currentKeyId, keys.get(currentKeyId) as Buffer, kind, value);
  return { current, all: [current, ...older.map((kid) => pseudonymFor(kid, keys.get(kid) as Buffer, kind, value))] };
}
