import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  placeEvent,
  postEventFields,
  syncEventFields,
  UnplaceablePostError,
} from '../../../src/importer/sync/event.ts';
import { createTestDatabase, type TestDatabase } from '../../helpers/database.ts';
import { parsedPost } from '../../helpers/fixtures.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

describe('placeEvent and syncEventFields', () => {
  it('creates the meetup, finds it again by day, updates only the fields that differ', async () => {
    const post = parsedPost('2031-02-04', 'Quay Meetup February 2031', 'First.', [], { venue: 'Boathouse' });
    const changes: string[] = [];
    const created = await database.db.transaction().execute(async (trx) => {
      const placed = await placeEvent(trx, post, 'posts/quay.md', 'Quay Meetup', changes);
      expect(placed.existed).toBe(false);
      return placed;
    });
    expect(changes).toEqual([`event: created ${created.slug}`]);
    const again: string[] = [];
    await database.db.transaction().execute(async (trx) => {
      const placed = await placeEvent(trx, post, 'posts/quay.md', 'Quay Meetup', again);
      expect(placed.eventId).toBe(created.eventId);
      const edited = await postEventFields(trx, { ...post, description: 'Edited.' });
      await syncEventFields(trx, placed.eventId, edited, again, (field) => field === 'venue_id');
    });
    expect(again).toEqual(['event: description updated']);
  });

  it('a month-only draft needs exactly one meetup of that month', async () => {
    const draft = { ...parsedPost('2031-07-01', 'Quay Meetup July 2031', null, []), datePrecision: 'month' as const };
    await expect(
      database.db.transaction().execute((trx) => placeEvent(trx, draft, 'posts/quay.md', 'Quay Meetup', [])),
    ).rejects.toBeInstanceOf(UnplaceablePostError);
  });
});
