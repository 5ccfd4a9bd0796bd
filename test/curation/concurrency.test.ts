import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { createTestApp, type GraphQLResponse, type TestApp } from '../helpers/app.ts';
import { serverUrl } from '../helpers/database.ts';

// Concurrent writes never split one entity. On PostgreSQL (DATABASE_URL)
// the mutations run at once on several pooled connections; embedded, the
// single connection runs them one after another, and the outcome must be
// the same.

let app: TestApp;
let admin: string;
let eventId: string;
beforeAll(async () => {
  app = await createTestApp();
  await seedDemoIfEmpty(app.database.db);
  admin = await createToken(app.database.db, 'organiser', 'admin');
  const event = await app.gqlAs(
    admin,
    `mutation { createEvent(input: { title: "Concurrency night", date: "2031-03-04", series: "cloud-native-london" }) {
      __typename ... on EventPayload { event { id } } } }`,
  );
  eventId = event.data?.createEvent.event.id;
  expect(eventId).toBeTruthy();
});
afterAll(() => app?.close());

const RESULT = '__typename ... on Error { code message }';
const RUNS = 10;

/** A new person or company by name. */
async function create(kind: 'Person' | 'Company', name: string): Promise<{ id: string; slug: string }> {
  const field = `create${kind}`;
  const made = await app.gqlAs(
    admin,
    `mutation($n: String!) { ${field}(input: { name: $n }) {
      ${RESULT} ... on ${kind}Payload { ${kind.toLowerCase()} { id slug } } } }`,
    { n: name },
  );
  return made.data?.[field][kind.toLowerCase()];
}

const createPerson = (name: string) => create('Person', name);
const createCompany = (name: string) => create('Company', name);

async function talkBy(person: string, company: string | null, title: string): Promise<void> {
  const made = await app.gqlAs(admin, `mutation($i: CreateTalkInput!) { createTalk(input: $i) { ${RESULT} } }`, {
    i: { event: eventId, title, speakers: [{ person, ...(company ? { company } : {}) }] },
  });
  expect(made.data?.createTalk.__typename).toBe('TalkPayload');
}

const MERGE_PEOPLE = `mutation($s: ID!, $t: ID!) { mergePeople(input: { source: $s, target: $t }) { ${RESULT} } }`;
const MERGE_COMPANIES = `mutation($s: ID!, $t: ID!) { mergeCompanies(input: { source: $s, target: $t }) { ${RESULT} } }`;

/** Each reply's outcome: the payload's typename, or the GraphQL error code. */
function outcomes(replies: GraphQLResponse[], field: string): string[] {
  return replies.map((reply) => reply.data?.[field]?.__typename ?? String(reply.errors?.[0]?.extensions?.code)).sort();
}

