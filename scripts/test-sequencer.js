'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Jest's order of test files (decision 1860): the slowest first, so that two workers end together
 * instead of one running a three-minute file alone at the end.
 *
 * Jest itself orders by the durations it recorded in its cache, and without a cache (CI's fresh
 * checkout, any new machine) by file size, which put the slowest file (fixture-snapshot, 115 lines)
 * among the last. Here a file's duration is the one jest recorded when it has one, else the one in
 * test/durations.json (seconds on a quiet machine, committed: `node scripts/test-durations.js
 * report.json` writes it from a `jest --json` report), else none: those run after the timed ones,
 * largest first. A file that failed last time still runs first, as with jest's own order.
 */
const DURATIONS_FILE = path.resolve(__dirname, '../test/durations.json');

function committedDurations(root) {
  let table = {};
  try {
    table = JSON.parse(fs.readFileSync(DURATIONS_FILE, 'utf8'));
  } catch {
    return new Map();
  }
  return new Map(Object.entries(table.seconds ?? {}).map(([file, seconds]) => [path.resolve(root, file), seconds * 1000]));
}

/**
 * The order: failed last time first, then by duration (ms) longest first, files with no duration
 * after all timed ones, those by size (largest first). Pure, for the test.
 * @param {{ path: string, failed: boolean, duration: number | undefined, size: number }[]} files
 */
function order(files) {
  return [...files].sort((a, b) => {
    if (a.failed !== b.failed) {
      return a.failed ? -1 : 1;
    }
    const timedA = a.duration !== undefined;
    const timedB = b.duration !== undefined;
    if (timedA !== timedB) {
      return timedA ? -1 : 1;
    }
    if (timedA && a.duration !== b.duration) {
      return b.duration - a.duration;
    }
    if (a.size !== b.size) {
      return b.size - a.size;
    }
    return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
  });
}

class SlowestFirstSequencer extends Sequencer {
  sort(tests) {
    const committed = committedDurations(path.resolve(__dirname, '..'));
    const files = tests.map((test) => ({
      test,
      path: test.path,
      failed: this.hasFailed(test),
      duration: this.time(test) ?? committed.get(test.path),
      size: test.context.hasteFS.getSize(test.path) ?? 0,
    }));
    return order(files).map((file) => {
      // Jest reads test.duration to spread the files of a small run over workers.
      file.test.duration = file.duration;
      return file.test;
    });
  }
}

module.exports = SlowestFirstSequencer;
module.exports.order = order;
module.exports.committedDurations = committedDurations;
module.exports.DURATIONS_FILE = DURATIONS_FILE;
