import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { canonicalFromRow, transactionHash, type CanonicalPosting, type StoredJournalRow } from './journal-hash';

/** A journal_transactions row as the verifier reads it, with its postings as JSON text. */
export interface VerifyRow extends StoredJournalRow {
  hash: string;
  /** [line, address, direction, amount] per posting in line order, as JSON text; null without postings. */
  postings: string | null;
}

/** What a row's hash is recorded as when its content cannot be canonicalised (a malformed amount). */
export const NOT_COMPUTABLE = 'not computable (malformed content)';

function postingsOf(r: VerifyRow): CanonicalPosting[] {
  if (r.postings === null) {
    return [];
  }
  return (JSON.parse(r.postings) as [number, string, string, string][]).map(([line, account, direction, amount]) => ({
    line,
    account,
    direction,
    amount,
  }));
}

/** The hash each row's content should have: the writer's canonicalise() + SHA-256, row by row. */
export function computeHashes(rows: VerifyRow[]): string[] {
  return rows.map((r) => {
    try {
      return transactionHash(canonicalFromRow(r, postingsOf(r)));
    } catch {
      return NOT_COMPUTABLE;
    }
  });
}

/** Hashes batches of rows, in this thread or in a worker thread. */
export interface BatchHasher {
  hash(rows: VerifyRow[]): Promise<string[]>;
  close(): Promise<void>;
}

export const inlineHasher: BatchHasher = {
  hash: (rows) => Promise.resolve(computeHashes(rows)),
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

/**
 * A worker thread running computeHashes (decision 1720): the main thread reads and decodes the next
 * batch from PostgreSQL while the worker canonicalises and hashes this one, so both cores work.
 * One batch in flight at a time; a worker that fails rejects the batch (the verification then
 * throws, it never reports an unverified chain as intact).
 */
export function workerHasher(script: string): BatchHasher {
  const worker = new Worker(script);
  worker.unref();
  let waiting: { resolve(h: string[]): void; reject(e: Error): void } | null = null;
  let failure: Error | null = null;
  const fail = (e: Error): void => {
    failure = e;
    waiting?.reject(e);
    waiting = null;
  };
  worker.on('message', (hashes: string[]) => {
    waiting?.resolve(hashes);
    waiting = null;
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`journal verification worker exited (code ${code})`)));
  return {
    hash(rows) {
      if (failure !== null) {
        return Promise.reject(failure);
      }
      if (waiting !== null) {
        return Promise.reject(new Error('journal verification worker: one batch at a time'));
      }
      return new Promise<string[]>((resolve, reject) => {
        waiting = { resolve, reject };
        worker.postMessage(rows);
      });
    },
    async close() {
      worker.removeAllListeners('exit');
      await worker.terminate();
    },
  };
}
