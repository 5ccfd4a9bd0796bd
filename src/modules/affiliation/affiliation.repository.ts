import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/types.ts';
import { type CompanyNode, companyJson } from '../company/company.repository.ts';

/** One time a person was on stage: a talk (billed company) or hosting (the company the role names). */
export interface Appearance {
  person_id: number;
  event_id: number;
  date: string;
  kind: 'talk' | 'host';
  company_id: number | null;
}

export interface AppearanceRow extends Appearance {
  /** The company of company_id (1:1, joined in): primes the company loader. */
  company: CompanyNode | null;
}

/** The appearances (rows of Appearance plus `ord`) of the people whose id matches `person` (`= …`). */
function appearancesWhere(person: RawBuilder<unknown>) {
  return sql`
      select ts.person_id, e.id as event_id, e.date, 'talk' as kind, ts.company_id, t.position as ord
      from talk_speaker ts
      join talk t on t.id = ts.talk_id
      join event e on e.id = t.event_id
      where ts.person_id ${person} and e.status = 'HELD'
      union all
      select h.person_id, e.id, e.date, 'host', h.company_id, 0
      from event_host h
      join event e on e.id = h.event_id
      where h.person_id ${person} and e.status = 'HELD'`;
}

/**
 * Every appearance of the given people at held meetups, oldest first; on one
 * evening hosting comes before the talks, talks in running order.
 */
export async function appearancesByPersonIds(
  db: Kysely<Database>,
  personIds: readonly number[],
): Promise<AppearanceRow[]> {
  const result = await sql<AppearanceRow>`
    select appearances.person_id, appearances.event_id, appearances.date, appearances.kind,
           appearances.company_id, ${companyJson('c')} as company
    from (${appearancesWhere(sql`= any(${[...personIds]}::bigint[])`)}) appearances
    left join company c on c.id = appearances.company_id
    order by appearances.person_id, appearances.date, appearances.ord`.execute(db);
  return result.rows;
}

/**
 * The appearances of the person whose id is `personId`, in the same order
 * and shape as appearancesByPersonIds' rows, as one JSON value: for the
 * person's own statement.
 */
export function appearancesJsonOf(personId: string): RawBuilder<AppearanceRow[]> {
  return sql<AppearanceRow[]>`coalesce((select json_agg(json_build_object('person_id', a.person_id,
      'event_id', a.event_id, 'date', a.date, 'kind', a.kind, 'company_id', a.company_id,
      'company', ${companyJson('c')}) order by a.date, a.ord)
    from (${appearancesWhere(sql`= ${sql.ref(personId)}`)}) a
    left join company c on c.id = a.company_id), '[]'::json)`;
}
