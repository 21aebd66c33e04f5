import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { canonicalAmount, canonicalFromParts, canonicaliseAt, jsonString, sha256Hex, type CanonicalPosting } from './journal-hash';

/**
 * The checking half of the journal verification (decisions 1720, 1780). The main thread reads
 * each batch as raw text columns (no per-column decoding: `rowMode: 'array'`, every type as the
 * text PostgreSQL sent) and hands it on as ONE string, the JSON of `[transactions, postings]`
 * (`BatchRow`, `PostingRow`); `checkBatch` decodes it, recomputes every hash with the writer's
 * canonical form and makes the chain checks (sequence, prev_hash, hash, in that order, row by row)
 * from the start it is given. It runs inline or in worker threads (`verifierPool`): the main
 * thread only reads batches and adds up their results in order, so the answer is the same
 * whichever thread checked which batch.
 */

/**
 * SEQUENCE_GAP, PREV_HASH_MISMATCH and HASH_MISMATCH are links of the chain; ORPHAN_POSTING is a
 * posting whose transaction id and sequence name no transaction of it (decision 2050).
 */
export type ChainProblem = 'SEQUENCE_GAP' | 'PREV_HASH_MISMATCH' | 'HASH_MISMATCH' | 'ORPHAN_POSTING';

/** What a row's hash is recorded as when its content cannot be canonicalised (a malformed amount). */
export const NOT_COMPUTABLE = 'not computable (malformed content)';

/**
 * One transaction as the batch statement sends it: these columns in this order, each as
 * PostgreSQL's text of it (`recorded_at` too; char(n) with its padding, as the driver gives it).
 */
export type BatchRow = [
  id: string,
  sequence: string,
  prevHash: string,
  idempotencyKey: string,
  requestHash: string,
  kind: string,
  effectiveDate: string,
  recordedAt: string,
  actor: string,
  actorRole: string,
  reason: string,
  currency: string,
  causeType: string | null,
  causeId: string | null,
  reversesId: string | null,
  hash: string,
];

/** One posting of the batch's transactions, as text: transaction id, line, account address, direction, amount. */
export type PostingRow = [transactionId: string, line: string, address: string, direction: string, amount: string];

/** A batch as the main thread hands it on: JSON text of `[transactions, postings]`. */
export const batchText = (rows: BatchRow[], postings: PostingRow[]): string => JSON.stringify([rows, postings]);

/** Where a batch's chain has to continue from: the sequence expected next and the previous hash. */
export interface BatchStart {
  sequence: string;
  prevHash: string;
}

export interface BatchResult {
  /** Transactions intact in this batch (before the break, if any). */
  count: number;
  /** Sequence and hash of the last intact transaction (the start's predecessor when none). */
  headSequence: string;
  headHash: string;
  brokenAt: { transactionId: string; sequence: string; problem: ChainProblem; expected: string; actual: string } | null;
}

// The driver's own parser for timestamptz text (what node-postgres gives for a recorded_at column),
// loaded only when a text needs it: a worker thread that never does starts without the driver.
let parseTimestamptz: ((text: string) => Date) | undefined;
const driverParse = (text: string): Date => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parseTimestamptz ??= (require('pg') as typeof import('pg')).types.getTypeParser(1184) as (text: string) => Date;
  return parseTimestamptz(text);
};
// PostgreSQL's text of a UTC timestamp with at most millisecond digits. For these the driver's
// Date has exactly the digits written (checked for every 1–3 digit fraction in verify-hasher.spec),
// so the ISO text is built without a Date; anything else goes through the driver's parser.
const UTC_MILLIS = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?\+00$/;

/** `recorded_at` as the verifier canonicalises it: what `toISOString()` gives of the driver's Date. */
export function recordedAtIso(text: string): string {
  const m = UTC_MILLIS.exec(text);
  if (m !== null) {
    return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0')}Z`;
  }
  return driverParse(text).toISOString();
}

