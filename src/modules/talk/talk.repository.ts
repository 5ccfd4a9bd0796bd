import { type Kysely, type RawBuilder, sql } from 'kysely';
import {
  anyId,
  columnsJson,
  countsByOwner,
  type OwnerWindow,
  pagedByOwner,
  pageJsonOf,
  type RowRange,
} from '../../db/sql.ts';
import type { Database, EventRow, TalkRow } from '../../db/types.ts';
import { type CompanyNode, companyJson } from '../company/company.repository.ts';
import { eventJson } from '../event/event.repository.ts';
import { type PersonNode, personJson } from '../person/person.repository.ts';

export interface TalkFilter {
  from?: string | null;
  to?: string | null;
  /** Person slug: one of the speakers. */
  speaker?: string | null;
  /** Company slug: a speaker was billed with it. */
  company?: string | null;
}

export type Direction = 'ASC' | 'DESC';

/** A talk as the API serves it: its row and its takeaways, in one statement. */
export interface TalkNode extends TalkRow {
  takeaways: string[];
  /** Present when the talk came as JSON in its meetup's statement with its speakers (talksJsonOf). */
  speaker_edges?: SpeakerEdge[];
}

const TALK_COLUMNS = [
  'id',
  'event_id',
  'position',
  'title',
  'video_url',
  'video_start_seconds',
  'video_end_seconds',
  'slides_url',
] as const satisfies readonly (keyof TalkRow)[];

/** The talk columns of `alias`, for raw SQL. */
function talkColumns(alias: string) {
  return sql.join(TALK_COLUMNS.map((column) => sql.ref(`${alias}.${column}`)));
}

/** The takeaways of the talk whose id is `talkId`, in order (an empty array when none). */
function takeawaysOf(talkId: string) {
  return sql<string[]>`coalesce((select json_agg(tk.text order by tk.position) from takeaway tk
    where tk.talk_id = ${sql.ref(talkId)}), '[]'::json)`;
}

/** What every talk read selects: the columns and the takeaways. */
const talkSelection = () => [
  ...TALK_COLUMNS.map((column) => `talk.${column}` as const),
  takeawaysOf('talk.id').as('takeaways'),
];

function selectTalks(db: Kysely<Database>) {
  return db.selectFrom('talk').select(talkSelection());
}

export function talksByIds(db: Kysely<Database>, ids: readonly number[]): Promise<TalkNode[]> {
  return selectTalks(db).where('talk.id', '=', anyId(ids)).execute();
}

/**
 * The talks of the meetup whose id is `eventId` in running order, as one JSON
 * value (TalkNode[] once parsed, the same as talksByEventIds' rows), with
 * each talk's speakers when `withSpeakers`: for lists built in the meetup's
 * own statement.
 */
export function talksJsonOf(eventId: string, withSpeakers: boolean): RawBuilder<TalkNode[]> {
  const extra = [sql`'takeaways', ${takeawaysOf('t.id')}`];
  if (withSpeakers) extra.push(sql`'speaker_edges', ${speakersJsonOf('t.id')}`);
  return sql<TalkNode[]>`coalesce((select json_agg(${columnsJson('t', TALK_COLUMNS, extra)} order by t.position)
    from talk t where t.event_id = ${sql.ref(eventId)}), '[]'::json)`;
}

/** The speakers of the talk whose id is `talkId` in order, as one JSON value (SpeakerEdge[] once parsed). */
function speakersJsonOf(talkId: string): RawBuilder<SpeakerEdge[]> {
  return sql<SpeakerEdge[]>`coalesce((select json_agg(json_build_object('talk_id', ts.talk_id,
      'person', ${personJson('p')}, 'company', ${companyJson('c')}) order by ts.position)
    from talk_speaker ts join person p on p.id = ts.person_id left join company c on c.id = ts.company_id
    where ts.talk_id = ${sql.ref(talkId)}), '[]'::json)`;
}

export function talksByEventIds(db: Kysely<Database>, eventIds: readonly number[]): Promise<TalkNode[]> {
  return selectTalks(db).where('event_id', '=', anyId(eventIds)).orderBy('event_id').orderBy('position').execute();
}

export interface SpeakerEdge {
  talk_id: number;
  person: PersonNode;
  /** The company the speaker was billed with at this talk. */
  company: CompanyNode | null;
}

/** Speakers of the given talks with person and billed company joined in: one statement. */
export function speakersByTalkIds(db: Kysely<Database>, talkIds: readonly number[]): Promise<SpeakerEdge[]> {
  return db
    .selectFrom('talk_speaker as ts')
    .innerJoin('person as p', 'p.id', 'ts.person_id')
    .leftJoin('company as c', 'c.id', 'ts.company_id')
    .select(['ts.talk_id', personJson('p').as('person'), companyJson('c').as('company')])
    .where('ts.talk_id', '=', anyId(talkIds))
    .orderBy('ts.talk_id')
    .orderBy('ts.position')
    .execute();
}

