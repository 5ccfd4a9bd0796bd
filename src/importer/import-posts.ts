import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { anyId } from '../db/sql.ts';
import type { Database, EventFormat } from '../db/types.ts';
import { findOrCreateSeries, findOrCreateVenue, IMPORT_TIMEOUTS, lockImports, type Trx } from './import.repository.ts';
import { cleanName, slugify } from './names.ts';
import { monthName, seriesName } from './parse/vocabulary.ts';
import type { ParsedPost, ParsedTalk, ParseWarning } from './parsed-post.types.ts';
import { EntityResolver } from './resolve.ts';
import { changed, type SyncCounts, syncRows } from './sync.ts';

// Writes one parsed post into the graph, in one transaction: the event and
// everything the post says about it. Children are synced by natural key, so
// re-importing the same post changes nothing and an edited post updates the
// event in place, removing what the post no longer says.

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
  /** For a failed post: line and reason; `database` failures are not the post's fault. */
  error?: { line: number; reason: string; kind?: 'post' | 'database'; cause?: unknown };
}

export interface PostSource {
  path: string;
  sha256: string;
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

export const DEFAULT_SERIES = 'Cloud Native London';

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The series a post's title names (the parser's one series-name rule), else `fallback`. */
export function seriesNameFromTitle(title: string, fallback: string): string {
  return cleanName(seriesName(title)) || fallback;
}

class DryRunRollback extends Error {}

/** A post whose event cannot be determined (only a month, and no single meetup in it). */
export class UnplaceablePostError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnplaceablePostError';
  }
}

const VIDEO_HOSTS = /(?:youtube\.com|youtu\.be|vimeo\.com|twitch\.tv|drive\.google\.com|vimeo)/i;

interface DesiredTalk {
  position: number;
  title: string | null;
  video_url: string | null;
  video_start_seconds: number | null;
  video_end_seconds: number | null;
  slides_url: string | null;
}

function desiredTalks(post: ParsedPost): DesiredTalk[] {
  const talks = post.talks.map((talk) => {
    const ownVideo = talk.link && VIDEO_HOSTS.test(talk.link) ? talk.link : null;
    const videoUrl = ownVideo ?? (talk.startSeconds !== null ? post.videoUrl : null);
    return {
      position: talk.position,
      title: talk.title === null ? null : cleanName(talk.title),
      video_url: videoUrl,
      video_start_seconds: videoUrl ? talk.startSeconds : null,
      video_end_seconds: null as number | null,
      slides_url: talk.slidesUrl,
    };
  });
  // A segment of the evening's recording ends where the next one starts.
  talks.forEach((talk, i) => {
    const next = talks[i + 1];
    if (
      talk.video_start_seconds !== null &&
      next?.video_start_seconds != null &&
      next.video_start_seconds > talk.video_start_seconds
    ) {
      talk.video_end_seconds = next.video_start_seconds;
    }
  });
  return talks;
}

