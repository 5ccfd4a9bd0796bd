import { type Kysely, sql } from 'kysely';
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

/**
 * Every appearance of the given people at held meetups, oldest first; on one
 * evening hosting comes before the talks, talks in running order.
 */
export async function appearancesByPersonIds(
  db: Kysely<Database>,
  personIds: readonly number[],
): Promise<AppearanceRow[]> {
  const ids = [...personIds];
  const result = await sql<AppearanceRow>`
    select appearances.person_id, appearances.event_id, appearances.date, appearances.kind,
           appearances.company_id, ${companyJson('c')} as company
    from (
      select ts.person_id, e.id as event_id, e.date, 'talk' as kind, ts.company_id, t.position as ord
      from talk_speaker ts
      join talk t on t.id = ts.talk_id
      join event e on e.id = t.event_id
      where ts.person_id = any(${ids}::bigint[]) and e.status = 'HELD'
      union all
      select h.person_id, e.id, e.date, 'host', h.company_id, 0
      from event_host h
      join event e on e.id = h.event_id
      where h.person_id = any(${ids}::bigint[]) and e.status = 'HELD'
    ) appearances
    left join company c on c.id = appearances.company_id
    order by appearances.person_id, appearances.date, appearances.ord`.execute(db);
  return result.rows;
}
