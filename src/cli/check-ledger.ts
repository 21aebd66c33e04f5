import 'reflect-metadata';
import { checkLedgerCli, runCli } from './ledger-cli';

runCli('check:ledger', (write) => checkLedgerCli(write));
