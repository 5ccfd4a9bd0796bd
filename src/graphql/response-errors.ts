import type { Plugin } from 'graphql-yoga';
import { clip } from './errors.ts';

// The last word on every error a client sees, whichever layer raised it
// (Yoga's request parsing, validation, execution): it carries an
// extensions.code, and its message quotes at most a little of the client's
// input (a malformed 10 MB body is not echoed back).

/** Our own messages stay whole; a longer one quotes client input and is cut. */
const MAX_MESSAGE = 400;

interface MutableError {
  message: string;
  extensions?: Record<string, unknown>;
}

function shapeError(error: MutableError): void {
  if (typeof error.message === 'string' && error.message.length > MAX_MESSAGE) error.message = clip(error.message);
  const extensions = error.extensions ?? {};
  if (typeof extensions.code !== 'string') extensions.code = 'BAD_REQUEST';
  const original = extensions.originalError as MutableError | undefined;
  if (original && typeof original.message === 'string') original.message = clip(original.message);
  if (!error.extensions) Object.defineProperty(error, 'extensions', { value: extensions, enumerable: true });
}

function shapeResult(result: unknown): void {
  if (Array.isArray(result)) {
    for (const item of result) shapeResult(item);
    return;
  }
  const errors = (result as { errors?: MutableError[] } | null)?.errors;
  if (Array.isArray(errors)) for (const error of errors) shapeError(error);
}

export function responseErrorsPlugin(): Plugin {
  return {
    onResultProcess({ result }) {
      shapeResult(result);
    },
  };
}
