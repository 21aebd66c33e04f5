import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface TransformOptions {
  config: { rootDir: string; cacheDirectory: string; displayName?: string };
  instrument: boolean;
  supportsStaticESM: boolean;
  cacheFS: Map<string, string>;
  configString: string;
  transformerConfig: Record<string, unknown>;
}
interface Transformer {
  process(source: string, file: string, options: TransformOptions): { code: string };
}
// scripts/ts-jest-shared-cache.js is plain CommonJS loaded by jest itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const shared = require('../../scripts/ts-jest-shared-cache.js') as {
  createTransformer: (config: Record<string, unknown>) => Transformer;
  sharedKey: (source: string, file: string, options: TransformOptions, config: Record<string, unknown>) => string;
};

/**
 * scripts/ts-jest-shared-cache.js (decision 2080): a file ts-jest transpiled for one jest project is
 * read from the shared store by the next project, and anything its output depends on gives another
 * transform. Real ts-jest and TypeScript, on a scratch project and cache directory.
 */
describe('scripts/ts-jest-shared-cache.js: one transform per file for every jest project', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-ts-shared-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
  const cacheDirectory = path.join(root, 'cache');
  const store = path.join(cacheDirectory, 'ts-jest-shared');
  fs.writeFileSync(
    path.join(root, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'es2022', module: 'commonjs', isolatedModules: true, sourceMap: true } }),
  );
  const file = path.join(root, 'sum.ts');
  const source = 'export const sum = (a: number, b: number): number => a + b;\n';
  const transformerConfig = { tsconfig: 'tsconfig.json' };
  // Two projects: the same root and transformer options, configs that differ as unit and e2e do.
  const options = (displayName: string): TransformOptions => ({
    config: { rootDir: root, cacheDirectory, displayName },
    instrument: false,
    supportsStaticESM: false,
    cacheFS: new Map(),
    configString: JSON.stringify({ displayName }),
    transformerConfig,
  });
  const stored = () => (fs.existsSync(store) ? fs.readdirSync(store) : []);

  it('transpiles once, stores the result, and gives it to the next project from the store', () => {
    const first = shared.createTransformer(transformerConfig).process(source, file, options('unit'));
    expect(first.code).toContain('const sum = (a, b) => a + b;');
    expect(first.code).not.toContain(': number');
    const [entry, ...others] = stored();
    expect(others).toEqual([]);
    expect(entry).toBe(`${shared.sharedKey(source, file, options('unit'), transformerConfig)}.json`);
    expect(shared.sharedKey(source, file, options('e2e'), transformerConfig)).toBe(entry!.replace(/\.json$/, ''));

    // The other project's transformer answers from the store, not from ts-jest: a marked entry shows it.
    const marked = { code: `${first.code}\n// from the store`, map: null };
    fs.writeFileSync(path.join(store, entry!), JSON.stringify(marked));
    expect(shared.createTransformer(transformerConfig).process(source, file, options('e2e')).code).toBe(marked.code);
  });

  it('transpiles again when the source, the file, tsconfig.json or the transformer options differ', () => {
    const before = new Set(stored());
    const t = shared.createTransformer(transformerConfig);
    const changed = t.process(source.replace('a + b', 'a - b'), file, options('unit'));
    expect(changed.code).toContain('a - b');
    t.process(source, path.join(root, 'other.ts'), options('unit'));
    const inline = { tsconfig: { target: 'es2022', module: 'commonjs', isolatedModules: true } };
    shared.createTransformer(inline).process(source, file, { ...options('unit'), transformerConfig: inline });
    fs.writeFileSync(
      path.join(root, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'es2020', module: 'commonjs', isolatedModules: true, sourceMap: true } }),
    );
    shared.createTransformer(transformerConfig).process(source, file, options('unit'));
    const added = stored().filter((name) => !before.has(name));
    expect(added).toHaveLength(4);
    // No scratch file is left behind: each entry was renamed into place whole.
    expect(stored().every((name) => /^[0-9a-f]{64}\.json$/.test(name))).toBe(true);
  });
});
