'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { DURATIONS_FILE } = require('./test-sequencer');

/**
 * `node scripts/test-durations.js REPORT.json…`: merges the per-file durations of `jest --json`
 * reports (run on a quiet machine) into test/durations.json, the order jest's workers take the files
 * in without a cache (scripts/test-sequencer.js, decision 1860). Files the reports do not name keep
 * their entry; entries of files that no longer exist are dropped.
 *
 * A report may come from another checkout (CI's clean clone): each file is named by the longest
 * tail of its path that is a file of this checkout, so `/tmp/clone/test/e2e/x.e2e-spec.ts` becomes
 * `test/e2e/x.e2e-spec.ts`; a file with no such tail is left out, and no name leaves the checkout.
 */
const root = path.resolve(__dirname, '..');

/** The file's name relative to `base`, or undefined when no tail of its path is a file there. */
function nameIn(base, file) {
  const relative = path.relative(base, file).split(path.sep).join('/');
  if (!relative.startsWith('../') && fs.existsSync(path.join(base, relative))) {
    return relative;
  }
  const parts = path
    .resolve(file)
    .split(path.sep)
    .filter((p) => p !== '');
  for (let i = 1; i < parts.length; i += 1) {
    const tail = parts.slice(i).join('/');
    if (fs.existsSync(path.join(base, tail))) {
      return tail;
    }
  }
  return undefined;
}

/** The table's seconds with the reports' durations merged in (pure but for reading `base`'s files). */
function merge(seconds, reports, base) {
  const merged = { ...seconds };
  for (const { testResults } of reports) {
    for (const result of testResults) {
      const name = nameIn(base, result.name);
      if (name !== undefined) {
        const ms = (result.perfStats?.runtime ?? result.endTime - result.startTime) || 0;
        merged[name] = Math.max(1, Math.round(ms / 1000));
      }
    }
  }
  const kept = Object.entries(merged)
    .filter(([file]) => !file.startsWith('../') && !path.isAbsolute(file) && fs.existsSync(path.join(base, file)))
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1));
  return Object.fromEntries(kept);
}

if (require.main === module) {
  const reports = process.argv.slice(2);
  if (reports.length === 0) {
    process.stderr.write('usage: node scripts/test-durations.js REPORT.json…  (from jest --json --outputFile=REPORT.json)\n');
    process.exit(2);
  }
  let table = { seconds: {} };
  if (fs.existsSync(DURATIONS_FILE)) {
    table = JSON.parse(fs.readFileSync(DURATIONS_FILE, 'utf8'));
  }
  table.seconds = merge(
    table.seconds ?? {},
    reports.map((report) => JSON.parse(fs.readFileSync(report, 'utf8'))),
    root,
  );
  fs.writeFileSync(DURATIONS_FILE, `${JSON.stringify(table, null, 2)}\n`);
  process.stdout.write(`${Object.keys(table.seconds).length} files in ${path.relative(root, DURATIONS_FILE)}\n`);
}

module.exports = { merge, nameIn };
