import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../src/db/types.ts';
import type { ParsedPost } from '../../../src/importer/parsed-post.types.ts';
import { EntityResolver } from '../../../src/importer/resolve.ts';
import type { SyncContext } from '../../../src/importer/sync/context.ts';
import { CuratedFacts } from '../../../src/importer/sync/curated.ts';
import { newTalkRows } from '../../../src/importer/sync/talk-rows.ts';
import { parsedPost } from '../../helpers/fixtures.ts';

// A sync function's test runs it in a real transaction on a fresh meetup row.

export async function withSyncContext<T>(
  db: Kysely<Database>,
  post: Partial<ParsedPost>,
  work: (ctx: SyncContext, trx: Transaction<Database>) => Promise<T>,
  eventId?: number,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    let id = eventId;
    if (id === undefined) {
      const series = await trx
        .insertInto('series')
        .values({ name: 'Sync Test', slug: `sync-test-${Math.random().toString(36).slice(2, 8)}` })
        .returning(['id', 'slug'])
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto('event')
        .values({ series_id: series.id, slug: `${series.slug}-2031-01-01`, date: '2031-01-01', title: 'Sync Test' })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = row.id;
    }
    const ctx: SyncContext = {
      trx,
      resolver: new EntityResolver(trx),
      post: { ...parsedPost('2031-01-01', 'Sync Test January 2031', null, []), ...post },
      eventId: id,
      path: 'posts/sync-test.md',
      curated: await CuratedFacts.load(trx, id),
      changes: [],
      warnings: [],
      pause: async () => {},
      // As for a meetup that existed: the tests may have written its rows themselves.
      empty: new Set(),
      talkRows: newTalkRows(),
    };
    return work(ctx, trx);
  });
}
