import { type Kysely, type RawBuilder, sql } from 'kysely';
import { andWithinDates, anyId } from '../../db/sql.ts';
import { readingSponsorshipsOf } from '../../db/sql-trace.ts';
import type { Database, EventRow } from '../../db/types.ts';
import { eventJson } from '../event/event.repository.ts';
import type { Granularity } from './periods.ts';

// Sponsorship summaries and timelines, computed in SQL: a request ships one
// summary per company and counts per period, never the meetups themselves,
// so its work in Node does not grow with the graph.

/** A run of consecutive held meetups of one series that the company sponsored. */
export interface Streak {
  length: number;
  startId: number;
  endId: number;
}

export interface SponsorshipSummary {
  count: number;
  firstEventId: number;
  lastEventId: number;
  longestStreak: Streak;
  currentStreak: number;
}

/** What a timeline counts: per period of `granularity`, the held meetups between two days (each optional). */
export interface PeriodArgs {
  granularity: Granularity;
  /** The first day of the range's first period, if bounded. */
  from: string | null;
  /** The last day of its last period, if bounded. */
  to: string | null;
}

export interface SponsorshipStatsRequest {
  /** Companies whose summary is wanted. */
  summaries: readonly number[];
  /** Companies whose timeline is wanted, for every set of arguments in `sets`. */
  timelines: readonly number[];
  sets: readonly PeriodArgs[];
}

export interface SponsorshipStats {
  /** One per company of `summaries` that sponsored a held meetup, with the meetups it names. */
  summaries: (SponsorshipSummary & { companyId: number; events: EventRow[] })[];
  /** The first and the last held meetup's date (null when none is held). */
  first_held: string | null;
  last_held: string | null;
  /** [set k (from 1, in `sets` order), period's first day, held meetups of every series] */
  held: [number, string, number][];
  /** [set k, company id, period's first day, held meetups the company sponsored] */
  sponsored: [number, number, string, number][];
}

/**
 * `mine (company_id, id, series_id, date)`: the held meetups each company
 * sponsored, once each whatever the roles.
 */
function sponsoredMeetups(companyIds: readonly number[]): RawBuilder<unknown> {
  return sql`
    mine as (
      select s.company_id, e.id, e.series_id, e.date
      from sponsorship s
      join event e on e.id = s.event_id
      where s.company_id = ${anyId(companyIds)} and e.status = 'HELD'
      group by s.company_id, e.id
    )`;
}

/**
 * `summary`: each company's count, first and last meetup, longest and
 * current streak. A streak is a run of consecutive held meetups of one
 * series that the company sponsored: one missed meetup breaks it and runs
 * never cross series. Gaps and islands over the held meetups of the
 * company's series only: along a run, the number of meetups missed so far is
 * constant. The longest is the earliest on a tie (by start date, then by the
 * series whose first held meetup is earlier); the current one is the best,
 * over the company's series, of the run ending at the series' latest held
 * meetup.
 *
 * (`offset 0` keeps the membership test to one evaluation per meetup, not
 * one per use; [days since 2000, id] arrays compare as (date, id) do, so
 * min/max find the first and last meetup without a sort.)
 */
function summaries(companyIds: readonly number[], all: boolean): RawBuilder<unknown> {
  // Only the companies asked for (`mine` may hold more: those whose timeline is asked for).
  const wanted = all ? sql`` : sql` where company_id = ${anyId(companyIds)}`;
  return sql`
    series as (
      select cs.company_id, cs.series_id, f.id as first_id, f.date as first_date,
             (select max(e.date) from event e where e.series_id = cs.series_id and e.status = 'HELD') as last_date
      from (select distinct company_id, series_id from mine${wanted}) cs
      cross join lateral (
        select e.id, e.date from event e
        where e.series_id = cs.series_id and e.status = 'HELD'
        order by e.date
        limit 1
      ) f
    ),
    held_in_series as (
      select company_id, series_id, date, sponsored,
             count(*) filter (where not sponsored) over w as missed
      from (
        select x.company_id, e.series_id, e.date, (x.company_id, e.id) in (select company_id, id from mine) as sponsored
        from series x
        join event e on e.series_id = x.series_id and e.status = 'HELD'
        offset 0
      ) h
      window w as (partition by series_id, company_id order by date rows unbounded preceding)
    ),
    runs as (
      select company_id, series_id, count(*)::int as length, min(date) as start_date, max(date) as end_date
      from held_in_series
      where sponsored
      group by company_id, series_id, missed
    ),
    longest as (
      select distinct on (r.company_id) r.company_id, r.length, r.series_id, r.start_date, r.end_date
      from runs r
      join series x on x.company_id = r.company_id and x.series_id = r.series_id
      order by r.company_id, r.length desc, r.start_date, x.first_date, x.first_id
    ),
    current_streak as (
      select x.company_id, coalesce(max(r.length), 0)::int as length
      from series x
      left join runs r on r.company_id = x.company_id and r.series_id = x.series_id and r.end_date = x.last_date
      group by x.company_id
    ),
    totals as (
      select company_id, count(*)::int as count,
             (min(array[date - date '2000-01-01', id]))[2] as first_id,
             (max(array[date - date '2000-01-01', id]))[2] as last_id
      from mine${wanted}
      group by company_id
    ),
    summary as materialized (
      select t.company_id, t.count, t.first_id, t.last_id, l.length,
             (select e.id from event e where e.series_id = l.series_id and e.date = l.start_date) as start_id,
             (select e.id from event e where e.series_id = l.series_id and e.date = l.end_date) as end_id,
             c.length as current
      from totals t
      join longest l on l.company_id = t.company_id
      join current_streak c on c.company_id = t.company_id
    )`;
}

