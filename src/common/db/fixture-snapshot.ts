import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createSha256 } from '../hashing/canonical';

/**
 * Where the embedded fixture database is kept and how it is named (decision 1200). This file uses
 * nothing but Node's own modules, so `scripts/build.js` can ask whether a snapshot is current
 * without loading the server. The snapshot is made by `ensureFixtureSnapshot` (src/fixtures.ts).
 *
 * Layout: `dist/fixture-snapshot/<key>/` holds `pgdata/` (a cleanly closed PGlite data
 * directory, copied into a new data directory), `pgdata.tar` (the same, as PGlite's
 * `dumpDataDir` writes it, loaded by an in-memory database) and `snapshot.json`, written last: a
 * folder without it is incomplete and never used.
 */

/** Raised when the layout or the way a snapshot is made changes, so old snapshots are not reused. */
const FORMAT = 1;

/** What history the fixtures hold (decision 1302): `compact` (default) or `national` (2019–2026 at national scale). */
export const FIXTURE_HISTORIES = ['compact', 'national'] as const;
export type FixtureHistory = (typeof FIXTURE_HISTORIES)[number];

/** FIXTURE_HISTORY from the environment; anything else than the two values is refused (config.ts reports it at start). */
export function fixtureHistory(env: NodeJS.ProcessEnv = process.env): FixtureHistory {
  const raw = env.FIXTURE_HISTORY === undefined || env.FIXTURE_HISTORY === '' ? 'compact' : env.FIXTURE_HISTORY;
  if (!(FIXTURE_HISTORIES as readonly string[]).includes(raw)) {
    throw new Error(`FIXTURE_HISTORY must be compact or national, got "${raw}"`);
  }
  return raw as FixtureHistory;
}

/** dist/ when compiled; the repository root when run from the sources (ts-jest). */
const CODE_ROOT = path.resolve(__dirname, '../../..');
const SOURCE_EXTENSION = path.extname(__filename);

export interface FixtureSnapshot {
  key: string;
  /** The snapshot's folder. */
  dir: string;
  /** A closed PGlite data directory. */
  pgdata: string;
  /** The same data directory as an uncompressed tarball (PGlite `loadDataDir`). */
  tar: string;
}

function filesUnder(dir: string, keep: (rel: string) => boolean): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((rel) => rel.split(path.sep).join('/'))
    .filter((rel) => keep(rel) && fs.statSync(path.join(dir, rel)).isFile())
    .sort();
}

function fixturesDir(): string {
  const candidates = [path.join(CODE_ROOT, 'fixtures'), path.join(CODE_ROOT, '..', 'fixtures')];
  const found = candidates.find((c) => fs.existsSync(path.join(c, 'municipalities.csv')));
  if (found === undefined) {
    throw new Error(`fixtures/ not found beside ${CODE_ROOT}`);
  }
  return found;
}

