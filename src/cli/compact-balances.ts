import 'reflect-metadata';
import { compactBalancesCli, runCli } from './ledger-cli';

runCli('compact:balances', (write) => compactBalancesCli(write));
