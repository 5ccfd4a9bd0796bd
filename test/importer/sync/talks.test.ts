import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existingTalks, postTalks, syncTalks } from '../../../src/importer/sync/talks.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { parsedPost, parsedTalk } from '../../helpers/fixtures.ts';
import { withSyncContext } from './sync-context.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('postTalks', () => {
  it("a talk's segment of the evening's video ends where the next one starts", () => {
    const talks = [parsedTalk(1, 'One', ['A', null], []), parsedTalk(2, 'Two', ['B', null], [])];
    talks[0] = { ...talks[0]!, startSeconds: 60 };
    talks[1] = { ...talks[1]!, startSeconds: 900 };
    const post = parsedPost('2031-01-01', 'T', null, talks, { videoUrl: 'https://video.example/whole' });
    expect(postTalks(post).map((t) => [t.video_url, t.video_start_seconds, t.video_end_seconds])).toEqual([
      ['https://video.example/whole', 60, 900],
      ['https://video.example/whole', 900, null],
    ]);
  });
});

describe('syncTalks', () => {
  it('matches by running order: updates what differs, removes what the post dropped, keeps curated fields', async () => {
    const first = parsedPost('2031-01-01', 'T', null, [
      parsedTalk(1, 'Kernels for cats', ['A', null], []),
      parsedTalk(2, 'Meshes', ['B', null], []),
    ]);
    const eventId = await withSyncContext(database.db, first, async (ctx) => {
      const result = await syncTalks(ctx, await existingTalks(ctx), postTalks(ctx.post));
      expect(result.counts).toEqual({ inserted: 2, updated: 0, deleted: 0 });
      expect([...result.ids.keys()]).toEqual([1, 2]);
      return ctx.eventId;
    });
    const second = parsedPost('2031-01-01', 'T', null, [parsedTalk(1, 'Kernels for dogs', ['A', null], [])]);
    await withSyncContext(
      database.db,
      second,
      async (ctx) => {
        const result = await syncTalks(ctx, await existingTalks(ctx), postTalks(ctx.post));
        expect(result.counts).toEqual({ inserted: 0, updated: 1, deleted: 1 });
      },
      eventId,
    );
    const third = parsedPost('2031-01-01', 'T', null, [
      { ...parsedTalk(1, 'Kernels for birds', ['A', null], []), slidesUrl: 'https://slides.example/k' },
    ]);
    await withSyncContext(
      database.db,
      third,
      async (ctx) => {
        const result = await syncTalks(ctx, await existingTalks(ctx), postTalks(ctx.post), {
          keyOf: (row) => row.position,
          kept: () => new Set(['title']),
          keepRow: () => false,
          skipped: new Set(),
        });
        expect(result.counts.updated).toBe(1);
      },
      eventId,
    );
    const rows = await database.db
      .selectFrom('talk')
      .select(['title', 'slides_url'])
      .where('event_id', '=', eventId)
      .execute();
    expect(rows).toEqual([{ title: 'Kernels for dogs', slides_url: 'https://slides.example/k' }]);
  });
});
