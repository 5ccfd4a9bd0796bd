import pino, { type Logger } from 'pino';

// Structured JSON logs on stdout. Secrets never reach a log line: the
// DATABASE_URL is logged redacted, and request headers are not logged.
// `pretty` (npm run dev) renders them for a person through pino-pretty, a
// development dependency that production never loads.
export function createLogger(level: string, options: { pretty?: boolean } = {}): Logger {
  return pino({
    level,
    base: { service: 'meetup-graph' },
    redact: { paths: ['req.headers.authorization', '*.authorization', '*.password'], censor: '[redacted]' },
    ...(options.pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, sync: true } } } : {}),
  });
}

export type { Logger };
