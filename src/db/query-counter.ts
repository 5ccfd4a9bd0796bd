import { AsyncLocalStorage } from 'node:async_hooks';

// Counts the SQL statements run on behalf of one unit of work (an HTTP
// request, a test's fetch). Kysely's log hook calls recordQuery for every
// statement; the store follows the async context, so DataLoader batches
// scheduled by a request are counted for that request.

export interface QueryStats {
  statements: number;
  durationMs: number;
  sql: string[];
}

const storage = new AsyncLocalStorage<QueryStats>();

export function newQueryStats(): QueryStats {
  return { statements: 0, durationMs: 0, sql: [] };
}

export function withQueryStats<T>(stats: QueryStats, fn: () => T): T {
  return storage.run(stats, fn);
}

/** The stats of the unit of work in progress, if any. */
export function currentQueryStats(): QueryStats | undefined {
  return storage.getStore();
}

export function recordQuery(sql: string, durationMs: number): void {
  const stats = storage.getStore();
  if (!stats) return;
  stats.statements += 1;
  stats.durationMs += durationMs;
  if (stats.sql.length < 200) stats.sql.push(sql);
}
