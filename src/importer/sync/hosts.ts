import { sql } from 'kysely';
import type { SyncCounts } from '../sync.ts';
import { syncRows } from '../sync.ts';
import { rowsBefore, type SyncContext, same } from './context.ts';

// The evening's hosts: one row per person, with the role text and the
// company it names, in the post's order.

export interface DesiredHost {
  person_id: number;
  role: string | null;
  company_id: number | null;
  position: number;
}

/** The hosts the post names, resolved to people and companies. */
export async function postHosts(ctx: SyncContext): Promise<DesiredHost[]> {
  const hosts: DesiredHost[] = [];
  for (const [i, host] of ctx.post.hosts.entries()) {
    const personId = await ctx.resolver.person(host.name, host.line);
    if (hosts.some((h) => h.person_id === personId)) continue;
    const companyId = host.company ? await ctx.resolver.company(host.company, host.line) : null;
    hosts.push({ person_id: personId, role: host.role, company_id: companyId, position: i + 1 });
  }
  return hosts;
}

/** Makes the event's hosts exactly `desired`. */
export async function syncHosts(ctx: SyncContext, desired: readonly DesiredHost[]): Promise<SyncCounts> {
  const { trx, eventId } = ctx;
  const existing = await rowsBefore(ctx, 'event_host', eventId, () =>
    trx.selectFrom('event_host').selectAll().where('event_id', '=', eventId).execute(),
  );
  return syncRows({
    existing,
    desired,
    existingKey: (row) => String(row.person_id),
    desiredKey: (row) => String(row.person_id),
    equal: (row, wanted) =>
      same(row.role, wanted.role) && same(row.company_id, wanted.company_id) && row.position === wanted.position,
    insert: async (wanted) => {
      await trx
        .insertInto('event_host')
        .values({ ...wanted, event_id: eventId })
        .execute();
    },
    update: async (row, wanted) => {
      await trx
        .updateTable('event_host')
        .set({ role: wanted.role, company_id: wanted.company_id, position: wanted.position, updated_at: sql`now()` })
        .where('event_id', '=', eventId)
        .where('person_id', '=', row.person_id)
        .execute();
    },
    remove: async (row) => {
      await trx
        .deleteFrom('event_host')
        .where('event_id', '=', eventId)
        .where('person_id', '=', row.person_id)
        .execute();
    },
  });
}

/** The hosts as a curated value: who, with which role and company, in order. */
export function hostsValue(hosts: readonly DesiredHost[]) {
  return hosts.map((h) => ({ personId: h.person_id, role: h.role, companyId: h.company_id }));
}

/** The post's hosts, unless a curator set the evening's hosts: then those are kept and a difference reported. */
export async function applyHosts(ctx: SyncContext): Promise<SyncCounts> {
  const desired = await postHosts(ctx);
  const curated = ctx.curated.get('Event', ctx.eventId, 'hosts');
  if (!curated) return syncHosts(ctx, desired);
  await ctx.curated.observe(curated, hostsValue(desired), 'event hosts');
  return { inserted: 0, updated: 0, deleted: 0 };
}
