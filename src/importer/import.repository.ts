import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/types.ts';

// The importer's SQL. Every function takes the post's transaction first.

export type Trx = Transaction<Database> | Kysely<Database>;

/**
 * An import's own time limits, apart from a request's statement_timeout: it
 * waits at most lockWaitMs for another import (then fails as busy, to be
 * retried), each of its statements may run statementMs, and the whole
 * post deadlineMs once it holds the lock (import-posts.ts).
 */
export const IMPORT_TIMEOUTS = { lockWaitMs: 3000, statementMs: 30_000, deadlineMs: 60_000 } as const;

/**
 * Serializes imports: two running at once cannot both create one natural
 * key. Waiting past IMPORT_TIMEOUTS.lockWaitMs fails with lock_not_available
 * (55P03), a retryable condition, never a statement timeout.
 */
export async function lockImports(trx: Trx): Promise<void> {
  await sql`select set_config('lock_timeout', ${String(IMPORT_TIMEOUTS.lockWaitMs)}, true),
    set_config('statement_timeout', ${String(IMPORT_TIMEOUTS.statementMs)}, true)`.execute(trx);
  await sql`select pg_advisory_xact_lock(hashtext('meetup-graph:import'))`.execute(trx);
}

/**
 * Until refreshSearchDocuments, the search documents of what the transaction
 * writes are noted, not rebuilt (migration 20261202170000): each is then
 * rebuilt once, however many statements wrote its text.
 */
export async function deferSearchDocuments(trx: Trx): Promise<void> {
  await sql`select search_defer()`.execute(trx);
}

/** Rebuilds the search documents noted since deferSearchDocuments, and stops deferring. */
export async function refreshSearchDocuments(trx: Trx): Promise<void> {
  await sql`select search_refresh_pending()`.execute(trx);
}

