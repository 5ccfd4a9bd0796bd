import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importParsedPost, sha256 } from '../../src/importer/import-posts.ts';
import type { ParsedPost } from '../../src/importer/parsed-post.types.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { clientOperation } from '../helpers/operations.ts';

// Speaker histories, sponsor timelines and dashboard stats on a small
// invented history with known answers.

interface Meetup {
  date: string;
  sponsors: string[];
  talks?: [string, string | null][];
  host?: [string, string];
}

const MEETUPS: Meetup[] = [
  { date: '2019-01-09', sponsors: ['Steady Co'], talks: [['Ada Tester', 'Alpha']] },
  { date: '2019-02-13', sponsors: ['Steady Co', 'Once Ltd'], talks: [['Bo Builder', 'Gamma']] },
  {
    date: '2019-03-13',
    sponsors: ['Steady Co'],
    talks: [
      ['Ada Tester', 'Beta'],
      ['Bo Builder', 'Gamma'],
    ],
  },
  // April: no meetup. May: Steady Co misses one.
  { date: '2019-05-08', sponsors: ['Other Sponsor'], talks: [['Cy Newcomer', null]] },
  { date: '2019-06-12', sponsors: ['Steady Co'], talks: [['Ada Tester', 'Alpha Inc.']] },
  { date: '2019-07-10', sponsors: ['Steady Co'] },
  // August and September: none.
  { date: '2019-10-09', sponsors: ['Steady Co'], host: ['Ada Tester', 'Organiser at Beta'] },
  { date: '2020-01-08', sponsors: ['Steady Co'], talks: [['Bo Builder', 'Delta']] },
];

function post(meetup: Meetup): ParsedPost {
  const month = new Date(`${meetup.date}T00:00:00Z`).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  const [hostName, role] = meetup.host ?? ['Hal Host', 'Organiser at Fixture Org'];
  return {
    date: meetup.date,
    title: `Fixture Meetup ${month} ${meetup.date.slice(0, 4)}`,
    description: null,
    hosts: [{ name: hostName, role, company: role.split(' at ')[1] ?? null, line: 1 }],
    format: 'IN_PERSON',
    venue: null,
    attendeeCount: null,
    videoUrl: null,
    sponsors: meetup.sponsors.map((name) => ({ name, url: null, line: 2 })),
    talks: (meetup.talks ?? []).map(([name, company], i) => ({
      position: i + 1,
      title: `Talk by ${name} in ${month}`,
      speakers: [{ name, company }],
      link: null,
      startSeconds: null,
      slidesUrl: null,
      takeaways: ['One thing learnt.'],
      line: 3 + i,
    })),
    next: null,
    warnings: [],
  };
}

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  for (const meetup of MEETUPS) {
    const parsed = post(meetup);
    await importParsedPost(app.database.db, parsed, { path: `fixture/${meetup.date}.md`, sha256: sha256(meetup.date) });
  }
});
afterAll(() => app?.close());

