import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, EventStatus } from '../../src/db/types.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { clientOperation } from '../helpers/operations.ts';

// Company.sponsorshipSummary and sponsorshipTimeline are computed in SQL
// (gaps and islands over the held meetups of the company's series). These
// tests pin their semantics on small invented histories, and compare them
// with a plain reference implementation on a random one.

interface Meetup {
  series: string;
  date: string;
  status?: EventStatus;
  /** Company slugs; a slug twice sponsors it in two roles. */
  sponsors: string[];
}

const monthly = (year: number, month: number, day = 10) =>
  `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;

/** Inserts series, companies, meetups and sponsorships; returns event ids by "series date". */
async function insertHistory(db: Kysely<Database>, meetups: Meetup[]): Promise<Map<string, number>> {
  const seriesIds = new Map<string, number>();
  const companyIds = new Map<string, number>();
  const eventIds = new Map<string, number>();
  for (const meetup of meetups) {
    let seriesId = seriesIds.get(meetup.series);
    if (seriesId === undefined) {
      const row = await db
        .insertInto('series')
        .values({ slug: meetup.series, name: meetup.series })
        .returning('id')
        .executeTakeFirstOrThrow();
      seriesId = row.id;
      seriesIds.set(meetup.series, seriesId);
    }
    const event = await db
      .insertInto('event')
      .values({
        series_id: seriesId,
        date: meetup.date,
        title: `${meetup.series} ${meetup.date}`,
        slug: `${meetup.series}-${meetup.date}`,
        status: meetup.status ?? 'HELD',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    eventIds.set(`${meetup.series} ${meetup.date}`, event.id);
    const roles = new Map<string, number>();
    for (const [position, slug] of meetup.sponsors.entries()) {
      let companyId = companyIds.get(slug);
      if (companyId === undefined) {
        const row = await db
          .insertInto('company')
          .values({ slug, name: slug })
          .returning('id')
          .executeTakeFirstOrThrow();
        companyId = row.id;
        companyIds.set(slug, companyId);
      }
      const times = (roles.get(slug) ?? 0) + 1;
      roles.set(slug, times);
      await db
        .insertInto('sponsorship')
        .values({
          event_id: event.id,
          company_id: companyId,
          role: times === 1 ? 'sponsor' : `role ${times}`,
          position: position + 1,
        })
        .execute();
    }
  }
  return eventIds;
}

async function addCompany(db: Kysely<Database>, slug: string): Promise<void> {
  await db.insertInto('company').values({ slug, name: slug }).execute();
}

const SUMMARY = `query Summary($slug: String!) { company(slug: $slug) { sponsorshipSummary {
  count currentStreak firstEvent { slug } lastEvent { slug }
  longestStreak { length start { slug } end { slug } }
} } }`;

async function summaryOf(app: TestApp, slug: string) {
  const result = await app.gql(SUMMARY, { slug });
  expect(result.errors).toBeUndefined();
  return result.data?.company.sponsorshipSummary;
}

/** A summary as the API returns it, meetups named by slug. */
function expected(
  count: number,
  first: string,
  last: string,
  longest: [number, string, string],
  currentStreak: number,
): Record<string, unknown> {
  return {
    count,
    currentStreak,
    firstEvent: { slug: first },
    lastEvent: { slug: last },
    longestStreak: { length: longest[0], start: { slug: longest[1] }, end: { slug: longest[2] } },
  };
}

// Series "a": ten monthly meetups in 2020. Series "b": four, on the 20th.
const A = (month: number) => `a-${monthly(2020, month)}`;
const B = (month: number) => `b-${monthly(2020, month, 20)}`;
const sponsoredIn = (months: number[], month: number, slug: string) => (months.includes(month) ? [slug] : []);

const FIXTURE: Meetup[] = [
  ...Array.from({ length: 10 }, (_, i) => i + 1).map((month) => ({
    series: 'a',
    date: monthly(2020, month),
    sponsors: [
      ...sponsoredIn([1, 2, 3, 5, 6, 8, 9, 10], month, 'missed-one'),
      ...sponsoredIn([2, 3, 4, 5, 9], month, 'lapsed'),
      ...sponsoredIn([2, 3, 6, 7], month, 'tied'),
      ...sponsoredIn([4, 5], month, 'two-series'),
      // Two roles at one meetup: still one meetup sponsored.
      ...(month === 7 ? ['two-roles', 'two-roles'] : []),
      ...sponsoredIn([8], month, 'two-roles'),
      ...sponsoredIn([9, 10], month, 'around-announced'),
    ],
  })),
  // Announced after the last held one: not held, so it counts for nothing.
  { series: 'a', date: monthly(2020, 11), status: 'ANNOUNCED', sponsors: ['around-announced', 'announced-only'] },
  ...[3, 4, 5, 6].map((month) => ({
    series: 'b',
    date: monthly(2020, month, 20),
    sponsors: sponsoredIn([3, 4, 5, 6], month, 'two-series'),
  })),
  // Same-day runs of equal length in two series: the series whose first held meetup is earlier wins.
  ...[1, 2].map((month) => ({ series: 'c', date: monthly(2021, month), sponsors: ['same-day'] })),
  ...[1, 2].map((month) => ({ series: 'd', date: monthly(2021, month), sponsors: ['same-day'] })),
  { series: 'd', date: monthly(2020, 12), sponsors: [] },
];

describe('sponsorship summary', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
    await insertHistory(app.database.db, FIXTURE);
    await addCompany(app.database.db, 'never');
  });
  afterAll(() => app?.close());

  it('is null for a company that never sponsored, or sponsored only a meetup not held yet', async () => {
    expect(await summaryOf(app, 'never')).toBeNull();
    expect(await summaryOf(app, 'announced-only')).toBeNull();
  });

  it('one missed meetup breaks a streak', async () => {
    expect(await summaryOf(app, 'missed-one')).toEqual(expected(8, A(1), A(10), [3, A(1), A(3)], 3));
  });

  it('the current streak is 0 when the latest held meetup was not sponsored', async () => {
    expect(await summaryOf(app, 'lapsed')).toEqual(expected(5, A(2), A(9), [4, A(2), A(5)], 0));
  });

  it('on a tie the earliest longest run wins', async () => {
    expect(await summaryOf(app, 'tied')).toEqual(expected(4, A(2), A(7), [2, A(2), A(3)], 0));
  });

  it('streaks do not run across series; the current one is the best over its series', async () => {
    // a: 4–5 (a run of 2, a's latest meetup is month 10); b: every meetup, a run of 4 that is current.
    expect(await summaryOf(app, 'two-series')).toEqual(expected(6, B(3), B(6), [4, B(3), B(6)], 4));
  });

  it('two roles at one meetup count once', async () => {
    expect(await summaryOf(app, 'two-roles')).toEqual(expected(2, A(7), A(8), [2, A(7), A(8)], 0));
  });

  it('an announced meetup neither counts nor ends the current streak', async () => {
    expect(await summaryOf(app, 'around-announced')).toEqual(expected(2, A(9), A(10), [2, A(9), A(10)], 2));
  });

  it('equal runs starting the same day: the one in the series with the earlier first meetup', async () => {
    const c = (month: number) => `c-${monthly(2021, month)}`;
    const d = (month: number) => `d-${monthly(2021, month)}`;
    // Series d began in December 2020, series c in January 2021.
    expect(await summaryOf(app, 'same-day')).toEqual(expected(4, c(1), d(2), [2, d(1), d(2)], 2));
  });

  it('every company of a list in one summary statement; the meetups it names need none', async () => {
    const fields =
      'slug sponsorshipSummary { count firstEvent { slug } longestStreak { start { slug } end { slug } } }';
    const one = await app.gql(`{ company(slug: "missed-one") { ${fields} } }`);
    const all = await app.gql(`{ companies(first: 100) { nodes { ${fields} } } }`);
    expect(all.errors).toBeUndefined();
    const nodes: { slug: string; sponsorshipSummary: unknown }[] = all.data?.companies.nodes;
    expect(nodes.length).toBeGreaterThan(8);
    expect(nodes.find((n) => n.slug === 'missed-one')).toEqual(one.data?.company);
    expect(nodes.find((n) => n.slug === 'never')?.sponsorshipSummary).toBeNull();
    // The company (or the list), then one statement for every summary.
    expect(one.stats.statements).toBe(2);
    expect(all.stats.statements).toBe(2);
  });

  it('SponsorTimeline runs the same statements for a big sponsor, a small one and one that never sponsored', async () => {
    const operation = clientOperation('sponsor-timeline.graphql');
    const counts: number[] = [];
    for (const slug of ['missed-one', 'two-roles', 'never', 'announced-only']) {
      const result = await app.gql(operation, { slug, granularity: 'MONTH' }, 'SponsorTimeline');
      expect(result.errors).toBeUndefined();
      counts.push(result.stats.statements);
    }
    // Company, sponsorships page (with its total), then summary and timeline together.
    expect(counts).toEqual([3, 3, 3, 3]);
  });
});

describe('sponsorship timeline', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
    await insertHistory(app.database.db, FIXTURE);
  });
  afterAll(() => app?.close());

  it('counts the held meetups of every series per period, and the company’s among them', async () => {
    const result = await app.gql(`{ company(slug: "two-series") {
      sponsorshipTimeline(granularity: QUARTER) { period events sponsored } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.company.sponsorshipTimeline).toEqual([
      { period: '2020-Q1', events: 4, sponsored: 1 },
      { period: '2020-Q2', events: 6, sponsored: 5 },
      { period: '2020-Q3', events: 3, sponsored: 0 },
      { period: '2020-Q4', events: 2, sponsored: 0 },
      { period: '2021-Q1', events: 4, sponsored: 0 },
    ]);
  });

  it('the dashboard counts each sponsor as its own timeline does, meetups on one day in two series included', async () => {
    const dashboard = await app.gql(`{ sponsorTimeline(granularity: MONTH) {
      period sponsors { company { slug } count } } }`);
    expect(dashboard.errors).toBeUndefined();
    const fromDashboard = new Map<string, number>();
    for (const period of dashboard.data?.sponsorTimeline ?? []) {
      for (const sponsor of period.sponsors)
        fromDashboard.set(`${sponsor.company.slug} ${period.period}`, sponsor.count);
    }
    const slugs = [...new Set([...fromDashboard.keys()].map((key) => key.split(' ')[0]))];
    expect(slugs.length).toBeGreaterThan(1);
    const fromTimelines = new Map<string, number>();
    for (const slug of slugs) {
      const result = await app.gql(
        `{ company(slug: "${slug}") { sponsorshipTimeline(granularity: MONTH) { period sponsored } } }`,
      );
      for (const period of result.data?.company.sponsorshipTimeline ?? []) {
        if (period.sponsored > 0) fromTimelines.set(`${slug} ${period.period}`, period.sponsored);
      }
    }
    expect(fromDashboard).toEqual(fromTimelines);
    // The fixture has a month where one company sponsored two meetups held the same day.
    const sameDay = FIXTURE.filter((m) => m.sponsors.length > 0 && (m.status ?? 'HELD') === 'HELD').some((a) =>
      FIXTURE.some(
        (b) => b !== a && b.date === a.date && b.series !== a.series && b.sponsors.some((s) => a.sponsors.includes(s)),
      ),
    );
    expect(sameDay).toBe(true);
  });

  it('a range cutting through periods counts their whole first and last period', async () => {
    const result = await app.gql(`{ company(slug: "two-series") {
      sponsorshipTimeline(granularity: QUARTER, from: "2020-05-25", to: "2020-07-01") { period events sponsored } }
      sponsorTimeline(granularity: QUARTER, from: "2020-05-25", to: "2020-07-01") { period events sponsors { company { slug } count } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.company.sponsorshipTimeline).toEqual([
      { period: '2020-Q2', events: 6, sponsored: 5 },
      { period: '2020-Q3', events: 3, sponsored: 0 },
    ]);
    expect(result.data?.sponsorTimeline.map((p: any) => [p.period, p.events, p.sponsors.length])).toEqual([
      ['2020-Q2', 6, 4],
      ['2020-Q3', 3, 5],
    ]);
  });

  it('companies asking with the same arguments share one statement', async () => {
    const one = await app.gql(`{ company(slug: "tied") { sponsorshipTimeline { events sponsored } } }`);
    const all = await app.gql(`{ companies(first: 100) { nodes { slug sponsorshipTimeline { events sponsored } } } }`);
    expect(all.errors).toBeUndefined();
    expect(one.data?.company.sponsorshipTimeline).toEqual([
      { events: 15, sponsored: 4 },
      { events: 4, sponsored: 0 },
    ]);
    const nodes: { slug: string; sponsorshipTimeline: unknown }[] = all.data?.companies.nodes;
    expect(nodes.find((n) => n.slug === 'tied')?.sponsorshipTimeline).toEqual(one.data?.company.sponsorshipTimeline);
    expect(one.stats.statements).toBe(2);
    expect(all.stats.statements).toBe(2);
    // Other arguments too, and summaries: still one statement for all of them (months to 2030: a range
    // open to 2099 would cost every month of it for each of 100 companies).
    const mixed = await app.gql(`{ companies(first: 100) { nodes {
      sponsorshipSummary { count }
      years: sponsorshipTimeline { events sponsored }
      months: sponsorshipTimeline(granularity: MONTH, from: "2020-03-15", to: "2030-12-31") { period events sponsored }
    } } }`);
    expect(mixed.errors).toBeUndefined();
    expect(mixed.stats.statements).toBe(2);
    const tied = await app.gql(`{ company(slug: "tied") {
      months: sponsorshipTimeline(granularity: MONTH, from: "2020-03-15", to: "2030-12-31") { period events sponsored } } }`);
    const index = nodes.findIndex((n) => n.slug === 'tied');
    expect(mixed.data?.companies.nodes[index].years).toEqual(one.data?.company.sponsorshipTimeline);
    expect(mixed.data?.companies.nodes[index].months).toEqual(tied.data?.company.months);
    expect(tied.data?.company.months.slice(0, 5)).toEqual([
      { period: '2020-03', events: 2, sponsored: 1 },
      { period: '2020-04', events: 2, sponsored: 0 },
      { period: '2020-05', events: 2, sponsored: 0 },
      { period: '2020-06', events: 2, sponsored: 1 },
      { period: '2020-07', events: 1, sponsored: 1 },
    ]);
  });

  it('a range given in full is checked before any statement runs', async () => {
    const result = await app.gql(
      `{ sponsorTimeline(granularity: YEAR, from: "2021-01-01", to: "2020-01-01") { period } }`,
    );
    expect(result.errors?.[0]?.message).toMatch(/"from" \(2021-01-01\) must not be after "to" \(2020-01-01\)/);
    expect(result.stats.statements).toBe(0);
  });
});

// The reference: the summary as Node computed it from every held meetup
// before it moved into SQL.

interface HeldEvent {
  id: number;
  series: string;
  date: string;
}

interface Run {
  length: number;
  start: HeldEvent;
  end: HeldEvent;
}

function referenceSummary(held: readonly HeldEvent[], sponsored: ReadonlySet<number>) {
  const mine = held.filter((event) => sponsored.has(event.id));
  const first = mine[0];
  const last = mine.at(-1);
  if (!first || !last) return null;
  const series = new Set(mine.map((event) => event.series));
  const bySeries = new Map<string, HeldEvent[]>();
  for (const event of held) {
    if (!series.has(event.series)) continue;
    const list = bySeries.get(event.series);
    if (list) list.push(event);
    else bySeries.set(event.series, [event]);
  }
  let longest: Run | null = null;
  let current = 0;
  for (const events of bySeries.values()) {
    let length = 0;
    let start = first;
    for (const event of events) {
      if (!sponsored.has(event.id)) {
        length = 0;
        continue;
      }
      if (length === 0) start = event;
      length += 1;
      if (!longest || length > longest.length || (length === longest.length && start.date < longest.start.date)) {
        longest = { length, start, end: event };
      }
    }
    current = Math.max(current, length);
  }
  if (!longest) return null;
  return expected(
    mine.length,
    `${first.series}-${first.date}`,
    `${last.series}-${last.date}`,
    [longest.length, `${longest.start.series}-${longest.start.date}`, `${longest.end.series}-${longest.end.date}`],
    current,
  );
}

describe('sponsorship summary against the reference, on a random history', () => {
  let app: TestApp;
  let meetups: Meetup[];
  let ids: Map<string, number>;
  const companies = Array.from({ length: 12 }, (_, i) => `sponsor-${i}`);

  beforeAll(async () => {
    app = await createTestApp();
    // A small linear congruential generator: the same history every run.
    let seed = 20240611;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    meetups = [];
    for (const series of ['north', 'south', 'east']) {
      for (let i = 0; i < 30; i += 1) {
        if (random() < 0.2) continue;
        // Dates collide across series now and then: 3 series, 2 days a month.
        const date = monthly(2018 + Math.floor(i / 12), (i % 12) + 1, random() < 0.5 ? 5 : 12);
        const status: EventStatus = random() < 0.1 ? 'ANNOUNCED' : 'HELD';
        // Each company sponsors in streaks: it keeps its previous choice most of the time.
        const sponsors = companies.filter((_, c) => random() < (c < 4 ? 0.8 : c < 8 ? 0.35 : 0.05));
        if (random() < 0.1 && sponsors[0]) sponsors.push(sponsors[0]);
        meetups.push({ series, date, status, sponsors });
      }
    }
    ids = await insertHistory(app.database.db, meetups);
  });
  afterAll(() => app?.close());

  it('gives the same summary for every company', async () => {
    const held = meetups
      .filter((m) => (m.status ?? 'HELD') === 'HELD')
      .map((m) => ({ id: ids.get(`${m.series} ${m.date}`) ?? 0, series: m.series, date: m.date }))
      .sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id);
    for (let i = 0; i < companies.length; i += 6) {
      const slugs = companies.slice(i, i + 6);
      const result = await app.gql(
        `{ ${slugs.map((slug, j) => `c${j}: company(slug: "${slug}") { sponsorshipSummary { count currentStreak firstEvent { slug } lastEvent { slug } longestStreak { length start { slug } end { slug } } } }`).join('\n')} }`,
      );
      expect(result.errors).toBeUndefined();
      for (const [j, slug] of slugs.entries()) {
        const sponsored = new Set(
          meetups.filter((m) => m.sponsors.includes(slug)).map((m) => ids.get(`${m.series} ${m.date}`) ?? 0),
        );
        expect(result.data?.[`c${j}`]?.sponsorshipSummary, slug).toEqual(referenceSummary(held, sponsored));
      }
    }
  });
});
