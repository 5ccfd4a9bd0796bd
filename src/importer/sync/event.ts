import { sql } from 'kysely';
import type { EventFormat, EventTable } from '../../db/types.ts';
import { findOrCreateSeries, findOrCreateVenue, type Trx } from '../import.repository.ts';
import { cleanName, slugify } from '../names.ts';
import { seriesName } from '../parse/vocabulary.ts';
import type { ParsedPost } from '../parsed-post.types.ts';
import { type SyncContext, same } from './context.ts';

// The event a post describes: found by series and day (else the one this
// file was imported as, when a curator moved its date; else the meetup
// announced for that month), created when new, its own fields updated from
// the post except those a curator set.

/** A post whose event cannot be determined (only a month, and no single meetup in it). */
export class UnplaceablePostError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnplaceablePostError';
  }
}

export const DEFAULT_SERIES = 'Cloud Native London';

/** The series a post's title names (the parser's one series-name rule), else `fallback`. */
export function seriesNameFromTitle(title: string, fallback: string): string {
  return cleanName(seriesName(title)) || fallback;
}

/** The event columns a post sets. */
export type EventFields = Pick<
  EventTable,
  'title' | 'description' | 'format' | 'venue_id' | 'attendee_count' | 'video_url'
> & { status: 'HELD' };

export const EVENT_FIELD_KEYS = [
  'title',
  'description',
  'status',
  'format',
  'venue_id',
  'attendee_count',
  'video_url',
] as const satisfies readonly (keyof EventFields)[];

export interface PlacedEvent {
  eventId: number;
  slug: string;
  series: { id: number; slug: string };
  /** The post with its date on a day. */
  post: ParsedPost;
}

/** What the post says of the event's own fields. */
export async function postEventFields(trx: Trx, post: ParsedPost): Promise<EventFields> {
  const venueId = post.venue ? await findOrCreateVenue(trx, cleanName(post.venue), slugify(post.venue)) : null;
  return {
    title: cleanName(post.title),
    description: post.description,
    status: 'HELD',
    format: post.format as EventFormat,
    venue_id: venueId,
    attendee_count: post.attendeeCount,
    video_url: post.videoUrl,
  };
}

async function placeOnDay(trx: Trx, post: ParsedPost, seriesId: number, seriesTitle: string): Promise<ParsedPost> {
  if (post.datePrecision !== 'month') return post;
  // A draft that names only its month updates that month's meetup.
  const sameMonth = await trx
    .selectFrom('event')
    .select('date')
    .where('series_id', '=', seriesId)
    .where(sql<string>`to_char(date, 'YYYY-MM')`, '=', post.date.slice(0, 7))
    .orderBy('date')
    .execute();
  if (sameMonth.length !== 1 || !sameMonth[0]) {
    throw new UnplaceablePostError(
      `the post gives only its month (${post.date.slice(0, 7)}) and ${sameMonth.length === 0 ? 'no' : 'more than one'} ` +
        `${seriesTitle} meetup of that month is in the graph to match it to`,
    );
  }
  return { ...post, date: sameMonth[0].date, datePrecision: 'day' };
}

/**
 * Finds or creates the post's event and returns it locked (`for update`):
 * a curator's write to this meetup waits for the import, or the import for
 * it (curator mutations lock the same row first).
 */
