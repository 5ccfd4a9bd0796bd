import type { Kysely } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { Database } from '../../db/types.ts';

// Old IDs and slugs of merged or renamed entities keep resolving to the
// entity that replaced them.

export type RedirectType = 'Person' | 'Company' | 'Event';

/** Points `oldId`/`oldSlug` at `targetId`, and re-points what pointed at `oldId`. */
export async function addRedirect(
  db: Kysely<Database>,
  type: RedirectType,
  oldId: number,
  oldSlug: string,
  targetId: number,
): Promise<void> {
  await db
    .updateTable('entity_redirect')
    .set({ target_id: targetId })
    .where('entity_type', '=', type)
    .where('target_id', '=', oldId)
    .execute();
  await db
    .insertInto('entity_redirect')
    .values({ entity_type: type, old_id: oldId, old_slug: oldSlug, target_id: targetId })
    .onConflict((oc) => oc.constraint('entity_redirect_slug_key').doUpdateSet({ target_id: targetId }))
    .execute();
}

export async function redirectTargetsByIds(
  db: Kysely<Database>,
  type: RedirectType,
  ids: readonly number[],
): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('entity_redirect')
    .select(['old_id', 'target_id'])
    .where('entity_type', '=', type)
    .where('old_id', '=', anyId(ids))
    .execute();
  return new Map(rows.map((row) => [row.old_id, row.target_id]));
}

export async function redirectTargetBySlug(
  db: Kysely<Database>,
  type: RedirectType,
  slug: string,
): Promise<number | null> {
  const row = await db
    .selectFrom('entity_redirect')
    .select('target_id')
    .where('entity_type', '=', type)
    .where('old_slug', '=', slug)
    .executeTakeFirst();
  return row?.target_id ?? null;
}
