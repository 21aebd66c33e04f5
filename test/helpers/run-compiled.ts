import path from 'node:path';
import { spawn } from 'node:child_process';

export interface CompiledRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a compiled entry point under dist/src (after `npm run build`) with the test's environment
 * plus `env`, no DATABASE_URL unless given, and resolves with its exit code and output.
 */
export function runCompiled(script: string, args: string[], env: Record<string, string> = {}): Promise<CompiledRun> {
  return new Promise<CompiledRun>((resolve) => {
    const child = spawn(process.execPath, [path.resolve(__dirname, '../../dist/src', script), ...args], {
      env: { ...process.env, DATABASE_URL: '', NODE_ENV: 'development', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // 'close', not 'exit': at 'exit' the child's stdout and stderr may still hold its last lines.
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
