import { parentPort } from 'node:worker_threads';
import { computeHashes, type VerifyRow } from './verify-hasher';

/** Worker-thread entry of the journal verification (decision 1720): hashes each batch it is sent. */
parentPort?.on('message', (rows: VerifyRow[]) => {
  parentPort?.postMessage(computeHashes(rows));
});
