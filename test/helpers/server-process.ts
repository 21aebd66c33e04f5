import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  tokens: Record<string, string>;
  output: () => string;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts the compiled server (`npm start` minus the build) and waits for its banner. */
export async function startServerProcess(env: Record<string, string>, args: string[] = []): Promise<ServerProcess> {
  const main = path.resolve(__dirname, '../../dist/src/main.js');
  const child = spawn(process.execPath, [main, ...args], {
    env: { ...process.env, DATABASE_URL: '', PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + 90_000;
  while (!/Development tokens[^\n]*\n(\s+\S+\s+\S+\n){4}/.test(out)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`server did not start:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const url = /GraphQL: (\S+)/.exec(out)?.[1] ?? '';
  const tokens = Object.fromEntries([...out.matchAll(/^\s{2}([A-Z_0-9]+)\s+(\S+)$/gm)].map((m) => [m[1], m[2]]));
  return { child, url, tokens, output: () => out, exited };
}
