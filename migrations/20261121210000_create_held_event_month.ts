import { type Kysely, sql } from 'kysely';

// Held meetups per calendar month, kept by a trigger on event. Timelines
// count the meetups of every series per period (a month, quarter or year is
// a run of whole months), so they read at most a few hundred rows here
// instead of every held meetup.
//
// A row per month that ever had a held meetup; its count may fall to 0.
// Row triggers do not see TRUNCATE: whoever truncates event truncates this
// table too (the benchmark seeder does).
//
// Frozen in time: no app imports.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table held_event_month (
    month date primary key check (month = date_trunc('month', month)::date),
    meetups integer not null check (meetups >= 0)
  )`.execute(db);
  await sql`create function held_event_month_track() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.status = 'HELD' then
        update held_event_month set meetups = meetups - 1 where month = date_trunc('month', old.date)::date;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.status = 'HELD' then
        insert into held_event_month as h (month, meetups) values (date_trunc('month', new.date)::date, 1)
        on conflict (month) do update set meetups = h.meetups + 1;
      end if;
      return null;
    end
  $$`.execute(db);
  await sql`create trigger event_held_event_month
    after insert or delete or update of status, date on event
    for each row execute function held_event_month_track()`.execute(db);
  await sql`insert into held_event_month (month, meetups)
    select date_trunc('month', date)::date, count(*) from event where status = 'HELD' group by 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists event_held_event_month on event`.execute(db);
  await sql`drop function if exists held_event_month_track()`.execute(db);
  await sql`drop table if exists held_event_month`.execute(db);
}