function addCount(changes: string[], what: string, counts: SyncCounts): void {
  if (counts.inserted) changes.push(`${what}: ${counts.inserted} added`);
  if (counts.updated) changes.push(`${what}: ${counts.updated} updated`);
  if (counts.deleted) changes.push(`${what}: ${counts.deleted} removed`);
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

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
  let post = parsed;
  await lockImports(trx);
  // Counted from when the lock is held: waiting for another import has its own limit.
  const ms = options.deadlineMs ?? IMPORT_TIMEOUTS.deadlineMs;
  const deadline = { at: Date.now() + ms, ms };
  const changes: string[] = [];
  const resolver = new EntityResolver(trx);

  const seriesTitle = seriesNameFromTitle(post.title, options.defaultSeries ?? DEFAULT_SERIES);
  const series = await findOrCreateSeries(trx, seriesTitle, slugify(seriesTitle));
  const venueId = post.venue ? await findOrCreateVenue(trx, cleanName(post.venue), slugify(post.venue)) : null;

  const eventFields = {
    title: cleanName(post.title),
    description: post.description,
    status: 'HELD' as const,
    format: post.format as EventFormat,
    venue_id: venueId,
    attendee_count: post.attendeeCount,
    video_url: post.videoUrl,
  };
  if (post.datePrecision === 'month') {
    // A draft that names only its month updates that month's meetup.
    const sameMonth = await trx
      .selectFrom('event')
      .select('date')
      .where('series_id', '=', series.id)
      .where(sql<string>`to_char(date, 'YYYY-MM')`, '=', post.date.slice(0, 7))
      .orderBy('date')
      .execute();
    if (sameMonth.length !== 1 || !sameMonth[0]) {
      throw new UnplaceablePostError(
        `the post gives only its month (${post.date.slice(0, 7)}) and ${sameMonth.length === 0 ? 'no' : 'more than one'} ` +
          `${seriesTitle} meetup of that month is in the graph to match it to`,
      );
    }
    post = { ...post, date: sameMonth[0].date, datePrecision: 'day' };
  }
  const slug = `${series.slug}-${post.date}`;

  // The event: this day's, else one announced for the same month (the
  // announced day can be wrong), else a new one.
  let event = await trx
    .selectFrom('event')
    .selectAll()
    .where('series_id', '=', series.id)
    .where('date', '=', post.date)
    .executeTakeFirst();
  let status: ImportStatus = 'unchanged';
  if (!event) {
    event = await trx
      .selectFrom('event')
      .selectAll()
      .where('series_id', '=', series.id)
      .where('status', '=', 'ANNOUNCED')
      .where(sql<string>`to_char(date, 'YYYY-MM')`, '=', post.date.slice(0, 7))
      .executeTakeFirst();
    if (event) {
      changes.push(`event: announced ${event.date} reconciled with the roundup of ${post.date}`);
      await trx
        .updateTable('event')
        .set({ date: post.date, slug, updated_at: sql`now()` })
        .where('id', '=', event.id)
        .execute();
      event = { ...event, date: post.date, slug };
    }
  }
  let eventId: number;
  if (!event) {
    const row = await trx
      .insertInto('event')
      .values({ ...eventFields, slug, series_id: series.id, date: post.date })
      .returning('id')
      .executeTakeFirstOrThrow();
    eventId = row.id;
    changes.push(`event: created ${slug}`);
  } else {
    eventId = event.id;
    const differs = (Object.keys(eventFields) as (keyof typeof eventFields)[]).filter(
      (key) => !same(event[key], eventFields[key]),
    );
    if (differs.length) {
      await trx
        .updateTable('event')
        .set({ ...eventFields, updated_at: sql`now()` })
        .where('id', '=', eventId)
        .execute();
      changes.push(`event: ${differs.join(', ')} updated`);
    }
  }

  // Hosts.
  const hosts: { person_id: number; role: string | null; company_id: number | null; position: number }[] = [];
  for (const [i, host] of post.hosts.entries()) {
    const personId = await resolver.person(host.name, host.line);
    if (hosts.some((h) => h.person_id === personId)) continue;
    const companyId = host.company ? await resolver.company(host.company, host.line) : null;
    hosts.push({ person_id: personId, role: host.role, company_id: companyId, position: i + 1 });
  }
  const existingHosts = await trx.selectFrom('event_host').selectAll().where('event_id', '=', eventId).execute();
  addCount(
    changes,
    'hosts',
    await syncRows({
      existing: existingHosts,
      desired: hosts,
      existingKey: (row) => String(row.person_id),
      desiredKey: (row) => String(row.person_id),
      equal: (row, wanted) =>
        same(row.role, wanted.role) && same(row.company_id, wanted.company_id) && row.position === wanted.position,
      insert: async (wanted) => {
        await trx
          .insertInto('event_host')
          .values({ ...wanted, event_id: eventId })
          .execute();
      },
      update: async (row, wanted) => {
        await trx
          .updateTable('event_host')
          .set({ role: wanted.role, company_id: wanted.company_id, position: wanted.position, updated_at: sql`now()` })
          .where('event_id', '=', eventId)
          .where('person_id', '=', row.person_id)
          .execute();
      },
      remove: async (row) => {
        await trx
          .deleteFrom('event_host')
          .where('event_id', '=', eventId)
          .where('person_id', '=', row.person_id)
          .execute();
      },
    }),
  );

  // Sponsors.
  const sponsors: { company_id: number; position: number }[] = [];
  for (const sponsor of post.sponsors) {
    await yieldToEventLoop(deadline);
    const companyId = await resolver.company(sponsor.name, sponsor.line, sponsor.url);
    if (!sponsors.some((s) => s.company_id === companyId))
      sponsors.push({ company_id: companyId, position: sponsors.length + 1 });
  }
  const existingSponsors = await trx
    .selectFrom('sponsorship')
    .selectAll()
    .where('event_id', '=', eventId)
    .where('role', '=', 'sponsor')
    .execute();
  addCount(
    changes,
    'sponsors',
    await syncRows({
      existing: existingSponsors,
      desired: sponsors,
      existingKey: (row) => String(row.company_id),
      desiredKey: (row) => String(row.company_id),
      equal: (row, wanted) => row.position === wanted.position,
      insert: async (wanted) => {
        await trx
          .insertInto('sponsorship')
          .values({ ...wanted, event_id: eventId, role: 'sponsor' })
          .execute();
      },
      update: async (row, wanted) => {
        await trx
          .updateTable('sponsorship')
          .set({ position: wanted.position, updated_at: sql`now()` })
          .where('id', '=', row.id)
          .execute();
      },
      remove: async (row) => {
        await trx.deleteFrom('sponsorship').where('id', '=', row.id).execute();
      },
    }),
  );

  // Talks, by running order.
  const wantedTalks = desiredTalks(post);
  const existingTalks = await trx.selectFrom('talk').selectAll().where('event_id', '=', eventId).execute();
  addCount(
    changes,
    'talks',
    await syncRows({
      existing: existingTalks,
      desired: wantedTalks,
      existingKey: (row) => String(row.position),
      desiredKey: (row) => String(row.position),
      equal: (row, wanted) =>
        (Object.keys(wanted) as (keyof DesiredTalk)[]).every((key) => same(row[key], wanted[key])),
      insert: async (wanted) => {
        await trx
          .insertInto('talk')
          .values({ ...wanted, event_id: eventId })
          .execute();
      },
      update: async (row, wanted) => {
        await trx
          .updateTable('talk')
          .set({ ...wanted, updated_at: sql`now()` })
          .where('id', '=', row.id)
          .execute();
      },
      remove: async (row) => {
        await trx.deleteFrom('talk').where('id', '=', row.id).execute();
      },
    }),
  );
  const talkIds = new Map(
    (await trx.selectFrom('talk').select(['id', 'position']).where('event_id', '=', eventId).execute()).map((row) => [
      row.position,
      row.id,
    ]),
  );
  const speakerCounts: SyncCounts = { inserted: 0, updated: 0, deleted: 0 };
  const takeawayCounts: SyncCounts = { inserted: 0, updated: 0, deleted: 0 };
  for (const talk of post.talks) {
    const talkId = talkIds.get(talk.position);
    if (talkId === undefined) continue;
    accumulate(speakerCounts, await syncSpeakers(trx, resolver, talkId, talk));
    accumulate(takeawayCounts, await syncTakeaways(trx, talkId, talk));
    await yieldToEventLoop(deadline);
  }
  addCount(changes, 'speakers', speakerCounts);
  addCount(changes, 'takeaways', takeawayCounts);

  // The next meetup this roundup announces.
  addCount(changes, 'announcements', await syncAnnouncement(trx, resolver, post, series, eventId));

  // Provenance.
  const document = await trx
    .selectFrom('source_document')
    .selectAll()
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!document) {
    // The first roundup of this event (it may have existed as announced).
    status = 'created';
    await trx
      .insertInto('source_document')
      .values({ event_id: eventId, path: source.path, sha256: source.sha256 })
      .execute();
  } else if (document.sha256 !== source.sha256 || document.path !== source.path) {
    await trx
      .updateTable('source_document')
      .set({ path: source.path, sha256: source.sha256, imported_at: sql`now()`, updated_at: sql`now()` })
      .where('id', '=', document.id)
      .execute();
    if (document.sha256 !== source.sha256) changes.push('source: content changed');
  }

  await resolver.aliases(post);
  if (resolver.created.people.length) changes.push(`people created: ${resolver.created.people.join(', ')}`);
  if (resolver.created.companies.length) changes.push(`companies created: ${resolver.created.companies.join(', ')}`);
  if (status !== 'created' && changes.length > 0) status = 'updated';
  if (status === 'updated' && changes.length) {
    await trx.updateTable('event').set({ updated_at: sql`now()` }).where('id', '=', eventId).execute();
  }
  return {
    path: source.path,
    status,
    eventSlug: slug,
    eventId,
    changes,
    warnings: [...post.warnings, ...resolver.warnings].sort((a, b) => a.line - b.line),
  } satisfies PostImportResult;
}

