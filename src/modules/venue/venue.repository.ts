import { type Kysely, sql } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { Database, VenueRow } from '../../db/types.ts';

export function venuesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<VenueRow[]> {
  return db.selectFrom('venue').selectAll().where('id', '=', anyId(ids)).execute();
}

export function venueBySlug(db: Kysely<Database>, slug: string): Promise<VenueRow | undefined> {
  return db.selectFrom('venue').selectAll().where('slug', '=', slug).executeTakeFirst();
}

// Writes (the curation API).

export async function insertVenue(
  db: Kysely<Database>,
  values: { name: string; slug: string; address: string | null },
): Promise<number> {
  const row = await db.insertInto('venue').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateVenue(
  db: Kysely<Database>,
  id: number,
  patch: { name?: string; slug?: string; address?: string | null },
): Promise<void> {
  await db
    .updateTable('venue')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Deletes the venue; its events keep their data with no venue. */
export async function deleteVenue(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('venue').where('id', '=', id).execute();
}
