import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { classifyDatabaseError } from '../../src/db/errors.ts';
import { maskError } from '../../src/graphql/mask-error.ts';

// Which database failures a client may retry. The conditions themselves are
// produced for real in the fault and concurrency tests; here, the mapping.

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });
const wrapped = (cause: unknown) => new GraphQLError('wrapped', { originalError: cause as Error });

describe('database errors a client sees', () => {
  it.each([
    ['deadlock', pgError('40P01', 'deadlock detected')],
    ['serialization failure', pgError('40001', 'could not serialize access')],
    ['connection lost', new Error('Connection terminated unexpectedly')],
    ['a client that is not queryable', new Error('Client has encountered a connection error and is not queryable')],
    ['no answer within the client timeout', new Error('Query read timeout')],
    ['pool exhausted', new Error('timeout exceeded when trying to connect')],
    ['refused', pgError('ECONNREFUSED')],
  ])('%s is SERVICE_UNAVAILABLE (retry)', (_name, error) => {
    expect(classifyDatabaseError(error)).toBe('retry');
    const masked = maskError(wrapped(error), 'Unexpected error.') as GraphQLError;
    expect(masked.extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(masked.message).not.toMatch(/deadlock|serialize|Connection|queryable|timeout/i);
  });

  it('statement_timeout is TIMEOUT; anything else stays INTERNAL_SERVER_ERROR, masked', () => {
    expect((maskError(wrapped(pgError('57014')), 'Unexpected error.') as GraphQLError).extensions.code).toBe('TIMEOUT');
    const other = maskError(wrapped(pgError('23505', 'duplicate key')), 'Unexpected error.') as GraphQLError;
    expect([other.message, other.extensions.code]).toEqual(['Unexpected error.', 'INTERNAL_SERVER_ERROR']);
  });
});
