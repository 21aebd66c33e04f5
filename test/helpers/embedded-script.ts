import { spawn } from 'node:child_process';
import path from 'node:path';

/** The compiled sources a child script requires from (`dist + '/modules/ledger'`). */
const DIST = path.resolve(__dirname, '../../dist/src');
const RESULT = '@@embedded-script-result@@';

/**
 * Runs `body` in a child Node process against a new, migrated embedded database, and gives back
 * what the body returns (as JSON), the exit code and stderr. PGlite cannot start inside a jest
 * worker (STYLE pitfall 6), so the specs of the `embedded` project that need one in-process run
 * the compiled code this way.
 *
 * `body` is JavaScript, the inside of an async function with these in scope: `dist` (the compiled
 * `src`), `require`, `ds` (a DataSource on the database, a pool of one, migrated) and `embedded`.
 * The database is closed after the body returns; a throw ends the child with exit code 1.
 */
export async function runEmbeddedScript<T>(body: string): Promise<{ code: number | null; stderr: string; result: T | undefined }> {
  const script = `
const dist = ${JSON.stringify(DIST)};
require('reflect-metadata');
const { startEmbeddedDatabase } = require(dist + '/common/db/embedded');
const { createDataSource, initialise } = require(dist + '/common/db/data-source');
(async () => {
  const embedded = await startEmbeddedDatabase(undefined);
  const ds = createDataSource({ url: embedded.url, poolSize: 1 });
  await initialise(ds);
  await ds.runMigrations({ transaction: 'each' });
  const result = await (async () => {
${body}
  })();
  await ds.destroy();
  await embedded.stop();
  process.stdout.write(${JSON.stringify(`\n${RESULT}`)} + JSON.stringify(result) + '\\n');
})().catch((e) => { console.error(e); process.exit(1); });
`;
  const child = spawn(process.execPath, ['-e', script], {
    env: { ...process.env, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const at = stdout.lastIndexOf(RESULT);
  const result = at < 0 ? undefined : (JSON.parse(stdout.slice(at + RESULT.length)) as T);
  return { code, stderr, result };
}
