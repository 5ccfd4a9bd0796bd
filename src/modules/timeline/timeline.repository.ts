import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.ts';
import type { HeldEvent } from './streaks.ts';

/** Held meetups (of the given series, or all), by date. */
export async function heldEvents(db: Kysely<Database>, seriesIds?: readonly number[]): Promise<HeldEvent[]> {
  let query = db
    .selectFrom('event')
    .select(['id', 'series_id', 'date'])
    .where('status', '=', 'HELD')
    .orderBy('date')
    .orderBy('id');
  if (seriesIds) query = query.where('series_id', '=', sql<number>`any(${[...seriesIds]}::bigint[])`);
  return query.execute();
}

export interface SponsoredEvent {
  company_id: number;
  event_id: number;
  series_id: number;
  date: string;
}

/** The held meetups each company sponsored, by date. */
export async function sponsoredEventsByCompanyIds(
  db: Kysely<Database>,
  companyIds: readonly number[],
): Promise<SponsoredEvent[]> {
  return db
    .selectFrom('sponsorship')
    .innerJoin('event', 'event.id', 'sponsorship.event_id')
    .select(['sponsorship.company_id', 'event.id as event_id', 'event.series_id', 'event.date'])
    .distinct()
    .where('sponsorship.company_id', '=', sql<number>`any(${[...companyIds]}::bigint[])`)
    .where('event.status', '=', 'HELD')
    .orderBy('sponsorship.company_id')
    .orderBy('event.date')
    .execute();
}

/** Every (held meetup date, sponsor) pair in a date range. */
export async function sponsorshipsInRange(
  db: Kysely<Database>,
  from: string | null,
  to: string | null,
): Promise<{ date: string; company_id: number }[]> {
  let query = db
    .selectFrom('sponsorship')
    .innerJoin('event', 'event.id', 'sponsorship.event_id')
    .select(['event.date', 'sponsorship.company_id'])
    .distinct()
    .where('event.status', '=', 'HELD');
  if (from) query = query.where('event.date', '>=', from);
  if (to) query = query.where('event.date', '<=', to);
  return query.execute();
}
