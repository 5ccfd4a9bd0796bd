import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/types.ts';

// Row counts and latest updated_at of every table: two equal snapshots mean
// nothing was written in between.

export const GRAPH_TABLES = [
  'series',
  'venue',
  'event',
  'talk',
  'talk_speaker',
  'takeaway',
  'person',
  'person_alias',
  'company',
  'company_alias',
  'sponsorship',
  'event_host',
  'announcement',
  'source_document',
  'audit_entry',
  'entity_redirect',
  'company_succession',
  'curated_fact',
  'fact_source',
  'import_note',
] as const;

export async function tableSnapshot(db: Kysely<Database>) {
  const rows: Record<string, { count: number; updated: string | null }> = {};
  for (const table of GRAPH_TABLES) {
    const stamp = table === 'audit_entry' ? sql`max(created_at)::text` : sql`max(updated_at)::text`;
    const row = await sql<{ count: number; updated: string | null }>`
      select count(*)::int as count, ${stamp} as updated from ${sql.table(table)}`.execute(db);
    rows[table] = row.rows[0] ?? { count: 0, updated: null };
  }
  return rows;
}
