import { type Kysely, type RawBuilder, sql } from 'kysely';
import { anyId, columnsJson } from '../../db/sql.ts';
import type { Database, VenueRow } from '../../db/types.ts';

const VENUE_COLUMNS = ['id', 'slug', 'name', 'address'] as const satisfies readonly (keyof VenueRow)[];

/** The venue with id `venueId` as JSON (a VenueRow once parsed), null when there is none. */
export function venueOf(venueId: string): RawBuilder<VenueRow | null> {
  return sql<VenueRow | null>`(select ${columnsJson('v', VENUE_COLUMNS)} from venue v where v.id = ${sql.ref(venueId)})`;
}

export function venuesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<VenueRow[]> {
  return db.selectFrom('venue').select(VENUE_COLUMNS).where('id', '=', anyId(ids)).execute();
}

export function venueBySlug(db: Kysely<Database>, slug: string): Promise<VenueRow | undefined> {
  return db.selectFrom('venue').select(VENUE_COLUMNS).where('slug', '=', slug).executeTakeFirst();
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
