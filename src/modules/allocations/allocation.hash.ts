import crypto from 'node:crypto';
import Decimal from 'decimal.js';

/**
 * Canonical JSON (docs/allocation.md): object keys sorted by code point, no whitespace, decimals
 * as plain strings (`toFixed()`, never an exponent), dates as given (YYYY-MM-DD), arrays in the
 * order given. The same inputs always give the same text, so the same hash.
 */
export function canonicalJson(value: unknown): string {
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
    throw new TypeError('canonicalJson(): non-integer numbers are not allowed; use Decimal');
  }
  return JSON.stringify(value);
}

export const sha256 = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');

export const hashOf = (value: unknown): string => sha256(canonicalJson(value));
