export { registerMergerAndBook, bookDueMergerTransfers, listMergersWithTransfers } from './merger.service';
