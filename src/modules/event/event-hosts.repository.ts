import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';

// Writes of an evening's hosts (the curation API).

export interface HostValue {
  personId: number;
  role: string | null;
  companyId: number | null;
}

export function hostValuesOf(db: Kysely<Database>, eventId: number): Promise<HostValue[]> {
  return db
    .selectFrom('event_host')
    .select(['person_id as personId', 'role', 'company_id as companyId'])
    .where('event_id', '=', eventId)
    .orderBy('position')
    .execute();
}

/** Makes the evening's hosts exactly `hosts`, in order. */
export async function replaceHosts(db: Kysely<Database>, eventId: number, hosts: readonly HostValue[]): Promise<void> {
  await db.deleteFrom('event_host').where('event_id', '=', eventId).execute();
  if (hosts.length === 0) return;
  await db
    .insertInto('event_host')
    .values(
      hosts.map((h, i) => ({
        event_id: eventId,
        person_id: h.personId,
        role: h.role,
        company_id: h.companyId,
        position: i + 1,
      })),
    )
    .execute();
}
