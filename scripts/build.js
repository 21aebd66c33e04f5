#!/usr/bin/env node
'use strict';
/**
 * The build behind `npm run build` and the first step of `npm start`, `npm test` and every CLI
 * script. It builds only what is out of date, so a second run with nothing changed takes a fraction
 * of a second (decision 1201):
 *
 * - server: `tsc -p tsconfig.build.json` (incremental, build info in dist/.tsbuildinfo), skipped
 *   when a SHA-256 of its inputs (every non-spec .ts under src, migrations and bench, ormconfig.ts,
 *   the tsconfigs, package-lock.json and this script) equals the stamp of the last successful
 *   build and every output .js exists. A missing output forces a full compile.
 * - console: `tsc -p console/tsconfig.json` (type check) and `vite build`, skipped when a SHA-256
 *   of every file under console/, package-lock.json and this script equals the stamp and
 *   dist/console/index.html exists.
 * - fixtures: the embedded fixture database (decision 1200), made by `dist/src/cli/fixture-snapshot.js`
 *   when no snapshot exists for the current fixture key.
 *
 * Stamps are content hashes, not timestamps: a changed source always rebuilds, whatever its mtime;
 * a clean clone (no dist/) builds everything once. A failed step writes no stamp.
 *
 * Usage: node scripts/build.js [server] [console] [fixtures] [--force]   (no step named: all three)
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = path.resolve(__dirname, '..');
const STEPS = ['server', 'console', 'fixtures'];

/** Every file under `dir` (relative to `root`, forward slashes, sorted), skipping what `skip` says. */
function listFiles(root, dir, skip = () => false) {
  const out = [];
  const walk = (rel) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) {
      return;
    }
    if (fs.statSync(abs).isFile()) {
      out.push(rel);
      return;
    }
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (skip(child)) {
        continue;
      }
      if (entry.isDirectory()) {
        walk(child);
      } else if (entry.isFile()) {
        out.push(child);
      }
    }
  };
  walk(dir);
  return out.sort();
}

/** SHA-256 over the names and contents of `files` (relative to `root`); a missing file counts as absent. */
function digestFiles(root, files) {
  const hash = crypto.createHash('sha256');
  for (const rel of [...files].sort()) {
    const abs = path.join(root, rel);
    hash.update(`${rel}\0`);
    hash.update(fs.existsSync(abs) ? fs.readFileSync(abs) : '\0missing\0');
    hash.update('\0');
  }
  return hash.digest('hex');
}

const isSpec = (rel) => /\.spec\.ts$/.test(rel);
const isTs = (rel) => rel.endsWith('.ts') && !rel.endsWith('.d.ts');

/** The files `tsc -p tsconfig.build.json` reads from the repository, and the settings that shape its output. */
function serverInputs(root) {
  const sources = ['src', 'migrations', 'bench'].flatMap((dir) => listFiles(root, dir).filter((f) => isTs(f) && !isSpec(f)));
  return [...sources, 'ormconfig.ts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json', 'scripts/build.js'];
}

/** The compiled file of every source: all must exist for the server build to count as current. */
function serverOutputs(root) {
  return serverInputs(root)
    .filter(isTs)
    .map((f) => `dist/${f.replace(/\.ts$/, '.js')}`);
}

function consoleInputs(root) {
  return [...listFiles(root, 'console'), 'package-lock.json', 'scripts/build.js'];
}

function readStamps(root) {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, 'dist/.build-stamps.json'), 'utf8'));
  } catch {
    return {};
  }
}

function writeStamp(root, step, digest) {
  const stamps = { ...readStamps(root), [step]: digest };
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  fs.writeFileSync(path.join(root, 'dist/.build-stamps.json'), `${JSON.stringify(stamps, null, 2)}\n`);
}

/** True when `step`'s inputs hash to its stamp and all of its outputs exist. */
function isCurrent(root, step, digest, outputs) {
  return readStamps(root)[step] === digest && outputs.every((o) => fs.existsSync(path.join(root, o)));
}

/** A dependency's command-line script (as npx would find it, without npx's start-up cost). */
function binOf(root, pkg, bin) {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`, { paths: [root] })), bin);
}

/** Runs a node script (no npx, no shell); its output goes to stderr so stdout stays the caller's. */
function runNode(root, script, args, env = process.env) {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: root, env, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    throw new Error(`${path.relative(root, script)} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
  }
}

function buildServer(root, force) {
  const digest = digestFiles(root, serverInputs(root));
  const outputs = serverOutputs(root);
  if (!force && isCurrent(root, 'server', digest, outputs)) {
    return 'up to date';
  }
  // Incremental compiles re-emit only changed sources: a deleted output would stay missing.
  if (force || !outputs.every((o) => fs.existsSync(path.join(root, o)))) {
    fs.rmSync(path.join(root, 'dist/.tsbuildinfo'), { force: true });
  }
  runNode(root, binOf(root, 'typescript', 'bin/tsc'), ['-p', 'tsconfig.build.json']);
  writeStamp(root, 'server', digest);
  return 'compiled';
}

function buildConsole(root, force) {
  const digest = digestFiles(root, consoleInputs(root));
  if (!force && isCurrent(root, 'console', digest, ['dist/console/index.html'])) {
    return 'up to date';
  }
  runNode(root, binOf(root, 'typescript', 'bin/tsc'), ['-p', 'console/tsconfig.json']);
  runNode(root, binOf(root, 'vite', 'bin/vite.js'), ['build', '--config', 'console/vite.config.mts', '--logLevel', 'warn']);
  writeStamp(root, 'console', digest);
  return 'built';
}

function buildFixtures(root, force) {
  // The key and the snapshot's place are the server's own (compiled) code, so both sides agree.
  const { fixtureCodeKey, findFixtureSnapshot } = require(path.join(root, 'dist/src/common/db/fixture-snapshot.js'));
  if (!force && findFixtureSnapshot(fixtureCodeKey()) !== undefined) {
    return 'up to date';
  }
  process.stderr.write('build: making the fixture database for this code (once: migrations and fixtures through the services)…\n');
  // Only warnings from the server's own log: the progress of a build is these lines.
  const env = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };
  runNode(root, path.join(root, 'dist/src/cli/fixture-snapshot.js'), force ? ['--force'] : [], env);
  return 'made';
}

function build(root, steps, force) {
  const done = [];
  for (const step of steps) {
    const started = Date.now();
    const outcome = { server: buildServer, console: buildConsole, fixtures: buildFixtures }[step](root, force);
    done.push(`${step} ${outcome}${outcome === 'up to date' ? '' : ` in ${((Date.now() - started) / 1000).toFixed(1)} s`}`);
  }
  return done;
}

function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const named = args.filter((a) => !a.startsWith('--'));
  const unknown = named.filter((s) => !STEPS.includes(s));
  if (unknown.length > 0) {
    process.stderr.write(`unknown build step ${unknown.join(', ')}; steps: ${STEPS.join(', ')}\n`);
    process.exit(2);
  }
  const steps = named.length === 0 ? STEPS : STEPS.filter((s) => named.includes(s));
  const started = Date.now();
  try {
    const done = build(ROOT, steps, force);
    process.stderr.write(`build: ${done.join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  } catch (error) {
    process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

module.exports = { listFiles, digestFiles, serverInputs, serverOutputs, consoleInputs, isCurrent, readStamps, build };

if (require.main === module) {
  main();
}