function pgliteVersion(): string {
  // The package exports no package.json; its main file is dist/index.cjs.
  const main = require.resolve('@electric-sql/pglite');
  const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(main), '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/**
 * What the fixture database depends on, as one SHA-256: the running code that can write data (every
 * module under src/ except the command-line entry points `main` and `cli/`), the migrations, the
 * fixture data files, the PGlite version (its data-directory format) and the snapshot format.
 * Any change to any of them gives a new key, so the snapshot is made again; nothing is trusted to
 * be unaffected. Hashing the ~2 MB takes a few milliseconds; the key is computed once per process.
 */
export function fixtureCodeKey(): string {
  cachedKey ??= fixtureKeyOf({
    codeRoot: CODE_ROOT,
    fixtures: fixturesDir(),
    extension: SOURCE_EXTENSION,
    pglite: pgliteVersion(),
    history: fixtureHistory(),
  });
  return cachedKey;
}
let cachedKey: string | undefined;

/** `fixtureCodeKey` for a given tree: `codeRoot` holds src/ and migrations/ in `extension` (.js or .ts). */
export function fixtureKeyOf(tree: {
  codeRoot: string;
  fixtures: string;
  extension: string;
  pglite: string;
  history?: FixtureHistory;
}): string {
  const isCode = (rel: string) => rel.endsWith(tree.extension) && !rel.endsWith('.d.ts') && !rel.endsWith(`.spec${tree.extension}`);
  const isWriter = (rel: string) => isCode(rel) && !rel.startsWith('cli/') && rel !== `main${tree.extension}`;
  const parts: [string, string, (rel: string) => boolean][] = [
    ['src', path.join(tree.codeRoot, 'src'), isWriter],
    ['migrations', path.join(tree.codeRoot, 'migrations'), isCode],
    ['fixtures', tree.fixtures, () => true],
  ];
  const hash = createSha256();
  hash.update(`format ${FORMAT}\0pglite ${tree.pglite}\0`);
  // The compact history keeps the keys it always had; another history is another database.
  if (tree.history !== undefined && tree.history !== 'compact') {
    hash.update(`history ${tree.history}\0`);
  }
  for (const [label, dir, keep] of parts) {
    for (const rel of filesUnder(dir, keep)) {
      hash.update(`${label}/${rel}\0`);
      hash.update(fs.readFileSync(path.join(dir, rel)));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

/** dist/fixture-snapshot (beside the compiled code, or in the repository's dist/ under ts-jest). */
export function snapshotsDir(): string {
  return SOURCE_EXTENSION === '.js' ? path.join(CODE_ROOT, 'fixture-snapshot') : path.join(CODE_ROOT, 'dist', 'fixture-snapshot');
}

function snapshotAt(dir: string, key: string): FixtureSnapshot {
  return { key, dir, pgdata: path.join(dir, 'pgdata'), tar: path.join(dir, 'pgdata.tar') };
}

/** The complete snapshot made for `key`, if there is one. */
export function findFixtureSnapshot(key: string, root = snapshotsDir()): FixtureSnapshot | undefined {
  const dir = path.join(root, key);
  return fs.existsSync(path.join(dir, 'snapshot.json')) ? snapshotAt(dir, key) : undefined;
}

/** A new private folder to make a snapshot in; `publishFixtureSnapshot` moves it into place. */
export function snapshotWorkDir(key: string, root = snapshotsDir()): FixtureSnapshot {
  const dir = path.join(root, `${key}.tmp-${process.pid}-${crypto.randomBytes(3).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true });
  return snapshotAt(dir, key);
}

/**
 * Marks a finished work folder complete and renames it to its key in one step, so a reader sees a
 * whole snapshot or none. When another process published the same key first, that one is kept
 * (same code, same data) and this one is removed. Snapshots of other keys are removed (a changed
 * source makes the old one useless), as are work folders of processes no longer running.
 */
export function publishFixtureSnapshot(work: FixtureSnapshot, meta: Record<string, unknown>, replace = false): FixtureSnapshot {
  fs.writeFileSync(path.join(work.dir, 'snapshot.json'), `${JSON.stringify({ key: work.key, format: FORMAT, ...meta }, null, 2)}\n`);
  const root = path.dirname(work.dir);
  const target = path.join(root, work.key);
  if (replace) {
    fs.rmSync(target, { recursive: true, force: true });
  }
  try {
    fs.renameSync(work.dir, target);
  } catch (error) {
    if (findFixtureSnapshot(work.key, root) === undefined) {
      throw error;
    }
    fs.rmSync(work.dir, { recursive: true, force: true });
  }
  for (const entry of fs.readdirSync(root)) {
    const pid = /\.tmp-(\d+)-/.exec(entry)?.[1];
    const stale = pid !== undefined ? !isRunning(Number(pid)) : /^[0-9a-f]{64}$/.test(entry) && entry !== work.key;
    if (stale) {
      fs.rmSync(path.join(root, entry), { recursive: true, force: true });
    }
  }
  return snapshotAt(target, work.key);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when `dataDir` already holds a PostgreSQL data directory (PGlite's own test). */
export function holdsDatabase(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'PG_VERSION'));
}

/**
 * Copies the snapshot's data directory into `dataDir` (created if needed; other files in it, such
 * as a lock, are left alone). PG_VERSION, by which PostgreSQL and PGlite recognise a data
 * directory, is copied last: a copy cut short is seen as no database and made again on the next
 * start, never opened half-copied.
 */
export function copySnapshotInto(snapshot: FixtureSnapshot, dataDir: string): void {
  if (holdsDatabase(dataDir)) {
    throw new Error(`${dataDir} already holds a database: a snapshot is only copied into a new one`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const marker = path.join(snapshot.pgdata, 'PG_VERSION');
  fs.cpSync(snapshot.pgdata, dataDir, { recursive: true, force: true, filter: (src) => src !== marker });
  fs.copyFileSync(marker, path.join(dataDir, 'PG_VERSION'));
}
