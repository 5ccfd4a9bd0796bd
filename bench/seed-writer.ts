import { createHash } from 'node:crypto';
import { type InsertObject, type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/types.ts';
import { companyKey, personKey } from '../src/importer/names.ts';
import type { Dataset } from './generate.ts';

// Writes a generated Dataset with multi-row INSERTs through Kysely, table by
// table, parents first; ids of parents are read back by natural key (slug,
// or event and position for talks), never assumed from insertion order.

/** The graph's tables, children last; truncating them cascades to search documents. */
export const GRAPH_TABLES = [
  'series',
  'venue',
  'company',
  'company_alias',
  'person',
  'person_alias',
  'event',
  'talk',
  'talk_speaker',
  'takeaway',
  'sponsorship',
  'event_host',
  'announcement',
  'source_document',
] as const satisfies readonly (keyof Database)[];

/** Rows per INSERT: well under PostgreSQL's 65,535 bind parameters. */
function chunkSize(columns: number): number {
  return Math.max(1, Math.floor(20_000 / columns));
}

async function insertChunked<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly InsertObject<Database, T>[],
): Promise<void> {
  if (rows.length === 0) return;
  const size = chunkSize(Object.keys(rows[0] as object).length);
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size))
      .execute();
  }
}

async function idsBySlug(db: Kysely<Database>, table: 'series' | 'venue' | 'company' | 'person' | 'event') {
  const rows = await db.selectFrom(table).select(['id', 'slug']).execute();
  return new Map(rows.map((row) => [row.slug, row.id]));
}

function need<K, V>(map: Map<K, V>, key: K, what: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`seed: no ${what} for ${String(key)}`);
  return value;
}

/** Row counts of the graph's tables (any > 0 means the database is not empty). */
export async function tableCounts(db: Kysely<Database>): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of GRAPH_TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.count);
  }
  return counts;
}

export async function truncateGraph(db: Kysely<Database>): Promise<void> {
  // held_event_month is kept by a row trigger on event, which TRUNCATE does not fire.
  const tables = [...GRAPH_TABLES, 'held_event_month'];
  await sql`truncate table ${sql.join(tables.map((t) => sql.id(t)))} restart identity cascade`.execute(db);
}

export type Progress = (step: string, rows: number, ms: number) => void;

