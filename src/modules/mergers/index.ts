export { registerMergerAndBook, bookDueMergerTransfers, listMergersWithTransfers } from './merger.service';
export {
  mergerQueues,
  startMergerWorkers,
  enqueueMergerTransfers,
  MERGER_TRANSFERS_QUEUE,
  type MergerTransfersJobResult,
} from './merger.jobs';
