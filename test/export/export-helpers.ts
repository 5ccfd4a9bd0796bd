import { Writable } from 'node:stream';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/types.ts';
import { loadDocument } from '../../src/export/load.ts';
import type { ExportSelection } from '../../src/export/table-policy.ts';
import { exportGraph } from '../../src/export/writer.ts';

// Export documents as strings, and loads from strings, for the tests.

export const FULL: ExportSelection = { factsOnly: false, withAudit: false };

export async function exportText(db: Kysely<Database>, selection: ExportSelection = FULL): Promise<string> {
  const chunks: string[] = [];
  const out = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  await exportGraph(db, out, selection);
  return chunks.join('');
}

export async function* linesOf(text: string): AsyncGenerator<string> {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  yield* lines;
}

export function loadText(db: Kysely<Database>, text: string, replace = false) {
  return loadDocument(db, linesOf(text), { replace });
}

/** Row counts of every table, to show that a refused load wrote nothing. */
export async function rowCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and c.relkind = 'r' order by 1`.execute(db);
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    const result = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(name)}`.execute(db);
    counts[name] = result.rows[0]?.count ?? 0;
  }
  return counts;
}
