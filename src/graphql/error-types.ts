import { builder } from './builder.ts';
import { ConflictError, type DomainError, type FieldIssue, NotFoundError, ValidationError } from './errors.ts';
import { maxItems } from './list-bounds.ts';

// The typed errors a mutation can return, behind one Error interface with a
// stable code.

export const ErrorInterface = builder.interfaceRef<DomainError>('Error').implement({
  description: 'An expected failure of a mutation. `code` is stable; `message` is for people.',
  fields: (t) => ({
    message: t.exposeString('message'),
    code: t.exposeString('code', { description: 'NOT_FOUND, VALIDATION_FAILED or CONFLICT.' }),
  }),
});

/** Invalid fields listed per error. */
const MAX_ISSUES = 100;

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  description: 'One invalid input field.',
  fields: (t) => ({
    path: t.exposeStringList('path', { description: 'Path of the field, e.g. ["input", "speakers", "0", "person"].' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  description: 'Something the input names does not exist.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof NotFoundError,
  fields: (t) => ({ path: t.exposeStringList('path', { description: 'The input field that named it.' }) }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  description: 'The input is invalid; every problem is listed with its field path.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ValidationError,
  fields: (t) => ({
    issues: t.field({
      type: [FieldIssueRef],
      description: `The first ${MAX_ISSUES}.`,
      extensions: maxItems(MAX_ISSUES),
      resolve: (error) => error.issues.slice(0, MAX_ISSUES),
    }),
  }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  description: 'A slug or natural key is taken, or the change would break what depends on the entity.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ConflictError,
  fields: (t) => ({ path: t.exposeStringList('path', { description: 'The input field in conflict, if one.' }) }),
});

/** The typed errors every mutation may return. */
export const MUTATION_ERRORS = [NotFoundError, ValidationError, ConflictError];
