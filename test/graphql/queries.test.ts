import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { clientOperation } from '../helpers/operations.ts';

// The read API over the demo graph (five real meetups with known answers).

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
  await seedDemoIfEmpty(app.database.db);
});
afterAll(() => app?.close());

describe('Events client operation', () => {
  it('returns every meetup with hosts, talks, speakers, billed companies, sponsors and announcements', async () => {
    const result = await app.gql(clientOperation('events.graphql'), { first: 100 }, 'Events');
    expect(result.errors).toBeUndefined();
    const events = result.data?.events;
    // Five held meetups, and the five next ones their roundups announced.
    expect(events.totalCount).toBe(10);
    expect(events.pageInfo.hasNextPage).toBe(false);
    expect(events.nodes.map((e: any) => [e.date, e.status])).toEqual([
      ['2018-09-10', 'HELD'],
      ['2018-10-09', 'ANNOUNCED'],
      ['2018-12-12', 'HELD'],
      ['2019-01-08', 'ANNOUNCED'],
      ['2019-06-05', 'HELD'],
      ['2019-07-03', 'ANNOUNCED'],
      ['2019-12-10', 'HELD'],
      ['2020-01-08', 'ANNOUNCED'],
      ['2020-12-02', 'HELD'],
      ['2021-01-06', 'ANNOUNCED'],
    ]);
    const december2018 = events.nodes[2];
    expect(december2018.slug).toBe('cloud-native-london-2018-12-12');
    expect(december2018.format).toBe('IN_PERSON');
    expect(december2018.video).toEqual({ url: 'https://www.youtube.com/embed/_adkJbf1bRU' });
    expect(december2018.hosts).toEqual([
      { person: { slug: 'cheryl-hung', name: 'Cheryl Hung', aliases: [] }, role: 'Director of Ecosystem at the CNCF' },
    ]);
    expect(december2018.talks.map((t: any) => t.position)).toEqual([1, 2, 3]);
    const gitops = december2018.talks[2];
    expect(gitops.title).toBe('Secure GitOps in Production');
    expect(gitops.speakers).toEqual([
      {
        person: { slug: 'luke-bond', name: 'Luke Bond', aliases: [] },
        company: { slug: 'control-plane', name: 'Control Plane', aliases: [] },
      },
    ]);
    expect(gitops.video).toEqual({ url: 'https://youtu.be/_adkJbf1bRU?t=4345', startSeconds: 4345, endSeconds: null });
    expect(december2018.talks[0].video.endSeconds).toBe(1975);
    expect(gitops.slidesUrl).toMatch(/^https:\/\/docs\.google\.com\/presentation\//);
    expect(gitops.takeaways).toHaveLength(3);
    expect(december2018.sponsorships.map((s: any) => s.company.name)).toEqual([
      'StorageOS',
      'Tecknuovo',
      'Contino',
      'Pusher',
    ]);
    expect(december2018.sponsorships[0].company.website).toBe('https://storageos.com/');
    // A talk with two speakers keeps both, each with their billed company.
    const september = events.nodes[0];
    expect(september.talks[1].speakers.map((s: any) => [s.person.name, s.company?.name])).toEqual([
      ['Zenon Hannick', 'Armakuni'],
      ['Billie Thompson', 'Armakuni'],
    ]);
    // A speaker billed with no company has a null company.
    expect(events.nodes[4].talks[3].speakers[0].company).toBeNull();
    // The announced meetup carries the companies the previous roundup named.
    expect(events.nodes[9].announcedCompanies.map((c: any) => c.name)).toEqual(['Sainsburys', 'Hazelcast', 'Exelerys']);
    expect(events.nodes[9].talks).toEqual([]);
    // Exelerys was announced in 2018 and spoke in 2019 as EXELERYS: one company, two spellings.
    expect(events.nodes[1].announcedCompanies.map((c: any) => [c.slug, c.aliases])).toEqual([
      ['jetstack', []],
      ['wso2', []],
      ['exelerys', ['EXELERYS']],
    ]);
  });

  it('filters by date range, company and person', async () => {
    const query = `query($filter: EventFilter) { events(filter: $filter, orderBy: { field: DATE, direction: ASC }) { totalCount nodes { date } } }`;
    const range = await app.gql(query, { filter: { from: '2019-01-01', to: '2019-12-31', status: 'HELD' } });
    expect(range.data?.events.nodes.map((e: any) => e.date)).toEqual(['2019-06-05', '2019-12-10']);
    // Twistlock sponsored June 2019 and December 2019, where Ashley Ward also spoke for it.
    const company = await app.gql(query, { filter: { company: 'twistlock', status: 'HELD' } });
    expect(company.data?.events.nodes.map((e: any) => e.date)).toEqual(['2019-06-05', '2019-12-10']);
    // Billed speaker companies count as involvement: Red Sift only ever spoke.
    const speakerCompany = await app.gql(query, { filter: { company: 'red-sift' } });
    expect(speakerCompany.data?.events.nodes.map((e: any) => e.date)).toEqual(['2020-12-02']);
    // Josh Michielsen spoke in June 2019 and hosted December 2019.
    const person = await app.gql(query, { filter: { person: 'josh-michielsen', status: 'HELD' } });
    expect(person.data?.events.nodes.map((e: any) => e.date)).toEqual(['2019-06-05', '2019-12-10']);
    const none = await app.gql(query, { filter: { person: 'nobody-at-all' } });
    expect(none.data?.events).toEqual({ totalCount: 0, nodes: [] });
    const status = await app.gql(query, { filter: { status: 'ANNOUNCED', from: '2020-01-01' } });
    expect(status.data?.events.nodes.map((e: any) => e.date)).toEqual(['2020-01-08', '2021-01-06']);
  });

  it('rejects an invalid Date with a message naming the format', async () => {
    const result = await app.gql('query($d: Date) { events(filter: { from: $d }) { totalCount } }', {
      d: '2019-02-30',
    });
    expect(result.errors?.[0]?.message).toMatch(/YYYY-MM-DD/);
  });
});

describe('lookups by slug', () => {
  it('EventBySlug gives the previous and next meetup of the series', async () => {
    const result = await app.gql(
      clientOperation('events.graphql'),
      { slug: 'cloud-native-london-2019-06-05' },
      'EventBySlug',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.event).toMatchObject({
      title: 'Cloud Native London, June 2019: Pivotal, mnemonic and Alex Tasioulis',
      date: '2019-06-05',
      previousEvent: { slug: 'cloud-native-london-2019-01-08' },
      nextEvent: { slug: 'cloud-native-london-2019-07-03' },
    });
    const first = await app.gql(
      clientOperation('events.graphql'),
      { slug: 'cloud-native-london-2018-09-10' },
      'EventBySlug',
    );
    expect(first.data?.event.previousEvent).toBeNull();
  });

  it('returns null, not an error, for every absent slug', async () => {
    const result = await app.gql(`{
      event(slug: "no-such-event") { id }
      person(slug: "no-such-person") { id }
      company(slug: "no-such-company") { id }
      venue(slug: "no-such-venue") { id }
      series(slug: "no-such-series") { id }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ event: null, person: null, company: null, venue: null, series: null });
  });

  it('person(slug) lists their talks, newest first, with the company billed at each', async () => {
    const result = await app.gql(`{
      person(slug: "josh-michielsen") {
        name
        talks(orderBy: { field: DATE, direction: DESC }) {
          totalCount
          edges { cursor company { name } node { title position event { date } } }
        }
      }
      cheryl: person(slug: "cheryl-hung") { talks { totalCount } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data?.person.talks.totalCount).toBe(1);
    expect(result.data?.person.talks.edges[0]).toMatchObject({
      company: null,
      node: { title: null, position: 1, event: { date: '2019-06-05' } },
    });
    expect(result.data?.cheryl.talks.totalCount).toBe(0);
  });

  it('company(slug) has its website, aliases and sponsorships in date order', async () => {
    const result = await app.gql(`{
      company(slug: "tecknuovo") {
        name website aliases
        sponsorships(first: 100, orderBy: { field: DATE, direction: ASC }) {
          totalCount nodes { role event { date } company { slug } }
        }
      }
    }`);
    expect(result.errors).toBeUndefined();
    const company = result.data?.company;
    expect(company.website).toBe('https://www.tecknuovo.com/');
    expect(company.sponsorships.totalCount).toBe(5);
    expect(company.sponsorships.nodes.map((n: any) => n.event.date)).toEqual([
      '2018-09-10',
      '2018-12-12',
      '2019-06-05',
      '2019-12-10',
      '2020-12-02',
    ]);
    expect(company.sponsorships.nodes[0]).toMatchObject({ role: 'sponsor', company: { slug: 'tecknuovo' } });
  });
});

describe('top-level connections', () => {
  it('talks, people, companies and sponsorships page with totals and filters', async () => {
    const result = await app.gql(`{
      talks(first: 2, filter: { from: "2020-01-01" }, orderBy: { field: DATE, direction: ASC }) {
        totalCount nodes { title event { date } }
      }
      speakerTalks: talks(filter: { company: "armakuni" }) { totalCount }
      people(first: 1) { totalCount nodes { name } }
      speakers: people(filter: { speakersOnly: true }) { totalCount }
      companies(first: 3) { totalCount nodes { name } }
      sponsors: companies(filter: { sponsorsOnly: true }) { totalCount }
      sponsorships(filter: { company: "humio" }) { totalCount nodes { event { date } } }
    }`);
    expect(result.errors).toBeUndefined();
    const data = result.data!;
    expect(data.talks.totalCount).toBe(3);
    expect(data.talks.nodes.map((t: any) => t.title)).toEqual([
      'The challenges of exposing and connecting microservices',
      'Sharing Kubernetes Apps: Can we do Better?',
    ]);
    expect(data.speakerTalks.totalCount).toBe(1);
    // 17 speakers, plus Cheryl Hung who only hosted.
    expect(data.speakers.totalCount).toBe(17);
    expect(data.people.totalCount).toBe(18);
    expect(data.people.nodes).toEqual([{ name: 'Alex Tasioulis' }]);
    expect(data.sponsors.totalCount).toBe(12);
    expect(data.sponsorships.nodes.map((s: any) => s.event.date)).toEqual(['2020-12-02', '2019-12-10', '2019-06-05']);
  });
});
