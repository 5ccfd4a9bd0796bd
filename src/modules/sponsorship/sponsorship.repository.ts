import { type Kysely, type RawBuilder, sql } from 'kysely';
import { anyId, columnsJson, countsByOwner, type JsonRow, type OwnerWindow, pagedByOwner } from '../../db/sql.ts';
import { readingSponsorshipsOf } from '../../db/sql-trace.ts';
import type { Database, EventRow, SponsorshipRow } from '../../db/types.ts';
import { type CompanyNode, companyJson } from '../company/company.repository.ts';
import { eventJson } from '../event/event.repository.ts';

/** A sponsorship with its company joined in (a 1:1 edge needs no second query). */
export interface SponsorshipNode extends SponsorshipRow {
  company: CompanyNode;
}

/** Lookups by id or by event: no event column is needed, so no join with it. */
function selectSponsorships(db: Kysely<Database>) {
  return db
    .selectFrom('sponsorship')
    .innerJoin('company as c', 'c.id', 'sponsorship.company_id')
    .selectAll('sponsorship')
    .select(companyJson('c').$castTo<CompanyNode>().as('company'));
}

export interface SponsorshipFilter {
  from?: string | null;
  to?: string | null;
  /** Company slug. */
  company?: string | null;
}

export type Direction = 'ASC' | 'DESC';

export function sponsorshipsByIds(db: Kysely<Database>, ids: readonly number[]): Promise<SponsorshipNode[]> {
  return selectSponsorships(db).where('sponsorship.id', '=', anyId(ids)).execute();
}

/**
 * The sponsorship, row-locked (`for update`) and read in one statement;
 * undefined when there is none. Its company is a subquery, not a join: a row
 * locked after a wait is read again as the other transaction left it, and a
 * join would be checked against the company it had before (a merge moves
 * sponsorships to another company), dropping the row.
 */
