import { type AliasedRawBuilder, type Kysely, type RawBuilder, sql } from 'kysely';
import { anyId, columnsJson } from '../../db/sql.ts';
import { recordKey, shapedStatement } from '../../db/statement-shapes.ts';
import type { Database, EventFormat, EventRow, EventStatus, VenueRow } from '../../db/types.ts';
import { type CompanyNode, companyJson } from '../company/company.repository.ts';
import { type PersonNode, personJson } from '../person/person.repository.ts';
import { venueOf } from '../venue/venue.repository.ts';

export interface EventFilter {
  from?: string | null;
  to?: string | null;
  status?: EventStatus | null;
  format?: EventFormat | null;
  /** Series slug. */
  series?: string | null;
  /** Company slug: sponsored it, or a speaker or host was billed with it. */
  company?: string | null;
  /** Person slug: spoke at it or hosted it. */
  person?: string | null;
  venue?: string | null;
}

export interface EventOrder {
  direction: 'ASC' | 'DESC';
}

/** The columns an EventRow holds (all but the bookkeeping timestamps). */
export const EVENT_COLUMNS = [
  'id',
  'slug',
  'series_id',
  'date',
  'title',
  'description',
  'status',
  'format',
  'venue_id',
  'attendee_count',
  'video_url',
  'rsvp_url',
] as const satisfies readonly (keyof EventRow)[];

/** What every event read selects: the columns and the venue (1:1). */
const eventSelection = () => [
  ...EVENT_COLUMNS.map((column) => `event.${column}` as const),
  venueOf('event.venue_id').as('venue'),
];

/**
 * An event row as JSON with its venue, the same shape as EventNode once
 * parsed (ids are numbers and dates 'YYYY-MM-DD' in JSON too): for rows that
 * come with another entity's, to prime the event loader.
 */
export function eventJson(alias: string): RawBuilder<EventNode> {
  return columnsJson<EventNode>(alias, EVENT_COLUMNS, [sql`'venue', ${venueOf(`${alias}.venue_id`)}`]);
}

/** An event with its venue (1:1) joined in; rows from elsewhere may lack it. */
export interface EventNode extends EventRow {
  venue?: VenueRow | null;
}

/** Select-list expressions added to an event read (the nested lists of event-lists.repository.ts). */
export type EventExtras = readonly AliasedRawBuilder<unknown, string>[];

function selectEvents(db: Kysely<Database>, extras: EventExtras = []) {
  const query = db.selectFrom('event').select(eventSelection());
  return extras.length ? query.select(extras) : query;
}

export function eventsByIds(db: Kysely<Database>, ids: readonly number[]): Promise<EventNode[]> {
  return selectEvents(db).where('id', '=', anyId(ids)).execute();
}

/** The statement reading the meetup whose slug is `slug`, with `extras` in its select list. */
export function eventBySlugQuery(db: Kysely<Database>, slug: string, extras: EventExtras = []) {
  return selectEvents(db, extras).where('slug', '=', slug);
}

