import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  copySnapshotInto,
  findFixtureSnapshot,
  fixtureKeyOf,
  holdsDatabase,
  publishFixtureSnapshot,
  snapshotWorkDir,
} from './fixture-snapshot';

/** A small tree shaped like dist/: src/ with modules, cli/ and main, migrations/, and fixtures/. */
function makeTree(): { root: string; tree: Parameters<typeof fixtureKeyOf>[0]; write(rel: string, text: string): void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-fixture-key-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('dist/src/modules/settlements/settlement.service.js', 'exports.a = 1;');
  write('dist/src/fixtures.js', 'exports.load = 1;');
  write('dist/src/main.js', 'main();');
  write('dist/src/cli/token.js', 'token();');
  write('dist/src/modules/settlements/settlement.service.js.map', '{}');
  write('dist/migrations/1-Foundation.js', 'up();');
  write('fixtures/municipalities.csv', 'code,name\nGM0363,Amsterdam\n');
  return {
    root,
    write,
    tree: { codeRoot: path.join(root, 'dist'), fixtures: path.join(root, 'fixtures'), extension: '.js', pglite: '0.5.14' },
  };
}

describe('fixture key', () => {
  it.each([
    ['a changed service', 'dist/src/modules/settlements/settlement.service.js', 'exports.a = 2;'],
    ['a changed fixture loader', 'dist/src/fixtures.js', 'exports.load = 2;'],
    ['a new module', 'dist/src/modules/people/people.service.js', 'exports.p = 1;'],
    ['a changed migration', 'dist/migrations/1-Foundation.js', 'up(); more();'],
    ['a new migration', 'dist/migrations/2-More.js', 'up();'],
    ['a changed fixture data file', 'fixtures/municipalities.csv', 'code,name\nGM0363,Amsterdam\nGM0344,Utrecht\n'],
    ['a new fixture data file', 'fixtures/allocation-2027.json', '{}'],
  ])('changes with %s', (_label, rel, text) => {
    const t = makeTree();
    const before = fixtureKeyOf(t.tree);
    t.write(rel, text);
    expect(fixtureKeyOf(t.tree)).not.toBe(before);
  });

  it('changes with a national history, and the compact history keeps the key it had (FIXTURE_HISTORY)', () => {
    const t = makeTree();
    expect(fixtureKeyOf({ ...t.tree, history: 'compact' })).toBe(fixtureKeyOf(t.tree));
    expect(fixtureKeyOf({ ...t.tree, history: 'national' })).not.toBe(fixtureKeyOf(t.tree));
  });

  it('changes with the PGlite version (its data-directory format)', () => {
    const t = makeTree();
    expect(fixtureKeyOf({ ...t.tree, pglite: '0.5.15' })).not.toBe(fixtureKeyOf(t.tree));
  });

  it.each([
    ['the server entry point', 'dist/src/main.js', 'main(); main();'],
    ['a command-line tool', 'dist/src/cli/token.js', 'token(2);'],
    ['a source map', 'dist/src/modules/settlements/settlement.service.js.map', '{"x":1}'],
  ])('stays the same when only %s changes (no fixture data comes from it)', (_label, rel, text) => {
    const t = makeTree();
    const before = fixtureKeyOf(t.tree);
    t.write(rel, text);
    expect(fixtureKeyOf(t.tree)).toBe(before);
  });

  it('is the same for the same tree', () => {
    const t = makeTree();
    expect(fixtureKeyOf(t.tree)).toMatch(/^[0-9a-f]{64}$/);
    expect(fixtureKeyOf(t.tree)).toBe(fixtureKeyOf(t.tree));
  });
});

describe('fixture snapshot files', () => {
  const key = 'a'.repeat(64);
  const otherKey = 'b'.repeat(64);

  function workWithData(root: string, k = key) {
    const work = snapshotWorkDir(k, root);
    fs.mkdirSync(path.join(work.pgdata, 'base'), { recursive: true });
    fs.writeFileSync(path.join(work.pgdata, 'PG_VERSION'), '18\n');
    fs.writeFileSync(path.join(work.pgdata, 'base', '1'), 'data');
    fs.writeFileSync(work.tar, 'tar');
    return work;
  }

  it('is found only once published complete, and publishing removes the snapshots of other keys', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-snapshots-'));
    const old = publishFixtureSnapshot(workWithData(root, otherKey), {});
    expect(findFixtureSnapshot(otherKey, root)?.dir).toBe(old.dir);
    const work = workWithData(root);
    expect(findFixtureSnapshot(key, root)).toBeUndefined();
    const published = publishFixtureSnapshot(work, { ms: 1 });
    expect(findFixtureSnapshot(key, root)).toEqual(published);
    expect(JSON.parse(fs.readFileSync(path.join(published.dir, 'snapshot.json'), 'utf8'))).toMatchObject({ key, ms: 1 });
    expect(fs.readdirSync(root)).toEqual([key]);
  });

  it('keeps the first of two processes that made the same key, and removes the second one’s copy', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-snapshots-'));
    const first = workWithData(root);
    const second = workWithData(root);
    fs.writeFileSync(path.join(second.pgdata, 'base', '1'), 'second');
    publishFixtureSnapshot(first, {});
    const kept = publishFixtureSnapshot(second, {});
    expect(fs.readFileSync(path.join(kept.pgdata, 'base', '1'), 'utf8')).toBe('data');
    expect(fs.readdirSync(root)).toEqual([key]);
  });

  it('copies into a new data directory beside what is already there, and never over a database', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-snapshots-'));
    const snapshot = publishFixtureSnapshot(workWithData(root), {});
    const dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'owner.lock'), '123');
    expect(holdsDatabase(dataDir)).toBe(false);
    copySnapshotInto(snapshot, dataDir);
    expect(holdsDatabase(dataDir)).toBe(true);
    expect(fs.readFileSync(path.join(dataDir, 'base', '1'), 'utf8')).toBe('data');
    expect(fs.readFileSync(path.join(dataDir, 'owner.lock'), 'utf8')).toBe('123');
    expect(() => copySnapshotInto(snapshot, dataDir)).toThrow(/already holds a database/);
  });

  it('copies PG_VERSION last, so a copy cut short is not taken for a database', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-snapshots-'));
    const snapshot = publishFixtureSnapshot(workWithData(root), {});
    const cp = jest.spyOn(fs, 'cpSync');
    const copy = jest.spyOn(fs, 'copyFileSync');
    try {
      copySnapshotInto(snapshot, path.join(root, 'data'));
      expect(cp).toHaveBeenCalledTimes(1);
      expect(copy).toHaveBeenCalledTimes(1);
      expect(String(copy.mock.calls[0]?.[1])).toMatch(/PG_VERSION$/);
      expect(copy.mock.invocationCallOrder[0]).toBeGreaterThan(cp.mock.invocationCallOrder[0] ?? Infinity);
      // The bulk copy leaves PG_VERSION out.
      const filter = (cp.mock.calls[0]?.[2] as fs.CopySyncOptions).filter;
      expect(filter?.(path.join(snapshot.pgdata, 'PG_VERSION'), '')).toBe(false);
      expect(filter?.(path.join(snapshot.pgdata, 'base', '1'), '')).toBe(true);
    } finally {
      cp.mockRestore();
      copy.mockRestore();
    }
  });
});
