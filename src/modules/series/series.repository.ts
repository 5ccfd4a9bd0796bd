import type { Kysely } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { Database, SeriesRow } from '../../db/types.ts';

export function seriesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<SeriesRow[]> {
  return db.selectFrom('series').selectAll().where('id', '=', anyId(ids)).execute();
}

export function seriesBySlug(db: Kysely<Database>, slug: string): Promise<SeriesRow | undefined> {
  return db.selectFrom('series').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function listSeries(db: Kysely<Database>): Promise<SeriesRow[]> {
  return db.selectFrom('series').selectAll().orderBy('name').execute();
}
