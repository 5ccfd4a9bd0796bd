import { sql } from 'kysely';
import type { SyncContext } from './context.ts';

// Which file the event was last imported from, and its content hash. A
// post is "created" when its event had no roundup before (it may have
// existed as announced).

export interface PostSource {
  path: string;
  sha256: string;
}

/** Records the post as the event's source; true when this is the event's first roundup. */
export async function syncProvenance(ctx: SyncContext, source: PostSource): Promise<boolean> {
  const { trx, eventId } = ctx;
  const document = await trx
    .selectFrom('source_document')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!document) {
    await trx
      .insertInto('source_document')
      .values({ event_id: eventId, path: source.path, sha256: source.sha256 })
      .execute();
    return true;
  }
  if (document.sha256 !== source.sha256 || document.path !== source.path) {
    await trx
      .updateTable('source_document')
      .set({ path: source.path, sha256: source.sha256, imported_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', document.id)
      .execute();
    if (document.sha256 !== source.sha256) ctx.changes.push('source: content changed');
  }
  return false;
}
