import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { adminUrl } from './db-urls';

/**
 * A template database filled beside the tests instead of before them (decision 1860). A global
 * setup calls `startMaking`: it takes a session advisory lock named after the template and returns;
 * the filling goes on in jest's main process (a global setup's promises live on while the workers
 * run the files), into a scratch database renamed to the template's name only once complete, and the
 * lock is released after that. A test file that needs the template calls `waitForTemplate`, which
 * waits on the lock (readiness, never a clock) and then finds the database, or fails with the error
 * the filling left. Files that need no template run meanwhile. The global teardown calls
 * `makingDone` before it drops the run's databases.
 */

/** The fillings under way in this process, by template name (global setup and teardown share globalThis). */
const MAKING = Symbol.for('ife.templateMaking');
function making(): Map<string, Promise<void>> {
  const holder = globalThis as Record<symbol, Map<string, Promise<void>> | undefined>;
  holder[MAKING] ??= new Map();
  return holder[MAKING];
}

/** Where a filling that failed leaves its error. */
function failureFile(template: string): string {
  return path.join(os.tmpdir(), `${template}.failed`);
}

/**
 * Starts filling `template`: resolves once the lock is held (so every later `waitForTemplate`
 * waits for the filling); `fill` gets the scratch database's name and fills it.
 */
export async function startMaking(template: string, fill: (scratch: string) => Promise<void>): Promise<void> {
  const lock = new Client({ connectionString: adminUrl() });
  await lock.connect();
  await lock.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
  const scratch = `${template}_filling`;
  const run = async (): Promise<void> => {
    await lock.query(`CREATE DATABASE "${scratch}"`);
    try {
      await fill(scratch);
      await lock.query(`ALTER DATABASE "${scratch}" RENAME TO "${template}"`);
    } catch (error) {
      await lock.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`).catch(() => undefined);
      throw error;
    }
  };
  const done = run()
    .catch((error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      fs.writeFileSync(failureFile(template), message);
      process.stderr.write(`global setup: the template database ${template} was not made: ${message}\n`);
    })
    .finally(() => lock.end()); // ends the session, and with it the lock
  making().set(template, done);
}

/** Waits until `template` is filled (see above); throws when its filling failed. */
export async function waitForTemplate(template: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
    if (found.rowCount === 0) {
      const failure = failureFile(template);
      const why = fs.existsSync(failure) ? fs.readFileSync(failure, 'utf8') : 'no error was recorded';
      throw new Error(`the global setup did not make the template database ${template}: ${why}`);
    }
  } finally {
    await admin.end();
  }
}

/** For a global teardown: the filling of `template` is over (it may still run when the files ended early). */
export async function makingDone(template: string): Promise<void> {
  await making().get(template);
  making().delete(template);
  fs.rmSync(failureFile(template), { force: true });
}