/** The hash a row's content should have: the writer's canonical form + SHA-256. */
export function rowHash(r: BatchRow, postings: CanonicalPosting[]): string {
  try {
    return sha256Hex(
      canonicaliseAt(
        {
          id: r[0],
          sequence: r[1],
          prevHash: r[2],
          idempotencyKey: r[3],
          requestHash: r[4],
          kind: r[5],
          effectiveDate: r[6],
          actor: r[8],
          actorRole: r[9],
          reason: r[10],
          currency: r[11],
          causeType: r[12],
          causeId: r[13],
          reversesId: r[14],
          postings,
        },
        recordedAtIso(r[7]),
      ),
    );
  } catch {
    return NOT_COMPUTABLE;
  }
}

/**
 * A batch as the snapshot readers hand it on (decision 1851): the output of `COPY (transactions)
 * TO STDOUT`, a line `\.`, then that of `COPY (postings) TO STDOUT`, both in COPY's text format
 * with the columns of `BatchRow` and `PostingRow`. COPY escapes every backslash in a value, so no
 * value line can be `\.`.
 */
export const COPY_BATCH_PREFIX = 'COPY\n';
export const copyBatchText = (transactions: string, postings: string): string => `${COPY_BATCH_PREFIX}${transactions}\\.\n${postings}`;
/**
 * A COPY batch whose postings carry their account's id instead of its address (decision 1901: the
 * readers read the accounts once per walk, in their snapshot, not joined to every batch's postings):
 * `COPY ids`, the accounts' COPY text (id, address), a line `\.`, then the batch as `copyBatchText`.
 * The checker maps each posting's id to its address; an id not among the accounts is no address
 * (the hash cannot match).
 */
export const COPY_IDS_BATCH_PREFIX = 'COPY ids\n';
export const copyIdsBatchText = (accounts: string, transactions: string, postings: string): string =>
  `${COPY_IDS_BATCH_PREFIX}${accounts}\\.\n${transactions}\\.\n${postings}`;
/**
 * A `COPY ids` batch whose postings carry their transaction's sequence instead of its id (decision
 * 1930: the readers send `t.sequence` from the join that finds each transaction's postings by its
 * id, 2.5 of the 4.6 MB of postings text less): each transaction's postings are grouped by its
 * sequence field.
 */
export const COPY_SEQ_BATCH_PREFIX = 'COPY seq\n';
export const copySeqBatchText = (accounts: string, transactions: string, postings: string): string =>
  `${COPY_SEQ_BATCH_PREFIX}${accounts}\\.\n${transactions}\\.\n${postings}`;

const COPY_UNESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** One value of COPY's text format: `\N` is null; backslash sequences decoded as COPY TO writes them. */
function copyValue(v: string): string | null {
  if (v === '\\N') {
    return null;
  }
  if (!v.includes('\\')) {
    return v;
  }
  // COPY TO writes a backslash, a line feed, a carriage return, a tab and the other control
  // characters below as a backslash sequence, and every other character as itself.
  return v.replace(/\\(.)/g, (_, e: string) => COPY_UNESCAPES[e] ?? e);
}

// COPY text none of whose fields needs decoding or JSON escaping: no `"`, no control character
// (COPY TO writes a tab, line feed, carriage return, backspace, form feed and vertical tab in a
// value as a backslash sequence, every other one as itself; all are searched for all the same),
// and no backslash but in `\N` (null):
// COPY TO writes a backslash in a value as `\\`, so a backslash followed by N is a null field
// here. Lone surrogates never come out of UTF-8. Searched character by character with `includes` (a
// native scan: 16–29 ms for a 40,000-transaction walk's 21 MB, against 137–163 ms for one regular expression).
const RAW_IN_COPY = ['"', ...Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).filter((c) => c !== '\t' && c !== '\n')];
function copyEscaped(text: string): boolean {
  for (const c of RAW_IN_COPY) {
    if (text.includes(c)) {
      return true;
    }
  }
  for (let at = text.indexOf('\\'); at !== -1; at = text.indexOf('\\', at + 2)) {
    if (text.charCodeAt(at + 1) !== 78 /* N */) {
      return true;
    }
  }
  return false;
}
// A posting line as PostgreSQL writes an integer: what JSON.stringify(Number(text)) writes back.
const PLAIN_LINE = /^(?:0|[1-9]\d{0,14})$/;

