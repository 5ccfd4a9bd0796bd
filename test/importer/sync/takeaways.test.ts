import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trx } from '../../../src/importer/import.repository.ts';
import { postTakeaways, syncTakeaways } from '../../../src/importer/sync/takeaways.ts';
import { writeTalkRows } from '../../../src/importer/sync/talk-rows.ts';
import { existingTalks, postTalks, syncTalks } from '../../../src/importer/sync/talks.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { parsedTalk } from '../../helpers/fixtures.ts';
import { withSyncContext } from './sync-context.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

async function countTakeaways(trx: Trx, talkId: number): Promise<number> {
  const rows = await trx.selectFrom('takeaway').select('id').where('talk_id', '=', talkId).execute();
  return rows.length;
}

describe('syncTakeaways', () => {
  it('by position: changed text updated, extra removed, new added', async () => {
    const talk = parsedTalk(1, 'Caching', ['Cy Moss', null], [' Cache less. ', 'Measure first.', 'Then cache.']);
    expect(postTakeaways(talk)).toEqual(['Cache less.', 'Measure first.', 'Then cache.']);
    const talkId = await withSyncContext(database.db, { talks: [talk] }, async (ctx) => {
      const { ids } = await syncTalks(ctx, await existingTalks(ctx), postTalks(ctx.post));
      const id = ids.get(1) ?? 0;
      expect(await syncTakeaways(ctx, id, postTakeaways(talk))).toEqual({ inserted: 3, updated: 0, deleted: 0 });
      // New takeaways are queued until the post's talks are all synced.
      expect(await countTakeaways(ctx.trx, id)).toBe(0);
      await writeTalkRows(ctx.trx, ctx.talkRows);
      expect(await countTakeaways(ctx.trx, id)).toBe(3);
      expect(await syncTakeaways(ctx, id, ['Cache less.', 'Measure twice.'])).toEqual({
        inserted: 0,
        updated: 1,
        deleted: 1,
      });
      await writeTalkRows(ctx.trx, ctx.talkRows);
      return id;
    });
    const rows = await database.db
      .selectFrom('takeaway')
      .select('text')
      .where('talk_id', '=', talkId)
      .orderBy('position')
      .execute();
    expect(rows.map((r) => r.text)).toEqual(['Cache less.', 'Measure twice.']);
  });
});
