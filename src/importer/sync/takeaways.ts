import { sql } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { ParsedTalk } from '../parsed-post.types.ts';
import type { SyncCounts } from '../sync.ts';
import { syncRows } from '../sync.ts';
import { rowsBefore, type SyncContext } from './context.ts';

// A talk's takeaways, in order, matched by position.

/** The takeaways the post gives `talk`, as stored (NFC, trimmed). */
export function postTakeaways(talk: ParsedTalk): string[] {
  return talk.takeaways.map((text) => text.normalize('NFC').trim());
}

/** Makes the talk's takeaways exactly `texts`; new ones are queued in `ctx.talkRows`. */
export async function syncTakeaways(ctx: SyncContext, talkId: number, texts: readonly string[]): Promise<SyncCounts> {
  const { trx } = ctx;
  const desired = texts.map((text, i) => ({ position: i + 1, text }));
  const existing = await rowsBefore(ctx, 'takeaway', talkId, () =>
    trx.selectFrom('takeaway').selectAll().where('talk_id', '=', talkId).execute(),
  );
  // Removed takeaways go in one statement, and new ones are queued for the
  // post's one insert: the talk's search document is rebuilt once for them,
  // not once per row (quadratic for a long list). Deletes first: a freed
  // position may be reused.
  const removed: number[] = [];
  const counts = await syncRows({
    existing,
    desired,
    existingKey: (row) => String(row.position),
    desiredKey: (row) => String(row.position),
    equal: (row, wanted) => row.text === wanted.text,
    insert: async (wanted) => {
      ctx.talkRows.takeaway.push({ ...wanted, talk_id: talkId });
    },
    update: async (row, wanted) => {
      await trx
        .updateTable('takeaway')
        .set({ text: wanted.text, updated_at: sql`now()` })
        .where('id', '=', row.id)
        .execute();
    },
    remove: async (row) => {
      removed.push(row.id);
    },
  });
  if (removed.length > 0) await trx.deleteFrom('takeaway').where('id', '=', anyId(removed)).execute();
  return counts;
}

/** The post's takeaways of a talk, unless a curator set them. */
export async function applyTakeaways(ctx: SyncContext, talkId: number, talk: ParsedTalk): Promise<SyncCounts> {
  const texts = postTakeaways(talk);
  const curated = ctx.curated.get('Talk', talkId, 'takeaways');
  if (!curated) return syncTakeaways(ctx, talkId, texts);
  await ctx.curated.observe(curated, texts, `talk ${talk.position} takeaways`);
  return { inserted: 0, updated: 0, deleted: 0 };
}
