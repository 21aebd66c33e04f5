import 'reflect-metadata';
import { runCli, verifyJournalCli } from './ledger-cli';

runCli('verify-journal', (write) => verifyJournalCli(write));
