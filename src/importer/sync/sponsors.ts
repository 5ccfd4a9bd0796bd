import { sql } from 'kysely';
import type { SponsorshipRow } from '../../db/types.ts';
import type { SyncCounts } from '../sync.ts';
import { syncRows } from '../sync.ts';
import type { SyncContext } from './context.ts';

// The evening's sponsors (role "sponsor"), one per company, in the post's
// order. Sponsorships in other roles are the curators' and left alone.

export interface DesiredSponsor {
  company_id: number;
  position: number;
  line: number;
  rule: string | null;
}

/** The sponsors the post names, resolved to companies (a website fills a company's missing one). */
export async function postSponsors(ctx: SyncContext): Promise<DesiredSponsor[]> {
  const sponsors: DesiredSponsor[] = [];
  for (const sponsor of ctx.post.sponsors) {
    await ctx.pause();
    const companyId = await ctx.resolver.company(sponsor.name, sponsor.line, sponsor.url);
    if (!sponsors.some((s) => s.company_id === companyId)) {
      sponsors.push({
        company_id: companyId,
        position: sponsors.length + 1,
        line: sponsor.line,
        rule: sponsor.rule ?? null,
      });
    }
  }
  return sponsors;
}

export function existingSponsors(ctx: SyncContext): Promise<SponsorshipRow[]> {
  return ctx.trx
    .selectFrom('sponsorship')
    .selectAll()
    .where('event_id', '=', ctx.eventId)
    .where('role', '=', 'sponsor')
    .execute();
}

/** Makes the event's sponsor rows among `existing` exactly `desired`. */
export async function syncSponsors(
  ctx: SyncContext,
  existing: readonly SponsorshipRow[],
  desired: readonly DesiredSponsor[],
): Promise<SyncCounts> {
  const { trx, eventId } = ctx;
  return syncRows({
    existing,
    desired,
    existingKey: (row) => String(row.company_id),
    desiredKey: (row) => String(row.company_id),
    equal: (row, wanted) => row.position === wanted.position,
    insert: async (wanted) => {
      await trx
        .insertInto('sponsorship')
        .values({ company_id: wanted.company_id, position: wanted.position, event_id: eventId, role: 'sponsor' })
        .execute();
    },
    update: async (row, wanted) => {
      await trx
        .updateTable('sponsorship')
        .set({ position: wanted.position, updated_at: sql`now()` })
        .where('id', '=', row.id)
        .execute();
    },
    remove: async (row) => {
      await trx.deleteFrom('sponsorship').where('id', '=', row.id).execute();
    },
  });
}
