import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSpeakers, syncSpeakers } from '../../../src/importer/sync/speakers.ts';
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

describe('syncSpeakers', () => {
  it('each person once with their billed company; a second import of the same speakers changes nothing', async () => {
    const talk = {
      ...parsedTalk(1, 'Pairing', ['Ada Quill', 'Lumen Ltd'], []),
      speakers: [
        { name: 'Ada Quill', company: 'Lumen Ltd' },
        { name: 'ada quill', company: null },
        { name: 'Ben Ink', company: null },
      ],
    };
    const eventId = await withSyncContext(database.db, { talks: [talk] }, async (ctx) => {
      const { ids } = await syncTalks(ctx, await existingTalks(ctx), postTalks(ctx.post));
      const desired = await postSpeakers(ctx, talk);
      expect(desired.map((d) => d.position)).toEqual([1, 2]);
      expect(await syncSpeakers(ctx, ids.get(1) ?? 0, desired)).toEqual({ inserted: 2, updated: 0, deleted: 0 });
      await writeTalkRows(ctx.trx, ctx.talkRows);
      return ctx.eventId;
    });
    await withSyncContext(
      database.db,
      { talks: [talk] },
      async (ctx) => {
        const { ids } = await syncTalks(ctx, await existingTalks(ctx), postTalks(ctx.post));
        expect(await syncSpeakers(ctx, ids.get(1) ?? 0, await postSpeakers(ctx, talk))).toEqual({
          inserted: 0,
          updated: 0,
          deleted: 0,
        });
      },
      eventId,
    );
    const people = await database.db.selectFrom('person').select('name').orderBy('name').execute();
    expect(people.map((p) => p.name)).toEqual(['Ada Quill', 'Ben Ink']);
  });
});
