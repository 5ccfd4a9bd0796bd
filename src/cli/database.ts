import type { Config } from '../config.ts';
import { type AppDatabase, openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrator.ts';
import { findSnapshot } from '../db/snapshot.ts';

// How a command-line tool opens the configured database: PostgreSQL when
// DATABASE_URL is set, else the embedded one under DATA_DIR, migrated. A new
// embedded directory starts from the build's empty snapshot (the migrated
// schema) instead of running initdb, which takes PGlite several seconds.

export interface CliDatabaseOptions {
  /**
   * For work whose transaction lifts the statement timeouts (an export, a
   * load): the client's own limit per statement (statement timeout + 1 s) is
   * raised to this.
   */
  longStatementMs?: number;
}

export async function openCliDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: CliDatabaseOptions = {},
): Promise<AppDatabase> {
  const long = options.longStatementMs;
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    initialSnapshot: config.databaseUrl ? null : findSnapshot('empty'),
    ...(long ? { statementTimeoutMs: long, idleInTransactionTimeoutMs: long } : {}),
  });
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
