import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { closeAllStreams, openStreams, setMaxStreamsPerClient } from '../../src/live/change-stream.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { readSse } from './sse.ts';

// Subscriptions over server-sent events through yoga.fetch: a write reaches
// the streams whose field it concerns within a second, and only those;
// streams per client are bounded; closing them all (SIGTERM) completes
// each response.

let database: TestDatabase;
let yoga: ReturnType<typeof createYogaApp>;
let admin: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoIfEmpty(database.db);
  admin = await createToken(database.db, 'live-admin', 'admin');
  yoga = createYogaApp({ db: database.db, logging: false });
});
afterAll(async () => {
  closeAllStreams();
  await database?.close();
});

const subscribe = async (query: string, variables: Record<string, unknown> = {}) =>
  yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
  });

const mutate = async (query: string, variables: Record<string, unknown> = {}) => {
  const response = await yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
};

const CHANGES = 'everything changes { kind id slug }';

describe('subscriptions over SSE', () => {
  it('graphChanged: a mutation reaches an open stream within a second, saying what changed', async () => {
    const response = await subscribe(`subscription { graphChanged { ${CHANGES} } }`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const stream = readSse(response);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await mutate('mutation { createPerson(input: { name: "Live Probe" }) { __typename } }');
    const event = await stream.next(1000);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(event?.data.graphChanged.everything).toBe(false);
    expect(event?.data.graphChanged.changes).toEqual([{ kind: 'Person', id: expect.any(String), slug: 'live-probe' }]);
    await stream.close();
  });

  it('eventChanged(slug) hears changes of its meetup, not of another one', async () => {
    const events = (await mutate('{ events(first: 2) { nodes { id slug } } }')).events.nodes;
    const [mine, other] = events;
    const stream = readSse(
      await subscribe(`subscription($s: String!) { eventChanged(slug: $s) { ${CHANGES} } }`, { s: mine.slug }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await mutate('mutation($id: ID!) { updateEvent(input: { id: $id, attendeeCount: 77 }) { __typename } }', {
      id: other.id,
    });
    await mutate('mutation($id: ID!) { updateEvent(input: { id: $id, attendeeCount: 78 }) { __typename } }', {
      id: mine.id,
    });
    const event = await stream.next(1000);
    expect(event?.data.eventChanged.changes).toEqual([{ kind: 'Event', id: mine.id, slug: mine.slug }]);
    await stream.close();
  });

  it('sponsorTimelineChanged hears sponsorship changes and not a person’s', async () => {
    const stream = readSse(
      await subscribe(`subscription { sponsorTimelineChanged(granularity: YEAR) { ${CHANGES} } }`),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await mutate('mutation { createPerson(input: { name: "Not A Sponsor" }) { __typename } }');
    const ids = await mutate('{ company(slug: "ovh") { id } events(first: 1) { nodes { id } } }');
    await mutate(
      'mutation($c: ID!, $e: ID!) { createSponsorship(input: { company: $c, event: $e, role: "food" }) { __typename } }',
      {
        c: ids.company.id,
        e: ids.events.nodes[0].id,
      },
    );
    const event = await stream.next(1000);
    expect(event?.data.sponsorTimelineChanged.changes.map((c: { kind: string }) => c.kind)).toEqual(['Sponsorship']);
    await stream.close();
  });

  it('bounds the open streams per client, and closing them all completes each response', async () => {
    closeAllStreams();
    setMaxStreamsPerClient(2);
    try {
      const streams = [
        readSse(await subscribe('subscription { graphChanged { everything } }')),
        readSse(await subscribe('subscription { graphChanged { everything } }')),
      ];
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(openStreams()).toBe(2);
      const third = await subscribe('subscription { graphChanged { everything } }');
      const refused = await readSse(third).next(1000);
      expect(refused?.errors?.[0]?.extensions?.code).toBe('TOO_MANY_SUBSCRIPTIONS');
      closeAllStreams();
      for (const stream of streams) expect(await stream.next(1000)).toBeNull();
      expect(openStreams()).toBe(0);
    } finally {
      setMaxStreamsPerClient(10);
    }
  });

  it('subscriptions respect the query limits', async () => {
    const deep = `subscription { graphChanged { ${'changes { kind '.repeat(1)}} } }`;
    expect((await subscribe(deep)).status).toBe(200);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: everything`).join(' ');
    const response = await subscribe(`subscription { graphChanged { ${aliases} } }`);
    const body = await response.text();
    expect(body).toMatch(/alias/i);
  });
});
