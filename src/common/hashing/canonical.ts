import crypto, { type Hash } from 'node:crypto';
import Decimal from 'decimal.js';

/**
 * The one canonical-JSON + SHA-256 module (issue 21 item 3). Every hash the engine stores or
 * publishes is computed here or from a text built by its owner and hashed here:
 *
 * | stored hash | canonical text | hash |
 * |---|---|---|
 * | allocation input/output hash, settlement inputs, forecast input hash, idempotency request hashes | `canonicalJson` | `hashCanonical` |
 * | reconciliation input/output hash, export `inputs.json` | `canonicalJsonFinite` | `sha256Hex` |
 * | journal `hash` / `request_hash` | positional array, `journal-hash.ts` (docs/journal-hash.md) | `sha256Hex` |
 * | counts batch, accountability content, person events, attribution, inbound messages | positional text of their owner | `sha256Hex` / `createSha256` |
 * | export manifests, fixture snapshot key | streamed bytes | `createSha256` |
 *
 * The two canonical-JSON variants produce the same text for every value both accept (strings,
 * integers, booleans, null, arrays, plain objects, Decimal, Date); they differ only in what they
 * refuse: `canonicalJson` refuses a non-integer JS number (money is Decimal), the export variant
 * accepts any finite number, because docs/export-format.md allows numbers in exported JSON. The
 * golden tests in canonical.spec.ts pin the digests that are stored today: change neither in place.
 */

type NumberRule = 'integers' | 'finite';

function serialise(value: unknown, numbers: NumberRule): string {
  if (value instanceof Decimal) {
    return JSON.stringify(value.toFixed());
  }
  if (value === null || value === undefined) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => serialise(v, numbers)).join(',')}]`;
  }
  if (value instanceof Date) {
    return JSON.stringify(value.toISOString());
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${serialise(v, numbers)}`).join(',')}}`;
  }
  if (typeof value === 'number') {
    if (numbers === 'integers' && !Number.isInteger(value)) {
      throw new TypeError('canonicalJson(): non-integer numbers are not allowed; use Decimal');
    }
    if (!Number.isFinite(value)) {
      throw new TypeError('non-finite number in canonical JSON');
    }
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Canonical JSON (docs/allocation.md): object keys sorted by code point, no whitespace, members
 * that are undefined dropped (undefined in an array is null), decimals as plain strings
 * (`toFixed()`, never an exponent), dates as ISO-8601 UTC strings, arrays in the order given. A
 * non-integer JS number is refused with a TypeError: money is a Decimal.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, 'integers');
}

/**
 * The export-format variant (docs/export-format.md): the same text as `canonicalJson`, but any
 * finite JS number is written as `JSON.stringify` writes it. Used for reconciliation inputs,
 * outputs and exports.
 */
export function canonicalJsonFinite(value: unknown): string {
  return serialise(value, 'finite');
}

// The one-shot `crypto.hash` (Node ≥ 20.12) computes the same digest without a Hash object per
// call: about half the cost for the short texts hashed one by one (a journal transaction's ~460
// bytes: ~1.0 µs against ~1.9 µs, decision 1900). Older Node takes the incremental API.
const oneShot = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;

/** Lowercase hex SHA-256 of a text (UTF-8) or of bytes. */
export function sha256Hex(data: string | Buffer): string {
  return oneShot === undefined ? crypto.createHash('sha256').update(data).digest('hex') : oneShot('sha256', data, 'hex');
}

/** The raw 32-byte SHA-256 of a text (UTF-8) or of bytes (for keys derived from a hash). */
export function sha256Bytes(data: string | Buffer): Buffer {
  return crypto.createHash('sha256').update(data).digest();
}

/** SHA-256 hex of `canonicalJson(value)`: what is stored as allocation, settlement, forecast and request hashes. */
export function hashCanonical(value: unknown): string {
  return sha256Hex(canonicalJson(value));
}

/** An incremental SHA-256, for content that arrives in pieces (streams, many lines). */
export function createSha256(): Hash {
  return crypto.createHash('sha256');
}
