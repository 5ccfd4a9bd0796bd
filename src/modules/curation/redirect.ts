import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import { type RedirectType, redirectTargetBySlug, redirectTargetsByIds } from './redirect.repository.ts';

/** A loaded row and the key it answers (its own id, or an old id redirected to it). */
export type Keyed<R> = R & { loadKey: number };

/**
 * Loads rows for ids; an id that no longer exists (merged away) yields the
 * row that replaced it. Each row carries the key it answers, for the
 * loader's `sort`. One extra statement only when some id is missing.
 */
export async function loadFollowingRedirects<R extends { id: number }>(
  db: Kysely<Database>,
  type: RedirectType,
  ids: readonly number[],
  load: (ids: readonly number[]) => Promise<R[]>,
): Promise<Keyed<R>[]> {
  const rows = await load(ids);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length > 0) {
    const targets = await redirectTargetsByIds(db, type, missing);
    const targetIds = [...new Set(targets.values())].filter((id) => !byId.has(id));
    for (const row of targetIds.length ? await load(targetIds) : []) byId.set(row.id, row);
    for (const [oldId, targetId] of targets) {
      const row = byId.get(targetId);
      if (row) byId.set(oldId, row);
    }
  }
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [{ ...row, loadKey: id }] : [];
  });
}

/** A slug lookup that falls back to the redirect of a merged or renamed entity. */
export async function findBySlugFollowingRedirects<R>(
  db: Kysely<Database>,
  type: RedirectType,
  slug: string,
  bySlug: (slug: string) => Promise<R | undefined>,
  byId: (id: number) => Promise<R | undefined>,
): Promise<R | null> {
  const row = await bySlug(slug);
  if (row) return row;
  const target = await redirectTargetBySlug(db, type, slug);
  return target === null ? null : ((await byId(target)) ?? null);
}
