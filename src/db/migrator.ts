import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Kysely, type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';
import type { Database } from './types.ts';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));
const MIGRATION_FILE = import.meta.url.endsWith('.ts') ? /^\d{14}_[a-z0-9_]+\.ts$/ : /^\d{14}_[a-z0-9_]+\.js$/;

// Kysely's FileMigrationProvider imports from inside node_modules, where a
// test runner's TypeScript loader does not reach; importing from here does,
// under tsx and vitest alike.
const provider: MigrationProvider = {
  async getMigrations() {
    // Sources under tsx and vitest, compiled .js files in the production build;
    // either way a migration's name is its file name without the extension.
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => MIGRATION_FILE.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.[jt]s$/, '')] = (await import(
        pathToFileURL(join(MIGRATIONS_DIR, file)).href
      )) as Migration;
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

/** Applies every pending migration; returns the names applied. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  return check(await createMigrator(db).migrateToLatest());
}

/** Reverts the latest migration; returns its name. */
export async function migrateDown(db: Kysely<Database>): Promise<string[]> {
  return check(await createMigrator(db).migrateDown());
}
