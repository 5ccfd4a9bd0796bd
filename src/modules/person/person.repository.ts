import { type AliasedRawBuilder, type Kysely, type RawBuilder, sql } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { Database } from '../../db/types.ts';

/** A person as the API serves them: the row and every other spelling seen. */
export interface PersonNode {
  id: number;
  slug: string;
  name: string;
  aliases: string[];
}

export interface PersonFilter {
  /** Only people who gave at least one talk. */
  speakersOnly?: boolean | null;
}

/** Other spellings of the person at table alias `p`, canonical name excluded. */
function aliasesOf(p: string): RawBuilder<string[]> {
  const ref = sql.ref(p);
  return sql<string[]>`coalesce((select json_agg(pa.name order by pa.id) from person_alias pa
    where pa.person_id = ${ref}.id and pa.name <> ${ref}.name), '[]'::json)`;
}

/** The person at table alias `p` as one JSON value, for 1:1 edges joined into their parent's query. */
export function personJson(p: string): RawBuilder<PersonNode> {
  const ref = sql.ref(p);
  return sql<PersonNode>`jsonb_build_object('id', ${ref}.id, 'slug', ${ref}.slug, 'name', ${ref}.name, 'aliases', ${aliasesOf(p)})`;
}

function selectPeople(db: Kysely<Database>) {
  return db.selectFrom('person').select(['person.id', 'person.slug', 'person.name', aliasesOf('person').as('aliases')]);
}

/** Select-list expressions added to a person read (what the person's page needs of them, as JSON). */
export type PersonExtras = readonly AliasedRawBuilder<unknown, string>[];

export function peopleByIds(db: Kysely<Database>, ids: readonly number[]): Promise<PersonNode[]> {
  return selectPeople(db).where('person.id', '=', anyId(ids)).execute();
}

/** The statement reading the person whose slug is `slug`, with `extras` in its select list. */
export function personBySlugQuery(db: Kysely<Database>, slug: string, extras: PersonExtras = []) {
  const query = selectPeople(db);
  return (extras.length ? query.select(extras) : query).where('person.slug', '=', slug);
}

function filtered(db: Kysely<Database>, filter: PersonFilter) {
  let query = selectPeople(db);
  if (filter.speakersOnly) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('talk_speaker').whereRef('talk_speaker.person_id', '=', 'person.id').select('talk_id')),
    );
  }
  return query;
}

export function listPeople(
  db: Kysely<Database>,
  filter: PersonFilter,
  offset: number,
  limit: number,
): Promise<PersonNode[]> {
  return filtered(db, filter).orderBy('person.name').orderBy('person.id').offset(offset).limit(limit).execute();
}

export async function countPeople(db: Kysely<Database>, filter: PersonFilter): Promise<number> {
  const row = await filtered(db, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

// Writes (the curation API). Each takes the mutation's transaction.

/** A new person with their name as their first spelling, in one statement. */
export async function insertPerson(db: Kysely<Database>, name: string, slug: string, key: string): Promise<number> {
  const row = await db
    .with('p', (qb) => qb.insertInto('person').values({ name, slug }).returning('id'))
    .insertInto('person_alias')
    .columns(['person_id', 'name', 'normalized'])
    .expression((eb) => eb.selectFrom('p').select(['p.id', eb.val(name).as('name'), eb.val(key).as('normalized')]))
    .returning('person_id')
    .executeTakeFirstOrThrow();
  return row.person_id;
}

/**
 * New people, each with their name as their first spelling, in one
 * statement; their ids by name, assigned in the order given.
 */
export async function insertPeople(
  db: Kysely<Database>,
  people: readonly { name: string; slug: string; key: string }[],
): Promise<Map<string, number>> {
  if (people.length === 0) return new Map();
  const rows = await sql<{ id: number; name: string }>`
    with k as (
      select * from unnest(${people.map((p) => p.name)}::text[], ${people.map((p) => p.slug)}::text[],
        ${people.map((p) => p.key)}::text[]) with ordinality as k(name, slug, key, ord)
    ), p as (
      insert into person (name, slug) select name, slug from k order by ord returning id, name
    )
    insert into person_alias (person_id, name, normalized)
    select p.id, p.name, k.key from p join k on k.name = p.name
    returning person_id as id, name`.execute(db);
  return new Map(rows.rows.map((row) => [row.name, row.id]));
}

export async function updatePerson(db: Kysely<Database>, id: number, patch: { name?: string; slug?: string }) {
  await db
    .updateTable('person')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Adds a spelling; false when another person already has it. */
export async function addPersonAlias(db: Kysely<Database>, id: number, name: string, key: string): Promise<boolean> {
  await db
    .insertInto('person_alias')
    .values({ person_id: id, name, normalized: key })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const owner = await db.selectFrom('person_alias').select('person_id').where('name', '=', name).executeTakeFirst();
  return owner?.person_id === id;
}

export async function personIsReferenced(db: Kysely<Database>, id: number): Promise<boolean> {
  const row = await sql<{ used: boolean }>`select
    exists (select 1 from talk_speaker where person_id = ${id}) or
    exists (select 1 from event_host where person_id = ${id}) as used`.execute(db);
  return row.rows[0]?.used ?? false;
}

export async function deletePerson(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('person').where('id', '=', id).execute();
}

/**
 * Moves everything of `sourceId` to `targetId` (talks, hosting, spellings)
 * and deletes the source. Where both appear on the same talk or evening,
 * the target's row is kept.
 */
export async function mergePeople(db: Kysely<Database>, sourceId: number, targetId: number): Promise<void> {
  await sql`delete from talk_speaker s where s.person_id = ${sourceId}
    and exists (select 1 from talk_speaker t where t.talk_id = s.talk_id and t.person_id = ${targetId})`.execute(db);
  await sql`update talk_speaker set person_id = ${targetId}, updated_at = now() where person_id = ${sourceId}`.execute(
    db,
  );
  await sql`delete from event_host s where s.person_id = ${sourceId}
    and exists (select 1 from event_host t where t.event_id = s.event_id and t.person_id = ${targetId})`.execute(db);
  await sql`update event_host set person_id = ${targetId}, updated_at = now() where person_id = ${sourceId}`.execute(
    db,
  );
  await sql`update person_alias set person_id = ${targetId}, updated_at = now() where person_id = ${sourceId}`.execute(
    db,
  );
  await db.deleteFrom('person').where('id', '=', sourceId).execute();
}