function filtered(db: Kysely<Database>, filter: TalkFilter) {
  let query = db.selectFrom('talk').innerJoin('event', 'event.id', 'talk.event_id');
  if (filter.from) query = query.where('event.date', '>=', filter.from);
  if (filter.to) query = query.where('event.date', '<=', filter.to);
  if (filter.speaker) {
    const slug = filter.speaker;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('talk_speaker')
          .innerJoin('person', 'person.id', 'talk_speaker.person_id')
          .whereRef('talk_speaker.talk_id', '=', 'talk.id')
          .where('person.slug', '=', slug)
          .select(sql`1`.as('one')),
      ),
    );
  }
  if (filter.company) {
    const slug = filter.company;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('talk_speaker')
          .innerJoin('company', 'company.id', 'talk_speaker.company_id')
          .whereRef('talk_speaker.talk_id', '=', 'talk.id')
          .where('company.slug', '=', slug)
          .select(sql`1`.as('one')),
      ),
    );
  }
  return query;
}

export function listTalks(
  db: Kysely<Database>,
  filter: TalkFilter,
  direction: Direction,
  offset: number,
  limit: number,
): Promise<TalkNode[]> {
  const dir = direction === 'ASC' ? 'asc' : 'desc';
  return filtered(db, filter)
    .select(talkSelection())
    .orderBy('event.date', dir)
    .orderBy('talk.position', dir)
    .orderBy('talk.id', dir)
    .offset(offset)
    .limit(limit)
    .execute();
}

export async function countTalks(db: Kysely<Database>, filter: TalkFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface SpeakerTalkRow extends TalkNode {
  person_id: number;
  /** The company the person was billed with at this talk. */
  billed_company: CompanyNode | null;
  /** The talk's meetup (1:1), to prime the event loader. */
  event_row: EventRow;
}

/** A person's talks numbered newest or oldest first (`rn`), for the people `owner` matches (raw SQL on `ts.person_id`). */
function numberedTalksOfPeople(owner: RawBuilder<unknown>, direction: Direction): RawBuilder<unknown> {
  const dir = direction === 'ASC' ? sql`asc` : sql`desc`;
  return sql`
      select ts.person_id as owner_id, ${talkColumns('t')}, ts.person_id, ts.company_id as billed_company_id,
             row_number() over (partition by ts.person_id order by e.date ${dir}, t.position ${dir}, t.id ${dir}) as rn
      from talk_speaker ts
      join talk t on t.id = ts.talk_id
      join event e on e.id = t.event_id
      where ts.person_id ${owner}`;
}

/** Takeaways, billed company and event, for the page's rows only. */
const SPEAKER_TALK_EXTRA = sql`${takeawaysOf('counted.id')} as takeaways,
      (select ${companyJson('c')} from company c where c.id = counted.billed_company_id) as billed_company,
      (select ${eventJson('e')} from event e where e.id = counted.event_id) as event_row`;

/**
 * One page of talks for each of several people in one statement: a window
 * function numbers each person's talks, and each person's window cuts them.
 */
export async function talksPageByPersonIds(
  db: Kysely<Database>,
  windows: readonly OwnerWindow[],
  direction: Direction,
): Promise<SpeakerTalkRow[]> {
  const owners = windows.map((w) => w.ownerId);
  const numbered = numberedTalksOfPeople(sql`= any(${owners}::bigint[])`, direction);
  return pagedByOwner<SpeakerTalkRow>(db, numbered, windows, SPEAKER_TALK_EXTRA);
}

/** The name of a person's talks connection in `direction`, under which the person's statement primes a page. */
export function personTalksName(direction: Direction): string {
  return `person:talks:${direction}`;
}

/**
 * The page of talks of the person whose id is `personId` (a column of the
 * outer statement) as one JSON value: talksPageByPersonIds' rows for this
 * window, built in the person's own statement.
 */
export function talksPageJsonOf(personId: string, rows: RowRange, direction: Direction): RawBuilder<SpeakerTalkRow[]> {
  return pageJsonOf<SpeakerTalkRow>(
    numberedTalksOfPeople(sql`= ${sql.ref(personId)}`, direction),
    rows,
    SPEAKER_TALK_EXTRA,
  );
}

export async function talkCountsByPersonIds(
  db: Kysely<Database>,
  personIds: readonly number[],
): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('talk_speaker')
    .select(['person_id as owner_id', (eb) => eb.fn.countAll<number>().as('count')])
    .where('person_id', '=', anyId(personIds))
    .groupBy('person_id')
    .execute();
  return countsByOwner(rows);
}

export interface CompanyTalkRow extends TalkNode {
  owner_id: number;
}

