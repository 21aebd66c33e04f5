import { parentPort } from 'node:worker_threads';
import { checkAny } from './verify-bytes';
import type { WorkerReply, WorkerRequest } from './verify-hasher';

/** Worker-thread entry of the journal verification (decisions 1720, 1780): decodes and checks each batch it is sent. */
parentPort?.on('message', (req: WorkerRequest) => {
  const reply: WorkerReply = { id: req.id, result: checkAny(req.text, req.start) };
  parentPort?.postMessage(reply);
});
