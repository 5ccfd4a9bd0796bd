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
  return sql<string[]>`coalesce((select json_agg(ca.name order by ca.id) from company_alias ca
    where ca.company_id = ${ref}.id and ca.name <> ${ref}.name), '[]'::json)`;
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

/**
 * The companies announced for the event whose id is `eventId`, in
 * announcement order, as one JSON value (announcedCompaniesByEventIds' rows
 * of that event): for lists built in the event's own statement.
 */
export function announcedCompaniesJsonOf(eventId: string): RawBuilder<CompanyNode[]> {
  return sql<CompanyNode[]>`coalesce((select json_agg(${companyJson('c')} order by a.position)
    from announcement a join company c on c.id = a.company_id where a.event_id = ${sql.ref(eventId)}), '[]'::json)`;
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

// Writes (the curation API). Each takes the mutation's transaction.

export async function insertCompany(
  db: Kysely<Database>,
  values: { name: string; slug: string; website: string | null },
  key: string,
): Promise<number> {
  // The company and its name as its first spelling, in one statement.
  const row = await db
    .with('c', (qb) => qb.insertInto('company').values(values).returning('id'))
    .insertInto('company_alias')
    .columns(['company_id', 'name', 'normalized'])
    .expression((eb) =>
      eb.selectFrom('c').select(['c.id', eb.val(values.name).as('name'), eb.val(key).as('normalized')]),
    )
    .returning('company_id')
    .executeTakeFirstOrThrow();
  return row.company_id;
}

/**
 * New companies, each with its name as its first spelling, in one
 * statement; their ids by name, assigned in the order given.
 */
export async function insertCompanies(
  db: Kysely<Database>,
  companies: readonly { name: string; slug: string; website: string | null; key: string }[],
): Promise<Map<string, number>> {
  if (companies.length === 0) return new Map();
  const rows = await sql<{ id: number; name: string }>`
    with k as (
      select * from unnest(${companies.map((c) => c.name)}::text[], ${companies.map((c) => c.slug)}::text[],
        ${companies.map((c) => c.website)}::text[], ${companies.map((c) => c.key)}::text[])
        with ordinality as k(name, slug, website, key, ord)
    ), c as (
      insert into company (name, slug, website) select name, slug, website from k order by ord returning id, name
    )
    insert into company_alias (company_id, name, normalized)
    select c.id, c.name, k.key from c join k on k.name = c.name
    returning company_id as id, name`.execute(db);
  return new Map(rows.rows.map((row) => [row.name, row.id]));
}

export async function updateCompany(
  db: Kysely<Database>,
  id: number,
  patch: { name?: string; slug?: string; website?: string | null },
) {
  await db
    .updateTable('company')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** Adds a spelling; false when another company already has it. */
export async function addCompanyAlias(db: Kysely<Database>, id: number, name: string, key: string): Promise<boolean> {
  await db
    .insertInto('company_alias')
    .values({ company_id: id, name, normalized: key })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const owner = await db.selectFrom('company_alias').select('company_id').where('name', '=', name).executeTakeFirst();
  return owner?.company_id === id;
}

/** Records a website for a company that has none yet; a known one is kept. */
export async function fillCompanyWebsite(db: Kysely<Database>, companyId: number, website: string): Promise<boolean> {
  const result = await db
    .updateTable('company')
    .set({ website, updated_at: sql`now()` })
    .where('id', '=', companyId)
    .where('website', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0) > 0;
}

export async function companyIsReferenced(db: Kysely<Database>, id: number): Promise<boolean> {
  const row = await sql<{ used: boolean }>`select
    exists (select 1 from talk_speaker where company_id = ${id}) or
    exists (select 1 from event_host where company_id = ${id}) or
    exists (select 1 from sponsorship where company_id = ${id}) or
    exists (select 1 from announcement where company_id = ${id}) as used`.execute(db);
  return row.rows[0]?.used ?? false;
}

export async function deleteCompany(db: Kysely<Database>, id: number): Promise<void> {
  await db.deleteFrom('company').where('id', '=', id).execute();
}

/**
 * Moves everything of `sourceId` to `targetId` (billed talks, hosting roles,
 * sponsorships, announcements, spellings, successions, a missing website)
 * and deletes the source. Duplicates the move would create are dropped.
 */
export async function mergeCompanies(db: Kysely<Database>, sourceId: number, targetId: number): Promise<void> {
  const run = (query: ReturnType<typeof sql>) => query.execute(db);
  await run(sql`update talk_speaker set company_id = ${targetId}, updated_at = now() where company_id = ${sourceId}`);
  await run(sql`update event_host set company_id = ${targetId}, updated_at = now() where company_id = ${sourceId}`);
  await run(sql`delete from sponsorship s where s.company_id = ${sourceId} and exists (select 1 from sponsorship t
    where t.event_id = s.event_id and t.role = s.role and t.company_id = ${targetId})`);
  await run(sql`update sponsorship set company_id = ${targetId}, updated_at = now() where company_id = ${sourceId}`);
  await run(sql`delete from announcement s where s.company_id = ${sourceId} and exists (select 1 from announcement t
    where t.event_id = s.event_id and t.company_id = ${targetId})`);
  await run(sql`update announcement set company_id = ${targetId}, updated_at = now() where company_id = ${sourceId}`);
  await run(sql`update company_alias set company_id = ${targetId}, updated_at = now() where company_id = ${sourceId}`);
  await run(sql`delete from company_succession where (predecessor_id = ${sourceId} and successor_id = ${targetId})
    or (predecessor_id = ${targetId} and successor_id = ${sourceId})`);
  await run(sql`update company_succession set successor_id = ${targetId} where successor_id = ${sourceId}`);
  await run(sql`delete from company_succession where predecessor_id = ${sourceId}
    and exists (select 1 from company_succession where predecessor_id = ${targetId})`);
  await run(sql`update company_succession set predecessor_id = ${targetId} where predecessor_id = ${sourceId}`);
  await run(sql`update company set website = coalesce(website, (select website from company where id = ${sourceId}))
    where id = ${targetId}`);
  await db.deleteFrom('company').where('id', '=', sourceId).execute();
}

export interface SuccessionRow {
  predecessor_id: number;
  successor_id: number;
  date: string;
  kind: 'RENAMED' | 'ACQUIRED';
}

export async function setSuccessor(db: Kysely<Database>, row: SuccessionRow): Promise<void> {
  await db
    .insertInto('company_succession')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('predecessor_id')
        .doUpdateSet({ successor_id: row.successor_id, date: row.date, kind: row.kind, updated_at: sql`now()` }),
    )
    .execute();
}

export async function clearSuccessor(db: Kysely<Database>, predecessorId: number): Promise<void> {
  await db.deleteFrom('company_succession').where('predecessor_id', '=', predecessorId).execute();
}

export function successionsByCompanyIds(db: Kysely<Database>, ids: readonly number[]): Promise<SuccessionRow[]> {
  return db
    .selectFrom('company_succession')
    .select(['predecessor_id', 'successor_id', 'date', 'kind'])
    .where((eb) => eb.or([eb('predecessor_id', '=', anyId(ids)), eb('successor_id', '=', anyId(ids))]))
    .orderBy('date')
    .execute();
}

/** True when making `successorId` the successor of `predecessorId` would close a loop. */
export async function successionWouldLoop(db: Kysely<Database>, predecessorId: number, successorId: number) {
  const row = await sql<{ loops: boolean }>`
    with recursive chain(id) as (
      select ${successorId}::bigint
      union
      select s.successor_id from company_succession s join chain on s.predecessor_id = chain.id
    )
    select exists (select 1 from chain where id = ${predecessorId}) as loops`.execute(db);
  return row.rows[0]?.loops ?? false;
}
