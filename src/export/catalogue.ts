import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.ts';

// The database's own description of its tables: what an export writes and a
// load checks comes from here, not from a list kept by hand, so a table or
// column added by a migration is seen at once (and must be given a policy,
// see table-policy.ts).

export interface CatalogueColumn {
  name: string;
  /** The column's type as PostgreSQL names it (`bigint`, `timestamp with time zone`, …). */
  type: string;
  /** `generated always as identity`: a load inserts it with `overriding system value` and resets its sequence. */
  identity: boolean;
}

export interface CatalogueTable {
  name: string;
  /** Columns in their catalogue order (attnum), without generated (computed) columns. */
  columns: CatalogueColumn[];
  primaryKey: string[];
  /** Tables this one references by foreign key (itself excluded). */
  references: string[];
}

interface ColumnRow {
  table_name: string;
  column_name: string;
  data_type: string;
  is_identity: boolean;
  position: number;
}

/** Every ordinary table of the current schema, in dependency order (a table after those it references). */
export async function readCatalogue(db: Kysely<Database>): Promise<CatalogueTable[]> {
  const columns = await sql<ColumnRow>`
    select c.relname as table_name, a.attname as column_name,
      format_type(a.atttypid, a.atttypmod) as data_type,
      a.attidentity <> '' as is_identity, a.attnum as position
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid
    where n.nspname = current_schema() and c.relkind in ('r', 'p')
      and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
    order by c.relname, a.attnum`.execute(db);
  const keys = await sql<{ table_name: string; column_name: string }>`
    select c.relname as table_name, a.attname as column_name
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join lateral unnest(k.conkey) with ordinality as u(attnum, ord)
    join pg_attribute a on a.attrelid = c.oid and a.attnum = u.attnum
    where n.nspname = current_schema() and k.contype = 'p'
    order by c.relname, u.ord`.execute(db);
  const references = await sql<{ table_name: string; referenced: string }>`
    select distinct c.relname as table_name, r.relname as referenced
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_class r on r.oid = k.confrelid
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = current_schema() and k.contype = 'f' and c.oid <> r.oid
    order by 1, 2`.execute(db);

  const tables = new Map<string, CatalogueTable>();
  for (const row of columns.rows) {
    let table = tables.get(row.table_name);
    if (!table) {
      table = { name: row.table_name, columns: [], primaryKey: [], references: [] };
      tables.set(row.table_name, table);
    }
    table.columns.push({ name: row.column_name, type: row.data_type, identity: row.is_identity });
  }
  for (const row of keys.rows) tables.get(row.table_name)?.primaryKey.push(row.column_name);
  for (const row of references.rows) tables.get(row.table_name)?.references.push(row.referenced);
  return dependencyOrder([...tables.values()]);
}

/**
 * Orders tables so that each comes after every table it references; among
 * tables free to go, by name, so the order is the same on every database.
 */
export function dependencyOrder(tables: readonly CatalogueTable[]): CatalogueTable[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const placed = new Set<string>();
  const ordered: CatalogueTable[] = [];
  const pending = [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  while (pending.length > 0) {
    const index = pending.findIndex((table) => table.references.every((name) => placed.has(name) || !byName.has(name)));
    if (index < 0) throw new Error(`tables reference each other in a cycle: ${pending.map((t) => t.name).join(', ')}`);
    const [next] = pending.splice(index, 1);
    if (!next) break;
    placed.add(next.name);
    ordered.push(next);
  }
  return ordered;
}
