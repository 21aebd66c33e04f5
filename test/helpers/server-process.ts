import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  tokens: Record<string, string>;
  output: () => string;
  /** Resolves with the exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /**
   * SIGTERM to the server's process group, then SIGKILL if it has not exited after `graceMs`.
   * Resolves with the exit code: 0 for a clean shutdown, null when it had to be killed.
   */
  stop(graceMs?: number): Promise<number | null>;
}

/** Every server this test process started and that has not exited yet. */
const running = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    // Negative pid: the whole process group the server leads (detached), whatever it started.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Stops every server still running: SIGTERM, then SIGKILL after the grace period. */
export async function stopAllServerProcesses(graceMs = 30_000): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child, graceMs)));
}

function stopChild(child: ChildProcess, graceMs: number): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve(child.exitCode);
    } else {
      child.once('exit', (code) => resolve(code));
    }
  });
  signalGroup(child, 'SIGTERM');
  const kill = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
  return exited.finally(() => clearTimeout(kill));
}

function killAll(): void {
  for (const child of running) {
    signalGroup(child, 'SIGKILL');
  }
}
function killAllAndRaise(signal: NodeJS.Signals): void {
  killAll();
  releaseProcessHooks();
  process.kill(process.pid, signal);
}
const onSignal = {
  SIGINT: () => killAllAndRaise('SIGINT'),
  SIGTERM: () => killAllAndRaise('SIGTERM'),
  SIGHUP: () => killAllAndRaise('SIGHUP'),
};
function releaseProcessHooks(): void {
  process.off('exit', killAll);
  for (const [signal, handler] of Object.entries(onSignal)) {
    process.off(signal, handler);
  }
}

// Whatever a test file left running is stopped after its own afterAll hooks (a failed beforeAll
// never hands its server to them), and killed outright when this process ends or is interrupted.
process.on('exit', killAll);
for (const [signal, handler] of Object.entries(onSignal)) {
  process.on(signal, handler);
}
if (typeof afterAll === 'function') {
  afterAll(async () => {
    await stopAllServerProcesses();
    releaseProcessHooks();
  });
}

const BANNER = /Development tokens[^\n]*\n(\s+\S+\s+\S+\n){4}/;

/**
 * Starts the compiled server (`npm start` minus the build) and waits for its banner, which it prints
 * once it listens with the database migrated and the fixtures in place, then for /readyz to answer
 * 200 (the start-up passes ran). There is no clock: it waits
 * as long as the server is starting (the test's own timeout bounds it), and fails as soon as the
 * server exits. The server leads its own process group, and is stopped by `stop()`, by
 * `stopAllServerProcesses()` after the test file, or killed when the test process ends.
 */
export async function startServerProcess(
  env: Record<string, string>,
  args: string[] = [],
  options: {
    /** Wait after the banner until /readyz answers 200 (the start-up passes ran); default true. */
    waitForReady?: boolean;
  } = {},
): Promise<ServerProcess> {
  const main = path.resolve(__dirname, '../../dist/src/main.js');
  const child = spawn(process.execPath, [main, ...args], {
    // No background compile of the chain's request validator (0.6 s of CPU per start, some fifty
    // starts a run): a server here that is sent a notification compiles it then, as
    // CHAIN_INBOUND_WARM_UP=false does; a test of the warm-up itself sets it to true.
    env: {
      ...process.env,
      DATABASE_URL: '',
      PORT: '0',
      LOG_LEVEL: 'info',
      NODE_ENV: 'development',
      CHAIN_INBOUND_WARM_UP: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  let out = '';
  let notify: () => void = () => undefined;
  const onData = (d: Buffer): void => {
    out += d.toString();
    notify();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      notify();
      resolve(code);
    }),
  );
  while (!BANNER.test(out)) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${out}`);
    }
    await new Promise<void>((resolve) => {
      notify = resolve;
    });
  }
  notify = () => undefined;
  const url = /GraphQL: (\S+)/.exec(out)?.[1] ?? '';
  // The start-up passes (job workers, due merger transfers, recovery) run right after the banner
  // (decision 1840): a test sees the server as its callers do once /readyz says so.
  if (options.waitForReady ?? true) {
    const readyz = url.replace(/\/graphql$/, '/readyz');
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`server exited (${child.exitCode ?? child.signalCode}) before /readyz answered 200:\n${out}`);
      }
      const res = await fetch(readyz);
      const body = (await res.json()) as { status?: string };
      if (res.status === 200) {
        break;
      }
      if (body.status !== 'starting') {
        throw new Error(`/readyz answered ${res.status} ${JSON.stringify(body)} after the banner:\n${out}`);
      }
      // Polled, not slept on: the passes take a fraction of a second.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const tokens = Object.fromEntries([...out.matchAll(/^\s{2}([A-Z_0-9]+)\s+(\S+)$/gm)].map((m) => [m[1], m[2]]));
  return { child, url, tokens, output: () => out, exited, stop: (graceMs = 30_000) => stopChild(child, graceMs) };
}
