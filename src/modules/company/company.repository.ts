import { type Kysely, type RawBuilder, sql } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { Database } from '../../db/types.ts';

/** A company as the API serves it: the row and every other spelling seen. */
export interface CompanyNode {
  id: number;
  slug: string;
  name: string;
  website: string | null;
  aliases: string[];
}

export interface CompanyFilter {
  /** Only companies that sponsored at least one meetup. */
  sponsorsOnly?: boolean | null;
}

/** Other spellings of the company at table alias `c`, canonical name excluded. */
function aliasesOf(c: string): RawBuilder<string[]> {
  const ref = sql.ref(c);
  return sql<string[]>`coalesce((select array_agg(ca.name order by ca.id) from company_alias ca
    where ca.company_id = ${ref}.id and ca.name <> ${ref}.name), '{}')`;
}

/** The company at table alias `c` as one JSON value (null when there is none), for joined 1:1 edges. */
export function companyJson(c: string): RawBuilder<CompanyNode | null> {
  const ref = sql.ref(c);
  return sql<CompanyNode | null>`case when ${ref}.id is null then null else jsonb_build_object('id', ${ref}.id,
    'slug', ${ref}.slug, 'name', ${ref}.name, 'website', ${ref}.website, 'aliases', ${aliasesOf(c)}) end`;
}

function selectCompanies(db: Kysely<Database>) {
  return db
    .selectFrom('company')
    .select(['company.id', 'company.slug', 'company.name', 'company.website', aliasesOf('company').as('aliases')]);
}

export function companiesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<CompanyNode[]> {
  return selectCompanies(db).where('company.id', '=', anyId(ids)).execute();
}

export function companyBySlug(db: Kysely<Database>, slug: string): Promise<CompanyNode | undefined> {
  return selectCompanies(db).where('company.slug', '=', slug).executeTakeFirst();
}

function filtered(db: Kysely<Database>, filter: CompanyFilter) {
  let query = selectCompanies(db);
  if (filter.sponsorsOnly) {
    query = query.where((eb) =>
      eb.exists(eb.selectFrom('sponsorship').whereRef('sponsorship.company_id', '=', 'company.id').select('id')),
    );
  }
  return query;
}

export function listCompanies(
  db: Kysely<Database>,
  filter: CompanyFilter,
  offset: number,
  limit: number,
): Promise<CompanyNode[]> {
  return filtered(db, filter).orderBy('company.name').orderBy('company.id').offset(offset).limit(limit).execute();
}

export async function countCompanies(db: Kysely<Database>, filter: CompanyFilter): Promise<number> {
  const row = await filtered(db, filter)
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The companies announced for each of the given (upcoming) events, in announcement order. */
export function announcedCompaniesByEventIds(
  db: Kysely<Database>,
  eventIds: readonly number[],
): Promise<(CompanyNode & { event_id: number })[]> {
  return db
    .selectFrom('announcement')
    .innerJoin('company', 'company.id', 'announcement.company_id')
    .select([
      'company.id',
      'company.slug',
      'company.name',
      'company.website',
      aliasesOf('company').as('aliases'),
      'announcement.event_id',
    ])
    .where('announcement.event_id', '=', anyId(eventIds))
    .orderBy('announcement.event_id')
    .orderBy('announcement.position')
    .execute();
}