function accumulate(total: SyncCounts, counts: SyncCounts): void {
  total.inserted += counts.inserted;
  total.updated += counts.updated;
  total.deleted += counts.deleted;
}

async function syncSpeakers(trx: Trx, resolver: EntityResolver, talkId: number, talk: ParsedTalk) {
  const desired: { person_id: number; company_id: number | null; position: number }[] = [];
  for (const speaker of talk.speakers) {
    const personId = await resolver.person(speaker.name, talk.line);
    if (desired.some((d) => d.person_id === personId)) continue;
    const companyId = speaker.company ? await resolver.company(speaker.company, talk.line) : null;
    desired.push({ person_id: personId, company_id: companyId, position: desired.length + 1 });
  }
  const existing = await trx.selectFrom('talk_speaker').selectAll().where('talk_id', '=', talkId).execute();
  return syncRows({
    existing,
    desired,
    existingKey: (row) => String(row.person_id),
    desiredKey: (row) => String(row.person_id),
    equal: (row, wanted) => same(row.company_id, wanted.company_id) && row.position === wanted.position,
    insert: async (wanted) => {
      await trx
        .insertInto('talk_speaker')
        .values({ ...wanted, talk_id: talkId })
        .execute();
    },
    update: async (row, wanted) => {
      await trx
        .updateTable('talk_speaker')
        .set({ company_id: wanted.company_id, position: wanted.position, updated_at: sql`now()` })
        .where('talk_id', '=', talkId)
        .where('person_id', '=', row.person_id)
        .execute();
    },
    remove: async (row) => {
      await trx
        .deleteFrom('talk_speaker')
        .where('talk_id', '=', talkId)
        .where('person_id', '=', row.person_id)
        .execute();
    },
  });
}

