import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existingSponsors, postSponsors, syncSponsors } from '../../../src/importer/sync/sponsors.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { withSyncContext } from './sync-context.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('syncSponsors', () => {
  it('one sponsorship per company in the post order; a role other than sponsor is left alone', async () => {
    const sponsors = [
      { name: 'Pinecone Labs', url: 'https://pinecone.example/', line: 7, rule: 'sponsors/sponsor-list' },
      { name: 'Pinecone Labs', url: null, line: 8 },
      { name: 'Marmot Ltd', url: null, line: 9 },
    ];
    const eventId = await withSyncContext(database.db, { sponsors }, async (ctx, trx) => {
      const desired = await postSponsors(ctx);
      expect(desired.map((s) => [s.position, s.line, s.rule])).toEqual([
        [1, 7, 'sponsors/sponsor-list'],
        [2, 9, null],
      ]);
      expect(await syncSponsors(ctx, await existingSponsors(ctx), desired)).toEqual({
        inserted: 2,
        updated: 0,
        deleted: 0,
      });
      const marmot = desired[1]?.company_id ?? 0;
      await trx.insertInto('sponsorship').values({ event_id: ctx.eventId, company_id: marmot, role: 'food' }).execute();
      return ctx.eventId;
    });
    const website = await database.db
      .selectFrom('company')
      .select('website')
      .where('name', '=', 'Pinecone Labs')
      .executeTakeFirst();
    expect(website?.website).toBe('https://pinecone.example/');
    await withSyncContext(
      database.db,
      { sponsors: [{ name: 'Pinecone Labs', url: null, line: 7 }] },
      async (ctx) => {
        expect(await syncSponsors(ctx, await existingSponsors(ctx), await postSponsors(ctx))).toEqual({
          inserted: 0,
          updated: 0,
          deleted: 1,
        });
      },
      eventId,
    );
    const roles = await database.db
      .selectFrom('sponsorship')
      .select('role')
      .where('event_id', '=', eventId)
      .orderBy('role')
      .execute();
    expect(roles.map((r) => r.role)).toEqual(['food', 'sponsor']);
  });
});
