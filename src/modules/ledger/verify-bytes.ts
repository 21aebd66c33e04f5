import { isUtf8 } from 'node:buffer';
import { canonicalFromParts, sha256Hex } from './journal-hash';
import {
  checkBatch,
  copySeqBatchText,
  recordedAtIso,
  type BatchChecker,
  type BatchResult,
  type BatchStart,
  type CopyBytes,
} from './verify-hasher';

/**
 * The journal verification's usual batch checked from the bytes the snapshot readers received
 * (decision 1930): the three COPY outputs of a `COPY seq` batch (accounts read once as in decision
 * 1901, postings by their transaction's sequence) as they came off the socket, never decoded into
 * strings. Each transaction's canonical text (canonicaliseAt's,
 * byte for byte in UTF-8, what sha256Hex hashes) is written into one reused buffer straight from
 * the line's bytes — tabs become `","`, a null field `\N` becomes null, `recorded_at` its ISO text,
 * each posting's account id the account's address — and hashed from there. Like the line path of
 * decision 1900 it answers only "intact": any byte that would need decoding or escaping, a broken
 * link, a posting out of order or not in the plain form sends the whole batch, decoded, to
 * `checkBatch`, which gives the answer (so the answer never depends on which path ran).
 */

// Byte classes: what a byte of a plain field may be. COPY TO writes a backslash in a value as `\\`
// and a tab, line feed, carriage return, backspace, form feed and vertical tab as a backslash
// sequence; JSON escapes `"`, `\` and U+0000–U+001F. A plain field has none of these, so its bytes
// are its JSON text's; the only backslash allowed is a whole field `\N` (null).
const PLAIN = 0;
const TAB = 1;
const NEWLINE = 2;
const OTHER = 3;
const BYTE_CLASS = new Uint8Array(256);
for (let c = 0; c < 32; c += 1) {
  BYTE_CLASS[c] = OTHER;
}
BYTE_CLASS[9] = TAB;
BYTE_CLASS[10] = NEWLINE;
BYTE_CLASS[34] = OTHER; // "
BYTE_CLASS[92] = OTHER; // \

const BACKSLASH = 92;
const N = 78;
const QUOTE = 34;
const COMMA = 44;
const ZERO = 48;
const NINE = 57;

// canonicalFromParts' frame around the fields and the postings, as bytes.
const FRAME = canonicalFromParts('\u0001', '\u0002');
const HEAD = Buffer.from(FRAME.slice(0, FRAME.indexOf('\u0001')));
const MIDDLE = Buffer.from(FRAME.slice(FRAME.indexOf('\u0001') + 1, FRAME.indexOf('\u0002')));
const TAIL = Buffer.from(FRAME.slice(FRAME.indexOf('\u0002') + 1));

/**
 * The canonical text being written: one buffer per thread, grown when a transaction needs more;
 * it always starts with the frame's head (written once, kept when it grows).
 */
let out = Buffer.allocUnsafe(1 << 16);
HEAD.copy(out);

/** `out` with room for `k` bytes after `o`. */
function room(o: number, k: number): Buffer {
  if (o + k > out.length) {
    const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, o + k));
    out.copy(bigger, 0, 0, o);
    out = bigger;
  }
  return out;
}

/** A plain integer's digits (no sign, no leading zero, at most 15 digits) from `at` to `end`, or -1. */
function integer(b: Uint8Array, at: number, end: number): number {
  const length = end - at;
  if (length < 1 || length > 15 || (b[at] === ZERO && length > 1)) {
    return -1;
  }
  let v = 0;
  for (let i = at; i < end; i += 1) {
    const c = b[i] as number;
    if (c < ZERO || c > NINE) {
      return -1;
    }
    v = v * 10 + (c - ZERO);
  }
  return v;
}

