import { sql } from 'kysely';
import type { CuratedEntityType } from '../../modules/corrections/corrections.tables.ts';
import { rowsBefore, type SyncContext } from './context.ts';

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
  const [document] = await rowsBefore(ctx, 'source_document', eventId, () =>
    trx.selectFrom('source_document').selectAll().where('event_id', '=', eventId).execute(),
  );
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

export interface EntitySource {
  entityType: CuratedEntityType;
  entityId: number;
  line: number;
  rule: string | null;
}

/** Where each entity of the meetup came from in the post; entities the post no longer has lose theirs. */
export async function syncFactSources(ctx: SyncContext, path: string, sources: readonly EntitySource[]): Promise<void> {
  const { trx, eventId } = ctx;
  const existing = await rowsBefore(ctx, 'fact_source', eventId, () =>
    trx.selectFrom('fact_source').selectAll().where('event_id', '=', eventId).execute(),
  );
  const key = (type: string, id: number) => `${type}:${id}`;
  const wanted = new Map(sources.map((s) => [key(s.entityType, s.entityId), s]));
  const stale = existing.filter((row) => !wanted.has(key(row.entity_type, row.entity_id))).map((row) => row.id);
  if (stale.length > 0) await trx.deleteFrom('fact_source').where('id', 'in', stale).execute();
  const have = new Map(existing.map((row) => [key(row.entity_type, row.entity_id), row]));
  const changed = [...wanted.values()].filter((s) => {
    const row = have.get(key(s.entityType, s.entityId));
    return !row || row.path !== path || row.line !== s.line || row.rule !== s.rule;
  });
  if (changed.length === 0) return;
  await trx
    .insertInto('fact_source')
    .values(
      changed.map((s) => ({
        event_id: eventId,
        entity_type: s.entityType,
        entity_id: s.entityId,
        path,
        line: s.line,
        rule: s.rule,
      })),
    )
    .onConflict((oc) =>
      oc.constraint('fact_source_key').doUpdateSet({
        event_id: (eb) => eb.ref('excluded.event_id'),
        path: (eb) => eb.ref('excluded.path'),
        line: (eb) => eb.ref('excluded.line'),
        rule: (eb) => eb.ref('excluded.rule'),
        updated_at: sql`now()`,
      }),
    )
    .execute();
}
