import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { canonicaliseAt, sha256Hex, type CanonicalPosting } from './journal-hash';

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

export type ChainProblem = 'SEQUENCE_GAP' | 'PREV_HASH_MISMATCH' | 'HASH_MISMATCH';

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

/** The rows of COPY text-format output (every line ends with a line feed). */
function copyRows<T>(text: string): T[] {
  const rows: T[] = [];
  let at = 0;
  while (at < text.length) {
    const end = text.indexOf('\n', at);
    const line = text.slice(at, end === -1 ? text.length : end);
    rows.push(line.split('\t').map(copyValue) as T);
    at = end === -1 ? text.length : end + 1;
  }
  return rows;
}

/** A batch's transactions and postings, from either text the main thread hands on. */
function decodeBatch(text: string): [BatchRow[], PostingRow[]] {
  if (!text.startsWith(COPY_BATCH_PREFIX)) {
    return JSON.parse(text) as [BatchRow[], PostingRow[]];
  }
  const body = text.slice(COPY_BATCH_PREFIX.length);
  const split = body.startsWith('\\.\n') ? 0 : body.indexOf('\n\\.\n') + 1;
  if (split === 0 && !body.startsWith('\\.\n')) {
    throw new Error('journal verification: a COPY batch without its separator');
  }
  return [copyRows<BatchRow>(body.slice(0, split)), copyRows<PostingRow>(body.slice(split + 3))];
}

/** Decodes a batch (JSON or COPY text) and checks its chain from `start`, stopping at the first broken link. */
export function checkBatch(text: string, start: BatchStart): BatchResult {
  const [rows, postingRows] = decodeBatch(text);
  const postings = new Map<string, CanonicalPosting[]>();
  for (const [transactionId, line, account, direction, amount] of postingRows) {
    const list = postings.get(transactionId);
    const p = { line: Number(line), account, direction, amount };
    if (list === undefined) {
      postings.set(transactionId, [p]);
    } else {
      list.push(p);
    }
  }
  let expected = BigInt(start.sequence);
  let prevHash = start.prevHash;
  let count = 0;
  for (const r of rows) {
    const broken = (problem: ChainProblem, want: string, got: string): BatchResult => ({
      count,
      headSequence: (expected - 1n).toString(),
      headHash: prevHash,
      brokenAt: { transactionId: r[0], sequence: r[1], problem, expected: want, actual: got },
    });
    if (BigInt(r[1]) !== expected) {
      return broken('SEQUENCE_GAP', expected.toString(), r[1]);
    }
    if (r[2] !== prevHash) {
      return broken('PREV_HASH_MISMATCH', prevHash, r[2]);
    }
    const hash = rowHash(r, postings.get(r[0]) ?? []);
    if (hash !== r[15]) {
      return broken('HASH_MISMATCH', hash, r[15]);
    }
    prevHash = r[15];
    expected += 1n;
    count += 1;
  }
  return { count, headSequence: (expected - 1n).toString(), headHash: prevHash, brokenAt: null };
}

/** Checks batches, in this thread or in worker threads; results come back per batch. */
export interface BatchChecker {
  check(text: string, start: BatchStart): Promise<BatchResult>;
  close(): Promise<void>;
}

export const inlineChecker: BatchChecker = {
  check: (text, start) => Promise.resolve(checkBatch(text, start)),
  close: () => Promise.resolve(),
};

/** The compiled worker entry next to this file; undefined when running from TypeScript sources (ts-jest). */
export function workerScript(): string | undefined {
  if (!__filename.endsWith('.js')) {
    return undefined;
  }
  const file = path.join(__dirname, 'verify-worker.js');
  return fs.existsSync(file) ? file : undefined;
}

/** Worker threads by default: one per core, at most 4. */
export function defaultWorkers(): number {
  return Math.max(1, Math.min(4, os.availableParallelism()));
}

export interface WorkerRequest {
  id: number;
  text: string;
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