/** One page of the talks a speaker gave billed with each of several companies, in one statement. */
export async function talksPageByCompanyIds(
  db: Kysely<Database>,
  windows: readonly OwnerWindow[],
  direction: Direction,
): Promise<CompanyTalkRow[]> {
  const dir = direction === 'ASC' ? sql`asc` : sql`desc`;
  const owners = windows.map((w) => w.ownerId);
  const numbered = sql`
      select ${talkColumns('t')}, billed.company_id as owner_id,
             row_number() over (partition by billed.company_id order by e.date ${dir}, t.position ${dir}, t.id ${dir}) as rn
      from (select distinct company_id, talk_id from talk_speaker where company_id = any(${owners}::bigint[])) billed
      join talk t on t.id = billed.talk_id
      join event e on e.id = t.event_id`;
  return pagedByOwner<CompanyTalkRow>(db, numbered, windows, sql`${takeawaysOf('counted.id')} as takeaways`);
}

export async function talkCountsByCompanyIds(
  db: Kysely<Database>,
  companyIds: readonly number[],
): Promise<Map<number, number>> {
  const rows = await sql<{ owner_id: number; count: number }>`
    select company_id as owner_id, count(distinct talk_id)::int as count from talk_speaker
    where company_id = any(${[...companyIds]}::bigint[]) group by company_id`.execute(db);
  return countsByOwner(rows.rows);
}

export interface CompanySpeakerRow {
  owner_id: number;
  person: PersonNode;
  talk_count: number;
  first_date: string;
  last_date: string;
}

/** One page of the people who spoke billed with each of several companies (by name), in one statement. */
export async function speakersPageByCompanyIds(
  db: Kysely<Database>,
  windows: readonly OwnerWindow[],
): Promise<CompanySpeakerRow[]> {
  const owners = windows.map((w) => w.ownerId);
  const numbered = sql`
      select billed.company_id as owner_id, ${personJson('p')} as person,
             billed.talk_count, billed.first_date, billed.last_date,
             row_number() over (partition by billed.company_id order by p.name, p.id) as rn
      from (
        select ts.company_id, ts.person_id, count(*)::int as talk_count, min(e.date) as first_date, max(e.date) as last_date
        from talk_speaker ts join talk t on t.id = ts.talk_id join event e on e.id = t.event_id
        where ts.company_id = any(${owners}::bigint[])
        group by ts.company_id, ts.person_id
      ) billed
      join person p on p.id = billed.person_id`;
  return pagedByOwner<CompanySpeakerRow>(db, numbered, windows);
}

export async function speakerCountsByCompanyIds(
  db: Kysely<Database>,
  companyIds: readonly number[],
): Promise<Map<number, number>> {
  const rows = await sql<{ owner_id: number; count: number }>`
    select company_id as owner_id, count(distinct person_id)::int as count from talk_speaker
    where company_id = any(${[...companyIds]}::bigint[]) group by company_id`.execute(db);
  return countsByOwner(rows.rows);
}

// Writes (the curation API). Each takes the mutation's transaction.

export interface TalkSnapshot extends Omit<TalkNode, 'speaker_edges'> {
  speakers: { person_id: number; company_id: number | null }[];
}

export async function talkSnapshot(db: Kysely<Database>, id: number): Promise<TalkSnapshot | undefined> {
  const [talk] = await talksByIds(db, [id]);
  if (!talk) return undefined;
  const speakers = await db
    .selectFrom('talk_speaker')
    .select(['person_id', 'company_id'])
    .where('talk_id', '=', id)
    .orderBy('position')
    .execute();
  return { ...talk, speakers };
}

export type TalkPatch = Partial<
  Pick<TalkRow, 'position' | 'title' | 'video_url' | 'video_start_seconds' | 'video_end_seconds' | 'slides_url'>
>;

export async function nextTalkPosition(db: Kysely<Database>, eventId: number): Promise<number> {
  const row = await db
    .selectFrom('talk')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export async function insertTalk(
  db: Kysely<Database>,
  values: TalkPatch & { event_id: number; position: number },
): Promise<number> {
  const row = await db.insertInto('talk').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateTalk(db: Kysely<Database>, id: number, patch: TalkPatch): Promise<void> {
  await db
    .updateTable('talk')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

export async function replaceSpeakers(
  db: Kysely<Database>,
  talkId: number,
  speakers: readonly { personId: number; companyId: number | null }[],
): Promise<void> {
  await db.deleteFrom('talk_speaker').where('talk_id', '=', talkId).execute();
  if (speakers.length === 0) return;
  await db
    .insertInto('talk_speaker')
    .values(
      speakers.map((s, i) => ({ talk_id: talkId, person_id: s.personId, company_id: s.companyId, position: i + 1 })),
    )
    .execute();
}

export async function replaceTakeaways(db: Kysely<Database>, talkId: number, texts: readonly string[]): Promise<void> {
  await db.deleteFrom('takeaway').where('talk_id', '=', talkId).execute();
  if (texts.length === 0) return;
  await db
    .insertInto('takeaway')
    .values(texts.map((text, i) => ({ talk_id: talkId, position: i + 1, text })))
    .execute();
}

export async function deleteTalk(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('talk').where('id', '=', id).execute();
}