async function syncTakeaways(trx: Trx, talkId: number, talk: ParsedTalk) {
  const desired = talk.takeaways.map((text, i) => ({ position: i + 1, text: text.normalize('NFC').trim() }));
  const existing = await trx.selectFrom('takeaway').selectAll().where('talk_id', '=', talkId).execute();
  // Removed and new takeaways go in one statement each: the talk's search
  // document is rebuilt once for them, not once per row (quadratic for a
  // long list). Deletes first: a freed position may be reused.
  const inserts: typeof desired = [];
  const removed: number[] = [];
  const counts = await syncRows({
    existing,
    desired,
    existingKey: (row) => String(row.position),
    desiredKey: (row) => String(row.position),
    equal: (row, wanted) => row.text === wanted.text,
    insert: async (wanted) => {
      inserts.push(wanted);
    },
    update: async (row, wanted) => {
      await trx
        .updateTable('takeaway')
        .set({ text: wanted.text, updated_at: sql`now()` })
        .where('id', '=', row.id)
        .execute();
    },
    remove: async (row) => {
      removed.push(row.id);
    },
  });
  if (removed.length > 0) await trx.deleteFrom('takeaway').where('id', '=', anyId(removed)).execute();
  if (inserts.length > 0) {
    await trx
      .insertInto('takeaway')
      .values(inserts.map((wanted) => ({ ...wanted, talk_id: talkId })))
      .execute();
  }
  return counts;
}

