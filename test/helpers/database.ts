import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type AppDatabase, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';

// A fresh, migrated database per test file: in-memory PGlite by default, or
// a new database on the PostgreSQL server named by DATABASE_URL (dropped
// again when the file is done). Never a mock.

export interface TestDatabase extends AppDatabase {
  /** postgres:// URL of this test database in server mode; null when embedded. */
  url: string | null;
}

export const serverUrl = process.env.DATABASE_URL?.trim() || null;

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl ?? undefined });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateToLatest(database.db);
    return { ...database, url: null };
  }
  const name = `mg_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(database.db);
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
