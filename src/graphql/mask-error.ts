import { GraphQLError } from 'graphql';
import { classifyDatabaseError } from '../db/errors.ts';

// What a client sees of an unexpected error. Everything is masked (no SQL,
// no stack, no connection string), but two database conditions get their
// own stable code so clients know what to do: SERVICE_UNAVAILABLE (retry:
// the database is unreachable, a connection was lost, a deadlock or
// serialization failure, no answer in time) and TIMEOUT (a statement
// cancelled by statement_timeout: ask for less).

export function maskError(error: unknown, message: string): Error {
  if (error instanceof GraphQLError && !error.originalError) return error;
  if (error instanceof GraphQLError && error.originalError instanceof GraphQLError) return error;
  const path = error instanceof GraphQLError ? error.path : undefined;
  switch (classifyDatabaseError(error)) {
    case 'retry':
      return new GraphQLError('The database could not answer right now; try again shortly', {
        path,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    case 'timeout':
      return new GraphQLError('The query took too long and was cancelled', { path, extensions: { code: 'TIMEOUT' } });
    default:
      return new GraphQLError(message, { path, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  }
}
