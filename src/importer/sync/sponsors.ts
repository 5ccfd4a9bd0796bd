import { sql } from 'kysely';
import type { SponsorshipRow } from '../../db/types.ts';
import type { SyncCounts } from '../sync.ts';
import { syncRows } from '../sync.ts';
import { rowsBefore, type SyncContext } from './context.ts';

// The evening's sponsors (role "sponsor"), one per company, in the post's
// order. Sponsorships in other roles are the curators' and left alone.

export interface DesiredSponsor {
  company_id: number;
  /** As the post spells it. */
  name: string;
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
        name: sponsor.name,
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
  keep: (row: SponsorshipRow) => boolean = () => false,
  written: Map<number, number> = new Map(),
): Promise<SyncCounts> {
  const { trx, eventId } = ctx;
  // New sponsorships go in one statement, after the updates (only company and role are unique).
  const inserts: DesiredSponsor[] = [];
  const counts = await syncRows({
    existing: existing.filter((row) => !keep(row) || desired.some((d) => d.company_id === row.company_id)),
    desired,
    existingKey: (row) => String(row.company_id),
    desiredKey: (row) => String(row.company_id),
    equal: (row, wanted) => row.position === wanted.position,
    insert: async (wanted) => {
      inserts.push(wanted);
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
  if (inserts.length > 0) {
    const rows = await trx
      .insertInto('sponsorship')
      .values(
        inserts.map((s) => ({ company_id: s.company_id, position: s.position, event_id: eventId, role: 'sponsor' })),
      )
      .returning(['id', 'company_id'])
      .execute();
    for (const row of rows) written.set(row.company_id, row.id);
  }
  return counts;
}

export interface AppliedSponsors {
  counts: SyncCounts;
  /** The sponsorship written for each sponsor of the post, with where the post says it. */
  written: { id: number; line: number; rule: string | null }[];
}

/**
 * The post's sponsors, within what curators set: a deleted sponsorship is
 * not brought back, one a curator created stays though the post lacks it,
 * one whose role a curator changed is still this company's sponsorship.
 */
export async function applySponsors(ctx: SyncContext): Promise<AppliedSponsors> {
  const { curated } = ctx;
  const post = await postSponsors(ctx);
  const deleted = new Map(
    curated
      .all('Sponsorship', 'deleted')
      .filter((row) => (row.value as { role?: string }).role === 'sponsor')
      .map((row) => [(row.value as { companyId: number }).companyId, row]),
  );
  for (const sponsor of post) {
    const tombstone = deleted.get(sponsor.company_id);
    if (!tombstone) continue;
    const subject = `sponsor '${sponsor.name}'`;
    curated.clash(tombstone, subject, 'deleted', 'listed', `${subject}: kept deleted; post lists it`);
  }
  const desired = post.filter((sponsor) => !deleted.has(sponsor.company_id));
  const all = await rowsBefore(ctx, 'sponsorship', ctx.eventId, () =>
    ctx.trx.selectFrom('sponsorship').selectAll().where('event_id', '=', ctx.eventId).execute(),
  );
  const isCurated = (row: SponsorshipRow, fact: string) => curated.get('Sponsorship', row.id, fact) !== undefined;
  const existing = all.filter((row) => row.role === 'sponsor' || isCurated(row, 'role') || isCurated(row, 'created'));
  for (const row of existing) {
    const created = curated.get('Sponsorship', row.id, 'created');
    if (!created || desired.some((d) => d.company_id === row.company_id)) continue;
    const company = await ctx.trx
      .selectFrom('company')
      .select('name')
      .where('id', '=', row.company_id)
      .executeTakeFirst();
    const subject = `sponsor '${company?.name ?? row.company_id}'`;
    curated.clash(created, subject, 'added', 'not listed', `${subject}: kept curated; post does not list it`);
  }
  const inserted = new Map<number, number>();
  const counts = await syncSponsors(ctx, existing, desired, (row) => isCurated(row, 'created'), inserted);
  // The meetup's sponsorships now: those before the sync that it kept, and the new ones.
  const kept = all.filter((row) => row.role === 'sponsor' || curated.get('Sponsorship', row.id, 'role'));
  const ids = new Map([...kept.map((row) => [row.company_id, row.id] as const), ...inserted]);
  const written = desired.flatMap((d) => {
    const id = ids.get(d.company_id);
    return id === undefined ? [] : [{ id, line: d.line, rule: d.rule }];
  });
  return { counts, written };
}
