import { GraphQLError } from 'graphql';

// What a client sees of an unexpected error. Everything is masked (no SQL,
// no stack, no connection string), but two database conditions get their
// own stable code so clients know to retry: the database unreachable or
// busy, and a statement cancelled by statement_timeout.

const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
]);

function rootCause(error: unknown): unknown {
  let current = error;
  for (let i = 0; i < 5; i += 1) {
    const next = (current as { originalError?: unknown; cause?: unknown })?.originalError;
    if (!next) break;
    current = next;
  }
  return current;
}

export function classifyDatabaseError(error: unknown): 'unavailable' | 'timeout' | null {
  const cause = rootCause(error) as { code?: string; message?: string } | undefined;
  const code = cause?.code ?? '';
  const message = cause?.message ?? '';
  if (code === '57014') return 'timeout';
  if (
    UNAVAILABLE_CODES.has(code) ||
    /timeout exceeded when trying to connect|Connection terminated|connection .* closed|terminating connection/i.test(
      message,
    )
  ) {
    return 'unavailable';
  }
  return null;
}

export function maskError(error: unknown, message: string): Error {
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (error instanceof GraphQLError && error.originalError instanceof GraphQLError) return error;
  const path = error instanceof GraphQLError ? error.path : undefined;
  switch (classifyDatabaseError(error)) {
    case 'unavailable':
      return new GraphQLError('The database is unavailable right now; try again shortly', {
        path,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    case 'timeout':
      return new GraphQLError('The query took too long and was cancelled', { path, extensions: { code: 'TIMEOUT' } });
    default:
      return new GraphQLError(message, { path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
}
