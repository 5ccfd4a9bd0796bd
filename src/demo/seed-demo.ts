import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';

/** Loads the demo graph into an empty database; returns how many meetups it added (0 when not empty). */
export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('event')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(row.count) > 0) return 0;
  // The importer and the demo posts load only when they are needed: most
  // starts find the graph there already (or loaded from a snapshot).
  const [{ importParsedPost, sha256 }, { DEMO_POSTS }] = await Promise.all([
    import('../importer/import-posts.ts'),
    import('./demo-posts.ts'),
  ]);
  // Oldest first, so each roundup's announcement meets the next one's import.
  for (const post of DEMO_POSTS) {
    await importParsedPost(db, post, { path: `demo:${post.date}`, sha256: sha256(JSON.stringify(post)) });
  }
  return DEMO_POSTS.length;
}
