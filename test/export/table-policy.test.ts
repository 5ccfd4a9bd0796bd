import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCatalogue } from '../../src/export/catalogue.ts';
import { TABLE_POLICY } from '../../src/export/table-policy.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { exportText } from './export-helpers.ts';

// The export is driven by the database's catalogue: every table a migration
// creates must have a policy in TABLE_POLICY (this test fails until it has),
// and an export refuses to run past a table without one.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('TABLE_POLICY', () => {
  it('has an entry for every table of the migrated schema, and none for a table that does not exist', async () => {
    const tables = (await readCatalogue(database.db)).map((table) => table.name).sort();
    const missing = tables.filter((name) => !(name in TABLE_POLICY));
    expect(missing, 'tables without an export policy: add them to src/export/table-policy.ts').toEqual([]);
    expect(Object.keys(TABLE_POLICY).sort()).toEqual(tables);
  });

  it('names only columns that exist as prose columns', async () => {
    const catalogue = await readCatalogue(database.db);
    for (const [name, policy] of Object.entries(TABLE_POLICY)) {
      const columns = catalogue.find((table) => table.name === name)?.columns.map((column) => column.name) ?? [];
      for (const column of policy.proseColumns ?? []) expect(columns, `${name}.${column}`).toContain(column);
    }
  });

  it('orders tables after the tables they reference', async () => {
    const catalogue = await readCatalogue(database.db);
    const order = catalogue.map((table) => table.name);
    for (const table of catalogue) {
      for (const referenced of table.references) {
        expect(order.indexOf(referenced), `${table.name} → ${referenced}`).toBeLessThan(order.indexOf(table.name));
      }
    }
  });

  it('refuses to export a database with a table that has no policy', async () => {
    const scratch = await createTestDatabase();
    try {
      await sql`create table curated_note (id bigint primary key, body text)`.execute(scratch.db);
      await expect(exportText(scratch.db)).rejects.toThrow(
        /no export policy for table\(s\) curated_note: add each to TABLE_POLICY/,
      );
    } finally {
      await scratch.close();
    }
  });
});
