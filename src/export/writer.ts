import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.ts';
import { type CatalogueTable, readCatalogue } from './catalogue.ts';
import { type DocumentHeader, FORMAT_NAME, FORMAT_VERSION, footerLine, headerLine, rowLine } from './format.ts';
import { blankedColumns, type ExportSelection, isExported, MissingPolicyError, TABLE_POLICY } from './table-policy.ts';

// Writes the graph as one export document. One repeatable-read transaction,
// so the document is one consistent moment of the database; each table is
// read through a cursor a batch at a time and each batch written with
// backpressure, so memory stays flat whatever the size of the graph.
// PostgreSQL renders every row's JSON itself (row_to_json, UTC time stamps),
// so the same rows give the same bytes on PGlite and on a server.

const BATCH_ROWS = 1000;

export interface ExportSummary {
  rows: number;
  tables: Record<string, number>;
}

/** Writes `text`, waiting for the stream to drain when its buffer is full. */
async function write(out: Writable, text: string): Promise<void> {
  if (!out.write(text)) await once(out, 'drain');
}

/** Tables of the catalogue the selection exports; throws when one has no policy. */
export function exportedTables(catalogue: readonly CatalogueTable[], selection: ExportSelection): CatalogueTable[] {
  const missing = catalogue.map((table) => table.name).filter((name) => !(name in TABLE_POLICY));
  if (missing.length > 0) throw new MissingPolicyError(missing);
  return catalogue.filter((table) => isExported(table.name, selection));
}

export async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
  return rows.map((row) => row.name);
}

function rowsQuery(table: CatalogueTable, blanked: readonly string[]) {
  const columns = table.columns.map((column) =>
    blanked.includes(column.name) ? sql`null::${sql.raw(column.type)} as ${sql.id(column.name)}` : sql.id(column.name),
  );
  const order = (table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((c) => c.name)).map((name) =>
    sql.id(name),
  );
  return sql`select row_to_json(t)::text as line
    from (select ${sql.join(columns)} from ${sql.table(table.name)} order by ${sql.join(order)}) t`;
}

export async function exportGraph(
  db: Kysely<Database>,
  out: Writable,
  selection: ExportSelection,
): Promise<ExportSummary> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      // Time stamps in UTC whatever the server's zone; no timeout cuts a long export.
      await sql`set local time zone 'UTC'`.execute(trx);
      await sql`set local statement_timeout = 0`.execute(trx);
      await sql`set local idle_in_transaction_session_timeout = 0`.execute(trx);
      const tables = exportedTables(await readCatalogue(trx), selection);
      const header: DocumentHeader = {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        content: selection.factsOnly ? 'facts-only' : 'full',
        audit: selection.withAudit,
        migrations: await appliedMigrations(trx),
        tables: tables.map((table) => ({
          name: table.name,
          columns: table.columns.map((column) => column.name),
          primaryKey: table.primaryKey,
          blanked: [...blankedColumns(table.name, selection)],
        })),
      };
      await write(out, headerLine(header));
      const summary: ExportSummary = { rows: 0, tables: {} };
      for (const table of tables) {
        let count = 0;
        await sql`declare export_rows no scroll cursor for ${rowsQuery(table, blankedColumns(table.name, selection))}`.execute(
          trx,
        );
        for (;;) {
          const { rows } = await sql<{
            line: string;
          }>`fetch forward ${sql.raw(String(BATCH_ROWS))} from export_rows`.execute(trx);
          if (rows.length === 0) break;
          await write(out, rows.map((row) => rowLine(table.name, row.line)).join(''));
          count += rows.length;
        }
        await sql`close export_rows`.execute(trx);
        summary.tables[table.name] = count;
        summary.rows += count;
      }
      await write(out, footerLine({ end: summary }));
      return summary;
    });
}
