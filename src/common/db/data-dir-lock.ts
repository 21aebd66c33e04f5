import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';

/**
 * The embedded data directory belongs to one process at a time (decision 1003). PGlite opens its
 * files without any lock of its own: a second process opening the same directory works on its own
 * copy in memory and, at best, loses what it wrote; at worst both write the same files.
 *
 * The lock is proper-lockfile's: an atomic `mkdir` of `<dataDir>.lock`, its mtime refreshed while the
 * owner lives. Beside it, `<dataDir>.owner.json` says who holds it (pid, host, command) and, once the
 * server listens, its GraphQL URL, so a CLI can send its rows there instead. A lock left by a process
 * that died without releasing it (kill -9) is taken over at once when its pid is gone on this host,
 * and by anyone once it has not been refreshed for STALE_MS.
 */

const STALE_MS = 120_000;
const UPDATE_MS = 15_000;

export interface DataDirOwner {
  pid: number;
  host: string;
  command: string;
  since: string;
  /** The GraphQL endpoint of the server that holds the directory, once it listens. */
  graphqlUrl?: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner | null,
  ) {
    const who = owner === null ? 'another process' : `process ${owner.pid} (${owner.command}) on ${owner.host} since ${owner.since}`;
    super(
      `the embedded database in ${dataDir} is in use by ${who}` +
        (owner?.graphqlUrl ? `, which serves its API at ${owner.graphqlUrl}` : '') +
        '. Only that process may open it: nothing was written. ' +
        (owner?.graphqlUrl
          ? 'Use that API (npm run import and import:events send their rows there by themselves), or stop the server and try again.'
          : 'Wait for it to finish or stop it, then try again; or set DATABASE_URL to use a PostgreSQL server.'),
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  /** Records where the owning server's API listens, for CLIs that find the directory locked. */
  advertise(graphqlUrl: string): void;
  release(): Promise<void>;
}

const lockPathOf = (dataDir: string): string => `${path.resolve(dataDir)}.lock`;
const ownerPathOf = (dataDir: string): string => `${path.resolve(dataDir)}.owner.json`;

/** Who holds the directory, or null when nobody says (no owner file, or an unreadable one). */
export function readDataDirOwner(dataDir: string): DataDirOwner | null {
  try {
    return JSON.parse(fs.readFileSync(ownerPathOf(dataDir), 'utf8')) as DataDirOwner;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process not yet reaped by its parent (a zombie) still answers signal 0 (Linux only).
  try {
    return !/^\d+ \(.*\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** True when the directory is locked by a live owner (a CLI uses this to choose API or direct). */
export function isDataDirLocked(dataDir: string): boolean {
  if (!fs.existsSync(lockPathOf(dataDir))) {
    return false;
  }
  const owner = readDataDirOwner(dataDir);
  return owner === null || owner.host !== os.hostname() || isAlive(owner.pid);
}

/**
 * Takes the directory for this process, or throws DataDirLockedError naming the owner. Never waits:
 * a CLI that finds the directory taken must go through the owner's API or stop, never write around it.
 */
export async function lockDataDir(dataDir: string, onCompromised: (error: Error) => void): Promise<DataDirLock> {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const options = { lockfilePath: lockPathOf(dir), stale: STALE_MS, update: UPDATE_MS, realpath: false, onCompromised };
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dir, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') {
      throw error;
    }
    const owner = readDataDirOwner(dir);
    if (owner === null || owner.host !== os.hostname() || isAlive(owner.pid)) {
      throw new DataDirLockedError(dir, owner);
    }
    // The owner died without releasing (kill -9, power loss): its pid is gone, take over now.
    fs.rmSync(lockPathOf(dir), { recursive: true, force: true });
    try {
      release = await lockfile.lock(dir, options);
    } catch (again) {
      throw (again as NodeJS.ErrnoException).code === 'ELOCKED' ? new DataDirLockedError(dir, readDataDirOwner(dir)) : again;
    }
  }
  const owner: DataDirOwner = {
    pid: process.pid,
    host: os.hostname(),
    command: path.basename(process.argv[1] ?? 'node'),
    since: new Date().toISOString(),
  };
  const writeOwner = (o: DataDirOwner) => fs.writeFileSync(ownerPathOf(dir), `${JSON.stringify(o, null, 2)}\n`);
  writeOwner(owner);
  let released = false;
  return {
    advertise(graphqlUrl: string) {
      writeOwner({ ...owner, graphqlUrl });
    },
    async release() {
      if (released) {
        return;
      }
      released = true;
      fs.rmSync(ownerPathOf(dir), { force: true });
      await release();
    },
  };
}