function filtered(db: Kysely<Database>, filter: EventFilter) {
  let query = db.selectFrom('event');
  if (filter.from) query = query.where('event.date', '>=', filter.from);
  if (filter.to) query = query.where('event.date', '<=', filter.to);
  if (filter.status) query = query.where('event.status', '=', filter.status);
  if (filter.format) query = query.where('event.format', '=', filter.format);
  if (filter.series) {
    const slug = filter.series;
    query = query.where('event.series_id', 'in', (q) =>
      q.selectFrom('series').select('series.id').where('series.slug', '=', slug),
    );
  }
  if (filter.venue) {
    const slug = filter.venue;
    query = query.where('event.venue_id', 'in', (q) =>
      q.selectFrom('venue').select('venue.id').where('venue.slug', '=', slug),
    );
  }
  if (filter.company) {
    const companyIds = db.selectFrom('company').select('company.id').where('company.slug', '=', filter.company);
    query = query.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('sponsorship')
            .whereRef('sponsorship.event_id', '=', 'event.id')
            .where('sponsorship.company_id', 'in', companyIds)
            .select(sql`1`.as('one')),
        ),
        eb.exists(
          eb
            .selectFrom('talk')
            .innerJoin('talk_speaker', 'talk_speaker.talk_id', 'talk.id')
            .whereRef('talk.event_id', '=', 'event.id')
            .where('talk_speaker.company_id', 'in', companyIds)
            .select(sql`1`.as('one')),
        ),
        eb.exists(
          eb
            .selectFrom('event_host')
            .whereRef('event_host.event_id', '=', 'event.id')
            .where('event_host.company_id', 'in', companyIds)
            .select(sql`1`.as('one')),
        ),
      ]),
    );
  }
  if (filter.person) {
    const personIds = db.selectFrom('person').select('person.id').where('person.slug', '=', filter.person);
    query = query.where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom('talk')
            .innerJoin('talk_speaker', 'talk_speaker.talk_id', 'talk.id')
            .whereRef('talk.event_id', '=', 'event.id')
            .where('talk_speaker.person_id', 'in', personIds)
            .select(sql`1`.as('one')),
        ),
        eb.exists(
          eb
            .selectFrom('event_host')
            .whereRef('event_host.event_id', '=', 'event.id')
            .where('event_host.person_id', 'in', personIds)
            .select(sql`1`.as('one')),
        ),
      ]),
    );
  }
  return query;
}

/**
 * The filter's conditions that apply (filtered() skips the empty ones: the
 * same rows, fewer shapes), and the names of those conditions as a key.
 */
function applying(filter: EventFilter): { conditions: EventFilter; key: string } {
  const conditions = Object.fromEntries(Object.entries(filter).filter(([, value]) => Boolean(value)));
  return { conditions, key: Object.keys(conditions).sort().join(',') };
}

/**
 * What a list's statement text depends on: which conditions apply, the
 * order, the lists it builds and whether its rows carry the total.
 */
interface EventListShape {
  conditions: string;
  direction: EventOrder['direction'];
  lists: string;
  extras: EventExtras;
  withTotal: boolean;
}

// The total is a window over the filtered rows, computed before the page is cut; PostgreSQL
// still evaluates the lists' subqueries for the page's rows only (after the sort and limit).
const TOTAL = sql<number>`count(*) over ()`.as('total_count');

const listEventsStatement = shapedStatement(
  ({ conditions, direction, lists, withTotal }: EventListShape) =>
    recordKey({ conditions, direction, lists, withTotal }),
  (db, shape, values: EventFilter & { offset: number; limit: number }) => {
    const { offset, limit, ...filter } = values;
    const query = filtered(db, filter).select([...eventSelection(), ...(shape.withTotal ? [TOTAL] : [])]);
    return (shape.extras.length ? query.select(shape.extras) : query)
      .orderBy('event.date', shape.direction === 'ASC' ? 'asc' : 'desc')
      .orderBy('event.id', shape.direction === 'ASC' ? 'asc' : 'desc')
      .offset(offset)
      .limit(limit);
  },
);

/** How listEvents builds its page: the extras in its select list, named by `lists`, and whether rows carry the total. */
export interface EventPageOptions {
  lists: string;
  extras: EventExtras;
  /** Each row carries `total_count`, the number of meetups the filter matches (as countEvents). */
  withTotal: boolean;
}

/** A page of meetups (the statement is built once per conditions, order and options). */
export async function listEvents(
  db: Kysely<Database>,
  filter: EventFilter,
  order: EventOrder,
  offset: number,
  limit: number,
  options: EventPageOptions = { lists: '', extras: [], withTotal: false },
): Promise<(EventNode & { total_count?: number })[]> {
  const { conditions, key } = applying(filter);
  const shape = { conditions: key, direction: order.direction, ...options };
  return (await listEventsStatement(db, shape, { ...conditions, offset, limit })).rows as EventNode[];
}

const countEventsStatement = shapedStatement(
  (conditions: string) => conditions,
  (db, _conditions, filter: EventFilter) => filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('count')),
);

export async function countEvents(db: Kysely<Database>, filter: EventFilter): Promise<number> {
  const { conditions, key } = applying(filter);
  const result = await countEventsStatement(db, key, conditions);
  return Number(result.rows[0]?.count ?? 0);
}