/** The lines of COPY text-format output (every line ends with a line feed), each split into its raw fields. */
function copyLines(text: string): string[][] {
  const lines = text.split('\n');
  // Every line ends with a line feed: the last piece is empty (and an empty text is no line at all).
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines.map((line) => line.split('\t'));
}

/** The COPY text before a line `\.` and the text after it. */
function splitCopy(body: string): [before: string, after: string] {
  const split = body.startsWith('\\.\n') ? 0 : body.indexOf('\n\\.\n') + 1;
  if (split === 0 && !body.startsWith('\\.\n')) {
    throw new Error('journal verification: a COPY batch without its separator');
  }
  return [body.slice(0, split), body.slice(split + 3)];
}

interface CopyParts {
  transactions: string;
  postings: string;
  /** The accounts' COPY text (id, address) when the postings carry account ids (decision 1901). */
  accounts?: string;
  /** The postings carry their transaction's sequence, not its id (decision 1930). */
  bySequence?: boolean;
}

/** A COPY batch's texts, or undefined for a JSON batch. */
function copyParts(text: string): CopyParts | undefined {
  if (text.startsWith(COPY_SEQ_BATCH_PREFIX)) {
    const [accounts, rest] = splitCopy(text.slice(COPY_SEQ_BATCH_PREFIX.length));
    const [transactions, postings] = splitCopy(rest);
    return { transactions, postings, accounts, bySequence: true };
  }
  if (text.startsWith(COPY_IDS_BATCH_PREFIX)) {
    const [accounts, rest] = splitCopy(text.slice(COPY_IDS_BATCH_PREFIX.length));
    const [transactions, postings] = splitCopy(rest);
    return { transactions, postings, accounts };
  }
  if (!text.startsWith(COPY_BATCH_PREFIX)) {
    return undefined;
  }
  const [transactions, postings] = splitCopy(text.slice(COPY_BATCH_PREFIX.length));
  return { transactions, postings };
}

// The accounts of the last batch, by id: a walk sends the same accounts text with every batch, so
// each thread builds the map once (a text equal to the last one's gives the same map).
let lastAccounts: { text: string; byId: Map<string, string> } | undefined;

/** Each account's address (its raw COPY field) by its id's raw COPY field. */
export function accountAddresses(text: string): Map<string, string> {
  if (lastAccounts?.text === text) {
    return lastAccounts.byId;
  }
  const byId = new Map<string, string>();
  for (const [id, address] of copyLines(text)) {
    if (id !== undefined && address !== undefined) {
      byId.set(id, address);
    }
  }
  lastAccounts = { text, byId };
  return byId;
}

/**
 * A batch's transactions and postings as fields, from either text the main thread hands on: JSON
 * (values as they are) or COPY text (raw fields, decoded on demand by `copyValue`; decision 1900).
 */
function decodeBatch(text: string): {
  rows: (string | null)[][];
  postings: (string | null)[][];
  copy: boolean;
  plain: boolean;
  bySequence: boolean;
} {
  const parts = copyParts(text);
  if (parts === undefined) {
    const [rows, postings] = JSON.parse(text) as [BatchRow[], PostingRow[]];
    return { rows, postings, copy: false, plain: false, bySequence: false };
  }
  const { transactions, postings, accounts, bySequence = false } = parts;
  const postingFields = copyLines(postings);
  if (accounts !== undefined) {
    // Each posting's account id becomes its account's address (raw, decoded on demand like the rest).
    const byId = accountAddresses(accounts);
    for (const p of postingFields) {
      p[2] = byId.get(p[2] as string) ?? (null as unknown as string);
    }
  }
  return {
    rows: copyLines(transactions),
    postings: postingFields,
    copy: true,
    // Nothing to decode or escape anywhere in the batch (the usual case): one scan instead of one per line.
    plain: !copyEscaped(transactions) && !copyEscaped(postings) && (accounts === undefined || !copyEscaped(accounts)),
    bySequence,
  };
}

