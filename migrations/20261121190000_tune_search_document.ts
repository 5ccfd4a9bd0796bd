import { type Kysely, sql } from 'kysely';

// Cheaper search reads, same results.
//
// Two stored generated columns on search_document, for the rank terms the
// search computes for every full-text hit:
//   - title_vector: the title's own vector, weight A. The same lexemes,
//     positions and weights as ts_filter(vector, '{a}') (the title comes
//     first in `vector`, so its positions are not shifted), without building
//     it per hit at query time.
//   - title_folded: the title with accents and case folded, the way a search
//     text is folded, without calling immutable_unaccent per hit.
// Generated from `title`, they follow every write of it (the refresh
// functions in 20261121170000 write only title, secondary and detail), and
// adding them fills the rows already there.
//
// The GIN indexes search reads, without a pending list (fastupdate off).
// With fastupdate on, new entries wait in an unsorted list that every index
// scan reads in full until a VACUUM (or a 4 MB list) merges them: on a
// server without autovacuum, or embedded PGlite (one process, no
// autovacuum), that can be every row written, and each name-likeness scan
// read the whole list (11 ms for `person_alias` at 10,000 meetups, where a
// merged index answers in 0.1 ms). Off, each write merges its own entries:
// slower bulk writes (a scale-10 benchmark seed took 3.1-3.6 s instead of
// 2.2-2.4 s), steady reads. The pending entries already there are merged
// now.
//
// Frozen in time: no app imports.

const GIN_INDEXES = [
  'search_document_vector_idx',
  'person_name_trgm_idx',
  'person_alias_name_trgm_idx',
  'company_name_trgm_idx',
  'company_alias_name_trgm_idx',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table search_document
    add column title_vector tsvector not null
      generated always as (setweight(to_tsvector('search_english', title), 'A')) stored,
    add column title_folded text not null
      generated always as (lower(immutable_unaccent(title))) stored`.execute(db);

  for (const index of GIN_INDEXES) {
    await sql`alter index ${sql.id(index)} set (fastupdate = off)`.execute(db);
    await sql`select gin_clean_pending_list(${index}::regclass)`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const index of GIN_INDEXES) {
    await sql`alter index if exists ${sql.id(index)} reset (fastupdate)`.execute(db);
  }
  await sql`alter table search_document drop column if exists title_folded, drop column if exists title_vector`.execute(
    db,
  );
}
