import { parentPort } from 'node:worker_threads';
import { checkBatch, type WorkerReply, type WorkerRequest } from './verify-hasher';

/** Worker-thread entry of the journal verification (decisions 1720, 1780): decodes and checks each batch it is sent. */
parentPort?.on('message', (req: WorkerRequest) => {
  const reply: WorkerReply = { id: req.id, result: checkBatch(req.text, req.start) };
  parentPort?.postMessage(reply);
});
