import pino from 'pino';

/** Structured JSON lines on stdout; every request logs through a child carrying its requestId. */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  base: { service: 'inburgering-funding-engine' },
  timestamp: pino.stdTimeFunctions.isoTime,
  redact: { paths: ['req.headers.authorization', '*.token', '*.password'], censor: '[redacted]' },
});

export type Logger = pino.Logger;
