import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { importParsedPost, sha256 } from '../importer/import-posts.ts';
import { DEMO_POSTS } from './demo-posts.ts';

/** Loads the demo graph into an empty database; returns how many meetups it added (0 when not empty). */
export async function seedDemoIfEmpty(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('event')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  if (Number(row.count) > 0) return 0;
  // Oldest first, so each roundup's announcement meets the next one's import.
  for (const post of DEMO_POSTS) {
    await importParsedPost(db, post, { path: `demo:${post.date}`, sha256: sha256(JSON.stringify(post)) });
  }
  return DEMO_POSTS.length;
}
