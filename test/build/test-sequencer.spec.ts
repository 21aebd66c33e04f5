import fs from 'node:fs';
import path from 'node:path';

interface File {
  path: string;
  failed: boolean;
  duration: number | undefined;
  size: number;
}
// scripts/test-sequencer.js is plain CommonJS loaded by jest itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sequencer = require('../../scripts/test-sequencer.js') as {
  order: (files: File[]) => File[];
  committedDurations: (root: string) => Map<string, number>;
  DURATIONS_FILE: string;
};

const REPO = path.resolve(__dirname, '../..');
const file = (name: string, duration: number | undefined, size = 100, failed = false): File => ({ path: name, failed, duration, size });

describe('scripts/test-sequencer.js: the slowest files first, with or without jest’s cache (decision 1860)', () => {
  it('orders failed first, then timed files longest first, then untimed files largest first', () => {
    const files = [
      file('small-untimed', undefined, 10),
      file('fast', 2_000),
      file('large-untimed', undefined, 9_000),
      file('slow', 180_000),
      file('failed-fast', 1_000, 100, true),
      file('medium', 60_000),
    ];
    expect(sequencer.order(files).map((f) => f.path)).toEqual(['failed-fast', 'slow', 'medium', 'fast', 'large-untimed', 'small-untimed']);
  });

  it('reads test/durations.json: every file it names exists and is a test file, with its seconds', () => {
    const table = JSON.parse(fs.readFileSync(sequencer.DURATIONS_FILE, 'utf8')) as { seconds: Record<string, number> };
    const names = Object.keys(table.seconds);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) {
      expect([name, fs.existsSync(path.join(REPO, name))]).toEqual([name, true]);
      expect(name).toMatch(/\.(spec|e2e-spec|embedded-spec|browser-spec)\.ts$/);
      expect(table.seconds[name]).toBeGreaterThan(0);
    }
    const durations = sequencer.committedDurations(REPO);
    expect(durations.get(path.join(REPO, 'test/embedded/fixture-snapshot.embedded-spec.ts'))).toBe(
      table.seconds['test/embedded/fixture-snapshot.embedded-spec.ts']! * 1000,
    );
  });

  it('is the sequencer jest runs with', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require('../../jest.config.js') as { testSequencer?: string };
    expect(config.testSequencer).toBe('<rootDir>/scripts/test-sequencer.js');
  });
});
