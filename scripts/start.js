#!/usr/bin/env node
'use strict';
/**
 * `npm start` (and `npm run start:ephemeral`): the build's up-to-date check for the server and the
 * console (scripts/build.js, building what is out of date), then the compiled server in this same
 * process (decision 1840): one Node start-up instead of two, the same output and exit codes as
 * `node scripts/build.js server console && node dist/src/main.js`. Arguments go to the server
 * (`--ephemeral`).
 */
const path = require('node:path');
const { build } = require('./build.js');

const ROOT = path.resolve(__dirname, '..');
const started = Date.now();
try {
  const done = build(ROOT, ['server', 'console'], false);
  process.stderr.write(`build: ${done.join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
} catch (error) {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
require(path.join(ROOT, 'dist/src/main.js'));
