import { sha256Hex } from '../../common/hashing/canonical';

export { sha256Hex };

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
  return canonicaliseAt(t, t.recordedAt.toISOString());
}

/**
 * canonicalise() with `recordedAt` given as its ISO text (what `Date.toISOString()` gives): the
 * verifier reads the journal as text and need not build a Date per transaction (decision 1780).
 */
export function canonicaliseAt(t: Omit<CanonicalTransaction, 'recordedAt'>, recordedAtIso: string): string {
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
    recordedAtIso,
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

// What JSON.stringify writes differently from the string itself: `"`, `\`, U+0000–U+001F, and
// lone surrogates (escaped as \udxxx; any surrogate sends the text to JSON.stringify).
// eslint-disable-next-line no-control-regex -- the control characters are what JSON escapes
const JSON_ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The JSON text of a string or null, exactly what `JSON.stringify` writes (the plain case without calling it). */
export function jsonString(value: string | null | undefined): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  return JSON_ESCAPED.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/**
 * canonicaliseAt()'s text assembled from JSON texts already made (decision 1900): `fields` the
 * JSON texts of id … reversesId (recordedAt as its ISO text) joined by commas, `postings` the JSON
 * texts `[line,account,direction,amount]` in canonical posting order joined by commas. The
 * verifier builds them from the COPY text it reads without building objects;
 * verify-hasher.spec checks its result against canonicaliseAt() over random and edge-case
 * transactions, byte for byte.
 */
export function canonicalFromParts(fields: string, postings: string): string {
  return `["${HASH_VERSION}",${fields},[${postings}]]`;
}

/** Whether a posting's amount has the canonical form (exactly two decimals). */
export function canonicalAmount(amount: string): boolean {
  return AMOUNT.test(amount);
}

/** A journal_transactions row as the verifier reads it (snake_case, as PostgreSQL returns it). */
export interface StoredJournalRow {
  id: string;
  sequence: string;
  prev_hash: string;
  idempotency_key: string;
  request_hash: string;
  kind: string;
  effective_date: string;
  recorded_at: Date;
  actor: string;
  actor_role: string;
  reason: string;
  currency: string;
  cause_type: string | null;
  cause_id: string | null;
  reverses_id: string | null;
}

/** The canonical content of a stored transaction with its postings: the one mapping used by verifiers and benchmarks. */
export function canonicalFromRow(r: StoredJournalRow, postings: CanonicalPosting[]): CanonicalTransaction {
  return {
    id: r.id,
    sequence: r.sequence,
    prevHash: r.prev_hash,
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash,
    kind: r.kind,
    effectiveDate: r.effective_date,
    recordedAt: r.recorded_at,
    actor: r.actor,
    actorRole: r.actor_role,
    reason: r.reason,
    currency: r.currency,
    causeType: r.cause_type,
    causeId: r.cause_id,
    reversesId: r.reverses_id,
    postings,
  };
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
