import { type AppDatabase, openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrator.ts';

// Where a benchmark's data lives: a PostgreSQL database (DATABASE_URL) or an
// embedded PGlite directory. Opened through the project's own code, so the
// seeded database is exactly what the service will open.

export type Target = { kind: 'server'; url: string } | { kind: 'embedded'; dir: string };

export function describeTarget(target: Target): string {
  if (target.kind === 'embedded') return `embedded PGlite in ${target.dir}`;
  try {
    const url = new URL(target.url);
    if (url.password) url.password = '***';
    return `PostgreSQL ${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL (unparseable URL)';
  }
}

/** Opens and migrates; bulk statements may run long, so no statement timeout. */
export async function openTarget(target: Target): Promise<AppDatabase> {
  const database =
    target.kind === 'server'
      ? await openDatabase({ databaseUrl: target.url, statementTimeoutMs: 0, idleInTransactionTimeoutMs: 0 })
      : await openDatabase({ dataDir: target.dir });
  await migrateToLatest(database.db);
  return database;
}
