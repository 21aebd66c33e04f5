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
      // A file of this checkout, not of a clone beside it that happens to exist here.
      expect(name).toMatch(/^(src|test)\//);
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

describe('scripts/test-durations.js: a report from another checkout names this checkout’s files', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const durations = require('../../scripts/test-durations.js') as {
    merge: (
      seconds: Record<string, number>,
      reports: { testResults: { name: string; startTime: number; endTime: number }[] }[],
      base: string,
    ) => Record<string, number>;
  };
  const result = (name: string, seconds: number) => ({ name, startTime: 0, endTime: seconds * 1000 });

  it('names each file by its path in this checkout, wherever the report ran, and keeps no name outside it', () => {
    const merged = durations.merge(
      { 'test/e2e/api.e2e-spec.ts': 30, '../clone/test/e2e/api.e2e-spec.ts': 5, 'test/e2e/gone.e2e-spec.ts': 9 },
      [
        {
          testResults: [
            result('/tmp/some-clone/test/e2e/api.e2e-spec.ts', 42.4),
            result(path.join(REPO, 'src/config.spec.ts'), 0.2),
            result('/tmp/some-clone/test/e2e/not-in-this-checkout.e2e-spec.ts', 7),
          ],
        },
      ],
      REPO,
    );
    expect(merged).toEqual({ 'test/e2e/api.e2e-spec.ts': 42, 'src/config.spec.ts': 1 });
  });
});
