import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

interface BuildScript {
  build: (root: string, steps: string[], force: boolean) => string[];
}
// scripts/build.js is plain CommonJS run by node before anything is compiled.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { build } = require('../../scripts/build.js') as BuildScript;

const REPO = path.resolve(__dirname, '../..');

/** A small project shaped like this one: src/ compiled by tsconfig.build.json, a Vite console. */
function makeProject(): { root: string; write(rel: string, text: string): void; read(rel: string): string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ife-build-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  fs.mkdirSync(path.join(root, 'scripts'));
  fs.copyFileSync(path.join(REPO, 'scripts/build.js'), path.join(root, 'scripts/build.js'));
  write('package-lock.json', '{}\n');
  write(
    'tsconfig.json',
    JSON.stringify({
      // Only the ES library, and no checking of its declaration files: each of this file's eleven
      // compiles then reads a fraction of what the DOM library costs (the build script is the subject).
      compilerOptions: {
        target: 'es2022',
        module: 'commonjs',
        lib: ['es2022'],
        skipLibCheck: true,
        strict: true,
        outDir: 'dist',
        rootDir: '.',
        types: [],
      },
      include: ['src', 'ormconfig.ts'],
    }),
  );
  write(
    'tsconfig.build.json',
    JSON.stringify({ extends: './tsconfig.json', compilerOptions: { incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo' } }),
  );
  write('ormconfig.ts', 'export const orm = 1;\n');
  write('src/a.ts', 'export const a: number = 1;\n');
  write('src/b.ts', "import { a } from './a';\nexport const b = a + 1;\n");
  write(
    'console/index.html',
    '<!doctype html><html><body><div id="root"></div><script type="module" src="/src/main.ts"></script></body></html>\n',
  );
  write('console/src/main.ts', "document.getElementById('root')!.textContent = 'one';\n");
  write(
    'console/tsconfig.json',
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'esnext',
        moduleResolution: 'bundler',
        lib: ['es2022', 'dom'],
        skipLibCheck: true,
        strict: true,
        noEmit: true,
        types: [],
      },
      include: ['src'],
    }),
  );
  write(
    'console/vite.config.mts',
    "import { defineConfig } from 'vite';\nexport default defineConfig({ root: import.meta.dirname, build: { outDir: '../dist/console', emptyOutDir: true } });\n",
  );
  return { root, write, read: (rel) => fs.readFileSync(path.join(root, rel), 'utf8') };
}

/** Sets a file's modification time far in the past (as a checkout or copy may). */
function ageFile(file: string): void {
  const past = new Date('2001-01-01T00:00:00Z');
  fs.utimesSync(file, past, past);
}

describe('scripts/build.js: only what changed is built, and a change always is', () => {
  it('server: compiles a clean tree once, then skips until a source changes, whatever its time stamp', () => {
    const p = makeProject();
    expect(build(p.root, ['server'], false)).toEqual([expect.stringMatching(/^server compiled in/)]);
    expect(p.read('dist/src/b.js')).toContain('a + 1');
    const emitted = fs.statSync(path.join(p.root, 'dist/src/a.js')).mtimeMs;

    expect(build(p.root, ['server'], false)).toEqual(['server up to date']);
    expect(fs.statSync(path.join(p.root, 'dist/src/a.js')).mtimeMs).toBe(emitted);

    // Changed content with an old modification time (older than every output): still rebuilt.
    p.write('src/a.ts', 'export const a: number = 41;\n');
    ageFile(path.join(p.root, 'src/a.ts'));
    expect(build(p.root, ['server'], false)).toEqual([expect.stringMatching(/^server compiled in/)]);
    expect(p.read('dist/src/a.js')).toContain('41');
    expect(build(p.root, ['server'], false)).toEqual(['server up to date']);
  });

  it('server: a deleted output, a changed tsconfig or a changed lock file rebuilds', () => {
    const p = makeProject();
    build(p.root, ['server'], false);
    fs.rmSync(path.join(p.root, 'dist/src/b.js'));
    expect(build(p.root, ['server'], false)).toEqual([expect.stringMatching(/^server compiled in/)]);
    expect(p.read('dist/src/b.js')).toContain('a + 1');

    p.write(
      'tsconfig.build.json',
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: { incremental: true, tsBuildInfoFile: 'dist/.tsbuildinfo', removeComments: true },
      }),
    );
    expect(build(p.root, ['server'], false)).toEqual([expect.stringMatching(/^server compiled in/)]);
    p.write('package-lock.json', '{ "lockfileVersion": 3 }\n');
    expect(build(p.root, ['server'], false)).toEqual([expect.stringMatching(/^server compiled in/)]);
    expect(build(p.root, ['server'], false)).toEqual(['server up to date']);
  });

  it('server: a failed compile leaves no stamp, so the next build compiles again', () => {
    const p = makeProject();
    build(p.root, ['server'], false);
    p.write('src/a.ts', 'export const a: number = "not a number";\n');
    expect(() => build(p.root, ['server'], false)).toThrow(/tsc -p tsconfig.build.json failed/);
    expect(() => build(p.root, ['server'], false)).toThrow(/tsc -p tsconfig.build.json failed/);
    p.write('src/a.ts', 'export const a: number = 2;\n');
    expect(build(p.root, ['server'], false)).toEqual([expect.stringMatching(/^server compiled in/)]);
  });

  it('console: built once, skipped while its files are unchanged, rebuilt when one changes or the bundle is gone', () => {
    const p = makeProject();
    expect(build(p.root, ['console'], false)).toEqual([expect.stringMatching(/^console built in/)]);
    const bundle = () => {
      const assets = fs.readdirSync(path.join(p.root, 'dist/console/assets')).filter((f) => f.endsWith('.js'));
      return assets.map((f) => p.read(`dist/console/assets/${f}`)).join('');
    };
    expect(bundle()).toContain('one');
    expect(build(p.root, ['console'], false)).toEqual(['console up to date']);

    p.write('console/src/main.ts', "document.getElementById('root')!.textContent = 'two';\n");
    ageFile(path.join(p.root, 'console/src/main.ts'));
    expect(build(p.root, ['console'], false)).toEqual([expect.stringMatching(/^console built in/)]);
    expect(bundle()).toContain('two');

    fs.rmSync(path.join(p.root, 'dist/console'), { recursive: true });
    expect(build(p.root, ['console'], false)).toEqual([expect.stringMatching(/^console built in/)]);
    expect(build(p.root, ['console'], false)).toEqual(['console up to date']);
  });
});
