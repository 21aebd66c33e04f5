import { hashCanonical } from '../hashing/canonical';

/**
 * SHA-256 (hex) of the canonical JSON of a request (src/common/hashing: object keys sorted by code
 * point, no whitespace, undefined members dropped, decimals as plain strings, dates as ISO strings,
 * arrays in order; a non-integer JS number is refused, money is Decimal). The same text as the
 * allocation module's canonical JSON, so the request hashes stored before stay equal.
 */
export function requestHash(request: unknown): string {
  return hashCanonical(request);
}
