import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisAvailable } from '../helpers/redis.ts';
import { type CacheApp, createCacheApp } from './cache-app.ts';

// The response cache on the demo graph, in memory and in the machine's
// Redis: answers are served from it, and after every kind of write the next
// answer is the new one, never the cached one.

const hasRedis = await redisAvailable();
if (!hasRedis) console.warn('Redis is not answering at REDIS_TEST_URL (127.0.0.1:6379): the Redis cases are skipped');

const STORES = [
  { store: 'memory' as const, run: true },
  { store: 'redis' as const, run: hasRedis },
];

const RESULT = `__typename ... on Error { code message }`;

describe.each(STORES)('response cache in $store', ({ store, run }) => {
  let app: CacheApp;
  const as = () => ({ authorization: `Bearer ${app.admin}` });
  const mutate = async (query: string, variables?: Record<string, unknown>) => {
    const result = await app.query(query, variables, as());
    expect(result.errors).toBeUndefined();
    return result.data as Record<string, any>;
  };
  /** Reads twice: the second answer must come from the cache and equal the first. */
  const cachedRead = async (query: string, variables?: Record<string, unknown>) => {
    const first = await app.query(query, variables);
    expect(first.errors).toBeUndefined();
    const second = await app.query(query, variables);
    expect(second.cache?.hit).toBe(true);
    expect(second.data).toEqual(first.data);
    return first.data as Record<string, any>;
  };
  const freshRead = async (query: string, variables?: Record<string, unknown>) => {
    const result = await app.query(query, variables);
    expect(result.cache?.hit).toBe(false);
    return result.data as Record<string, any>;
  };

  beforeAll(async () => {
    if (run) app = await createCacheApp({ store });
  });
  afterAll(() => app?.close());

  it.runIf(run)('answers a repeated query from the cache and says so', async () => {
    const query = '{ stats { totals { meetups talks } } }';
    const first = await app.query(query);
    expect(first.cache).toEqual({ hit: false });
    const second = await app.query(query);
    expect(second.cache).toEqual({ hit: true });
    // The body is the same as without a cache, byte for byte: no cache metadata in it.
    expect(second.body).toEqual({ data: first.data });
    expect(second.text).toBe(first.text);
    const third = await app.query(query);
    expect(third.cache).toEqual({ hit: true });
    expect(third.text).toBe(first.text);
    // Other variables are another answer.
    const a = await app.query('query($s: String!) { person(slug: $s) { name } }', { s: 'luke-bond' });
    const b = await app.query('query($s: String!) { person(slug: $s) { name } }', { s: 'cheryl-hung' });
    expect(a.cache?.hit).toBe(false);
    expect(b.cache?.hit).toBe(false);
    expect(a.data?.person.name).not.toBe(b.data?.person.name);
  });

  it.runIf(run)('create, update, delete: the entity and every derived answer are fresh after each', async () => {
    const lookup = 'query($s: String!) { person(slug: $s) { name } }';
    const totals = '{ stats { totals { speakers } } people(first: 100) { totalCount } }';
    const before = await cachedRead(totals);
    expect(await cachedRead(lookup, { s: 'cache-probe' })).toEqual({ person: null });

    const created = await mutate(
      `mutation { createPerson(input: { name: "Cache Probe" }) { ${RESULT} ... on PersonPayload { person { id slug } } } }`,
    );
    const id = created.createPerson.person.id as string;
    expect((await freshRead(lookup, { s: 'cache-probe' })).person).toEqual({ name: 'Cache Probe' });
    expect((await freshRead(totals)).people.totalCount).toBe(before.people.totalCount + 1);

    await cachedRead(lookup, { s: 'cache-probe' });
    await mutate(`mutation($id: ID!) { updatePerson(input: { id: $id, name: "Cache Probe Renamed" }) { ${RESULT} } }`, {
      id,
    });
    expect((await freshRead(lookup, { s: 'cache-probe' })).person).toEqual({ name: 'Cache Probe Renamed' });

    await cachedRead(lookup, { s: 'cache-probe' });
    await cachedRead(totals);
    await mutate(`mutation($id: ID!) { deletePerson(input: { id: $id }) { ${RESULT} } }`, { id });
    expect((await freshRead(lookup, { s: 'cache-probe' })).person).toBeNull();
    expect((await freshRead(totals)).people.totalCount).toBe(before.people.totalCount);
  });

  it.runIf(run)('a merge: the source resolves to the target and the target lists both histories', async () => {
    const people = await mutate(`mutation {
      a: createPerson(input: { name: "Merge Source" }) { ... on PersonPayload { person { id } } }
      b: createPerson(input: { name: "Merge Target" }) { ... on PersonPayload { person { id } } }
    }`);
    const lookup = 'query($s: String!) { person(slug: $s) { name } }';
    expect((await cachedRead(lookup, { s: 'merge-source' })).person).toEqual({ name: 'Merge Source' });
    await mutate(`mutation($s: ID!, $t: ID!) { mergePeople(input: { source: $s, target: $t }) { ${RESULT} } }`, {
      s: people.a.person.id,
      t: people.b.person.id,
    });
    expect((await freshRead(lookup, { s: 'merge-source' })).person).toEqual({ name: 'Merge Target' });
  });

  it.runIf(run)('a new sponsorship: the sponsor timeline, summary and stats are fresh', async () => {
    const ids = await cachedRead(`{
      company(slug: "ovh") { id }
      events(first: 100, filter: { status: HELD }) { nodes { id slug sponsorships { company { slug } } } }
    }`);
    const event = ids.events.nodes.find((e: any) => !e.sponsorships.some((s: any) => s.company.slug === 'ovh'));
    const timeline = `{
      company(slug: "ovh") { sponsorshipSummary { count } sponsorshipTimeline(granularity: YEAR) { period sponsored } }
      stats { topSponsors(limit: 50) { company { slug } count } }
    }`;
    const before = await cachedRead(timeline);
    await mutate(`mutation($c: ID!, $e: ID!) { createSponsorship(input: { company: $c, event: $e }) { ${RESULT} } }`, {
      c: ids.company.id,
      e: event.id,
    });
    const after = await freshRead(timeline);
    expect(after.company.sponsorshipSummary.count).toBe(before.company.sponsorshipSummary.count + 1);
    const count = (data: any) => data.stats.topSponsors.find((s: any) => s.company.slug === 'ovh')?.count ?? 0;
    expect(count(after)).toBe(count(before) + 1);
  });

  it.runIf(run)(
    'a sponsorship write drops what read that sponsor or every sponsorship, and keeps the rest',
    async () => {
      // a: a company that has sponsored nothing yet; b: the demo's steadiest sponsor.
      const ids = await cachedRead(`{
      companies(first: 100) { nodes { id slug sponsorshipSummary { count } } }
      b: company(slug: "tecknuovo") { id slug }
      events(first: 1, filter: { status: HELD }) { nodes { id slug } }
    }`);
      const a = ids.companies.nodes.find((c: any) => c.sponsorshipSummary === null) as { id: string; slug: string };
      const b = ids.b as { id: string; slug: string };
      const event = ids.events.nodes[0] as { id: string; slug: string };
      expect(a && b && event).toBeTruthy();
      const timeline = `query($s: String!) { company(slug: $s) {
      sponsorships(first: 100) { totalCount nodes { event { slug } } }
      sponsorshipSummary { count }
      sponsorshipTimeline(granularity: YEAR) { period events sponsored }
    } }`;
      const meetup = 'query($s: String!) { event(slug: $s) { sponsorships { company { slug } } } }';
      const person = '{ person(slug: "cheryl-hung") { name talks(first: 10) { nodes { title } } } }';
      const totals = '{ stats { totals { sponsors } topSponsors(limit: 50) { company { slug } count } } }';
      /** The answer a token gets: never from the cache. */
      const truth = async (query: string, variables?: Record<string, unknown>) =>
        (await app.query(query, variables, as())).data;
      const warm = async () => {
        for (const s of [a.slug, b.slug]) await cachedRead(timeline, { s });
        await cachedRead(meetup, { s: event.slug });
        await cachedRead(person);
        await cachedRead(totals);
      };
      const check = async (sponsored: boolean) => {
        const mine = await freshRead(timeline, { s: a.slug });
        expect(mine.company.sponsorships.totalCount).toBe(sponsored ? 1 : 0);
        expect(mine).toEqual(await truth(timeline, { s: a.slug }));
        // Another sponsor's timeline read no row the write changed: still cached, and still true.
        const other = await app.query(timeline, { s: b.slug });
        expect(other.cache?.hit).toBe(true);
        expect(other.data).toEqual(await truth(timeline, { s: b.slug }));
        // What reads the sponsorships of a meetup or of everyone is fresh.
        const listed = (await freshRead(meetup, { s: event.slug })).event.sponsorships.map((s: any) => s.company.slug);
        expect(listed.includes(a.slug)).toBe(sponsored);
        expect(await freshRead(totals)).toEqual(await truth(totals));
        // What reads no sponsorship at all is kept.
        expect((await app.query(person)).cache?.hit).toBe(true);
      };
      await warm();
      const created = await mutate(
        `mutation($c: ID!, $e: ID!) { createSponsorship(input: { company: $c, event: $e }) {
        ${RESULT} ... on SponsorshipPayload { sponsorship { id } } } }`,
        { c: a.id, e: event.id },
      );
      await check(true);
      await warm();
      await mutate(`mutation($id: ID!) { deleteSponsorship(input: { id: $id }) { ${RESULT} } }`, {
        id: created.createSponsorship.sponsorship.id,
      });
      await check(false);
      // Any other write drops everything, the other sponsor's timeline too.
      await warm();
      await mutate(
        `mutation($id: ID!) { updateCompany(input: { id: $id, website: "https://example.org/b" }) { ${RESULT} } }`,
        {
          id: b.id,
        },
      );
      expect((await app.query(timeline, { s: b.slug })).cache?.hit).toBe(false);
      expect((await app.query(person)).cache?.hit).toBe(false);
    },
  );

  it.runIf(run)('importRoundup: the new meetup shows in lists and totals at once', async () => {
    const markdown = await readFile(
      new URL('../fixtures/posts/2029-07-04-platform-tinkerers-leeds-july-2029.md', import.meta.url),
      'utf8',
    );
    const listing = '{ events(first: 1, orderBy: { field: DATE, direction: DESC }) { totalCount nodes { slug } } }';
    const before = await cachedRead(listing);
    const imported = await mutate(
      `mutation($m: String!) { importRoundup(input: { markdown: $m, path: "2029-07-04-leeds.md" }) { ${RESULT} ... on ImportReport { status eventSlug } } }`,
      { m: markdown },
    );
    expect(imported.importRoundup.status).toBe('CREATED');
    const after = await freshRead(listing);
    expect(after.events.totalCount).toBe(before.events.totalCount + 1);
    expect(after.events.nodes[0].slug).toBe(imported.importRoundup.eventSlug);
  });

  it.runIf(run)('a request with a token is neither served from nor stored into the cache', async () => {
    const query = '{ companies(first: 5) { totalCount } }';
    const withToken = await app.query(query, undefined, as());
    expect(withToken.cache).toBeUndefined();
    const anonymous = await app.query(query);
    expect(anonymous.cache?.hit).toBe(false);
    expect((await app.query(query)).cache?.hit).toBe(true);
    expect((await app.query(query, undefined, as())).cache).toBeUndefined();
  });

  it.runIf(run)('introspection and the audit trail are never cached', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    await app.query(introspection);
    const again = await app.query(introspection);
    expect(again.data?.__schema.queryType.name).toBe('Query');
    expect(again.cache?.hit).toBe(false);
    // The audit trail needs a token, and its Change type is uncached besides.
    const audit = '{ changes(first: 5) { totalCount nodes { mutation } } }';
    await app.query(audit, undefined, as());
    const auditAgain = await app.query(audit, undefined, as());
    expect(auditAgain.errors).toBeUndefined();
    expect(auditAgain.data?.changes.totalCount).toBeGreaterThan(0);
    expect(auditAgain.cache).toBeUndefined();
  });
});

describe('response cache TTL', () => {
  let app: CacheApp;
  beforeAll(async () => {
    app = await createCacheApp({ store: 'memory', ttlMs: 300 });
  });
  afterAll(() => app?.close());

  it('drops an answer once RESPONSE_CACHE_TTL_MS has passed', async () => {
    const query = '{ stats { totals { meetups } } }';
    await app.query(query);
    expect((await app.query(query)).cache?.hit).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await app.query(query)).cache?.hit).toBe(false);
  });
});
