import pino, { type Logger } from 'pino';

// Structured JSON logs on stdout. Secrets never reach a log line: the
// DATABASE_URL is logged redacted, and request headers are not logged.
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'meetup-graph' },
    redact: { paths: ['req.headers.authorization', '*.authorization', '*.password'], censor: '[redacted]' },
  });
}

export type { Logger };
