import type { Kysely } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { Database, VenueRow } from '../../db/types.ts';

export function venuesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<VenueRow[]> {
  return db.selectFrom('venue').selectAll().where('id', '=', anyId(ids)).execute();
}

export function venueBySlug(db: Kysely<Database>, slug: string): Promise<VenueRow | undefined> {
  return db.selectFrom('venue').selectAll().where('slug', '=', slug).executeTakeFirst();
}