export async function writeDataset(db: Kysely<Database>, data: Dataset, progress: Progress = () => {}): Promise<void> {
  const step = async (name: string, rows: number, work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    progress(name, rows, performance.now() - started);
  };

  await step('series', data.series.length, () =>
    insertChunked(
      db,
      'series',
      data.series.map((s) => ({ slug: s.slug, name: s.name })),
    ),
  );
  const seriesIds = await idsBySlug(db, 'series');
  await step('venue', data.venues.length, () =>
    insertChunked(
      db,
      'venue',
      data.venues.map((v) => ({ slug: v.slug, name: v.name, address: v.address })),
    ),
  );
  const venueIds = await idsBySlug(db, 'venue');

  await step('company', data.companies.length, () =>
    insertChunked(
      db,
      'company',
      data.companies.map((c) => ({ slug: c.slug, name: c.name, website: c.website })),
    ),
  );
  const companyIds = await idsBySlug(db, 'company');
  const companyId = (index: number) => need(companyIds, data.companies[index]?.slug, 'company');
  const companyAliases = data.companies.flatMap((c) => {
    const id = need(companyIds, c.slug, 'company');
    return c.aliases.map((name) => ({ company_id: id, name, normalized: companyKey(name) }));
  });
  await step('company_alias', companyAliases.length, () => insertChunked(db, 'company_alias', companyAliases));

  await step('person', data.people.length, () =>
    insertChunked(
      db,
      'person',
      data.people.map((p) => ({ slug: p.slug, name: p.name })),
    ),
  );
  const personIds = await idsBySlug(db, 'person');
  const personId = (index: number) => need(personIds, data.people[index]?.slug, 'person');
  const personAliases = data.people.flatMap((p) => {
    const id = need(personIds, p.slug, 'person');
    return p.aliases.map((name) => ({ person_id: id, name, normalized: personKey(name) }));
  });
  await step('person_alias', personAliases.length, () => insertChunked(db, 'person_alias', personAliases));

  await step('event', data.events.length, () =>
    insertChunked(
      db,
      'event',
      data.events.map((e) => ({
        slug: e.slug,
        series_id: need(seriesIds, data.series[e.series]?.slug, 'series'),
        date: e.date,
        title: e.title,
        description: e.description,
        status: e.status,
        format: e.format,
        venue_id: e.venue === null ? null : need(venueIds, data.venues[e.venue]?.slug, 'venue'),
        attendee_count: e.attendeeCount,
        video_url: e.videoUrl,
        rsvp_url: e.rsvpUrl,
      })),
    ),
  );
  const eventIds = await idsBySlug(db, 'event');
  const eventId = (index: number) => need(eventIds, data.events[index]?.slug, 'event');

  await step('talk', data.talks.length, () =>
    insertChunked(
      db,
      'talk',
      data.talks.map((t) => ({
        event_id: eventId(t.event),
        position: t.position,
        title: t.title,
        video_url: t.videoUrl,
        video_start_seconds: t.videoStart,
        video_end_seconds: t.videoEnd,
        slides_url: t.slidesUrl,
      })),
    ),
  );
  const talkRows = await db.selectFrom('talk').select(['id', 'event_id', 'position']).execute();
  const talkIds = new Map(talkRows.map((row) => [`${row.event_id}:${row.position}`, row.id]));
  const talkId = (eventIndex: number, position: number) => need(talkIds, `${eventId(eventIndex)}:${position}`, 'talk');

  const speakers = data.talks.flatMap((t) =>
    t.speakers.map((s, i) => ({
      talk_id: talkId(t.event, t.position),
      person_id: personId(s.person),
      company_id: s.company === null ? null : companyId(s.company),
      position: i + 1,
    })),
  );
  await step('talk_speaker', speakers.length, () => insertChunked(db, 'talk_speaker', speakers));

  const takeaways = data.talks.flatMap((t) =>
    t.takeaways.map((text, i) => ({ talk_id: talkId(t.event, t.position), position: i + 1, text })),
  );
  await step('takeaway', takeaways.length, () => insertChunked(db, 'takeaway', takeaways));

  await step('sponsorship', data.sponsorships.length, () =>
    insertChunked(
      db,
      'sponsorship',
      data.sponsorships.map((s) => ({
        event_id: eventId(s.event),
        company_id: companyId(s.company),
        role: 'sponsor',
        position: s.position,
      })),
    ),
  );
  await step('event_host', data.hosts.length, () =>
    insertChunked(
      db,
      'event_host',
      data.hosts.map((h) => ({
        event_id: eventId(h.event),
        person_id: personId(h.person),
        role: h.role,
        company_id: h.company === null ? null : companyId(h.company),
        position: h.position,
      })),
    ),
  );
  await step('announcement', data.announcements.length, () =>
    insertChunked(
      db,
      'announcement',
      data.announcements.map((a) => ({
        event_id: eventId(a.event),
        company_id: companyId(a.company),
        announced_by_event_id: eventId(a.byEvent),
        position: a.position,
      })),
    ),
  );
  const held = data.events.filter((e) => e.status === 'HELD');
  await step('source_document', held.length, () =>
    insertChunked(
      db,
      'source_document',
      held.map((e) => ({
        path: `synthetic/${e.slug}.md`,
        sha256: createHash('sha256').update(e.slug).digest('hex'),
        event_id: need(eventIds, e.slug, 'event'),
      })),
    ),
  );
  // Fresh statistics, so the first benchmark run plans like every later one,
  // and a vacuum: the visibility map makes index-only scans index-only, even
  // on a server (or PGlite) where autovacuum does not run.
  await step('vacuum', 0, async () => {
    await sql`vacuum (analyze)`.execute(db);
  });
}
