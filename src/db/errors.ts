// What a database failure means for the caller. Two kinds are worth
// telling a client: the database could not do it right now, and trying
// again will likely work ('retry': unreachable, connection lost, a deadlock
// or serialization failure, no answer in time), or a statement ran past
// statement_timeout ('timeout'). Everything else is a bug or bad data.

/** SQLSTATEs and socket errors after which the same request should succeed if retried. */
const RETRYABLE_CODES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000',
  '08001',
  '08003',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

const RETRYABLE_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection .* closed|terminating connection|not queryable|Query read timeout|Client was closed/i;

/** The error a wrapped error stands for (GraphQL's originalError, an Error's cause). */
export function rootCause(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5; i += 1) {
    const next =
      (current as { originalError?: unknown } | null)?.originalError ?? (current as { cause?: unknown } | null)?.cause;
    if (!next) break;
    current = next;
  }
  return current;
}

export function classifyDatabaseError(error: unknown): 'retry' | 'timeout' | null {
  const cause = rootCause(error) as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  const message = typeof cause?.message === 'string' ? cause.message : '';
  if (code === '57014') return 'timeout';
  if (RETRYABLE_CODES.has(code) || RETRYABLE_MESSAGES.test(message)) return 'retry';
  return null;
}

/** The connection behind this error cannot be trusted with another query (lost, or still busy with one we gave up on). */
export function isBrokenConnection(error: unknown): boolean {
  const cause = rootCause(error) as { code?: unknown; message?: unknown } | undefined;
  const message = typeof cause?.message === 'string' ? cause.message : '';
  return (
    /Query read timeout|Connection terminated|not queryable|ECONNRESET|EPIPE/i.test(message) ||
    ['ECONNRESET', 'EPIPE', '57P01', '57P02'].includes(String(cause?.code ?? ''))
  );
}
