export { accounts, type Direction } from './account-address';
export type { TransactionKind, PostingInput, CauseRef, PostInput, PostedTransaction, BalanceAt } from './ledger.model';
export { postTransaction, postTransactions, reverseTransaction, findTransactionsByCause } from './ledger.service';
export { getBalance, getBalances } from './ledger.balances';
export { transferMergerBalances, mergerTransferIds, mergerTransferKey, type MergerTransferInput } from './ledger.merger';
export { verifyJournal, type JournalVerification } from './ledger.verify';
export { runLedgerChecks, LEDGER_CHECKS } from './ledger.checks';
export {
  ledgerSnapshot,
  accountMunicipalities,
  transactionAccounts,
  journalBatches,
  type LedgerSnapshot,
  type JournalExportRow,
  type JournalExportFilter,
} from './ledger.snapshot';
export { journalCsvStream, JOURNAL_CSV_HEADER } from './journal-csv.copy';
export { listJournalTransactions, visibleTransactionIds, transactionsOfDifference, transactionsOfDifferencePage } from './ledger.queries';
export { ledgerQueues, startLedgerWorkers, JOURNAL_VERIFICATION_QUEUE, JOURNAL_CHECKPOINT_QUEUE } from './ledger.jobs';
export { compactDailyBalances, LEDGER_BALANCE_COMPACTION_QUEUE, COMPACT_EVERY } from './ledger.compaction';
export {
  publishCheckpoint,
  parseCheckpoint,
  checkAgainstCheckpoint,
  checkpointPayload,
  CHECKPOINT_FORMAT,
  type CheckpointDocument,
  type CheckpointCheck,
  type PublishedCheckpoint,
  type CheckpointReason,
} from './checkpoint.service';
export { checkpointKeyProblems } from './checkpoint.keys';
