import { initContextCache } from '@pothos/core';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';

// What every resolver receives. A new context per request: the Pothos
// DataLoaders live in its cache, so nothing is shared between requests.
export interface Context {
  db: Kysely<Database>;
}

export function createContext(db: Kysely<Database>): Context {
  return { ...initContextCache(), db };
}