const plainJson = (field: string | null | undefined): string =>
  field === '\\N' || field === null || field === undefined ? 'null' : `"${field}"`;
const copyJson = (field: string | null | undefined): string =>
  field === null || field === undefined ? 'null' : jsonString(copyValue(field));
const same = (field: string | null): string | null => field;

/**
 * The hash of a transaction's content straight from its fields (decision 1900): the canonical
 * text of canonicaliseAt() assembled from the fields' JSON texts, without building the objects it
 * takes. A transaction whose postings are not all plain (a line that is not a plain integer, an
 * amount not in the form 0.00) goes through `rowHash`, the reference, which refuses it as
 * canonicaliseAt does. verify-hasher.spec checks both against canonicaliseAt.
 */
export function fieldsHash(
  r: readonly (string | null)[],
  postings: readonly (readonly (string | null)[])[] | undefined,
  copy: boolean,
  plainLine = false,
): string {
  const value = copy ? copyValue : same;
  const json = plainLine ? plainJson : copy ? copyJson : jsonString;
  let list = postings ?? [];
  let sorted = true;
  let previous = -1;
  for (const p of list) {
    if (!PLAIN_LINE.test(p[1] as string) || !canonicalAmount(p[4] as string)) {
      return referenceHash(r, list, value);
    }
    const line = Number(p[1]);
    sorted &&= line >= previous;
    previous = line;
  }
  if (!sorted) {
    // The same stable sort by the same comparison as canonicaliseAt: the same order, ties included.
    list = [...list].sort((a, b) => Number(a[1]) - Number(b[1]));
  }
  let postingsJson = '';
  for (let i = 0; i < list.length; i += 1) {
    const p = list[i] as (string | null)[];
    // Line and amount are plain (checked above): their JSON texts are the line and the quoted amount.
    postingsJson += `${i === 0 ? '' : ','}[${p[1] as string},${json(p[2])},${json(p[3])},"${p[4] as string}"]`;
  }
  // An ISO text (digits, '-', '+', ':', '.', 'T', 'Z'): its JSON text is itself quoted.
  let recordedAt: string;
  try {
    recordedAt = recordedAtIso(value(r[7] as string) as string);
  } catch {
    return NOT_COMPUTABLE;
  }
  return sha256Hex(
    canonicalFromParts(
      `${json(r[0])},${json(r[1])},${json(r[2])},${json(r[3])},${json(r[4])},${json(r[5])},${json(r[6])},"${recordedAt}",` +
        `${json(r[8])},${json(r[9])},${json(r[10])},${json(r[11])},${json(r[12])},${json(r[13])},${json(r[14])}`,
      postingsJson,
    ),
  );
}

/** rowHash() of fields not all plain, decoded first. */
function referenceHash(
  r: readonly (string | null)[],
  postings: readonly (readonly (string | null)[])[],
  value: (field: string) => string | null,
): string {
  const decode = (f: string | null | undefined) => (f === null || f === undefined ? null : value(f));
  return rowHash(
    r.map(decode) as BatchRow,
    postings.map((p) => ({
      line: Number(decode(p[1])),
      account: decode(p[2]) as string,
      direction: decode(p[3]) as string,
      amount: decode(p[4]) as string,
    })),
  );
}

/**
 * Each transaction's postings, by the transaction's id as sent (COPY's escaping is one to one, so
 * equal raw text is equal ids), or by its sequence as sent (`key` 1, decision 1930). The readers'
 * postings come in the order of their transactions, so
 * each transaction's are the run of lines that follows the previous one's: when that holds for
 * every row and every posting, the runs are taken as they are, else the postings are grouped by id.
 */
