import { type Kysely, type RawBuilder, sql } from 'kysely';
import { andWithinDates } from '../../db/sql.ts';
import type { Database } from '../../db/types.ts';
import { type CompanyNode, companyJson } from '../company/company.repository.ts';

// Aggregates for dashboards, over held meetups in an optional date range.
// Whatever parts of them a request asks for over one range come from one
// statement: its held meetups, their talks, speakers and sponsors are read
// once, and each part is one grouped pass over them (a statement per part
// read them four times over, and cost a round trip each).

export interface Range {
  from: string | null;
  to: string | null;
}

export interface Totals {
  meetups: number;
  talks: number;
  speakers: number;
  companies: number;
  sponsors: number;
}

export interface YearRow {
  year: number;
  meetups: number;
  talks: number;
  speakers: number;
  first_time_speakers: number;
  sponsors: number;
}

export interface SponsorCount {
  company_id: number;
  count: number;
  /** The company, to prime its loader with. */
  company: CompanyNode;
}

export interface SpeakerCompanyCount {
  company_id: number;
  talks: number;
  speakers: number;
  company: CompanyNode;
}

/** One part of the stats of a range: what a field of Stats shows. */
export type StatsPart =
  | { kind: 'totals' }
  | { kind: 'years' }
  | { kind: 'topSponsors'; limit: number }
  | { kind: 'topSpeakerCompanies'; limit: number };

export interface StatsValues {
  totals: Totals;
  years: YearRow[];
  topSponsors: SponsorCount[];
  topSpeakerCompanies: SpeakerCompanyCount[];
}

export type StatsValue = StatsValues[StatsPart['kind']];

/**
 * `events` (id, date, year): the held meetups of the range; `talk_rows`
 * (id, date, year) their talks; `appearances` (person_id, company_id,
 * talk_id, date, year) a row per speaker and talk; `sponsor_rows`
 * (company_id, event_id, year) their sponsorships.
 */
function rangeRows(range: Range): RawBuilder<unknown> {
  return sql`
    events as materialized (
      select e.id, e.date, extract(year from e.date)::int as year
      from event e where e.status = 'HELD'${andWithinDates(sql.ref('e.date'), range)}
    ),
    talk_rows as materialized (select t.id, ev.date, ev.year from talk t join events ev on ev.id = t.event_id),
    appearances as materialized (
      select ts.person_id, ts.company_id, ts.talk_id, t.date, t.year
      from talk_speaker ts join talk_rows t on t.id = ts.talk_id
    ),
    sponsor_rows as materialized (
      select s.company_id, s.event_id, ev.year from sponsorship s join events ev on ev.id = s.event_id
    ),
    ${debuts(range)}`;
}

/**
 * `debuts` (person_id, date): the first held meetup each speaker of the
 * range spoke at, in it or not; over all time, that is in `appearances`.
 */
function debuts(range: Range): RawBuilder<unknown> {
  if (!range.from && !range.to) {
    return sql`debuts as (select person_id, min(date) as date from appearances group by person_id)`;
  }
  return sql`debuts as (
      select ts.person_id, min(e.date) as date
      from talk_speaker ts join talk t on t.id = ts.talk_id join event e on e.id = t.event_id
      where e.status = 'HELD' and ts.person_id in (select person_id from appearances)
      group by ts.person_id
    )`;
}

const TOTALS = sql`json_build_object(
    'meetups', (select count(*) from events),
    'talks', (select count(*) from talk_rows),
    'speakers', (select count(*) from (select distinct person_id from appearances) x),
    'companies', (select count(*) from (
      select company_id from appearances union select company_id from sponsor_rows
      union select h.company_id from event_host h join events ev on ev.id = h.event_id
    ) x where company_id is not null),
    'sponsors', (select count(*) from (select distinct company_id from sponsor_rows) x))`;

/**
 * Per calendar year with a held meetup; a first-time speaker is one whose
 * first talk ever (at any held meetup, in the range or not) was that year,
 * on a day of the range.
 */
function years(range: Range): RawBuilder<unknown> {
  return sql`(select coalesce(json_agg(json_build_object('year', m.year, 'meetups', m.n,
      'talks', coalesce(t.n, 0), 'speakers', coalesce(sp.n, 0), 'first_time_speakers', coalesce(f.n, 0),
      'sponsors', coalesce(so.n, 0)) order by m.year), '[]')
    from (select year, count(*)::int as n from events group by year) m
    left join (select year, count(*)::int as n from talk_rows group by year) t on t.year = m.year
    left join (select year, count(*)::int as n from (select distinct year, person_id from appearances) x group by year)
      sp on sp.year = m.year
    left join (select year, count(*)::int as n from (select distinct year, company_id from sponsor_rows) x group by year)
      so on so.year = m.year
    left join (
      select extract(year from d.date)::int as year, count(*)::int as n from debuts d
      where true${andWithinDates(sql.ref('d.date'), range)} group by 1
    ) f on f.year = m.year)`;
}

/** Sponsors by meetups sponsored, most first (ties by id), with their companies. */
function topSponsors(limit: number): RawBuilder<unknown> {
  return sql`(select coalesce(json_agg(json_build_object('company_id', q.company_id, 'count', q.count,
      'company', ${companyJson('c')}) order by q.count desc, q.company_id), '[]')
    from (
      select company_id, count(distinct event_id)::int as count from sponsor_rows
      group by company_id order by count desc, company_id limit ${limit}
    ) q join company c on c.id = q.company_id)`;
}

/** Companies by talks of the speakers billed with them, then by those speakers, with their companies. */
function topSpeakerCompanies(limit: number): RawBuilder<unknown> {
  return sql`(select coalesce(json_agg(json_build_object('company_id', q.company_id, 'talks', q.talks,
      'speakers', q.speakers, 'company', ${companyJson('c')}) order by q.talks desc, q.speakers desc, q.company_id), '[]')
    from (
      select company_id, count(distinct talk_id)::int as talks, count(distinct person_id)::int as speakers
      from appearances where company_id is not null
      group by company_id order by talks desc, speakers desc, company_id limit ${limit}
    ) q join company c on c.id = q.company_id)`;
}

function partOf(part: StatsPart, range: Range): RawBuilder<unknown> {
  switch (part.kind) {
    case 'totals':
      return TOTALS;
    case 'years':
      return years(range);
    case 'topSponsors':
      return topSponsors(part.limit);
    case 'topSpeakerCompanies':
      return topSpeakerCompanies(part.limit);
  }
}

/** The parts asked for over one range, in their order: one statement. */
export async function statsOf(db: Kysely<Database>, range: Range, parts: readonly StatsPart[]): Promise<StatsValue[]> {
  if (parts.length === 0) return [];
  const columns = parts.map((part, i) => sql`${partOf(part, range)} as ${sql.ref(`p${i}`)}`);
  const result = await sql<Record<string, StatsValue>>`
    with ${rangeRows(range)}
    select ${sql.join(columns)}`.execute(db);
  const row = result.rows[0];
  if (!row) throw new Error('the stats statement returned no row');
  return parts.map((_, i) => row[`p${i}`] as StatsValue);
}
