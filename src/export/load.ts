import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/types.ts';
import { type CatalogueTable, readCatalogue } from './catalogue.ts';
import type { DocumentHeader, HeaderTable } from './format.ts';
import { DocumentError, type DocumentRow, readDocument } from './reader.ts';
import { policyOf, TABLE_POLICY } from './table-policy.ts';
import { appliedMigrations } from './writer.ts';

// Loads an export document into a database in one transaction: the rows
// keep their primary keys (so global IDs and slugs that clients hold still
// resolve), identity sequences restart past the largest id, and any problem
// (a bad line, a row the database refuses) rolls everything back.

const BATCH_ROWS = 500;

/** The target database cannot take the document (not empty, another schema). */
export class LoadRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadRefusedError';
  }
}

export interface LoadOptions {
  /** Empty the graph's tables first instead of refusing a database that has rows. */
  replace?: boolean;
}

export interface LoadSummary {
  rows: number;
  tables: Record<string, number>;
  replaced: boolean;
}

function checkSchema(header: DocumentHeader, migrations: readonly string[]): void {
  const same =
    header.migrations.length === migrations.length && header.migrations.every((name, i) => name === migrations[i]);
  if (same) return;
  const fileLatest = header.migrations.at(-1) ?? '(none)';
  const dbLatest = migrations.at(-1) ?? '(none)';
  const isPrefix = (a: readonly string[], b: readonly string[]) => a.every((name, i) => b[i] === name);
  if (header.migrations.length < migrations.length && isPrefix(header.migrations, migrations)) {
    throw new LoadRefusedError(
      `the document was exported from an older schema (its latest migration is ${fileLatest}; this database is at ${dbLatest}): ` +
        'load it with the meetup-graph version that wrote it, migrate that database, and export again',
    );
  }
  if (isPrefix(migrations, header.migrations)) {
    throw new LoadRefusedError(
      `the document was exported from a newer schema (its latest migration is ${fileLatest}; this database is at ${dbLatest}): ` +
        'load it with a meetup-graph version that has its migrations',
    );
  }
  throw new LoadRefusedError(
    `the document's schema differs from this database's (migrations ${fileLatest} and ${dbLatest} do not share a history)`,
  );
}

function checkTables(header: DocumentHeader, catalogue: readonly CatalogueTable[]): void {
  for (const table of header.tables) {
    const known = catalogue.find((entry) => entry.name === table.name);
    if (!known) throw new DocumentError(1, `unknown table "${table.name}" in the header`);
    const kind = TABLE_POLICY[table.name]?.kind;
    if (kind === 'secret' || kind === 'skip' || kind === undefined) {
      throw new DocumentError(1, `table "${table.name}" is never loaded from a document (${kind ?? 'no policy'})`);
    }
    const columns = known.columns.map((column) => column.name);
    const unknown = table.columns.find((column) => !columns.includes(column));
    if (unknown) throw new DocumentError(1, `table ${table.name} has no column "${unknown}"`);
    const missing = columns.find((column) => !table.columns.includes(column));
    if (missing) throw new DocumentError(1, `the header lists no "${missing}" column for table ${table.name}`);
  }
}

/** Tables a load writes or empties: every graph and prose table, the audit trail when the document has one, and the derived tables. */
function tablesToEmpty(header: DocumentHeader, catalogue: readonly CatalogueTable[]): string[] {
  return catalogue
    .map((table) => table.name)
    .filter((name) => {
      const kind = policyOf(name).kind;
      if (kind === 'graph' || kind === 'prose') return true;
      if (kind === 'audit') return header.tables.some((table) => table.name === name);
      return kind === 'skip' && !name.startsWith('kysely_');
    });
}

async function nonEmpty(trx: Transaction<Database>, tables: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const table of tables) {
    const { rows } = await sql<{ any: boolean }>`select exists (select 1 from ${sql.table(table)}) as any`.execute(trx);
    if (rows[0]?.any) found.push(table);
  }
  return found;
}