export async function uniqueSlug(trx: Trx, table: 'person' | 'company' | 'venue' | 'series', base: string) {
  const taken = await trx
    .selectFrom(table)
    .select('slug')
    .where((eb) => eb.or([eb('slug', '=', base), eb('slug', 'like', `${base}-%`)]))
    .execute();
  const used = new Set(taken.map((row) => row.slug));
  if (!used.has(base)) return base;
  for (let n = 2; ; n += 1) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The slugs of `table` that are one of `bases` or one of them with a -N suffix: one statement for many new names. */
export async function takenSlugs(
  trx: Trx,
  table: 'person' | 'company',
  bases: readonly string[],
): Promise<Set<string>> {
  if (bases.length === 0) return new Set();
  const rows = await trx
    .selectFrom(table)
    .select('slug')
    .where((eb) =>
      eb.or([
        eb('slug', '=', sql<string>`any(${[...bases]}::text[])`),
        eb('slug', 'like', sql<string>`any(${bases.map((base) => `${base}-%`)}::text[])`),
      ]),
    )
    .execute();
  return new Set(rows.map((row) => row.slug));
}

/** `base`, else the first `base-N` (N from 2) not in `used`, which is then counted as used. */
export function freeSlug(base: string, used: Set<string>): string {
  let slug = base;
  for (let n = 2; used.has(slug); n += 1) slug = `${base}-${n}`;
  used.add(slug);
  return slug;
}

export async function personIdByKey(trx: Trx, key: string): Promise<number | null> {
  const row = await trx
    .selectFrom('person_alias')
    .select('person_id')
    .where('normalized', '=', key)
    .orderBy('id')
    .executeTakeFirst();
  return row?.person_id ?? null;
}

export async function companyIdByKey(trx: Trx, key: string): Promise<number | null> {
  const row = await trx
    .selectFrom('company_alias')
    .select('company_id')
    .where('normalized', '=', key)
    .orderBy('id')
    .executeTakeFirst();
  return row?.company_id ?? null;
}

/** A stored spelling of a person or company: its key, the name as stored, and whose it is. */
export interface StoredSpelling {
  normalized: string;
  name: string;
  ownerId: number;
}

/** Every spelling of the people whose key is one of `keys`, oldest first (one statement for a whole post). */
export function personSpellings(trx: Trx, keys: readonly string[]): Promise<StoredSpelling[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('person_alias')
    .select(['normalized', 'name', 'person_id as ownerId'])
    .where('normalized', '=', sql<string>`any(${[...keys]}::text[])`)
    .orderBy('id')
    .execute();
}

/** Every spelling of the companies whose key is one of `keys`, oldest first, and whether each company has a website. */
export function companySpellings(
  trx: Trx,
  keys: readonly string[],
): Promise<(StoredSpelling & { hasWebsite: boolean })[]> {
  if (keys.length === 0) return Promise.resolve([]);
  return trx
    .selectFrom('company_alias as a')
    .innerJoin('company as c', 'c.id', 'a.company_id')
    .select(['a.normalized', 'a.name', 'a.company_id as ownerId', sql<boolean>`c.website is not null`.as('hasWebsite')])
    .where('a.normalized', '=', sql<string>`any(${[...keys]}::text[])`)
    .orderBy('a.id')
    .execute();
}

/** The closest existing name by trigram similarity, for "did you mean" warnings. */
export async function nearestPerson(trx: Trx, key: string): Promise<{ name: string; score: number } | null> {
  const row = await sql<{ name: string; score: number }>`
    select p.name, similarity(a.normalized, ${key}) as score
    from person_alias a join person p on p.id = a.person_id
    where a.normalized % ${key}
    order by score desc limit 1`.execute(trx);
  return row.rows[0] ?? null;
}

export async function nearestCompany(trx: Trx, key: string): Promise<{ name: string; score: number } | null> {
  const row = await sql<{ name: string; score: number }>`
    select c.name, similarity(a.normalized, ${key}) as score
    from company_alias a join company c on c.id = a.company_id
    where a.normalized % ${key}
    order by score desc limit 1`.execute(trx);
  return row.rows[0] ?? null;
}

/**
 * For each new person or company, the closest name among those that existed
 * before it (smaller ids: the graph's, and the ones created earlier in the
 * same batch), by trigram similarity: one statement for many.
 */
export async function nearestBefore(
  trx: Trx,
  kind: 'person' | 'company',
  created: readonly { id: number; key: string }[],
): Promise<Map<number, { name: string; score: number }>> {
  if (created.length === 0) return new Map();
  const ids = created.map((c) => c.id);
  const keys = created.map((c) => c.key);
  const rows =
    kind === 'person'
      ? await sql<{ id: number; name: string; score: number }>`
        select k.id, n.name, n.score from unnest(${ids}::bigint[], ${keys}::text[]) as k(id, key)
        cross join lateral (select p.name, similarity(a.normalized, k.key) as score
          from person_alias a join person p on p.id = a.person_id
          where a.normalized % k.key and a.person_id < k.id order by score desc limit 1) n`.execute(trx)
      : await sql<{ id: number; name: string; score: number }>`
        select k.id, n.name, n.score from unnest(${ids}::bigint[], ${keys}::text[]) as k(id, key)
        cross join lateral (select c.name, similarity(a.normalized, k.key) as score
          from company_alias a join company c on c.id = a.company_id
          where a.normalized % k.key and a.company_id < k.id order by score desc limit 1) n`.execute(trx);
  return new Map(rows.rows.map((row) => [row.id, { name: row.name, score: row.score }]));
}

export async function findOrCreateSeries(trx: Trx, name: string, slug: string): Promise<{ id: number; slug: string }> {
  const existing = await trx.selectFrom('series').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirst();
  if (existing) return existing;
  return trx.insertInto('series').values({ name, slug }).returning(['id', 'slug']).executeTakeFirstOrThrow();
}

export async function findOrCreateVenue(trx: Trx, name: string, slug: string): Promise<number> {
  const existing = await trx.selectFrom('venue').select('id').where('slug', '=', slug).executeTakeFirst();
  if (existing) return existing.id;
  const row = await trx.insertInto('venue').values({ name, slug }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}
