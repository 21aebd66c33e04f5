import 'reflect-metadata';
import { runCli, verifyCheckpointCli, verifyJournalCli } from './ledger-cli';

// verify-journal [--checkpoint FILE]: without a checkpoint, the chain; with one, also against it.
const at = process.argv.indexOf('--checkpoint');
const file = at >= 0 ? process.argv[at + 1] : undefined;
if (at >= 0 && (file === undefined || file.startsWith('--'))) {
  process.stderr.write('usage: verify-journal [--checkpoint FILE]\n');
  process.exitCode = 2;
} else {
  runCli('verify-journal', (write) => (file === undefined ? verifyJournalCli(write) : verifyCheckpointCli(write, file)));
}
