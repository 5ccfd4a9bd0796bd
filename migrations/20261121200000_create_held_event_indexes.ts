import { type Kysely, sql } from 'kysely';

// Held meetups are what timelines and sponsorship streaks read: per period
// (by date, over every series) and per series (by date, with the id). Two
// partial indexes over held meetups only let both reads be index-only scans
// instead of visiting every event row.
//
// Frozen in time: no app imports.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index event_held_date_idx on event (date) where status = 'HELD'`.execute(db);
  await sql`create index event_held_series_date_idx on event (series_id, date) include (id) where status = 'HELD'`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists event_held_series_date_idx`.execute(db);
  await sql`drop index if exists event_held_date_idx`.execute(db);
}
