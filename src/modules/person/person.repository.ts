import { type Kysely, type RawBuilder, sql } from 'kysely';
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
  return sql<string[]>`coalesce((select array_agg(pa.name order by pa.id) from person_alias pa
    where pa.person_id = ${ref}.id and pa.name <> ${ref}.name), '{}')`;
}

/** The person at table alias `p` as one JSON value, for 1:1 edges joined into their parent's query. */
export function personJson(p: string): RawBuilder<PersonNode> {
  const ref = sql.ref(p);
  return sql<PersonNode>`jsonb_build_object('id', ${ref}.id, 'slug', ${ref}.slug, 'name', ${ref}.name, 'aliases', ${aliasesOf(p)})`;
}

function selectPeople(db: Kysely<Database>) {
  return db.selectFrom('person').select(['person.id', 'person.slug', 'person.name', aliasesOf('person').as('aliases')]);
}

export function peopleByIds(db: Kysely<Database>, ids: readonly number[]): Promise<PersonNode[]> {
  return selectPeople(db).where('person.id', '=', anyId(ids)).execute();
}

export function personBySlug(db: Kysely<Database>, slug: string): Promise<PersonNode | undefined> {
  return selectPeople(db).where('person.slug', '=', slug).executeTakeFirst();
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
