import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

// Bounded inputs: every string argument, however deep in an input, refuses
// a NUL character and a length past its cap with BAD_USER_INPUT naming the
// argument, before any SQL runs; errors quote little of what was sent.

let app: TestApp;
let admin: string;
beforeAll(async () => {
  app = await createTestApp();
  await seedDemoIfEmpty(app.database.db);
  admin = await createToken(app.database.db, 'organiser', 'admin');
});
afterAll(() => app?.close());

const NUL = 'a\u0000b';

/** Operations taking a string, with the variables that put `value` into it and the argument path named. */
const CASES: [string, string, (value: string) => Record<string, unknown>, string][] = [
  ['person(slug:)', 'query($v: String!) { person(slug: $v) { name } }', (v) => ({ v }), 'slug'],
  [
    'events filter',
    'query($v: String) { events(filter: { series: $v }) { totalCount } }',
    (v) => ({ v }),
    'filter.series',
  ],
  [
    'talks filter',
    'query($v: String) { talks(filter: { speaker: $v }) { totalCount } }',
    (v) => ({ v }),
    'filter.speaker',
  ],
  [
    'sponsorships filter',
    'query($v: String) { sponsorships(filter: { company: $v }) { totalCount } }',
    (v) => ({ v }),
    'filter.company',
  ],
  [
    'createPerson',
    'mutation($v: String!) { createPerson(input: { name: $v }) { __typename } }',
    (v) => ({ v }),
    'input.name',
  ],
  [
    'createCompany',
    'mutation($v: String!) { createCompany(input: { name: "Acme", website: $v }) { __typename } }',
    (v) => ({ v }),
    'input.website',
  ],
  [
    'createVenue',
    'mutation($v: String!) { createVenue(input: { name: $v }) { __typename } }',
    (v) => ({ v }),
    'input.name',
  ],
  [
    'createEvent',
    'mutation($v: String!) { createEvent(input: { title: "Night", date: "2030-01-01", description: $v }) { __typename } }',
    (v) => ({ v }),
    'input.description',
  ],
  [
    'updatePerson aliases',
    'mutation($v: String!) { updatePerson(input: { id: "UGVyc29uOjE=", addAliases: ["x", $v] }) { __typename } }',
    (v) => ({ v }),
    'input.addAliases.1',
  ],
  [
    'importRoundup',
    'mutation($v: String!) { importRoundup(input: { path: "2030-01-01-x.md", markdown: $v }) { __typename } }',
    (v) => ({ v }),
    'input.markdown',
  ],
];

describe('string arguments', () => {
  it.each(CASES)('%s: a NUL character is BAD_USER_INPUT naming the argument', async (_name, query, variables, path) => {
    const result = await app.gqlAs(admin, query, variables(NUL));
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: path });
    expect(result.errors?.[0]?.message).toBe(`Argument "${path}" must not contain a NUL character (\\u0000)`);
    expect(result.data).toBeNull();
    expect(result.stats.statements).toBe(0);
  });

  it('a NUL character written inline in the query is refused too', async () => {
    const result = await app.gql('{ person(slug: "a\\u0000b") { name } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.stats.statements).toBe(0);
  });

  it('each kind of string has a cap, named in the error', async () => {
    const slug = await app.gql('query($v: String!) { person(slug: $v) { name } }', { v: 'x'.repeat(201) });
    expect(slug.errors?.[0]?.message).toBe('Argument "slug" must be at most 200 characters, got 201');
    expect(slug.stats.statements).toBe(0);
    expect(
      (await app.gql('query($v: String!) { person(slug: $v) { name } }', { v: 'x'.repeat(200) })).errors,
    ).toBeUndefined();
    const name = await app.gqlAs(admin, CASES[4]![1], { v: 'x'.repeat(301) });
    expect(name.errors?.[0]?.message).toBe('Argument "input.name" must be at most 300 characters, got 301');
    const takeaway = await app.gqlAs(
      admin,
      'mutation($t: [String!]) { createTalk(input: { event: "RXZlbnQ6MQ==", takeaways: $t }) { __typename } }',
      { t: ['fine', 'y'.repeat(10_001)] },
    );
    expect(takeaway.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'input.takeaways.1' });
    const id = await app.gql('query($id: ID!) { node(id: $id) { id } }', { id: 'z'.repeat(201) });
    expect(id.errors?.[0]?.message).toBe('Argument "id" must be at most 200 characters, got 201');
  });

  it('a long cursor is refused without being echoed', async () => {
    const cursor = 'A'.repeat(150);
    const result = await app.gql('query($c: String) { events(after: $c) { totalCount } }', { c: cursor });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const huge = await app.gql('query($c: String) { events(after: $c) { totalCount } }', { c: 'A'.repeat(1_000_000) });
    expect(huge.errors?.[0]?.message).toBe('Argument "after" must be at most 200 characters, got 1000000');
  });
});

describe('echoes', () => {
  it('a malformed JSON body is not echoed back', async () => {
    const body = `{"query": "{ __typename }", ${'x'.repeat(1_000_000)}`;
    const response = await app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text.length).toBeLessThan(1000);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('every error has a code: a subscription on a schema without them', async () => {
    const result = await app.gql('subscription { events { totalCount } }');
    expect(result.errors?.[0]?.extensions?.code).toEqual(expect.any(String));
  });
});
