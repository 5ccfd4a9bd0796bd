import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The operations real clients send (../shared/contract), read as they are.
export const CONTRACT_DIR = fileURLToPath(new URL('../../../shared/contract/', import.meta.url));

export function contractOperation(file: string): string {
  return readFileSync(`${CONTRACT_DIR}${file}`, 'utf8');
}
