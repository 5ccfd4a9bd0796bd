import { type Kysely, sql } from 'kysely';

// Trigram similarity (fuzzy name matching) and accent folding. Both are
// trusted extensions on PostgreSQL 13+ and bundled with PGlite.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists unaccent`.execute(db);
  await sql`create index person_alias_normalized_trgm_idx on person_alias using gin (normalized gin_trgm_ops)`.execute(
    db,
  );
  await sql`create index company_alias_normalized_trgm_idx on company_alias using gin (normalized gin_trgm_ops)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists company_alias_normalized_trgm_idx`.execute(db);
  await sql`drop index if exists person_alias_normalized_trgm_idx`.execute(db);
  // The extensions stay: other objects may depend on them.
}