export interface AdjacentEvents {
  id: number;
  previous: EventNode | null;
  next: EventNode | null;
}

/** The meetup before (`'previous'`) or after (`'next'`) the event at alias `e` in its series, as JSON (null at the end). */
export function adjacentJsonOf(e: string, side: 'previous' | 'next'): RawBuilder<EventNode | null> {
  const ref = sql.ref(e);
  return side === 'previous'
    ? sql`(select ${eventJson('p')} from event p where p.series_id = ${ref}.series_id and p.date < ${ref}.date
        order by p.date desc limit 1)`
    : sql`(select ${eventJson('n')} from event n where n.series_id = ${ref}.series_id and n.date > ${ref}.date
        order by n.date limit 1)`;
}

/** The meetups before and after each event in its series (one index probe each way), as rows. */
export async function adjacentEvents(db: Kysely<Database>, ids: readonly number[]): Promise<AdjacentEvents[]> {
  const result = await sql<AdjacentEvents>`
    select e.id, ${adjacentJsonOf('e', 'previous')} as previous, ${adjacentJsonOf('e', 'next')} as next
    from event e
    where e.id = any(${[...ids]}::bigint[])`.execute(db);
  return result.rows;
}

export interface HostEdge {
  event_id: number;
  role: string | null;
  person: PersonNode;
  /** The company the role names, if any. */
  company: CompanyNode | null;
}

/** Hosts of the given events with each person and company joined in: one statement. */
export function hostsByEventIds(db: Kysely<Database>, eventIds: readonly number[]): Promise<HostEdge[]> {
  return db
    .selectFrom('event_host as h')
    .innerJoin('person as p', 'p.id', 'h.person_id')
    .leftJoin('company as c', 'c.id', 'h.company_id')
    .select(['h.event_id', 'h.role', personJson('p').as('person'), companyJson('c').as('company')])
    .where('h.event_id', '=', anyId(eventIds))
    .orderBy('h.event_id')
    .orderBy('h.position')
    .execute();
}

/** The hosts of the event whose id is `eventId` in order, as one JSON value (hostsByEventIds' rows). */
export function hostsJsonOf(eventId: string): RawBuilder<HostEdge[]> {
  return sql<HostEdge[]>`coalesce((select json_agg(json_build_object('event_id', h.event_id, 'role', h.role,
      'person', ${personJson('p')}, 'company', ${companyJson('c')}) order by h.position)
    from event_host h join person p on p.id = h.person_id left join company c on c.id = h.company_id
    where h.event_id = ${sql.ref(eventId)}), '[]'::json)`;
}

export function sourceDocumentsByEventIds(db: Kysely<Database>, eventIds: readonly number[]) {
  return db
    .selectFrom('source_document')
    .select(['event_id', 'path', 'sha256', 'imported_at'])
    .where('event_id', '=', anyId(eventIds))
    .execute();
}

// Writes (the curation API). Each takes the mutation's transaction.

export type EventPatch = Partial<
  Pick<
    EventRow,
    | 'date'
    | 'title'
    | 'description'
    | 'status'
    | 'format'
    | 'venue_id'
    | 'attendee_count'
    | 'video_url'
    | 'rsvp_url'
    | 'slug'
  >
>;

export async function insertEvent(
  db: Kysely<Database>,
  values: EventPatch & { series_id: number; date: string; title: string; slug: string },
): Promise<number> {
  const row = await db.insertInto('event').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateEvent(db: Kysely<Database>, id: number, patch: EventPatch): Promise<void> {
  await db
    .updateTable('event')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Deletes the event; its talks, takeaways, hosts, sponsorships and announcements go with it (cascades). */
export async function deleteEvent(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('event').where('id', '=', id).execute();
}

export function seriesById(db: Kysely<Database>, id: number) {
  return db.selectFrom('series').select(['id', 'slug', 'name']).where('id', '=', id).executeTakeFirst();
}

export function seriesForNewEvent(db: Kysely<Database>, slug: string | null | undefined) {
  let query = db.selectFrom('series').select(['id', 'slug', 'name']);
  if (slug) query = query.where('slug', '=', slug);
  return query.orderBy('id').limit(2).execute();
}
