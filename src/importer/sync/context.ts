import type { Trx } from '../import.repository.ts';
import type { ParsedPost, ParseWarning } from '../parsed-post.types.ts';
import type { EntityResolver } from '../resolve.ts';
import type { SyncCounts } from '../sync.ts';
import type { CuratedFacts } from './curated.ts';
import type { TalkRows } from './talk-rows.ts';

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
  /**
   * `TABLE:OWNER` for each table whose rows of a meetup or talk this import
   * created are known to be none: nothing to read before its first sync.
   */
  empty: Set<string>;
  /** New speakers and takeaways, queued until every talk of the post is synced (talk-rows.ts). */
  talkRows: TalkRows;
}

/**
 * The companies named with the people of one list (a meetup's hosts, a talk's
 * speakers), for each person's first entry only: a person listed twice is
 * kept once, with the company of their first entry.
 */
export async function firstMentions(
  ctx: SyncContext,
  entries: readonly { name: string; company: string | null; line: number }[],
): Promise<{ name: string; line: number }[]> {
  const seen = new Set<number>();
  const companies: { name: string; line: number }[] = [];
  for (const entry of entries) {
    const personId = await ctx.resolver.person(entry.name, entry.line);
    if (seen.has(personId)) continue;
    seen.add(personId);
    if (entry.company) companies.push({ name: entry.company, line: entry.line });
  }
  return companies;
}

/** The tables a meetup's own rows are in, and a talk's. */
const OWNED = {
  event: ['event_host', 'sponsorship', 'talk', 'announcement', 'source_document', 'fact_source'],
  talk: ['talk_speaker', 'takeaway'],
} as const;
type OwnedTable = (typeof OWNED)[keyof typeof OWNED][number];

/** Records that this import created the meetup or talk `id`: it has no rows of its own yet. */
export function markCreated(empty: Set<string>, owner: keyof typeof OWNED, id: number): void {
  for (const table of OWNED[owner]) empty.add(`${table}:${id}`);
}

/**
 * The rows of `table` that meetup or talk `ownerId` has before they are
 * synced, read by `read`; none, without a statement, when this import
 * created the owner and has not synced that table for it yet.
 */
export function rowsBefore<T>(
  ctx: SyncContext,
  table: OwnedTable,
  ownerId: number,
  read: () => Promise<T[]>,
): Promise<T[]> {
  if (ctx.empty.delete(`${table}:${ownerId}`)) return Promise.resolve([]);
  return read();
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
