import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { seedSyntheticHistory } from '../helpers/fixtures.ts';
import { clientOperation } from '../helpers/operations.ts';

// The number of SQL statements a request runs depends on the query's shape,
// never on how many rows it returns: every cross-entity lookup is batched.

const EVENTS = clientOperation('events.graphql');
const SPEAKER_HISTORY = clientOperation('speaker-history.graphql');

const EVENT_PAGE_FIELDS = `slug title date venue { slug name } hosts { person { slug name aliases } role company { name } }
  talks { id position title speakers { person { slug name aliases } company { slug name aliases } }
    video { url startSeconds endSeconds } slidesUrl takeaways }
  sponsorships { id role company { slug name website aliases } } announcedCompanies { slug name }
  previousEvent { slug date venue { name } } nextEvent { slug date }`;
const EVENT_PAGE = `query ($slug: String!) { event(slug: $slug) { ${EVENT_PAGE_FIELDS} } }`;

async function eventsStatements(app: TestApp, first: number) {
  const result = await app.gql(EVENTS, { first }, 'Events');
  expect(result.errors).toBeUndefined();
  return result;
}

describe('batching', () => {
  let small: TestApp;
  let large: TestApp;

  beforeAll(async () => {
    [small, large] = await Promise.all([createTestApp(), createTestApp()]);
    await Promise.all([seedSyntheticHistory(small.database.db, 5), seedSyntheticHistory(large.database.db, 50)]);
  });
  afterAll(async () => {
    await Promise.all([small?.close(), large?.close()]);
  });

  it('runs the same number of statements for the Events client operation over 5 and 50 meetups', async () => {
    const five = await eventsStatements(small, 100);
    const fifty = await eventsStatements(large, 100);
    // The pages really differ in size: 5 held + 1 announced, 50 held + 1 announced.
    expect(five.data?.events.nodes).toHaveLength(6);
    expect(fifty.data?.events.nodes).toHaveLength(51);
    const talks = fifty.data?.events.nodes.flatMap((e: { talks: unknown[] }) => e.talks);
    expect(talks).toHaveLength(150);
    expect(fifty.stats.statements).toBe(five.stats.statements);
    // The figure stated in the README: the page, with venues, hosts, talks with their takeaways
    // and speakers, sponsorships, announced companies and the total built in its statement.
    expect(fifty.stats.statements).toBe(1);
  });

  it('an event page with its venue, hosts, talks, speakers, sponsors and neighbours is one statement', async () => {
    const listed = await large.gql('{ events(first: 3, orderBy: { field: DATE, direction: ASC }) { nodes { slug } } }');
    const page = await large.gql(EVENT_PAGE, { slug: listed.data?.events.nodes[1].slug });
    expect(page.errors).toBeUndefined();
    expect(page.data?.event.talks.length).toBeGreaterThan(0);
    expect(page.data?.event.talks[0].speakers.length).toBeGreaterThan(0);
    expect(page.stats.statements).toBe(1);
  });

  it("a stats panel is one statement per range, whatever parts and limits, its top lists' companies included", async () => {
    const STATS = `{ all: stats { totals { meetups talks speakers companies sponsors }
        years { year meetups talks speakers firstTimeSpeakers sponsors }
        topSponsors(limit: 3) { company { slug name } count } few: topSponsors(limit: 1) { count }
        topSpeakerCompanies { company { slug name } talks speakers } }
      recent: stats(from: "2021-01-01") { totals { meetups } topSponsors { company { slug } count } } }`;
    const five = await small.gql(STATS);
    const fifty = await large.gql(STATS);
    expect(fifty.errors).toBeUndefined();
    expect(fifty.data?.all.totals.meetups).toBeGreaterThan(five.data?.all.totals.meetups);
    expect(fifty.data?.all.topSponsors).toHaveLength(3);
    expect(fifty.data?.all.few).toEqual([{ count: fifty.data?.all.topSponsors[0].count }]);
    expect(fifty.data?.all.topSponsors[0].company.slug).toBeTruthy();
    expect(five.stats.statements).toBe(2);
    expect(fifty.stats.statements).toBe(2);
    // The statement's text depends on which parts are asked, not on limits, aliases or their order.
    const one = await large.gql('{ stats { topSponsors(limit: 2) { count } totals { meetups } } }');
    const other = await large.gql(
      '{ stats { totals { talks } b: topSponsors(limit: 1) { count } a: topSponsors(limit: 7) { count } } }',
    );
    expect(other.data?.stats.b).toEqual(one.data?.stats.topSponsors.slice(0, 1));
    expect(other.data?.stats.a.slice(0, 2)).toEqual(one.data?.stats.topSponsors);
    expect(other.stats.sql).toEqual(one.stats.sql);
  });

  it('lists selected through fragments are built in the statement too, with the same answer', async () => {
    const listed = await large.gql('{ events(first: 3, orderBy: { field: DATE, direction: ASC }) { nodes { slug } } }');
    const slug = listed.data?.events.nodes[1].slug;
    const direct = await large.gql(EVENT_PAGE, { slug });
    const viaFragments = await large.gql(
      `query ($slug: String!) { event(slug: $slug) { ...Page } }
       fragment Page on Event { ... on Event { ${EVENT_PAGE_FIELDS} } }`,
      { slug },
    );
    expect(viaFragments.errors).toBeUndefined();
    expect(JSON.stringify(viaFragments.data?.event)).toBe(JSON.stringify(direct.data?.event));
    expect(viaFragments.stats.statements).toBe(1);
  });

  it('a meetup reached through a talk gets the same lists through the loaders, batched', async () => {
    const listed = await large.gql(
      '{ events(first: 3, orderBy: { field: DATE, direction: ASC }) { nodes { slug talks { id } } } }',
    );
    const slug = listed.data?.events.nodes[1].slug;
    const direct = await large.gql(EVENT_PAGE, { slug });
    const viaTalks = await large.gql(
      `query ($id: ID!) { node(id: $id) { ... on Talk { event { ${EVENT_PAGE_FIELDS} } } } }`,
      { id: listed.data?.events.nodes[1].talks[0].id },
    );
    expect(viaTalks.errors).toBeUndefined();
    // Built as JSON in the event's statement or loaded list by list: the same answer.
    expect(JSON.stringify(viaTalks.data?.node.event)).toBe(JSON.stringify(direct.data?.event));
    expect(viaTalks.stats.statements).toBeGreaterThan(direct.stats.statements);
  });

  it('does not depend on the page size either', async () => {
    const twenty = await eventsStatements(large, 20);
    const fifty = await eventsStatements(large, 50);
    expect(twenty.stats.statements).toBe(fifty.stats.statements);
  });

  it('batches nested connections: every person of a page with their talks in constant statements', async () => {
    const query = `query People($first: Int!) {
      people(first: $first, filter: { speakersOnly: true }) {
        nodes { name talks(first: 2) { totalCount edges { company { name } node { title event { date } } } } }
      }
    }`;
    const few = await large.gql(query, { first: 3 });
    const many = await large.gql(query, { first: 40 });
    expect(few.errors).toBeUndefined();
    expect(many.errors).toBeUndefined();
    expect(many.data?.people.nodes.length).toBeGreaterThan(few.data?.people.nodes.length);
    expect(many.stats.statements).toBe(few.stats.statements);
  });

  it("a speaker's talks bring their meetup and takeaways: neither costs a statement of its own", async () => {
    const query = (fields: string) => `{ person(slug: "speaker-3") { talks(first: 5) { nodes { title ${fields} } } } }`;
    const bare = await large.gql(query(''));
    const full = await large.gql(query('event { slug date title } takeaways'));
    expect(full.errors).toBeUndefined();
    const nodes = full.data?.person.talks.nodes;
    expect(nodes.length).toBeGreaterThan(1);
    for (const node of nodes) expect(node.event.slug).toMatch(/\d{4}-\d{2}-\d{2}$/);
    expect(full.stats.statements).toBe(bare.stats.statements);
  });

  it("an event's previous and next meetups come with its statement, venues included", async () => {
    const page = await large.gql('{ events(first: 1, orderBy: { field: DATE, direction: ASC }) { nodes { slug } } }');
    const slug = page.data?.events.nodes[0].slug;
    const listed = await large.gql('{ events(first: 3, orderBy: { field: DATE, direction: ASC }) { nodes { slug } } }');
    const middle = listed.data?.events.nodes[1].slug;
    const bare = await large.gql(`{ event(slug: "${middle}") { title } }`);
    const full = await large.gql(
      `{ event(slug: "${middle}") { title previousEvent { slug title venue { name } } nextEvent { slug date } } }`,
    );
    expect(full.errors).toBeUndefined();
    expect(full.data?.event.previousEvent.slug).toBe(slug);
    expect(full.data?.event.nextEvent.slug).toBe(listed.data?.events.nodes[2].slug);
    // Built in the event's own statement.
    expect(full.stats.statements).toBe(bare.stats.statements);
  });

  it("a person's employer history is the same built in their statement or loaded with a page of people", async () => {
    const fields =
      'slug affiliations { company { slug } from to talkCount appearanceCount } employerAt(date: "2030-01-01") { slug }';
    const listed = await large.gql(`{ people(first: 40, filter: { speakersOnly: true }) { nodes { ${fields} } } }`);
    expect(listed.errors).toBeUndefined();
    const withHistory = listed.data?.people.nodes.filter((p: { affiliations: unknown[] }) => p.affiliations.length > 0);
    expect(withHistory.length).toBeGreaterThan(1);
    for (const listedPerson of withHistory.slice(0, 3)) {
      const direct = await large.gql(`{ person(slug: "${listedPerson.slug}") { ${fields} } }`);
      expect(direct.stats.statements).toBe(1);
      expect(JSON.stringify(direct.data?.person)).toBe(JSON.stringify(listedPerson));
    }
  });

  it('SpeakerHistory is 1 statement: the person with their appearances, companies and page of talks', async () => {
    const run = (slug: string) => large.gql(SPEAKER_HISTORY, { slug, asOf: '2030-01-01' }, 'SpeakerHistory');
    const a = await run('speaker-3');
    const b = await run('speaker-1');
    for (const result of [a, b]) {
      expect(result.errors).toBeUndefined();
      expect(result.data?.person.talks.edges.length).toBeGreaterThan(0);
      expect(result.stats.statements).toBe(1);
    }
    expect(a.data?.person.affiliations.length).toBeGreaterThan(0);
  });

  it("a person's page of talks built in the person's statement is the page their connection fetches itself", async () => {
    const fields = `totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      edges { cursor company { slug } node { id title position takeaways event { slug date } } }`;
    // person(slug) brings the page; a person reached through people(…) fetches it in a statement of its own.
    const bySlug = (args: string) => `{ person(slug: "speaker-3") { talks${args} { ${fields} } } }`;
    const listed = (args: string) => `{ people(first: 100) { nodes { slug talks${args} { ${fields} } } } }`;
    const first = await large.gql(bySlug('(first: 2)'));
    const after = first.data?.person.talks.pageInfo.endCursor;
    const argSets = [
      '',
      '(first: 2)',
      `(first: 2, after: "${after}")`,
      '(first: 3, orderBy: { field: DATE, direction: ASC })',
      '(last: 2)',
      `(first: 1, before: "${after}")`,
    ];
    for (const args of argSets) {
      const prefetched = await large.gql(bySlug(args));
      const fetched = await large.gql(listed(args));
      expect(prefetched.errors, args).toBeUndefined();
      const same = fetched.data?.people.nodes.find((p: { slug: string }) => p.slug === 'speaker-3');
      expect(prefetched.data?.person.talks, args).toEqual(same.talks);
      expect(prefetched.data?.person.talks.edges.length, args).toBeGreaterThan(0);
    }
    // The page came with the person: one statement, where `last` (which needs the total first) takes more.
    expect((await large.gql(bySlug('(first: 2)'))).stats.statements).toBe(1);
    expect((await large.gql(bySlug('(last: 2)'))).stats.statements).toBeGreaterThan(1);
    // Two differently paged selections of the talks are each still right.
    const two = await large.gql(
      `{ person(slug: "speaker-3") { a: talks(first: 1) { ${fields} } b: talks(first: 2) { ${fields} } } }`,
    );
    expect(two.data?.person.a.edges[0]).toEqual(two.data?.person.b.edges[0]);
    expect(two.data?.person.b.edges).toHaveLength(2);
    // Bad arguments are still the connection's error.
    const bad = await large.gql(`{ person(slug: "speaker-3") { name talks(after: "nope") { totalCount } } }`);
    expect(bad.errors?.[0]?.path).toEqual(['person', 'talks']);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
