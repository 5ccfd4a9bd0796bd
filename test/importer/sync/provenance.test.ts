import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncProvenance } from '../../../src/importer/sync/provenance.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { withSyncContext } from './sync-context.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('syncProvenance', () => {
  it('first roundup of a meetup, then the same, then changed content', async () => {
    const eventId = await withSyncContext(database.db, {}, async (ctx) => {
      expect(await syncProvenance(ctx, { path: 'posts/a.md', sha256: 'one' })).toBe(true);
      expect(await syncProvenance(ctx, { path: 'posts/a.md', sha256: 'one' })).toBe(false);
      expect(ctx.changes).toEqual([]);
      expect(await syncProvenance(ctx, { path: 'posts/a.md', sha256: 'two' })).toBe(false);
      expect(ctx.changes).toEqual(['source: content changed']);
      return ctx.eventId;
    });
    const rows = await database.db
      .selectFrom('source_document')
      .select(['path', 'sha256'])
      .where('event_id', '=', eventId)
      .execute();
    expect(rows).toEqual([{ path: 'posts/a.md', sha256: 'two' }]);
  });
});
