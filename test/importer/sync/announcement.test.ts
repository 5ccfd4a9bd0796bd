import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncAnnouncement } from '../../../src/importer/sync/announcement.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { withSyncContext } from './sync-context.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('syncAnnouncement', () => {
  it('creates the announced meetup with its companies, and removes it when no roundup announces it any more', async () => {
    const next = {
      date: '2031-02-05',
      dateAsWritten: '5 February',
      companies: ['Otter Co', 'Vole Inc'],
      rsvpUrl: null,
      line: 40,
    };
    const { eventId, seriesId } = await withSyncContext(database.db, { next }, async (ctx, trx) => {
      const series = await trx
        .selectFrom('event')
        .innerJoin('series', 'series.id', 'event.series_id')
        .select(['series.id', 'series.slug'])
        .where('event.id', '=', ctx.eventId)
        .executeTakeFirstOrThrow();
      expect(await syncAnnouncement(ctx, series)).toEqual({ inserted: 2, updated: 0, deleted: 0 });
      return { eventId: ctx.eventId, seriesId: series.id };
    });
    const announced = await database.db
      .selectFrom('event')
      .select(['status', 'date'])
      .where('series_id', '=', seriesId)
      .where('status', '=', 'ANNOUNCED')
      .execute();
    expect(announced).toEqual([{ status: 'ANNOUNCED', date: '2031-02-05' }]);
    await withSyncContext(
      database.db,
      { next: null },
      async (ctx, trx) => {
        const series = await trx
          .selectFrom('series')
          .select(['id', 'slug'])
          .where('id', '=', seriesId)
          .executeTakeFirstOrThrow();
        expect(await syncAnnouncement(ctx, series)).toEqual({ inserted: 0, updated: 0, deleted: 2 });
      },
      eventId,
    );
    const left = await database.db.selectFrom('event').select('id').where('series_id', '=', seriesId).execute();
    expect(left).toEqual([{ id: eventId }]);
  });
});
