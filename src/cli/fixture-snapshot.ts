import 'reflect-metadata';
import path from 'node:path';
import { ensureFixtureSnapshot } from '../fixtures';

/**
 * `node dist/src/cli/fixture-snapshot.js [--force]` (run by `npm run build` when needed): makes the
 * embedded fixture database for the current code once (decision 1200), or says where it is.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const snapshot = await ensureFixtureSnapshot({ force: process.argv.includes('--force') });
  process.stderr.write(
    `fixture snapshot ${snapshot.key.slice(0, 12)} in ${path.relative(process.cwd(), snapshot.dir)} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`fixture snapshot failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