describe(`concurrent merges (${serverUrl ? 'PostgreSQL, several connections' : 'PGlite'})`, () => {
  it('mergePeople A→B with A→C: one wins, the other is NotFound; A lands whole in the winner', async () => {
    for (let run = 0; run < RUNS; run += 1) {
      const [a, b, c] = [
        await createPerson(`Ada ${run}`),
        await createPerson(`Bo ${run}`),
        await createPerson(`Cy ${run}`),
      ];
      await talkBy(a.id, null, `Ada's talk ${run}`);
      const replies = await Promise.all([
        app.gqlAs(admin, MERGE_PEOPLE, { s: a.id, t: b.id }),
        app.gqlAs(admin, MERGE_PEOPLE, { s: a.id, t: c.id }),
      ]);
      expect(outcomes(replies, 'mergePeople')).toEqual(['NotFoundError', 'PersonPayload']);
      const winner = replies[0]?.data?.mergePeople.__typename === 'PersonPayload' ? b : c;
      const check = await app.gql(
        `query($id: ID!, $slug: String!, $w: String!) { node(id: $id) { ... on Person { slug } }
          person(slug: $slug) { slug } winner: person(slug: $w) { talks { totalCount } } }`,
        { id: a.id, slug: a.slug, w: winner.slug },
      );
      // The talks, the ID and the slug all went to the same person.
      expect(check.data).toEqual({
        node: { slug: winner.slug },
        person: { slug: winner.slug },
        winner: { talks: { totalCount: 1 } },
      });
    }
  });

  it('mergePeople A→B with B→A never deadlocks: one wins, the other is NotFound', async () => {
    for (let run = 0; run < RUNS; run += 1) {
      const [a, b] = [await createPerson(`Di ${run}`), await createPerson(`Ed ${run}`)];
      const replies = await Promise.all([
        app.gqlAs(admin, MERGE_PEOPLE, { s: a.id, t: b.id }),
        app.gqlAs(admin, MERGE_PEOPLE, { s: b.id, t: a.id }),
      ]);
      expect(outcomes(replies, 'mergePeople')).toEqual(['NotFoundError', 'PersonPayload']);
    }
  });

  it('mergeCompanies A→B with A→C, and A→B with B→A: one wins each time, never split, never deadlocked', async () => {
    const speaker = await createPerson('Fay Speaker');
    for (let run = 0; run < RUNS; run += 1) {
      const [a, b, c] = [
        await createCompany(`Aco ${run}`),
        await createCompany(`Bco ${run}`),
        await createCompany(`Cco ${run}`),
      ];
      await talkBy(speaker.id, a.id, `Billed ${run}`);
      const fork = await Promise.all([
        app.gqlAs(admin, MERGE_COMPANIES, { s: a.id, t: b.id }),
        app.gqlAs(admin, MERGE_COMPANIES, { s: a.id, t: c.id }),
      ]);
      expect(outcomes(fork, 'mergeCompanies')).toEqual(['CompanyPayload', 'NotFoundError']);
      const winner = fork[0]?.data?.mergeCompanies.__typename === 'CompanyPayload' ? b : c;
      const check = await app.gql(
        `query($slug: String!, $w: String!) { company(slug: $slug) { slug } winner: company(slug: $w) { talks { totalCount } } }`,
        { slug: a.slug, w: winner.slug },
      );
      expect(check.data).toEqual({ company: { slug: winner.slug }, winner: { talks: { totalCount: 1 } } });
      const loser = winner === b ? c : b;
      const swap = await Promise.all([
        app.gqlAs(admin, MERGE_COMPANIES, { s: winner.id, t: loser.id }),
        app.gqlAs(admin, MERGE_COMPANIES, { s: loser.id, t: winner.id }),
      ]);
      expect(outcomes(swap, 'mergeCompanies')).toEqual(['CompanyPayload', 'NotFoundError']);
    }
  });
});

describe('talk positions', () => {
  it('createTalk calls at once without a position all succeed, with distinct positions; a full meetup refuses one more', async () => {
    const event = await app.gqlAs(
      admin,
      `mutation { createEvent(input: { title: "Lightning night", date: "2031-05-06", series: "cloud-native-london" }) {
        __typename ... on EventPayload { event { id } } } }`,
    );
    const id = event.data?.createEvent.event.id;
    const create = (title: string) =>
      app.gqlAs(
        admin,
        `mutation($i: CreateTalkInput!) { createTalk(input: $i) { ${RESULT} ... on TalkPayload { talk { position } } } }`,
        { i: { event: id, title } },
      );
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => create(`Lightning ${i}`)));
    expect(outcomes(replies, 'createTalk')).toEqual(Array(8).fill('TalkPayload'));
    const positions = replies.map((reply) => reply.data?.createTalk.talk.position).sort((x, y) => x - y);
    expect(positions).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const rest = await Promise.all(Array.from({ length: 12 }, (_, i) => create(`More ${i}`)));
    expect(outcomes(rest, 'createTalk')).toEqual(Array(12).fill('TalkPayload'));
    const full = await create('One too many');
    expect(full.data?.createTalk).toMatchObject({
      __typename: 'ValidationError',
      message: 'Invalid input: input.event: the meetup already has 20 talks, the most one meetup holds',
    });
  });
});