export function lockedSponsorship(db: Kysely<Database>, id: number): Promise<SponsorshipNode | undefined> {
  return db
    .selectFrom('sponsorship')
    .selectAll('sponsorship')
    .select((eb) =>
      eb
        .selectFrom('company as c')
        .whereRef('c.id', '=', 'sponsorship.company_id')
        .select(companyJson('c').$castTo<CompanyNode>().as('company'))
        .$asScalar()
        .$notNull()
        .as('company'),
    )
    .where('sponsorship.id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** A sponsorship as it comes in its meetup's statement: the served columns and the company. */
export type EmbeddedSponsorship = Omit<SponsorshipNode, 'created_at' | 'updated_at'>;

const SPONSORSHIP_COLUMNS = ['id', 'event_id', 'company_id', 'role', 'position'] as const;

/**
 * The sponsorships of the meetup whose id is `eventId` in the roundup's
 * order, as one JSON value (the order and served fields of
 * sponsorshipsByEventIds): for lists built in the meetup's own statement.
 */
export function sponsorshipsJsonOf(eventId: string): RawBuilder<EmbeddedSponsorship[]> {
  const company = sql`'company', ${companyJson('c')}`;
  return sql<EmbeddedSponsorship[]>`coalesce((select json_agg(${columnsJson('s', SPONSORSHIP_COLUMNS, [company])}
      order by s.position)
    from sponsorship s join company c on c.id = s.company_id where s.event_id = ${sql.ref(eventId)}), '[]'::json)`;
}

export function sponsorshipsByEventIds(db: Kysely<Database>, eventIds: readonly number[]): Promise<SponsorshipNode[]> {
  return selectSponsorships(db)
    .where('sponsorship.event_id', '=', anyId(eventIds))
    .orderBy('sponsorship.event_id')
    .orderBy('sponsorship.position')
    .execute();
}

/** The list: its date filters and order need the event. */
function filtered(db: Kysely<Database>, filter: SponsorshipFilter) {
  let query = selectSponsorships(db).innerJoin('event', 'event.id', 'sponsorship.event_id');
  if (filter.from) query = query.where('event.date', '>=', filter.from);
  if (filter.to) query = query.where('event.date', '<=', filter.to);
  if (filter.company) {
    const slug = filter.company;
    query = query.where('sponsorship.company_id', 'in', (q) =>
      q.selectFrom('company').select('company.id').where('company.slug', '=', slug),
    );
  }
  return query;
}

export function listSponsorships(
  db: Kysely<Database>,
  filter: SponsorshipFilter,
  direction: Direction,
  offset: number,
  limit: number,
): Promise<SponsorshipNode[]> {
  const dir = direction === 'ASC' ? 'asc' : 'desc';
  return filtered(db, filter)
    .orderBy('event.date', dir)
    .orderBy('sponsorship.position', dir)
    .orderBy('sponsorship.id', dir)
    .offset(offset)
    .limit(limit)
    .execute();
}

export async function countSponsorships(db: Kysely<Database>, filter: SponsorshipFilter): Promise<number> {
  const row = await filtered(db, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/**
 * A page row: the sponsorship and its meetup's row, to prime the Event
 * loader with. Its company is the page's owner, so it does not come along:
 * a page's rows would carry the same company each (the Company loader has
 * it once).
 */
export interface SponsorshipPageRow extends JsonRow<SponsorshipRow> {
  event_row: EventRow;
}

/**
 * One page of sponsorships for each of several companies, in one statement.
 * Rows are numbered without the event's row: it is computed for the page's
 * rows only, not for every sponsorship of a big sponsor.
 */
export function sponsorshipsPageByCompanyIds(
  db: Kysely<Database>,
  windows: readonly OwnerWindow[],
  direction: Direction,
): Promise<(SponsorshipPageRow & { total_count: number })[]> {
  const dir = direction === 'ASC' ? sql`asc` : sql`desc`;
  const owners = windows.map((w) => w.ownerId);
  const numbered = sql`
      select s.company_id as owner_id, s.*,
             row_number() over (partition by s.company_id order by e.date ${dir}, s.id ${dir}) as rn
      from sponsorship s
      join event e on e.id = s.event_id
      where s.company_id = ${anyId(owners)}`;
  const extra = sql`(select ${eventJson('e')} from event e where e.id = counted.event_id) as event_row`;
  return readingSponsorshipsOf(owners, () => pagedByOwner<SponsorshipPageRow>(db, numbered, windows, extra));
}

export async function sponsorshipCountsByCompanyIds(
  db: Kysely<Database>,
  companyIds: readonly number[],
): Promise<Map<number, number>> {
  const rows = await readingSponsorshipsOf(companyIds, () =>
    db
      .selectFrom('sponsorship')
      .select(['company_id as owner_id', (eb) => eb.fn.countAll<number>().as('count')])
      .where('company_id', '=', anyId(companyIds))
      .groupBy('company_id')
      .execute(),
  );
  return countsByOwner(rows);
}

// Writes (the curation API).

/** Adds a sponsorship after the meetup's others (its position the next one), in one statement. */
export async function insertSponsorship(
  db: Kysely<Database>,
  values: { event_id: number; company_id: number; role: string },
): Promise<number> {
  const row = await db
    .insertInto('sponsorship')
    .columns(['event_id', 'company_id', 'role', 'position'])
    .expression((eb) =>
      eb
        .selectFrom('sponsorship')
        .select([
          sql<number>`${values.event_id}::bigint`.as('event_id'),
          sql<number>`${values.company_id}::bigint`.as('company_id'),
          sql<string>`${values.role}::text`.as('role'),
          sql<number>`coalesce(max(position), 0) + 1`.as('position'),
        ])
        .where('event_id', '=', values.event_id),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateSponsorshipRole(db: Kysely<Database>, id: number, role: string): Promise<void> {
  await db.updateTable('sponsorship').set({ role, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export async function deleteSponsorship(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('sponsorship').where('id', '=', id).execute();
}
