import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The project's own client operations (operations/*.graphql), read as they
// are: the tests send exactly what the README tells clients to send.
export const OPERATIONS_DIR = fileURLToPath(new URL('../../operations/', import.meta.url));

export function clientOperation(file: string): string {
  return readFileSync(`${OPERATIONS_DIR}${file}`, 'utf8');
}