/** The index of the first byte from `at` that is not plain (the text's length when none). */
function plainTo(b: Uint8Array, at: number): number {
  let i = at;
  while (i < b.length && BYTE_CLASS[b[i] as number] === PLAIN) {
    i += 1;
  }
  return i;
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= ZERO && c <= NINE;
// Positions of the digits in `YYYY-MM-DD HH:MM:SS`, and of its separators.
const DATE_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const DATE_SEPARATORS: [number, number][] = [
  [4, 45],
  [7, 45],
  [10, 32],
  [13, 58],
  [16, 58],
];

/**
 * `recorded_at` from `at` to `end` written at `o` as recordedAtIso() gives it, quoted: a UTC text
 * with at most three fraction digits directly, any other plain text through recordedAtIso itself.
 * Returns the end of what it wrote; -1 when it cannot be read (the general path answers).
 */
function recordedAt(b: Uint8Array, at: number, end: number, d: Buffer, o: number): number {
  const length = end - at;
  let fraction = 0;
  let plain = length >= 22 && b[end - 3] === 43 /* + */ && b[end - 2] === ZERO && b[end - 1] === ZERO;
  if (plain) {
    fraction = length - 22; // 0, or '.' and 1–3 digits
    plain = fraction === 0 || (fraction >= 2 && fraction <= 4 && b[at + 19] === 46); /* . */
  }
  for (let k = 0; plain && k < DATE_DIGITS.length; k += 1) {
    plain = isDigit(b[at + (DATE_DIGITS[k] as number)]);
  }
  for (let k = 0; plain && k < DATE_SEPARATORS.length; k += 1) {
    const [p, c] = DATE_SEPARATORS[k] as [number, number];
    plain = b[at + p] === c;
  }
  for (let k = 1; plain && k < fraction; k += 1) {
    plain = isDigit(b[at + 19 + k]);
  }
  let w = o;
  if (plain) {
    d[w++] = QUOTE;
    for (let i = at; i < at + 19; i += 1) {
      d[w++] = i === at + 10 ? 84 /* T */ : (b[i] as number);
    }
    d[w++] = 46; // .
    for (let k = 1; k <= 3; k += 1) {
      d[w++] = k < fraction ? (b[at + 19 + k] as number) : ZERO;
    }
    d[w++] = 90; // Z
    d[w++] = QUOTE;
    return w;
  }
  if (plainTo(b, at) < end || length > 64) {
    return -1;
  }
  let iso: string;
  try {
    iso = recordedAtIso(Buffer.from(b.buffer, b.byteOffset + at, length).toString('utf8'));
  } catch {
    return -1;
  }
  // An ISO text is ASCII (digits, '-', '+', ':', '.', 'T', 'Z'): its JSON text is itself quoted.
  if (iso.length > 3 * length || !/^[0-9TZ:.+-]+$/.test(iso)) {
    return -1;
  }
  d[w++] = QUOTE;
  w += d.write(iso, w, 'latin1');
  d[w++] = QUOTE;
  return w;
}

// The accounts of the last batch, by id: a walk hands every batch the same accounts bytes, so each
// thread builds the map once (bytes equal to the last ones give the same map).
let lastAccounts: { bytes: Uint8Array; byId: Map<number, Uint8Array | null> } | undefined;

/**
 * Each account's address bytes by its id; null for an address that is not plain (the general path
 * answers for a batch that uses it); undefined when the text is not plain id/address lines.
 */
export function accountAddressBytes(bytes: Uint8Array): Map<number, Uint8Array | null> | undefined {
  if (lastAccounts !== undefined && (lastAccounts.bytes === bytes || Buffer.compare(lastAccounts.bytes, bytes) === 0)) {
    return lastAccounts.byId;
  }
  const byId = new Map<number, Uint8Array | null>();
  for (let at = 0; at < bytes.length;) {
    const tab = bytes.indexOf(9, at);
    const end = bytes.indexOf(10, at);
    const id = tab === -1 ? -1 : integer(bytes, at, tab);
    if (id < 0 || end < tab) {
      return undefined;
    }
    byId.set(id, plainTo(bytes, tab + 1) === end ? bytes.subarray(tab + 1, end) : null);
    at = end + 1;
  }
  lastAccounts = { bytes, byId };
  return byId;
}

const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

// The 7 tab positions ending fields 0–6 of a transaction line, reused line after line.
const tabs = new Int32Array(7);

/**
 * The batch checked from its bytes: its result when every transaction is intact and every byte is
 * plain, else undefined (the general path answers). Exported for verify-hasher.spec.
 */
export function plainBytesIntact(batch: CopyBytes, start: BatchStart): BatchResult | undefined {
  const { transactions: t, postings: p } = batch;
  const accounts = accountAddressBytes(batch.accounts);
  // Valid UTF-8 throughout (as PostgreSQL sends in a UTF8 database): then the bytes of a plain
  // field are the UTF-8 of the text the general path would decode and hash.
  if (accounts === undefined || !isUtf8(t) || !isUtf8(p) || !isUtf8(batch.accounts)) {
    return undefined;
  }
  if ((t.length > 0 && t[t.length - 1] !== 10) || (p.length > 0 && p[p.length - 1] !== 10)) {
    return undefined;
  }
  let expected = Number(start.sequence);
  if (!Number.isSafeInteger(expected + t.length) || String(expected) !== start.sequence) {
    return undefined;
  }
  const first = expected;
  // The previous transaction's stored hash: the start's, then each line's own hash field.
  let prevBytes: Uint8Array = Buffer.from(start.prevHash, 'utf8');
  let prevAt = 0;
  let prevLength = prevBytes.length;
  let pa = 0;
  for (let at = 0; at < t.length;) {
    const lineEnd = t.indexOf(10, at);
    // At most 3 bytes written per byte read (a tab becomes `","`, `\N` null), the frame and the ISO text.
    let d = room(0, 3 * (lineEnd - at) + HEAD.length + MIDDLE.length + 64);
    let o = HEAD.length;
    // Fields 0–6 (id, sequence, prev_hash, idempotency key, request hash, kind, effective date;
    // never null), each quoted, a tab becoming `","`.
    let i = at;
    let f = 0;
    d[o++] = QUOTE;
    for (;;) {
      const c = t[i] as number;
      const k = BYTE_CLASS[c];
      if (k === PLAIN) {
        d[o++] = c;
        i += 1;
        continue;
      }
      if (k !== TAB) {
        return undefined;
      }
      tabs[f] = i;
      f += 1;
      if (f === 7) {
        break;
      }
      d[o++] = QUOTE;
      d[o++] = COMMA;
      d[o++] = QUOTE;
      i += 1;
    }
    d[o++] = QUOTE;
    d[o++] = COMMA;
    // The sequence field: checked, and the key of the transaction's postings (decision 1930).
    const keyAt = (tabs[0] as number) + 1;
    const keyLength = (tabs[1] as number) - keyAt;
    if (integer(t, keyAt, tabs[1] as number) !== expected) {
      return undefined;
    }
    const prevFrom = (tabs[1] as number) + 1;
    if ((tabs[2] as number) - prevFrom !== prevLength) {
      return undefined;
    }
    for (let j = 0; j < prevLength; j += 1) {
      if (t[prevFrom + j] !== prevBytes[prevAt + j]) {
        return undefined;
      }
    }
    // Field 7: recorded_at.
    const recordedEnd = t.indexOf(9, i + 1);
    if (recordedEnd === -1 || recordedEnd > lineEnd) {
      return undefined;
    }
    o = recordedAt(t, i + 1, recordedEnd, d, o);
    if (o === -1) {
      return undefined;
    }
    i = recordedEnd + 1;
    // Fields 8–14: actor, role, reason, currency (never null), cause type, cause id, reverses (`\N`: null).
    for (f = 8; f <= 14; f += 1) {
      d[o++] = COMMA;
      if (t[i] === BACKSLASH) {
        if (f < 12 || t[i + 1] !== N || t[i + 2] !== 9) {
          return undefined;
        }
        d[o++] = 110; // n
        d[o++] = 117; // u
        d[o++] = 108; // l
        d[o++] = 108; // l
        i += 3;
        continue;
      }
      d[o++] = QUOTE;
      for (;;) {
        const c = t[i] as number;
        if (BYTE_CLASS[c] !== PLAIN) {
          break;
        }
        d[o++] = c;
        i += 1;
      }
      if (t[i] !== 9) {
        return undefined;
      }
      d[o++] = QUOTE;
      i += 1;
    }
    // Field 15: the stored hash, the line's last.
    const hashAt = i;
    if (plainTo(t, i) !== lineEnd) {
      return undefined;
    }
    for (let j = 0; j < MIDDLE.length; j += 1) {
      d[o++] = MIDDLE[j] as number;
    }
    // The postings: the run of lines that starts with this transaction's sequence, in line order; each
    // `[line,"address","direction","amount"]`.
    let previous = -1;
    for (let count = 0; pa < p.length; count += 1) {
      let same = p[pa + keyLength] === 9;
      for (let j = 0; same && j < keyLength; j += 1) {
        same = p[pa + j] === t[keyAt + j];
      }
      if (!same) {
        break;
      }
      const lineAt = pa + keyLength + 1;
      const lineTab = p.indexOf(9, lineAt);
      const line = lineTab === -1 ? -1 : integer(p, lineAt, lineTab);
      if (line < 0 || line < previous) {
        return undefined;
      }
      previous = line;
      const accountTab = p.indexOf(9, lineTab + 1);
      const address = accountTab === -1 ? undefined : accounts.get(integer(p, lineTab + 1, accountTab));
      const directionEnd = plainTo(p, accountTab + 1);
      const amountEnd = plainTo(p, directionEnd + 1);
      const amountAt = directionEnd + 1;
      if (address === undefined || address === null || p[directionEnd] !== 9 || p[amountEnd] !== 10) {
        return undefined;
      }
      // The amount: digits, a point, two digits (canonicaliseAt refuses anything else).
      if (amountEnd - amountAt < 4 || p[amountEnd - 3] !== 46) {
        return undefined;
      }
      for (let j = amountAt; j < amountEnd; j += 1) {
        if (j !== amountEnd - 3 && !isDigit(p[j])) {
          return undefined;
        }
      }
      d = room(o, amountEnd - pa + address.length + 16);
      if (count > 0) {
        d[o++] = COMMA;
      }
      d[o++] = 91; // [
      for (let j = lineAt; j < lineTab; j += 1) {
        d[o++] = p[j] as number;
      }
      d[o++] = COMMA;
      d[o++] = QUOTE;
      for (let j = 0; j < address.length; j += 1) {
        d[o++] = address[j] as number;
      }
      d[o++] = QUOTE;
      d[o++] = COMMA;
      d[o++] = QUOTE;
      for (let j = accountTab + 1; j < directionEnd; j += 1) {
        d[o++] = p[j] as number;
      }
      d[o++] = QUOTE;
      d[o++] = COMMA;
      d[o++] = QUOTE;
      for (let j = amountAt; j < amountEnd; j += 1) {
        d[o++] = p[j] as number;
      }
      d[o++] = QUOTE;
      d[o++] = 93; // ]
      pa = amountEnd + 1;
    }
    d = room(o, TAIL.length);
    for (let j = 0; j < TAIL.length; j += 1) {
      d[o++] = TAIL[j] as number;
    }
    const hash = sha256Hex(d.subarray(0, o));
    if (lineEnd - hashAt !== hash.length) {
      return undefined;
    }
    for (let j = 0; j < hash.length; j += 1) {
      if (t[hashAt + j] !== hash.charCodeAt(j)) {
        return undefined;
      }
    }
    prevBytes = t;
    prevAt = hashAt;
    prevLength = lineEnd - hashAt;
    expected += 1;
    at = lineEnd + 1;
  }
  if (pa !== p.length) {
    return undefined;
  }
  return {
    count: expected - first,
    headSequence: String(expected - 1),
    headHash: prevBytes === t ? asBuffer(t).toString('utf8', prevAt, prevAt + prevLength) : start.prevHash,
    brokenAt: null,
  };
}

const text = (b: Uint8Array): string => asBuffer(b).toString('utf8');

/** A batch as bytes checked: from the bytes when it is plain and intact, else decoded and checked by `checkBatch`. */
export function checkCopyBytes(batch: CopyBytes, start: BatchStart): BatchResult {
  return (
    plainBytesIntact(batch, start) ??
    checkBatch(copySeqBatchText(text(batch.accounts), text(batch.transactions), text(batch.postings)), start)
  );
}

/** Either form of batch checked: text (JSON or COPY, `checkBatch`) or the snapshot readers' bytes. */
export function checkAny(batch: string | CopyBytes, start: BatchStart): BatchResult {
  return typeof batch === 'string' ? checkBatch(batch, start) : checkCopyBytes(batch, start);
}

export const inlineChecker: BatchChecker = {
  check: (batch, start) => Promise.resolve(checkAny(batch, start)),
  close: () => Promise.resolve(),
};