function periodStart(set: PeriodArgs, column: RawBuilder<string>): RawBuilder<string> {
  return sql<string>`date_trunc(${set.granularity.toLowerCase()}::text, ${column}::timestamp)::date`;
}

/**
 * Held meetups of every series per period, from the monthly counts (a
 * period is whole months, and the range bounds are period bounds): at most
 * a row per month, however many meetups.
 */
function heldPerPeriod(set: PeriodArgs, key: RawBuilder<unknown> = sql``): RawBuilder<unknown> {
  const month = sql<string>`m.month`;
  return sql`
      select ${key} ${periodStart(set, month)} as period, sum(m.meetups)::int as n
      from held_event_month m
      where m.meetups > 0${andWithinDates(month, set)}
      group by period`;
}

/**
 * `held (k, period, n)`: for each set of arguments (k numbering them from 1),
 * the held meetups of every series per period, a period named by its first
 * day; `sponsored (k, company_id, period, n)`: of those, how many each
 * company sponsored.
 */
function countsPerPeriod(
  sets: readonly PeriodArgs[],
  companyIds: readonly number[],
  all: boolean,
): RawBuilder<unknown> {
  const date = sql<string>`e.date`;
  const wanted = all ? sql`true` : sql`e.company_id = ${anyId(companyIds)}`;
  const held = sets.map((set, i) => heldPerPeriod(set, sql`${i + 1}::int as k,`));
  const sponsored = sets.map(
    (set, i) => sql`
      select ${i + 1}::int as k, e.company_id, ${periodStart(set, date)} as period, count(*)::int as n
      from mine e
      where ${wanted}${andWithinDates(date, set)}
      group by 2, 3`,
  );
  if (sets.length === 0) {
    return sql`
      held as (select null::int as k, null::date as period, null::int as n where false),
      sponsored as (select null::int as k, null::bigint as company_id, null::date as period, null::int as n where false)`;
  }
  return sql`
    held as (${sql.join(held, sql` union all `)}),
    sponsored as (${sql.join(sponsored, sql` union all `)})`;
}

const HELD_BOUNDS = sql`
  (select min(e.date) from event e where e.status = 'HELD') as first_held,
  (select max(e.date) from event e where e.status = 'HELD') as last_held`;

/**
 * Summaries and timelines of many companies, for any sets of timeline
 * arguments, in one statement: the sponsored meetups are read once for both.
 */
export async function sponsorshipStats(
  db: Kysely<Database>,
  request: SponsorshipStatsRequest,
): Promise<SponsorshipStats> {
  const companyIds = [...new Set([...request.summaries, ...request.timelines])];
  // Reads the sponsorships of these companies only (`mine`).
  const query = sql<SponsorshipStats>`
    with ${sponsoredMeetups(companyIds)},
    ${summaries(request.summaries, request.summaries.length === companyIds.length)},
    ${countsPerPeriod(request.sets, request.timelines, request.timelines.length === companyIds.length)}
    select
      (select coalesce(json_agg(json_build_object('companyId', s.company_id, 'count', s.count,
          'firstEventId', s.first_id, 'lastEventId', s.last_id, 'currentStreak', s.current,
          'longestStreak', json_build_object('length', s.length, 'startId', s.start_id, 'endId', s.end_id),
          'events', (select json_agg(${eventJson('e')}) from event e
                     where e.id in (s.first_id, s.last_id, s.start_id, s.end_id)))), '[]')
        from summary s) as summaries,
      ${HELD_BOUNDS},
      (select coalesce(json_agg(json_build_array(h.k, h.period, h.n)), '[]') from held h) as held,
      (select coalesce(json_agg(json_build_array(q.k, q.company_id, q.period, q.n)), '[]') from sponsored q)
        as sponsored`;
  const result = await readingSponsorshipsOf(companyIds, () => query.execute(db));
  const row = result.rows[0];
  if (!row) throw new Error('sponsorship statistics returned no row');
  return row;
}

export interface SponsorDashboard {
  first_held: string | null;
  last_held: string | null;
  /** [period's first day, held meetups of every series] */
  held: [string, number][];
  /** [period's first day, company id, held meetups it sponsored] */
  sponsors: [string, number, number][];
}

/** Held meetups per period and each sponsor's count per period: one statement. */
export async function sponsorDashboard(db: Kysely<Database>, args: PeriodArgs): Promise<SponsorDashboard> {
  const unit = args.granularity.toLowerCase();
  const from = args.from ? sql` and e.date >= ${args.from}::date` : sql``;
  const to = args.to ? sql` and e.date <= ${args.to}::date` : sql``;
  const period = sql`date_trunc(${unit}::text, e.date::timestamp)::date`;
  // A sponsor counts once per meetup (two roles at one meetup are one), as in
  // Company.sponsorshipTimeline: two series meeting on one day are two meetups.
  const result = await sql<SponsorDashboard>`
    select ${HELD_BOUNDS},
      (select coalesce(json_agg(json_build_array(q.period, q.n)), '[]') from (${heldPerPeriod(args)}) q) as held,
      (select coalesce(json_agg(json_build_array(q.period, q.company_id, q.n)), '[]') from (
        select ${period} as period, s.company_id, count(distinct e.id)::int as n
        from sponsorship s
        join event e on e.id = s.event_id
        where e.status = 'HELD'${from}${to}
        group by 1, 2
      ) q) as sponsors`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('dashboard statement returned no row');
  return row;
}