describe('speaker history', () => {
  it('SpeakerHistory: talks newest first with the billed company, affiliations as runs, employer at a date', async () => {
    const result = await app.gql(clientOperation('speaker-history.graphql'), {
      slug: 'ada-tester',
      asOf: '2019-05-01',
    });
    expect(result.errors).toBeUndefined();
    const person = result.data?.person;
    expect(person.talks.totalCount).toBe(3);
    expect(person.talks.edges.map((e: any) => [e.node.event.date, e.company.name])).toEqual([
      ['2019-06-12', 'Alpha'],
      ['2019-03-13', 'Beta'],
      ['2019-01-09', 'Alpha'],
    ]);
    // Billed with Alpha, then Beta, then Alpha again (as "Alpha Inc."), then hosted as Beta's organiser.
    expect(person.affiliations).toEqual([
      { company: { slug: 'alpha', name: 'Alpha' }, from: '2019-01-09', to: '2019-01-09', talkCount: 1 },
      { company: { slug: 'beta', name: 'Beta' }, from: '2019-03-13', to: '2019-03-13', talkCount: 1 },
      { company: { slug: 'alpha', name: 'Alpha' }, from: '2019-06-12', to: '2019-06-12', talkCount: 1 },
      { company: { slug: 'beta', name: 'Beta' }, from: '2019-10-09', to: '2019-10-09', talkCount: 0 },
    ]);
    expect(person.employerAt).toEqual({ name: 'Beta' });
  });

  it('employerAt is null before the first appearance and follows each appearance', async () => {
    const query = `query($d1: Date!, $d2: Date!, $d3: Date!) { person(slug: "ada-tester") {
      before: employerAt(date: $d1) { slug } onTalk: employerAt(date: $d2) { slug } later: employerAt(date: $d3) { slug } } }`;
    const result = await app.gql(query, { d1: '2019-01-08', d2: '2019-06-12', d3: '2025-01-01' });
    expect(result.data?.person).toEqual({ before: null, onTalk: { slug: 'alpha' }, later: { slug: 'beta' } });
  });

  it('Company.speakers and Company.talks list who spoke billed with it', async () => {
    const result = await app.gql(`{ company(slug: "gamma") {
      speakers { totalCount edges { talkCount from to node { slug } } }
      talks(orderBy: { field: DATE, direction: ASC }) { totalCount nodes { event { date } } }
    } alpha: company(slug: "alpha") { speakers { totalCount } talks { totalCount } } }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.company.speakers).toEqual({
      totalCount: 1,
      edges: [{ talkCount: 2, from: '2019-02-13', to: '2019-03-13', node: { slug: 'bo-builder' } }],
    });
    expect(result.data?.company.talks.nodes.map((n: any) => n.event.date)).toEqual(['2019-02-13', '2019-03-13']);
    expect(result.data?.alpha).toEqual({ speakers: { totalCount: 1 }, talks: { totalCount: 2 } });
  });
});

describe('sponsor timeline', () => {
  it('SponsorTimeline: sponsorships by date, streak broken by one missed meetup, yearly buckets', async () => {
    const result = await app.gql(clientOperation('sponsor-timeline.graphql'), { slug: 'steady-co' }, 'SponsorTimeline');
    expect(result.errors).toBeUndefined();
    const company = result.data?.company;
    expect(company.sponsorships.totalCount).toBe(7);
    expect(company.sponsorships.nodes.map((n: any) => n.event.date)).toEqual(
      MEETUPS.filter((m) => m.sponsors.includes('Steady Co')).map((m) => m.date),
    );
    expect(company.sponsorshipSummary).toEqual({
      count: 7,
      firstEvent: { date: '2019-01-09' },
      lastEvent: { date: '2020-01-08' },
      currentStreak: 4,
      longestStreak: { length: 4, start: { date: '2019-06-12' }, end: { date: '2020-01-08' } },
    });
    expect(company.sponsorshipTimeline).toEqual([
      { period: '2019', start: '2019-01-01', end: '2019-12-31', events: 7, sponsored: 6 },
      { period: '2020', start: '2020-01-01', end: '2020-12-31', events: 1, sponsored: 1 },
    ]);
  });

  it('quarters and months include the empty periods, with correct boundaries', async () => {
    const quarters = await app.gql(
      clientOperation('sponsor-timeline.graphql'),
      { slug: 'steady-co', granularity: 'QUARTER' },
      'SponsorTimeline',
    );
    expect(
      quarters.data?.company.sponsorshipTimeline.map((p: any) => [p.period, p.start, p.end, p.events, p.sponsored]),
    ).toEqual([
      ['2019-Q1', '2019-01-01', '2019-03-31', 3, 3],
      ['2019-Q2', '2019-04-01', '2019-06-30', 2, 1],
      ['2019-Q3', '2019-07-01', '2019-09-30', 1, 1],
      ['2019-Q4', '2019-10-01', '2019-12-31', 1, 1],
      ['2020-Q1', '2020-01-01', '2020-03-31', 1, 1],
    ]);
    const months = await app.gql(
      clientOperation('sponsor-timeline.graphql'),
      { slug: 'steady-co', granularity: 'MONTH' },
      'SponsorTimeline',
    );
    const timeline = months.data?.company.sponsorshipTimeline;
    expect(timeline).toHaveLength(13);
    expect(timeline.filter((p: any) => p.events === 0).map((p: any) => p.period)).toEqual([
      '2019-04',
      '2019-08',
      '2019-09',
      '2019-11',
      '2019-12',
    ]);
    expect(timeline.find((p: any) => p.period === '2019-05')).toMatchObject({ events: 1, sponsored: 0 });
  });

  it('a one-time sponsor, a company that never sponsored, and an explicit range', async () => {
    const result = await app.gql(`{
      once: company(slug: "once-ltd") { sponsorshipSummary { count currentStreak longestStreak { length start { date } } } }
      never: company(slug: "alpha") { sponsorshipSummary { count } }
      ranged: company(slug: "once-ltd") { sponsorshipTimeline(granularity: MONTH, from: "2018-12-01", to: "2019-02-28") { period events sponsored } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.once.sponsorshipSummary).toEqual({
      count: 1,
      currentStreak: 0,
      longestStreak: { length: 1, start: { date: '2019-02-13' } },
    });
    expect(result.data?.never.sponsorshipSummary).toBeNull();
    expect(result.data?.ranged.sponsorshipTimeline).toEqual([
      { period: '2018-12', events: 0, sponsored: 0 },
      { period: '2019-01', events: 1, sponsored: 0 },
      { period: '2019-02', events: 1, sponsored: 1 },
    ]);
  });

  it('SponsorDashboard: per period the meetups held and each sponsor with its count, most first', async () => {
    const result = await app.gql(
      clientOperation('sponsor-timeline.graphql'),
      { granularity: 'QUARTER', from: '2019-01-01', to: '2019-06-30' },
      'SponsorDashboard',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.sponsorTimeline).toEqual([
      {
        period: '2019-Q1',
        start: '2019-01-01',
        end: '2019-03-31',
        events: 3,
        sponsors: [
          { company: { slug: 'steady-co', name: 'Steady Co' }, count: 3 },
          { company: { slug: 'once-ltd', name: 'Once Ltd' }, count: 1 },
        ],
      },
      {
        period: '2019-Q2',
        start: '2019-04-01',
        end: '2019-06-30',
        events: 2,
        sponsors: [
          { company: { slug: 'steady-co', name: 'Steady Co' }, count: 1 },
          { company: { slug: 'other-sponsor', name: 'Other Sponsor' }, count: 1 },
        ],
      },
    ]);
  });

  it('rejects a reversed range and one too long for its granularity', async () => {
    const reversed = await app.gql(
      '{ sponsorTimeline(granularity: YEAR, from: "2020-01-01", to: "2019-01-01") { period } }',
    );
    expect(reversed.errors?.[0]?.message).toMatch(/"from" \(2020-01-01\) must not be after "to" \(2019-01-01\)/);
    const tooLong = await app.gql(
      '{ sponsorTimeline(granularity: MONTH, from: "1900-01-01", to: "2100-01-01") { period } }',
    );
    expect(tooLong.errors?.[0]?.message).toMatch(/at most 1200/);
  });
});

describe('stats', () => {
  it('totals, per-year series and top lists', async () => {
    const result = await app.gql(`{ stats {
      totals { meetups talks speakers companies sponsors }
      years { year meetups talks speakers firstTimeSpeakers sponsors }
      topSponsors(limit: 2) { company { slug } count }
      topSpeakerCompanies(limit: 2) { company { slug } talks speakers }
    } ranged: stats(from: "2020-01-01") { totals { meetups talks speakers } } }`);
    expect(result.errors).toBeUndefined();
    const stats = result.data?.stats;
    // Companies: Alpha, Beta, Gamma, Delta (speakers), Steady Co, Once Ltd, Other Sponsor (sponsors), Fixture Org (host).
    expect(stats.totals).toEqual({ meetups: 8, talks: 7, speakers: 3, companies: 8, sponsors: 3 });
    expect(stats.years).toEqual([
      { year: 2019, meetups: 7, talks: 6, speakers: 3, firstTimeSpeakers: 3, sponsors: 3 },
      { year: 2020, meetups: 1, talks: 1, speakers: 1, firstTimeSpeakers: 0, sponsors: 1 },
    ]);
    expect(stats.topSponsors).toEqual([
      { company: { slug: 'steady-co' }, count: 7 },
      { company: { slug: 'once-ltd' }, count: 1 },
    ]);
    expect(stats.topSpeakerCompanies[0]).toEqual({ company: { slug: 'alpha' }, talks: 2, speakers: 1 });
    expect(result.data?.ranged.totals).toEqual({ meetups: 1, talks: 1, speakers: 1 });
  });

  it('bounds the top lists', async () => {
    const result = await app.gql('{ stats { topSponsors(limit: 1000) { count } } }');
    expect(result.errors?.[0]?.message).toMatch(/"limit" must be between 1 and 100, got 1000/);
  });
});