/**
 * The "next meetup" section: an event for the announced month (ANNOUNCED
 * until its own roundup arrives) with the companies announced for it.
 */
async function syncAnnouncement(
  trx: Trx,
  resolver: EntityResolver,
  post: ParsedPost,
  series: { id: number; slug: string },
  eventId: number,
): Promise<SyncCounts> {
  const next = post.next;
  const desired: { company_id: number; position: number }[] = [];
  let targetId: number | null = null;
  if (next?.date && next.date > post.date && next.companies.length > 0) {
    for (const name of next.companies) {
      const companyId = await resolver.company(name, next.line);
      if (!desired.some((d) => d.company_id === companyId))
        desired.push({ company_id: companyId, position: desired.length + 1 });
    }
    const month = next.date.slice(0, 7);
    const sameMonth = await trx
      .selectFrom('event')
      .select(['id', 'status'])
      .where('series_id', '=', series.id)
      .where(sql<string>`to_char(date, 'YYYY-MM')`, '=', month)
      .orderBy('date')
      .executeTakeFirst();
    if (sameMonth) {
      targetId = sameMonth.id;
      if (next.rsvpUrl) {
        await trx
          .updateTable('event')
          .set({ rsvp_url: next.rsvpUrl, updated_at: sql`now()` })
          .where('id', '=', targetId)
          .where((eb) => eb.or([eb('rsvp_url', 'is', null), eb('rsvp_url', '<>', next.rsvpUrl)]))
          .execute();
      }
    } else {
      const [year, monthNumber] = month.split('-').map(Number) as [number, number];
      const seriesRow = await trx
        .selectFrom('series')
        .select('name')
        .where('id', '=', series.id)
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto('event')
        .values({
          series_id: series.id,
          date: next.date,
          slug: `${series.slug}-${next.date}`,
          title: `${seriesRow.name} ${monthName(monthNumber - 1)} ${year}`,
          status: 'ANNOUNCED',
          rsvp_url: next.rsvpUrl,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      targetId = row.id;
    }
  }
  const existing = await trx
    .selectFrom('announcement')
    .selectAll()
    .where('announced_by_event_id', '=', eventId)
    .execute();
  const counts = await syncRows({
    existing,
    desired: targetId === null ? [] : desired,
    existingKey: (row) => `${row.event_id}:${row.company_id}`,
    desiredKey: (row) => `${targetId}:${row.company_id}`,
    equal: (row, wanted) => row.position === wanted.position,
    insert: async (wanted) => {
      if (targetId === null) return;
      await trx
        .insertInto('announcement')
        .values({ ...wanted, event_id: targetId, announced_by_event_id: eventId })
        .onConflict((oc) => oc.columns(['event_id', 'company_id']).doNothing())
        .execute();
    },
    update: async (row, wanted) => {
      await trx
        .updateTable('announcement')
        .set({ position: wanted.position, updated_at: sql`now()` })
        .where('id', '=', row.id)
        .execute();
    },
    remove: async (row) => {
      await trx.deleteFrom('announcement').where('id', '=', row.id).execute();
    },
  });
  if (changed(counts)) await dropOrphanAnnouncedEvents(trx, series.id);
  return counts;
}

/** An announced event nobody announces any more, and never held, is removed. */
async function dropOrphanAnnouncedEvents(trx: Trx, seriesId: number): Promise<void> {
  await trx
    .deleteFrom('event')
    .where('series_id', '=', seriesId)
    .where('status', '=', 'ANNOUNCED')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('announcement').select('id').whereRef('announcement.event_id', '=', 'event.id'))),
    )
    .execute();
}
