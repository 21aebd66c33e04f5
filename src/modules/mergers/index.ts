export { MergerResolver } from './merger.resolver';
export { registerMergerAndBook, bookDueMergerTransfers, listMergersWithTransfers } from './merger.service';