function postingsOf(
  rows: (string | null)[][],
  postings: (string | null)[][],
  key: 0 | 1 = 0,
): (i: number) => (string | null)[][] | undefined {
  const runs = new Int32Array(rows.length + 1);
  let at = 0;
  for (let i = 0; i < rows.length; i += 1) {
    const id = (rows[i] as (string | null)[])[key];
    runs[i] = at;
    while (at < postings.length && (postings[at] as (string | null)[])[0] === id) {
      at += 1;
    }
  }
  runs[rows.length] = at;
  if (at === postings.length) {
    return (i) => (runs[i] === runs[i + 1] ? undefined : postings.slice(runs[i], runs[i + 1]));
  }
  const byId = new Map<string | null, (string | null)[][]>();
  for (const p of postings) {
    const list = byId.get(p[0] as string);
    if (list === undefined) {
      byId.set(p[0] as string, [p]);
    } else {
      list.push(p);
    }
  }
  return (i) => byId.get((rows[i] as (string | null)[])[key] as string);
}

const TAB = 9;
// The 15 tab positions of a transaction line (16 fields), reused line after line.
const tabs = new Int32Array(16);
const tab = (k: number): number => tabs[k] as number;

/**
 * The usual batch, checked from its lines without splitting them into fields (decision 1900): COPY
 * text with nothing to decode or escape (`copyEscaped` false for both texts), every transaction's
 * postings in the run that follows the previous one's, in line order, with plain lines and
 * amounts. The canonical text is cut from each line as it is: fields 1–7 (id … effective date)
 * and 9–15 (actor … reverses) are runs of the line whose tabs become `","` (and a null field `\N`
 * becomes null: in such text every backslash is one). Answers only "intact": anything else — a
 * broken link, a batch not of that form — is undefined, and the batch is checked by the general
 * path, which gives the answer (so the answer never depends on which path ran). With `accounts`
 * (decision 1901) each posting's third field is an account id, taken as the address it maps to
 * (from accounts text with nothing to decode or escape either); an id not in the map is not intact.
 */
export function plainBatchIntact(
  transactions: string,
  postingsText: string,
  start: BatchStart,
  accounts?: Map<string, string>,
): BatchResult | undefined {
  const lines = transactions.split('\n');
  const postings = postingsText.split('\n');
  if (lines.pop() !== '' || postings.pop() !== '') {
    return undefined;
  }
  let expected = BigInt(start.sequence);
  let expectedText = start.sequence;
  let prevHash = start.prevHash;
  let at = 0;
  for (const line of lines) {
    let n = 0;
    for (let i = line.indexOf('\t'); i !== -1 && n < 16; i = line.indexOf('\t', i + 1)) {
      tabs[n++] = i;
    }
    if (n !== 15) {
      return undefined;
    }
    // Field k ends at tabs[k]: 0 id, 1 sequence, 2 prev_hash, 6 effective_date, 7 recorded_at, 14 reverses_id, 15 hash.
    const idLength = tab(0);
    const id = line.slice(0, idLength);
    if (line.slice(idLength + 1, tab(1)) !== expectedText || line.slice(tab(1) + 1, tab(2)) !== prevHash) {
      return undefined;
    }
    let postingsJson = '';
    let previous = -1;
    for (; at < postings.length; at += 1) {
      const p = postings[at] as string;
      if (p.length <= idLength || p.charCodeAt(idLength) !== TAB || !p.startsWith(id)) {
        break;
      }
      const p2 = p.indexOf('\t', idLength + 1);
      const p3 = p.indexOf('\t', p2 + 1);
      const p4 = p.indexOf('\t', p3 + 1);
      const lineText = p.slice(idLength + 1, p2);
      const amount = p.slice(p4 + 1);
      const lineNumber = Number(lineText);
      if (
        p2 === -1 ||
        p3 === -1 ||
        p4 === -1 ||
        p.indexOf('\t', p4 + 1) !== -1 ||
        p.includes('\\') ||
        !PLAIN_LINE.test(lineText) ||
        !canonicalAmount(amount) ||
        lineNumber < previous
      ) {
        return undefined;
      }
      // The account's address: the field itself, or the address of the id it holds (decision 1901).
      const account = accounts === undefined ? p.slice(p2 + 1, p3) : accounts.get(p.slice(p2 + 1, p3));
      if (account === undefined) {
        return undefined;
      }
      previous = lineNumber;
      postingsJson += `${postingsJson === '' ? '' : ','}[${lineText},"${account}","${p.slice(p3 + 1, p4)}","${amount}"]`;
    }
    const head = line.slice(0, tab(6));
    const tail = line.slice(tab(7) + 1, tab(14));
    let recordedAt: string;
    try {
      recordedAt = recordedAtIso(line.slice(tab(6) + 1, tab(7)));
    } catch {
      return undefined;
    }
    if (head.includes('\\')) {
      return undefined;
    }
    const tailJson = `"${tail.replaceAll('\t', '","')}"`;
    const hash = line.slice(tab(14) + 1);
    const computed = sha256Hex(
      canonicalFromParts(
        `"${head.replaceAll('\t', '","')}","${recordedAt}",${tail.includes('\\') ? tailJson.replaceAll('"\\N"', 'null') : tailJson}`,
        postingsJson,
      ),
    );
    if (computed !== hash) {
      return undefined;
    }
    prevHash = hash;
    expected += 1n;
    expectedText = expected.toString();
  }
  if (at !== postings.length) {
    return undefined;
  }
  return { count: lines.length, headSequence: (expected - 1n).toString(), headHash: prevHash, brokenAt: null };
}

