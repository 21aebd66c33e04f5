import { spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * The embedded and browser suites run the compiled server and console: bring dist/ (and the
 * fixture snapshot) up to date first, so a suite never tests stale code when jest is run on its
 * own. `npm test` has just built, so this is a no-op there (a fraction of a second).
 */
export function buildForServerSuites(): void {
  const root = path.resolve(__dirname, '../..');
  const result = spawnSync(process.execPath, [path.join(root, 'scripts/build.js')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    throw new Error(`node scripts/build.js failed (exit ${result.status ?? result.signal}): the server suites need dist/`);
  }
}
