import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postHosts, syncHosts } from '../../../src/importer/sync/hosts.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { withSyncContext } from './sync-context.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('syncHosts', () => {
  it('writes the hosts the post names, once per person, then updates roles and removes the dropped', async () => {
    const hosts = [
      { name: 'Orla Host', role: 'Chair at Kettle Co', company: 'Kettle Co', line: 3 },
      { name: 'Orla Host', role: 'again', company: null, line: 4 },
      { name: 'Bram Second', role: null, company: null, line: 5 },
    ];
    const eventId = await withSyncContext(database.db, { hosts }, async (ctx) => {
      const counts = await syncHosts(ctx, await postHosts(ctx));
      expect(counts).toEqual({ inserted: 2, updated: 0, deleted: 0 });
      return ctx.eventId;
    });
    await withSyncContext(
      database.db,
      { hosts: [{ name: 'Orla Host', role: 'Organiser', company: null, line: 3 }] },
      async (ctx) => {
        expect(await syncHosts(ctx, await postHosts(ctx))).toEqual({ inserted: 0, updated: 1, deleted: 1 });
      },
      eventId,
    );
    const rows = await database.db.selectFrom('event_host').selectAll().where('event_id', '=', eventId).execute();
    expect(rows.map((r) => [r.role, r.company_id])).toEqual([['Organiser', null]]);
  });
});