export async function placeEvent(
  trx: Trx,
  parsed: ParsedPost,
  path: string,
  defaultSeries: string,
  changes: string[],
): Promise<PlacedEvent & { existed: boolean }> {
  const seriesTitle = seriesNameFromTitle(parsed.title, defaultSeries);
  const series = await findOrCreateSeries(trx, seriesTitle, slugify(seriesTitle));
  const post = await placeOnDay(trx, parsed, series.id, seriesTitle);
  const slug = `${series.slug}-${post.date}`;
  const byDay = await trx
    .selectFrom('event')
    .select(['id', 'slug'])
    .where('series_id', '=', series.id)
    .where('date', '=', post.date)
    .forUpdate()
    .executeTakeFirst();
  if (byDay) return { eventId: byDay.id, slug: byDay.slug, series, post, existed: true };
  // A curator moved the meetup's date: the event this file was imported as.
  const moved = await trx
    .selectFrom('source_document')
    .innerJoin('event', 'event.id', 'source_document.event_id')
    .innerJoin('curated_fact', (join) =>
      join
        .onRef('curated_fact.entity_id', '=', 'event.id')
        .on('curated_fact.entity_type', '=', 'Event')
        .on('curated_fact.fact', '=', 'date'),
    )
    .select(['event.id', 'event.slug'])
    .where('source_document.path', '=', path)
    .where('event.series_id', '=', series.id)
    .forUpdate()
    .executeTakeFirst();
  if (moved) return { eventId: moved.id, slug: moved.slug, series, post, existed: true };
  // The announced day can be wrong: the meetup announced for the same month.
  const announced = await trx
    .selectFrom('event')
    .select(['id', 'date'])
    .where('series_id', '=', series.id)
    .where('status', '=', 'ANNOUNCED')
    .where(sql<string>`to_char(date, 'YYYY-MM')`, '=', post.date.slice(0, 7))
    .forUpdate()
    .executeTakeFirst();
  if (announced) {
    changes.push(`event: announced ${announced.date} reconciled with the roundup of ${post.date}`);
    await trx
      .updateTable('event')
      .set({ date: post.date, slug, updated_at: sql`now()` })
      .where('id', '=', announced.id)
      .execute();
    return { eventId: announced.id, slug, series, post, existed: true };
  }
  const fields = await postEventFields(trx, post);
  const row = await trx
    .insertInto('event')
    .values({ ...fields, slug, series_id: series.id, date: post.date })
    .returning('id')
    .executeTakeFirstOrThrow();
  changes.push(`event: created ${slug}`);
  return { eventId: row.id, slug, series, post, existed: false };
}

/** Makes the event's own fields say what the post says, except those `keep` names (curated). */
export async function syncEventFields(
  trx: Trx,
  eventId: number,
  wanted: EventFields,
  changes: string[],
  keep: (field: keyof EventFields, postValue: unknown, current: unknown) => boolean = () => false,
): Promise<void> {
  const current = await trx
    .selectFrom('event')
    .select(EVENT_FIELD_KEYS)
    .where('id', '=', eventId)
    .executeTakeFirstOrThrow();
  const patch: Partial<EventFields> = {};
  for (const key of EVENT_FIELD_KEYS) {
    if (keep(key, wanted[key], current[key])) continue;
    if (!same(current[key], wanted[key])) Object.assign(patch, { [key]: wanted[key] });
  }
  const differs = Object.keys(patch);
  if (differs.length === 0) return;
  await trx
    .updateTable('event')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', eventId)
    .execute();
  changes.push(`event: ${differs.join(', ')} updated`);
}

/** The API's name of each event field a post sets: the name of its curated fact. */
export const EVENT_FACTS = {
  title: 'title',
  description: 'description',
  status: 'status',
  format: 'format',
  venue_id: 'venue',
  attendee_count: 'attendeeCount',
  video_url: 'videoUrl',
} as const satisfies Record<keyof EventFields, string>;

/** The event's fields from the post, except the curated ones (kept, a difference reported). */
export async function applyEventFields(ctx: SyncContext, fields: EventFields): Promise<void> {
  const kept = new Set<keyof EventFields>();
  for (const key of EVENT_FIELD_KEYS) {
    const curated = ctx.curated.get('Event', ctx.eventId, EVENT_FACTS[key]);
    if (!curated) continue;
    kept.add(key);
    await ctx.curated.observe(curated, fields[key], `event ${EVENT_FACTS[key]}`);
  }
  await syncEventFields(ctx.trx, ctx.eventId, fields, ctx.changes, (key) => kept.has(key));
}
