import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.ts';
import {
  deferSearchDocuments,
  IMPORT_TIMEOUTS,
  lockImports,
  refreshSearchDocuments,
  type Trx,
} from './import.repository.ts';
import type { ParsedPost, ParseWarning } from './parsed-post.types.ts';
import { EntityResolver } from './resolve.ts';
import { syncAnnouncement } from './sync/announcement.ts';
import { accumulate, addCount, markCreated, type SyncContext } from './sync/context.ts';
import { type Clash, CuratedFacts } from './sync/curated.ts';
import { ensurePostEntities } from './sync/entities.ts';
import { applyEventFields, DEFAULT_SERIES, placeEvent, postEventFields } from './sync/event.ts';
import { applyHosts } from './sync/hosts.ts';
import { type ImportNoteItem, syncNotes } from './sync/notes.ts';
import { type EntitySource, type PostSource, syncFactSources, syncProvenance } from './sync/provenance.ts';
import { applySpeakers } from './sync/speakers.ts';
import { applySponsors } from './sync/sponsors.ts';
import { applyTakeaways } from './sync/takeaways.ts';
import { newTalkRows, writeTalkRows } from './sync/talk-rows.ts';
import { applyTalks, keptTalks } from './sync/talks.ts';
import type { SyncCounts } from './sync.ts';

// Writes one parsed post into the graph, in one transaction: the event and
// everything the post says about it, one sync function per part
// (src/importer/sync/). Children are synced by natural key, so re-importing
// the same post changes nothing and an edited post updates the event in
// place, removing what the post no longer says.

export type { Clash } from './sync/curated.ts';
export { DEFAULT_SERIES, seriesNameFromTitle, UnplaceablePostError } from './sync/event.ts';
export type { ImportNoteItem } from './sync/notes.ts';
export type { PostSource } from './sync/provenance.ts';

export type ImportStatus = 'created' | 'updated' | 'unchanged' | 'failed';

export interface PostImportResult {
  path: string;
  status: ImportStatus;
  eventSlug: string | null;
  /** The event written (its id in the database); null for a failed post. */
  eventId?: number | null;
  /** Human-readable list of what changed (empty when unchanged). */
  changes: string[];
  warnings: ParseWarning[];
  /** Facts where the post disagrees with a curator's value, which was kept. */
  clashes: Clash[];
  /** Doubtful facts to check (open import notes of this post), by line. */
  notes: ImportNoteItem[];
  /** For a failed post: line and reason; `database` failures are not the post's fault. */
  error?: { line: number; reason: string; kind?: 'post' | 'database'; cause?: unknown };
}

/** The result of a post that was not imported: nothing of it written, and why. */
export function failedImport(path: string, line: number, reason: string, kind?: 'post' | 'database'): PostImportResult {
  return {
    path,
    status: 'failed',
    eventSlug: null,
    changes: [],
    warnings: [],
    clashes: [],
    notes: [],
    error: { line, reason, ...(kind ? { kind } : {}) },
  };
}

export interface ImportOptions {
  /** How long one post's import may take in all (IMPORT_TIMEOUTS.deadlineMs by default). */
  deadlineMs?: number;
  /** Run everything, report, and roll back. */
  dryRun?: boolean;
  /** Series name when the title does not start with one. */
  defaultSeries?: string;
  /** Runs inside the post's transaction after it is written (the write API audits here). */
  onWritten?: (trx: Trx, result: PostImportResult) => Promise<void>;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

class DryRunRollback extends Error {}

/** A post's import ran past its deadline; its transaction is rolled back. */
export class ImportDeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`the import took longer than its deadline of ${deadlineMs} ms: nothing written`);
    this.name = 'ImportDeadlineError';
  }
}

/**
 * Lets timers and sockets run between a post's talks and sponsors (the
 * embedded database answers within microtasks, so a long post would
 * otherwise hold the event loop for its whole transaction), and stops an
 * import past its deadline.
 */
async function yieldToEventLoop(deadline: { at: number; ms: number }): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (Date.now() > deadline.at) throw new ImportDeadlineError(deadline.ms);
}

/** Imports one parsed post; throws only on database failure (the transaction is rolled back). */
export async function importParsedPost(
  db: Kysely<Database>,
  post: ParsedPost,
  source: PostSource,
  options: ImportOptions = {},
): Promise<PostImportResult> {
  let result: PostImportResult | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      result = await writePost(trx, post, source, options);
      if (options.dryRun) throw new DryRunRollback();
      await options.onWritten?.(trx, result);
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
  }
  if (!result) throw new Error('import produced no result');
  return result;
}

