import type { Kysely } from 'kysely';
import { anyId } from '../../db/sql.ts';
import type { CompanyRow, Database } from '../../db/types.ts';

export interface CompanyFilter {
  /** Only companies that sponsored at least one event. */
  sponsorsOnly?: boolean | null;
}

export function companiesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<CompanyRow[]> {
  return db.selectFrom('company').selectAll().where('id', '=', anyId(ids)).execute();
}

export function companyBySlug(db: Kysely<Database>, slug: string): Promise<CompanyRow | undefined> {
  return db.selectFrom('company').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function companyAliasesByCompanyIds(
  db: Kysely<Database>,
  ids: readonly number[],
): Promise<{ company_id: number; name: string }[]> {
  // Every spelling seen except the canonical name itself.
  return db
    .selectFrom('company_alias')
    .innerJoin('company', 'company.id', 'company_alias.company_id')
    .select(['company_alias.company_id', 'company_alias.name'])
    .where('company_alias.company_id', '=', anyId(ids))
    .whereRef('company_alias.name', '<>', 'company.name')
    .orderBy('company_alias.id')
    .execute();
}

function filtered(db: Kysely<Database>, filter: CompanyFilter) {
  let query = db.selectFrom('company');
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
): Promise<CompanyRow[]> {
  return filtered(db, filter).selectAll('company').orderBy('name').orderBy('id').offset(offset).limit(limit).execute();
}

export async function countCompanies(db: Kysely<Database>, filter: CompanyFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The companies announced for each of the given (upcoming) events, in announcement order. */
export function announcedCompaniesByEventIds(
  db: Kysely<Database>,
  eventIds: readonly number[],
): Promise<(CompanyRow & { event_id: number })[]> {
  return db
    .selectFrom('announcement')
    .innerJoin('company', 'company.id', 'announcement.company_id')
    .selectAll('company')
    .select('announcement.event_id')
    .where('announcement.event_id', '=', anyId(eventIds))
    .orderBy('announcement.position')
    .execute();
}