function insertStatement(table: HeaderTable, rows: readonly Record<string, unknown>[]) {
  const columns = sql.join(table.columns.map((column) => sql.id(column)));
  return sql`insert into ${sql.table(table.name)} (${columns}) overriding system value
    select ${columns} from json_populate_recordset(null::${sql.table(table.name)}, ${JSON.stringify(rows)}::json)`;
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Inserts a batch inside a savepoint; when the database refuses it, finds
 * the row it refuses (one at a time) so the error can name its line.
 */
async function insertBatch(trx: Transaction<Database>, batch: readonly DocumentRow[]): Promise<void> {
  const first = batch[0];
  if (!first) return;
  await sql`savepoint load_batch`.execute(trx);
  try {
    await insertStatement(
      first.table,
      batch.map((entry) => entry.row),
    ).execute(trx);
    await sql`release savepoint load_batch`.execute(trx);
    return;
  } catch (error) {
    await sql`rollback to savepoint load_batch`.execute(trx);
    if (batch.length === 1)
      throw new DocumentError(first.line, `the database refused the ${first.table.name} row: ${reasonOf(error)}`);
  }
  for (const entry of batch) {
    try {
      await insertStatement(entry.table, [entry.row]).execute(trx);
    } catch (error) {
      throw new DocumentError(entry.line, `the database refused the ${entry.table.name} row: ${reasonOf(error)}`);
    }
  }
  await sql`release savepoint load_batch`.execute(trx);
}

/** Restarts every identity sequence of the loaded tables past the largest id they hold. */
async function resetSequences(trx: Transaction<Database>, tables: readonly CatalogueTable[]): Promise<void> {
  for (const table of tables) {
    for (const column of table.columns.filter((c) => c.identity)) {
      await sql`select setval(pg_get_serial_sequence(${table.name}, ${column.name}),
        coalesce((select max(${sql.id(column.name)}) from ${sql.table(table.name)}), 0) + 1, false)`.execute(trx);
    }
  }
}

export async function loadDocument(
  db: Kysely<Database>,
  lines: AsyncIterable<string>,
  options: LoadOptions = {},
): Promise<LoadSummary> {
  return db.transaction().execute(async (trx) => {
    await sql`set local statement_timeout = 0`.execute(trx);
    await sql`set local idle_in_transaction_session_timeout = 0`.execute(trx);
    const catalogue = await readCatalogue(trx);
    const migrations = await appliedMigrations(trx);
    const summary: LoadSummary = { rows: 0, tables: {}, replaced: false };
    const onHeader = async (header: DocumentHeader) => {
      checkSchema(header, migrations);
      checkTables(header, catalogue);
      const tables = tablesToEmpty(header, catalogue);
      const filled = await nonEmpty(
        trx,
        tables.filter((name) => policyOf(name).kind !== 'skip'),
      );
      if (filled.length === 0) return;
      if (!options.replace) {
        throw new LoadRefusedError(
          `the database is not empty (rows in ${filled.join(', ')}): load into an empty database, or pass --replace to replace its graph`,
        );
      }
      await sql`truncate ${sql.join(tables.map((name) => sql.table(name)))}`.execute(trx);
      summary.replaced = true;
    };
    let batch: DocumentRow[] = [];
    for await (const entry of readDocument(lines, onHeader)) {
      if (batch.length >= BATCH_ROWS || (batch[0] && batch[0].table !== entry.table)) {
        await insertBatch(trx, batch);
        batch = [];
      }
      batch.push(entry);
      summary.rows += 1;
      summary.tables[entry.table.name] = (summary.tables[entry.table.name] ?? 0) + 1;
    }
    await insertBatch(trx, batch);
    await resetSequences(
      trx,
      catalogue.filter((table) => table.name in summary.tables),
    );
    return summary;
  });
}
