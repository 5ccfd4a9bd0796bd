import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeCursor } from '../../src/graphql/cursor-scope.ts';
import { encodeCursor } from '../../src/graphql/pagination.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { seedSyntheticHistory } from '../helpers/fixtures.ts';

// Connection arguments: first/last/after/before, their bounds (also as
// variables), and clear errors for cursors this API never gave out.

let app: TestApp;
const DATES = `query($first: Int, $last: Int, $after: String, $before: String) {
  events(first: $first, last: $last, after: $after, before: $before, orderBy: { field: DATE, direction: ASC },
         filter: { status: HELD }) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { date } }
    nodes { date }
  }
}`;

async function page(variables: Record<string, unknown>) {
  const result = await app.gql(DATES, variables);
  return result;
}

let allDates: string[];

beforeAll(async () => {
  app = await createTestApp();
  await seedSyntheticHistory(app.database.db, 25);
  const all = await page({ first: 100 });
  allDates = all.data?.events.nodes.map((n: any) => n.date);
});
afterAll(() => app?.close());

describe('pagination', () => {
  it('defaults to 20 and walks forward with after', async () => {
    expect(allDates).toHaveLength(25);
    const first = await page({});
    expect(first.data?.events.nodes).toHaveLength(20);
    expect(first.data?.events.totalCount).toBe(25);
    expect(first.data?.events.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await page({ first: 20, after: first.data?.events.pageInfo.endCursor });
    expect(second.data?.events.nodes.map((n: any) => n.date)).toEqual(allDates.slice(20));
    expect(second.data?.events.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    // Edges and nodes agree, and each edge's cursor resumes right after it.
    const edges = first.data?.events.edges;
    expect(edges.map((e: any) => e.node.date)).toEqual(first.data?.events.nodes.map((n: any) => n.date));
    const resumed = await page({ first: 1, after: edges[4].cursor });
    expect(resumed.data?.events.nodes[0].date).toBe(allDates[5]);
  });

  it('walks backward with last and before', async () => {
    const tail = await page({ last: 5 });
    expect(tail.data?.events.nodes.map((n: any) => n.date)).toEqual(allDates.slice(20));
    expect(tail.data?.events.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await page({ last: 3, before: tail.data?.events.pageInfo.startCursor });
    expect(before.data?.events.nodes.map((n: any) => n.date)).toEqual(allDates.slice(17, 20));
    expect(before.data?.events.pageInfo.hasNextPage).toBe(true);
    const head = await page({ last: 10, before: before.data?.events.edges[0].cursor });
    expect(head.data?.events.nodes.map((n: any) => n.date)).toEqual(allDates.slice(7, 17));
    const start = await page({ last: 50, before: head.data?.events.edges[2].cursor });
    expect(start.data?.events.nodes.map((n: any) => n.date)).toEqual(allDates.slice(0, 9));
    expect(start.data?.events.pageInfo.hasPreviousPage).toBe(false);
  });

  it('combines after and before into the rows between them', async () => {
    const all = await page({ first: 100 });
    const edges = all.data?.events.edges;
    const between = await page({ first: 100, after: edges[2].cursor, before: edges[6].cursor });
    expect(between.data?.events.nodes.map((n: any) => n.date)).toEqual(allDates.slice(3, 6));
    const capped = await page({ first: 2, after: edges[2].cursor, before: edges[6].cursor });
    expect(capped.data?.events.nodes.map((n: any) => n.date)).toEqual(allDates.slice(3, 5));
    expect(capped.data?.events.pageInfo.hasNextPage).toBe(true);
  });

  it('an after cursor past the end gives an empty page', async () => {
    const all = await page({ first: 100 });
    const last = all.data?.events.pageInfo.endCursor;
    const empty = await page({ first: 5, after: last });
    expect(empty.errors).toBeUndefined();
    expect(empty.data?.events.nodes).toEqual([]);
    expect(empty.data?.events.pageInfo).toMatchObject({ hasNextPage: false, startCursor: null, endCursor: null });
  });

  it.each([
    [{ first: 0 }, /"first" must be between 1 and 100, got 0/],
    [{ first: 101 }, /"first" must be between 1 and 100, got 101/],
    [{ first: -1 }, /"first" must be between 1 and 100/],
    [{ last: 0 }, /"last" must be between 1 and 100, got 0/],
    [{ last: 1000 }, /"last" must be between 1 and 100/],
    [{ first: 5, last: 5 }, /"first" or "last", not both/],
  ])('rejects %j as variables with a clear error', async (variables, message) => {
    const result = await page(variables);
    expect(result.data?.events ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('rejects out-of-range literals too, and bounds nested connections the same way', async () => {
    const literal = await app.gql('{ events(first: 500) { totalCount } }');
    expect(literal.errors?.[0]?.message).toMatch(/"first" must be between 1 and 100, got 500/);
    const nested = await app.gql('{ people(first: 1) { nodes { talks(first: 101) { totalCount } } } }');
    expect(nested.errors?.[0]?.message).toMatch(/"first" must be between 1 and 100, got 101/);
  });

  it.each([
    ['not-a-cursor', 'after'],
    [Buffer.from('o:-4').toString('base64url'), 'after'],
    [Buffer.from('Event:12').toString('base64'), 'before'],
    ['', 'before'],
  ])('rejects the cursor %j with an error naming the argument', async (cursor, argument) => {
    const result = await page({ first: 5, [argument]: cursor });
    expect(result.errors?.[0]?.message).toMatch(new RegExp(`"${argument}" is not a cursor returned by this API`));
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages nested connections with last and cursors', async () => {
    const query = `query($after: String) { person(slug: "speaker-3") {
      talks(first: 2, after: $after, orderBy: { field: DATE, direction: ASC }) {
        totalCount pageInfo { hasNextPage endCursor } nodes { event { date } }
      }
      tail: talks(last: 2, orderBy: { field: DATE, direction: ASC }) { nodes { event { date } } pageInfo { hasPreviousPage } }
    } }`;
    const first = await app.gql(query);
    expect(first.errors).toBeUndefined();
    const talks = first.data?.person.talks;
    expect(talks.nodes).toHaveLength(2);
    expect(talks.totalCount).toBeGreaterThan(3);
    const next = await app.gql(query, { after: talks.pageInfo.endCursor });
    const dates = [...talks.nodes, ...next.data!.person.talks.nodes].map((n: any) => n.event.date);
    expect([...dates].sort()).toEqual(dates);
    expect(new Set(dates).size).toBe(4);
    expect(first.data?.person.tail.pageInfo.hasPreviousPage).toBe(true);
    expect(first.data?.person.tail.nodes).toHaveLength(2);
  });
  it("takes a top-level connection's totalCount from its page statement, and counts apart only past the end", async () => {
    const query = `query($first: Int!, $after: String, $filter: EventFilter) {
      events(first: $first, after: $after, filter: $filter) { totalCount nodes { slug } } }`;
    const withoutTotal = `query($first: Int!, $filter: EventFilter) { events(first: $first, filter: $filter) { nodes { slug } } }`;
    for (const filter of [{}, { status: 'HELD' }, { person: 'speaker-3' }]) {
      const all = await app.gql(query, { first: 100, filter });
      const total = all.data?.events.totalCount;
      expect(total, JSON.stringify(filter)).toBe(all.data?.events.nodes.length);
      expect(total).toBeGreaterThan(2);
      const page = await app.gql(query, { first: 2, filter });
      const bare = await app.gql(withoutTotal, { first: 2, filter });
      expect(page.data?.events.totalCount).toBe(total);
      expect(page.data?.events.nodes).toEqual(bare.data?.events.nodes);
      // The total costs no statement of its own.
      expect(page.stats.statements).toBe(bare.stats.statements);
      const past = await app.gql(query, {
        first: 2,
        filter,
        after: scopeCursor('Query.events', encodeCursor(total + 5)),
      });
      expect(past.errors).toBeUndefined();
      expect(past.data?.events.nodes).toEqual([]);
      expect(past.data?.events.totalCount).toBe(total);
      expect(past.stats.statements).toBe(page.stats.statements + 1);
    }
  });
  it("takes a nested connection's totalCount from its page statement, and counts apart only past the end", async () => {
    const query = `query($first: Int!, $after: String) { person(slug: "speaker-3") {
      talks(first: $first, after: $after) { totalCount nodes { id } }
    } }`;
    const withoutTotal = `query($first: Int!) { person(slug: "speaker-3") { talks(first: $first) { nodes { id } } } }`;
    const all = await app.gql(query, { first: 100 });
    const total = all.data?.person.talks.totalCount;
    expect(total).toBe(all.data?.person.talks.nodes.length);
    const page = await app.gql(query, { first: 2 });
    const bare = await app.gql(withoutTotal, { first: 2 });
    expect(page.data?.person.talks.totalCount).toBe(total);
    // The total costs no statement of its own.
    expect(page.stats.statements).toBe(bare.stats.statements);
    // Past the end there is no row to carry it: the count runs apart and is still right.
    const past = await app.gql(query, { first: 2, after: scopeCursor('Person.talks', encodeCursor(total + 5)) });
    expect(past.errors).toBeUndefined();
    expect(past.data?.person.talks.nodes).toEqual([]);
    expect(past.data?.person.talks.totalCount).toBe(total);
    expect(past.stats.statements).toBe(page.stats.statements + 1);
  });

  it('a cursor names its connection: one from another list is BAD_USER_INPUT naming both', async () => {
    const people = await app.gql('{ people(first: 1) { pageInfo { endCursor } } }');
    const cursor = people.data?.people.pageInfo.endCursor;
    expect(
      (await app.gql('query($c: String) { people(after: $c) { totalCount } }', { c: cursor })).errors,
    ).toBeUndefined();
    const other = await app.gql('query($c: String) { events(after: $c) { totalCount } }', { c: cursor });
    expect(other.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'after' });
    expect(other.errors?.[0]?.message).toMatch(/^Argument "after" is a cursor of Query.people, not of Query.events/);
    const nested = await app.gql(
      'query($c: String) { person(slug: "speaker-3") { talks(before: $c) { totalCount } } }',
      {
        c: cursor,
      },
    );
    expect(nested.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'before' });
  });
});