/** Decodes a batch (JSON or COPY text) and checks its chain from `start`, stopping at the first broken link. */
export function checkBatch(text: string, start: BatchStart): BatchResult {
  const parts = copyParts(text);
  // The line path takes postings by transaction id; those by sequence are the bytes path's (verify-bytes.ts).
  if (
    parts !== undefined &&
    parts.bySequence !== true &&
    !copyEscaped(parts.transactions) &&
    !copyEscaped(parts.postings) &&
    (parts.accounts === undefined || !copyEscaped(parts.accounts))
  ) {
    const accounts = parts.accounts === undefined ? undefined : accountAddresses(parts.accounts);
    const intact = plainBatchIntact(parts.transactions, parts.postings, start, accounts);
    if (intact !== undefined) {
      return intact;
    }
  }
  const { rows, postings: postingRows, copy, plain: plainBatch, bySequence } = decodeBatch(text);
  const value = copy ? copyValue : same;
  const postings = postingsOf(rows, postingRows, bySequence ? 1 : 0);
  let expected = BigInt(start.sequence);
  let expectedText = start.sequence;
  let prevHash = start.prevHash;
  let count = 0;
  const broken = (r: (string | null)[], problem: ChainProblem, want: string, got: string): BatchResult => ({
    count,
    headSequence: (expected - 1n).toString(),
    headHash: prevHash,
    brokenAt: {
      transactionId: value(r[0] as string) as string,
      sequence: value(r[1] as string) as string,
      problem,
      expected: want,
      actual: got,
    },
  });
  for (let i = 0; i < rows.length; i += 1) {
    const r = rows[i] as (string | null)[];
    const sequence = value(r[1] as string) as string;
    if (sequence !== expectedText && BigInt(sequence) !== expected) {
      return broken(r, 'SEQUENCE_GAP', expected.toString(), sequence);
    }
    const prev = value(r[2] as string) as string;
    if (prev !== prevHash) {
      return broken(r, 'PREV_HASH_MISMATCH', prevHash, prev);
    }
    const own = postings(i);
    // A COPY batch with nothing to decode or escape (nearly all) takes every field as it is.
    const plain = plainBatch || (copy && !copyEscaped(r.join('\t')) && (own === undefined || own.every((p) => !copyEscaped(p.join('\t')))));
    const hash = fieldsHash(r, own, copy, plain);
    const stored = value(r[15] as string) as string;
    if (hash !== stored) {
      return broken(r, 'HASH_MISMATCH', hash, stored);
    }
    prevHash = stored;
    expected += 1n;
    expectedText = expected.toString();
    count += 1;
  }
  return { count, headSequence: (expected - 1n).toString(), headHash: prevHash, brokenAt: null };
}

