import type { Trx } from '../import.repository.ts';
import type { ParsedPost, ParseWarning } from '../parsed-post.types.ts';
import type { EntityResolver } from '../resolve.ts';
import type { SyncCounts } from '../sync.ts';
import type { CuratedFacts } from './curated.ts';

// What every part of a post's sync shares: the post's transaction, the
// entity resolver, the event written, and the report being built.

export interface SyncContext {
  trx: Trx;
  resolver: EntityResolver;
  /** The post, its date placed on a day (a month-only draft is matched to its meetup). */
  post: ParsedPost;
  eventId: number;
  /** The post's file, as provenance. */
  path: string;
  /** What curators set on this meetup: kept, and clashes with the post reported. */
  curated: CuratedFacts;
  /** Human-readable list of what changed. */
  changes: string[];
  /** Extra warnings the sync found. */
  warnings: ParseWarning[];
  /** Lets the event loop run and stops an import past its deadline. */
  pause: () => Promise<void>;
}

export const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

export function addCount(changes: string[], what: string, counts: SyncCounts): void {
  if (counts.inserted) changes.push(`${what}: ${counts.inserted} added`);
  if (counts.updated) changes.push(`${what}: ${counts.updated} updated`);
  if (counts.deleted) changes.push(`${what}: ${counts.deleted} removed`);
}

export function accumulate(total: SyncCounts, counts: SyncCounts): void {
  total.inserted += counts.inserted;
  total.updated += counts.updated;
  total.deleted += counts.deleted;
}
