import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, type MigrationResultSet, Migrator, sql } from 'kysely';
import type { Database } from './types.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));
const MIGRATION_FILE = import.meta.url.endsWith('.ts') ? /^\d{14}_[a-z0-9_]+\.ts$/ : /^\d{14}_[a-z0-9_]+\.js$/;

// Kysely's FileMigrationProvider imports from inside node_modules, where a
// test runner's TypeScript loader does not reach; importing from here does,
// under tsx and vitest alike.
async function migrationFiles(): Promise<string[]> {
  // Sources under tsx and vitest, compiled .js files in the production build;
  // either way a migration's name is its file name without the extension.
  return (await readdir(MIGRATIONS_DIR)).filter((f) => MIGRATION_FILE.test(f)).sort();
}

const migrationName = (file: string) => file.replace(/\.[jt]s$/, '');

const provider: MigrationProvider = {
  async getMigrations() {
    const files = await migrationFiles();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[migrationName(file)] = (await import(pathToFileURL(join(MIGRATIONS_DIR, file)).href)) as Migration;
    }
    return migrations;
  },
};

export function createMigrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider });
}

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

function check(result: MigrationResultSet): string[] {
  const failed = result.results?.find((r) => r.status === 'Error');
  if (result.error || failed) {
    const reason = result.error instanceof Error ? result.error.message : String(result.error);
    throw new MigrationError(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`, {
      cause: result.error,
    });
  }
  return (result.results ?? []).map((r) => r.migrationName);
}

/**
 * True when every migration file is recorded as applied: one query, where
 * the migrator would load every migration module and take its lock (half a
 * second of a warm start on PGlite).
 */
async function upToDate(db: Kysely<Database>): Promise<boolean> {
  const names = (await migrationFiles()).map(migrationName);
  const table = await sql<{ found: boolean }>`select to_regclass('kysely_migration') is not null as found`.execute(db);
  if (!table.rows[0]?.found) return false; // a new database
  const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
  const applied = new Set(rows.map((row) => row.name));
  return applied.size === names.length && names.every((name) => applied.has(name));
}

// Instances started at once on one PostgreSQL database queue here, one
// migrating while the others wait, however long that takes (up to
// MIGRATION_LOCK_WAIT_MS): Kysely's own lock is taken under the pool's
// statement_timeout (and the client's read timeout just past it), which a
// waiting instance would run into and die. So the wait is a poll of
// pg_try_advisory_lock, each attempt a short query.
const MIGRATION_LOCK_ID = 7_311_402_118;
const MIGRATION_LOCK_WAIT_MS = 120_000;
const MIGRATION_LOCK_POLL_MS = 100;

export interface MigrateOptions {
  /** Server mode: wait for other processes migrating the same database (needs a second pooled connection). */
  exclusive?: boolean;
}

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Kysely<Database>, options: MigrateOptions = {}): Promise<string[]> {
  if (await upToDate(db)) return [];
  if (!options.exclusive) return check(await createMigrator(db).migrateToLatest());
  // A session-level lock on a connection of its own, outside any transaction
  // (idle_in_transaction_session_timeout does not apply); the migrator runs
  // on the pool's other connections meanwhile.
  return db.connection().execute(async (connection) => {
    const deadline = Date.now() + MIGRATION_LOCK_WAIT_MS;
    for (;;) {
      const { rows } = await sql<{ locked: boolean }>`
        select pg_try_advisory_lock(${sql.lit(MIGRATION_LOCK_ID)}) as locked`.execute(connection);
      if (rows[0]?.locked) break;
      if (Date.now() > deadline) {
        throw new MigrationError(
          `Another process has been migrating this database for over ${MIGRATION_LOCK_WAIT_MS / 1000} s; try again later`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, MIGRATION_LOCK_POLL_MS));
    }
    try {
      if (await upToDate(db)) return [];
      return check(await createMigrator(db).migrateToLatest());
    } finally {
      await sql`select pg_advisory_unlock(${sql.lit(MIGRATION_LOCK_ID)})`.execute(connection);
    }
  });
}

/** Reverts the latest migration; returns its name. */
export async function migrateDown(db: Kysely<Database>): Promise<string[]> {
  return check(await createMigrator(db).migrateDown());
}