/**
 * A snapshot readers' batch as the bytes they received (decision 1930): the three COPY outputs of
 * a `COPY seq` batch (`copySeqBatchText`: accounts, transactions, postings by sequence), not
 * decoded. Checked by verify-bytes.ts.
 */
export interface CopyBytes {
  accounts: Uint8Array;
  transactions: Uint8Array;
  postings: Uint8Array;
}

/** Checks batches (text, or a snapshot batch's bytes), in this thread or in worker threads; results come back per batch. */
export interface BatchChecker {
  check(batch: string | CopyBytes, start: BatchStart): Promise<BatchResult>;
  close(): Promise<void>;
}

/** The compiled worker entry next to this file; undefined when running from TypeScript sources (ts-jest). */
export function workerScript(): string | undefined {
  if (!__filename.endsWith('.js')) {
    return undefined;
  }
  const file = path.join(__dirname, 'verify-worker.js');
  return fs.existsSync(file) ? file : undefined;
}

/**
 * Worker threads by default: none on two cores or fewer, else one per core, at most 4. On two
 * cores the readers' PostgreSQL backends and the main thread already take both: every reading of
 * decisions 1780, 1851 and 1900 found the walk slower with the worker threads than checking on
 * the main thread (decision 1900).
 */
export function defaultWorkers(cores = os.availableParallelism()): number {
  return cores <= 2 ? 0 : Math.min(4, cores);
}

export interface WorkerRequest {
  id: number;
  text: string | CopyBytes;
  start: BatchStart;
}

export interface WorkerReply {
  id: number;
  result: BatchResult;
}

/**
 * `size` worker threads running checkBatch (decision 1780): each batch goes to a free worker (or
 * waits for one), so batches are checked on every core while the main thread reads the next ones.
 * A worker that fails rejects every batch it holds or is given later (the verification then
 * throws: it never reports a chain it did not check as intact).
 */
export function verifierPool(script: string, size: number): BatchChecker {
  interface Slot {
    worker: Worker;
    busy: { id: number; resolve: (r: BatchResult) => void; reject: (e: Error) => void } | null;
  }
  let failure: Error | null = null;
  let nextId = 1;
  const queue: { req: WorkerRequest; resolve: (r: BatchResult) => void; reject: (e: Error) => void }[] = [];
  const slots: Slot[] = [];
  const failAll = (e: Error): void => {
    failure ??= e;
    for (const s of slots) {
      s.busy?.reject(failure);
      s.busy = null;
    }
    for (const q of queue.splice(0)) {
      q.reject(failure);
    }
  };
  const dispatch = (): void => {
    for (const s of slots) {
      const next = s.busy === null ? queue.shift() : undefined;
      if (next !== undefined) {
        s.busy = { id: next.req.id, resolve: next.resolve, reject: next.reject };
        s.worker.postMessage(next.req);
      }
    }
  };
  for (let i = 0; i < size; i += 1) {
    const slot: Slot = { worker: new Worker(script), busy: null };
    slot.worker.unref();
    slot.worker.on('message', (reply: WorkerReply) => {
      const busy = slot.busy;
      slot.busy = null;
      if (busy?.id === reply.id) {
        busy.resolve(reply.result);
      } else {
        busy?.reject(new Error('journal verification worker: reply to another batch'));
      }
      dispatch();
    });
    slot.worker.on('error', failAll);
    slot.worker.on('exit', (code) => failAll(new Error(`journal verification worker exited (code ${code})`)));
    slots.push(slot);
  }
  return {
    check(text, start) {
      if (failure !== null) {
        return Promise.reject(failure);
      }
      return new Promise<BatchResult>((resolve, reject) => {
        queue.push({ req: { id: nextId++, text, start }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      for (const s of slots) {
        s.worker.removeAllListeners('exit');
      }
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
