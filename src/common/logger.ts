import pino from 'pino';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const requested = process.env.LOG_LEVEL;
/**
 * The logger exists before the configuration is validated (modules log at import): an unknown
 * LOG_LEVEL must not crash pino here, so it falls back to the default and `loadConfig` refuses
 * it together with every other bad value.
 */
const level = requested !== undefined && LEVELS.has(requested) ? requested : process.env.NODE_ENV === 'test' ? 'warn' : 'info';

/**
 * Where log lines go: stdout for the server (a log collector reads it), stderr for CLIs whose
 * stdout is their output (`npm run generate` writes NDJSON there). Switched by `logToStderr()`.
 */
let target: NodeJS.WritableStream | undefined;

/** Sends every later log line to stderr (CLIs whose stdout is data). */
export function logToStderr(): void {
  target = process.stderr;
}

/** Structured JSON lines; every request logs through a child carrying its requestId. */
export const logger = pino(
  {
    level,
    base: { service: 'inburgering-funding-engine' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', '*.token', '*.password'], censor: '[redacted]' },
  },
  { write: (line: string) => (target ?? process.stdout).write(line) },
);

export type Logger = pino.Logger;
