import { sql } from 'kysely';
import { monthName } from '../parse/vocabulary.ts';
import { changed, type SyncCounts, syncRows } from '../sync.ts';
import { rowsBefore, type SyncContext } from './context.ts';
import { announcedNext } from './entities.ts';

// The "next meetup" section of a roundup.

/**
 * The "next meetup" section: an event for the announced month (ANNOUNCED
 * until its own roundup arrives) with the companies announced for it.
 */
export async function syncAnnouncement(ctx: SyncContext, series: { id: number; slug: string }): Promise<SyncCounts> {
  const { trx, resolver, post, eventId } = ctx;
  const next = announcedNext(post);
  const desired: { company_id: number; position: number }[] = [];
  let targetId: number | null = null;
  if (next) {
    for (const name of next.companies) {
      const companyId = await resolver.company(name, next.line);
      if (!desired.some((d) => d.company_id === companyId))
        desired.push({ company_id: companyId, position: desired.length + 1 });
    }
    const month = next.date.slice(0, 7);
    const sameMonth = await trx
      .selectFrom('event')
      .select(['id', 'status'])
      .where('series_id', '=', series.id)
      .where(sql<string>`to_char(date, 'YYYY-MM')`, '=', month)
      .orderBy('date')
      .executeTakeFirst();
    if (sameMonth) {
      targetId = sameMonth.id;
      if (next.rsvpUrl) {
        await trx
          .updateTable('event')
          .set({ rsvp_url: next.rsvpUrl, updated_at: sql`now()` })
          .where('id', '=', targetId)
          .where((eb) => eb.or([eb('rsvp_url', 'is', null), eb('rsvp_url', '<>', next.rsvpUrl)]))
          .execute();
      }
    } else {
      const [year, monthNumber] = month.split('-').map(Number) as [number, number];
      const seriesRow = await trx
        .selectFrom('series')
        .select('name')
        .where('id', '=', series.id)
        .executeTakeFirstOrThrow();
      const row = await trx
        .insertInto('event')
        .values({
          series_id: series.id,
          date: next.date,
          slug: `${series.slug}-${next.date}`,
          title: `${seriesRow.name} ${monthName(monthNumber - 1)} ${year}`,
          status: 'ANNOUNCED',
          rsvp_url: next.rsvpUrl,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      targetId = row.id;
    }
  }
  const existing = await rowsBefore(ctx, 'announcement', eventId, () =>
    trx.selectFrom('announcement').selectAll().where('announced_by_event_id', '=', eventId).execute(),
  );
  // New announcements go in one statement.
  const inserts: typeof desired = [];
  const counts = await syncRows({
    existing,
    desired: targetId === null ? [] : desired,
    existingKey: (row) => `${row.event_id}:${row.company_id}`,
    desiredKey: (row) => `${targetId}:${row.company_id}`,
    equal: (row, wanted) => row.position === wanted.position,
    insert: async (wanted) => {
      inserts.push(wanted);
    },
    update: async (row, wanted) => {
      await trx
        .updateTable('announcement')
        .set({ position: wanted.position, updated_at: sql`now()` })
        .where('id', '=', row.id)
        .execute();
    },
    remove: async (row) => {
      await trx.deleteFrom('announcement').where('id', '=', row.id).execute();
    },
  });
  if (targetId !== null && inserts.length > 0) {
    const target = targetId;
    await trx
      .insertInto('announcement')
      .values(inserts.map((wanted) => ({ ...wanted, event_id: target, announced_by_event_id: eventId })))
      .onConflict((oc) => oc.columns(['event_id', 'company_id']).doNothing())
      .execute();
  }
  if (changed(counts)) await dropOrphanAnnouncedEvents(trx, series.id);
  return counts;
}

/** An announced event nobody announces any more, and never held, is removed. */
async function dropOrphanAnnouncedEvents(trx: SyncContext['trx'], seriesId: number): Promise<void> {
  await trx
    .deleteFrom('event')
    .where('series_id', '=', seriesId)
    .where('status', '=', 'ANNOUNCED')
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('announcement').select('id').whereRef('announcement.event_id', '=', 'event.id'))),
    )
    .execute();
}
