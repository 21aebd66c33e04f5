import crypto from 'node:crypto';
import Decimal from 'decimal.js';

/**
 * SHA-256 (hex) of the canonical JSON of a request: object keys sorted by code point, no
 * whitespace, undefined members dropped, decimals as plain strings (`toFixed()`), dates as ISO
 * strings, arrays in order; a non-integer JS number is refused (money is Decimal).
 *
 * The text is byte-for-byte the allocation module's canonical JSON (docs/allocation.md), so the
 * request hashes stored before this helper existed still compare equal. It stands here until the
 * project's one canonical-JSON + SHA-256 module lands; then this function delegates to it.
 */
export function requestHash(request: unknown): string {
  return crypto.createHash('sha256').update(canonicalJson(request), 'utf8').digest('hex');
}

function canonicalJson(value: unknown): string {
  if (value instanceof Decimal) {
    return JSON.stringify(value.toFixed());
  }
  if (value === null || value === undefined) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value instanceof Date) {
    return JSON.stringify(value.toISOString());
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isInteger(value)) {
    throw new TypeError('requestHash(): non-integer numbers are not allowed; use Decimal');
  }
  return JSON.stringify(value);
}
