import { GraphQLError } from 'graphql';

// Three kinds of error. Bad arguments to queries are GraphQL errors with
// code BAD_USER_INPUT (badUserInput). Expected failures of a mutation are
// typed results (the classes below, registered in error-types.ts). Anything
// else is thrown and masked by Yoga: no SQL or stack reaches a response.

/** Client input quoted in a message: at most this many characters of it. */
export const MAX_ECHO = 200;

/** A client's value as a message may quote it: JSON, cut to MAX_ECHO characters. */
export function clip(value: unknown): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length <= MAX_ECHO ? text : `${text.slice(0, MAX_ECHO)}… (${text.length} characters)`;
}

export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argument } : {}) },
  });
}

export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    message: string,
    /** The input field that named the missing thing. */
    readonly path: string[] = [],
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

export interface FieldIssue {
  /** Path of the offending input field, e.g. ["input", "speakers", "1", "person"]. */
  path: string[];
  message: string;
}

export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
  constructor(readonly issues: FieldIssue[]) {
    super(`Invalid input: ${issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
    this.name = 'ValidationError';
  }
}

export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(
    message: string,
    readonly path: string[] = [],
  ) {
    super(message);
    this.name = 'ConflictError';
  }
}
