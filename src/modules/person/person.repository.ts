import type { Kysely } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { Database, EventHostRow, PersonRow } from '../../db/types.ts';

export interface PersonFilter {
  /** Only people who gave at least one talk. */
  speakersOnly?: boolean | null;
}

export function peopleByIds(db: Kysely<Database>, ids: readonly number[]): Promise<PersonRow[]> {
  return db.selectFrom('person').selectAll().where('id', '=', anyId(ids)).execute();
}

export function personBySlug(db: Kysely<Database>, slug: string): Promise<PersonRow | undefined> {
  return db.selectFrom('person').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function personAliasesByPersonIds(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<{ person_id: number; name: string }[]> {
  // Every spelling seen except the canonical name itself.
  return db
    .selectFrom('person_alias')
    .innerJoin('person', 'person.id', 'person_alias.person_id')
    .select(['person_alias.person_id', 'person_alias.name'])
    .where('person_alias.person_id', '=', anyId(ids))
    .whereRef('person_alias.name', '<>', 'person.name')
    .orderBy('person_alias.id')
    .execute();
}

function filtered(db: Kysely<Database>, filter: PersonFilter) {
  let query = db.selectFrom('person');
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
): Promise<PersonRow[]> {
  return filtered(db, filter).selectAll('person').orderBy('name').orderBy('id').offset(offset).limit(limit).execute();
}

export async function countPeople(db: Kysely<Database>, filter: PersonFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export function hostsByEventIds(db: Kysely<Database>, eventIds: readonly number[]): Promise<EventHostRow[]> {
  return db
    .selectFrom('event_host')
    .selectAll()
    .where('event_id', '=', anyId(eventIds))
    .orderBy('event_id')
    .orderBy('position')
    .execute();
}
