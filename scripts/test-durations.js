'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { DURATIONS_FILE } = require('./test-sequencer');

/**
 * `node scripts/test-durations.js REPORT.json…`: merges the per-file durations of `jest --json`
 * reports (run on a quiet machine) into test/durations.json, the order jest's workers take the files
 * in without a cache (scripts/test-sequencer.js, decision 1860). Files the reports do not name keep
 * their entry; entries of files that no longer exist are dropped.
 */
const root = path.resolve(__dirname, '..');
const reports = process.argv.slice(2);
if (reports.length === 0) {
  process.stderr.write('usage: node scripts/test-durations.js REPORT.json…  (from jest --json --outputFile=REPORT.json)\n');
  process.exit(2);
}
let table = { seconds: {} };
if (fs.existsSync(DURATIONS_FILE)) {
  table = JSON.parse(fs.readFileSync(DURATIONS_FILE, 'utf8'));
}
const seconds = { ...table.seconds };
for (const report of reports) {
  const { testResults } = JSON.parse(fs.readFileSync(report, 'utf8'));
  for (const result of testResults) {
    const ms = (result.perfStats?.runtime ?? result.endTime - result.startTime) || 0;
    seconds[path.relative(root, result.name).split(path.sep).join('/')] = Math.max(1, Math.round(ms / 1000));
  }
}
const kept = Object.entries(seconds)
  .filter(([file]) => fs.existsSync(path.join(root, file)))
  .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
table.seconds = Object.fromEntries(kept);
fs.writeFileSync(DURATIONS_FILE, `${JSON.stringify(table, null, 2)}\n`);
process.stdout.write(`${kept.length} files in ${path.relative(root, DURATIONS_FILE)}\n`);
