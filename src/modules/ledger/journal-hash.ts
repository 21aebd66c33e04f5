import crypto from 'node:crypto';

/**
 * The one canonical form of a journal transaction, shared by the writer (ledger.service) and the
 * verifier (ledger.verify, the CLI). Documented in docs/journal-hash.md: change it only with a new
 * version tag, never in place, or every stored hash stops verifying.
 */
export const HASH_VERSION = 'ife-journal-v1';
export const REQUEST_HASH_VERSION = 'ife-request-v1';
/** prev_hash of the first transaction. */
export const GENESIS_HASH = '0'.repeat(64);

export interface CanonicalPosting {
  line: number;
  account: string;
  direction: string;
  /** Exactly two decimals, e.g. "1234.50". */
  amount: string;
}

export interface CanonicalTransaction {
  id: string;
  sequence: string;
  prevHash: string;
  idempotencyKey: string;
  requestHash: string;
  kind: string;
  effectiveDate: string;
  recordedAt: Date;
  actor: string;
  actorRole: string;
  reason: string;
  currency: string;
  causeType: string | null;
  causeId: string | null;
  reversesId: string | null;
  postings: CanonicalPosting[];
}

const AMOUNT = /^\d+\.\d{2}$/;

/**
 * JSON array with a fixed field order, no whitespace; postings in line order; timestamps as UTC
 * ISO-8601 with milliseconds (`2026-01-31T09:15:00.123Z`); amounts with exactly two decimals.
 */
export function canonicalise(t: CanonicalTransaction): string {
  const postings = [...t.postings].sort((a, b) => a.line - b.line);
  for (const p of postings) {
    if (!AMOUNT.test(p.amount)) {
      throw new Error(`canonicalise(): amount ${p.amount} is not in the form 0.00`);
    }
  }
  return JSON.stringify([
    HASH_VERSION,
    t.id,
    t.sequence,
    t.prevHash,
    t.idempotencyKey,
    t.requestHash,
    t.kind,
    t.effectiveDate,
    t.recordedAt.toISOString(),
    t.actor,
    t.actorRole,
    t.reason,
    t.currency,
    t.causeType,
    t.causeId,
    t.reversesId,
    postings.map((p) => [p.line, p.account, p.direction, p.amount]),
  ]);
}

export function sha256Hex(text: string): string {
  return crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

export function transactionHash(t: CanonicalTransaction): string {
  return sha256Hex(canonicalise(t));
}

export interface CanonicalRequest {
  kind: string;
  effectiveDate: string;
  reason: string;
  causeType: string | null;
  causeId: string | null;
  reversesId: string | null;
  postings: { account: string; direction: string; amount: string }[];
}

/** Hash of what was asked (not who asked or when): equal for a faithful replay. */
export function requestHash(r: CanonicalRequest): string {
  return sha256Hex(
    JSON.stringify([
      REQUEST_HASH_VERSION,
      r.kind,
      r.effectiveDate,
      r.reason,
      r.causeType,
      r.causeId,
      r.reversesId,
      r.postings.map((p) => [p.account, p.direction, p.amount]),
    ]),
  );
}