async function writePost(trx: Trx, parsed: ParsedPost, source: PostSource, options: ImportOptions) {
  await lockImports(trx);
  await deferSearchDocuments(trx);
  // Counted from when the lock is held: waiting for another import has its own limit.
  const ms = options.deadlineMs ?? IMPORT_TIMEOUTS.deadlineMs;
  const deadline = { at: Date.now() + ms, ms };
  const changes: string[] = [];
  const resolver = new EntityResolver(trx);
  const placed = await placeEvent(trx, parsed, source.path, options.defaultSeries ?? DEFAULT_SERIES, changes);
  await resolver.prefetch(placed.post);
  // Read after the meetup's row lock: a curator's write that committed first is seen here.
  const curated = placed.existed ? await CuratedFacts.load(trx, placed.eventId) : CuratedFacts.none(trx);
  const ctx: SyncContext = {
    trx,
    resolver,
    post: placed.post,
    eventId: placed.eventId,
    path: source.path,
    curated,
    changes,
    warnings: [],
    pause: () => yieldToEventLoop(deadline),
    empty: new Set(),
    talkRows: newTalkRows(),
  };
  if (!placed.existed) markCreated(ctx.empty, 'event', ctx.eventId);

  const date = curated.get('Event', ctx.eventId, 'date');
  if (date) await curated.observe(date, ctx.post.date, 'event date');
  if (placed.existed) await applyEventFields(ctx, await postEventFields(trx, ctx.post));
  await ensurePostEntities(ctx, keptTalks(ctx));
  addCount(changes, 'hosts', await applyHosts(ctx));
  const sponsors = await applySponsors(ctx);
  addCount(changes, 'sponsors', sponsors.counts);

  // Talks, by running order, then each talk's speakers and takeaways.
  const talks = await applyTalks(ctx);
  addCount(changes, 'talks', talks.counts);
  const speakerCounts: SyncCounts = { inserted: 0, updated: 0, deleted: 0 };
  const takeawayCounts: SyncCounts = { inserted: 0, updated: 0, deleted: 0 };
  for (const talk of ctx.post.talks) {
    const talkId = talks.ids.get(talk.position);
    if (talkId === undefined) continue;
    accumulate(speakerCounts, await applySpeakers(ctx, talkId, talk));
    accumulate(takeawayCounts, await applyTakeaways(ctx, talkId, talk));
    await ctx.pause();
  }
  await writeTalkRows(trx, ctx.talkRows);
  addCount(changes, 'speakers', speakerCounts);
  addCount(changes, 'takeaways', takeawayCounts);

  addCount(changes, 'announcements', await syncAnnouncement(ctx, placed.series));

  await resolver.aliases(ctx.post);
  const sources: EntitySource[] = [
    { entityType: 'Event', entityId: ctx.eventId, line: 1, rule: null },
    ...sponsors.written.map((s) => ({
      entityType: 'Sponsorship' as const,
      entityId: s.id,
      line: s.line,
      rule: s.rule,
    })),
    ...ctx.post.talks.flatMap((talk) => {
      const id = talks.ids.get(talk.position);
      return id === undefined
        ? []
        : [{ entityType: 'Talk' as const, entityId: id, line: talk.line, rule: talk.rule ?? null }];
    }),
  ];
  await syncFactSources(ctx, source.path, sources);
  const notes = await syncNotes(ctx, talks.ids);
  const first = await syncProvenance(ctx, source);
  await refreshSearchDocuments(trx);
  if (resolver.created.people.length) changes.push(`people created: ${resolver.created.people.join(', ')}`);
  if (resolver.created.companies.length) changes.push(`companies created: ${resolver.created.companies.join(', ')}`);
  const status: ImportStatus = first ? 'created' : changes.length > 0 ? 'updated' : 'unchanged';
  if (status === 'updated') {
    await trx.updateTable('event').set({ updated_at: sql`now()` }).where('id', '=', ctx.eventId).execute();
  }
  return {
    path: source.path,
    status,
    eventSlug: placed.slug,
    eventId: ctx.eventId,
    changes,
    warnings: [...ctx.post.warnings, ...resolver.warnings, ...ctx.warnings].sort((a, b) => a.line - b.line),
    clashes: curated.clashes,
    notes,
  } satisfies PostImportResult;
}
