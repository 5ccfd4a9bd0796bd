import { readdirSync, readFileSync } from 'node:fs';
import { getNamedType, getNullableType, isInterfaceType, isLeafType, isListType, isObjectType, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { listBoundOf } from '../../src/graphql/list-bounds.ts';
import { schema } from '../../src/graphql/schema.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { OPERATIONS_DIR } from '../helpers/operations.ts';

// Query limits: each rejects the operation before any resolver or SQL runs,
// with a clear message and a stable extensions.code.

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  await seedDemoIfEmpty(app.database.db);
});
afterAll(() => app?.close());

function expectRejected(result: Awaited<ReturnType<TestApp['gql']>>, code: string, message: RegExp) {
  expect(result.data ?? null).toBeNull();
  expect(result.errors?.[0]?.extensions?.code).toBe(code);
  expect(result.errors?.[0]?.message).toMatch(message);
  // Rejected before execution: not one SQL statement ran.
  expect(result.stats.statements).toBe(0);
}

describe('query limits', () => {
  it('every client query passes, at the largest page size', async () => {
    for (const file of readdirSync(OPERATIONS_DIR).filter((f) => f.endsWith('.graphql'))) {
      const text = readFileSync(`${OPERATIONS_DIR}${file}`, 'utf8');
      for (const definition of parse(text).definitions) {
        // Queries only: the import mutation needs a token and a post (tested with the importer).
        if (definition.kind !== 'OperationDefinition' || definition.operation !== 'query') continue;
        const name = definition.name?.value;
        const result = await app.gql(
          text,
          {
            first: 100,
            slug: 'tecknuovo',
            asOf: '2020-01-01',
            query: 'kubernetes',
            id: 'RXZlbnQ6MQ==',
            ids: ['RXZlbnQ6MQ=='],
            granularity: 'MONTH',
          },
          name,
        );
        const codes = (result.errors ?? []).map((e) => e.extensions?.code);
        expect([file, name, codes]).toEqual([file, name, []]);
      }
    }
  });

  it('depth: a cyclic query nested past the limit', async () => {
    const deep = `{ person(slug: "luke-bond") { talks { nodes { event { talks { speakers { person {
      talks { nodes { title } } } } } } } } } }`;
    expectRejected(await app.gql(deep), 'QUERY_TOO_DEEP', /depth limit of 8 exceeded/);
  });

  it('aliases: more than 15', async () => {
    const fields = Array.from({ length: 16 }, (_, i) => `a${i}: events(first: 1) { totalCount }`).join(' ');
    expectRejected(await app.gql(`{ ${fields} }`), 'TOO_MANY_ALIASES', /Aliases limit of 15 exceeded/);
  });

  it('tokens: more than 2,000', async () => {
    const fields = Array.from({ length: 2100 }, () => '__typename').join(' ');
    expectRejected(await app.gql(`{ ${fields} }`), 'QUERY_TOO_LARGE', /Token limit of 2000 exceeded/);
  });

  it('directives: more than 50', async () => {
    const directives = Array.from({ length: 51 }, () => '@include(if: true)').join(' ');
    expectRejected(
      await app.gql(`{ __typename ${directives} }`),
      'TOO_MANY_DIRECTIVES',
      /Directives limit of 50 exceeded/,
    );
  });

  it('cost: page sizes are read from variables, so first: $n cannot slip through', async () => {
    const query = `query($n: Int!) { companies(first: $n) { nodes { speakers(first: $n) { nodes {
      talks(first: $n) { nodes { title } } } } } } }`;
    const small = await app.gql(query, { n: 2 });
    expect(small.errors).toBeUndefined();
    expectRejected(await app.gql(query, { n: 100 }), 'QUERY_TOO_COSTLY', /Query cost \d+ exceeds the limit of 100000/);
  });

  it('cost: remembered per document and page sizes, never across them', async () => {
    const query = `query($n: Int!, $deep: Boolean!, $only: Boolean) { companies(first: $n, filter: { sponsorsOnly: $only }) {
      nodes { speakers(first: $n) @include(if: $deep) { nodes { talks(first: $n) { nodes { title } } } } } } }`;
    // The same sizes again (another filter) reuse the first answer; other sizes or @include are priced anew.
    for (const only of [true, false])
      expect((await app.gql(query, { n: 100, deep: false, only })).errors).toBeUndefined();
    expectRejected(await app.gql(query, { n: 100, deep: true }), 'QUERY_TOO_COSTLY', /Query cost \d+ exceeds/);
    expect((await app.gql(query, { n: 2, deep: true })).errors).toBeUndefined();
    expectRejected(await app.gql(query, { n: 100, deep: true, only: true }), 'QUERY_TOO_COSTLY', /Query cost/);
  });

  it('cost: a fragment fan-out cannot switch the estimate off', async () => {
    // Each fragment spreads the next twice: 2^12 copies of the last once written out.
    const fragments = Array.from({ length: 12 }, (_, i) => `fragment F${i} on Company { ...F${i + 1} ...F${i + 1} }`);
    fragments.push('fragment F12 on Company { name }');
    const query = `{ companies(first: 100) { nodes { ...F0 speakers(first: 100) { nodes { talks(first: 100) {
      nodes { title } } } } } } } ${fragments.join(' ')}`;
    expectRejected(await app.gql(query), 'QUERY_TOO_COSTLY', /too large to estimate/);
  });

  it('cost: fragment spreads are priced as written out', async () => {
    const timeline = 'fragment T on Company { sponsorshipTimeline(granularity: MONTH) { period } }';
    expectRejected(
      await app.gql(`{ companies(first: 100) { nodes { ...T } } } ${timeline}`),
      'QUERY_TOO_COSTLY',
      /Query cost 120101 exceeds/,
    );
    expect((await app.gql(`{ companies(first: 10) { nodes { ...T } } } ${timeline}`)).errors).toBeUndefined();
  });

  it('cost: a timeline is priced by its granularity and range', async () => {
    const aliases = Array.from(
      { length: 15 },
      (_, i) => `c${i}: companies(first: 100) { nodes { sponsorshipTimeline(granularity: MONTH) { period } } }`,
    );
    expectRejected(await app.gql(`{ ${aliases.join(' ')} }`), 'QUERY_TOO_COSTLY', /Query cost 1801515 exceeds/);
    // Without a range, every month of 1970–2099 is possible (capped at 1,200); one year of months is 12.
    const ranged = `query($g: TimeGranularity!, $from: Date, $to: Date) { companies(first: 100) { nodes {
      sponsorshipTimeline(granularity: $g, from: $from, to: $to) { period } } } }`;
    expect((await app.gql(ranged, { g: 'MONTH', from: '2019-01-01', to: '2019-12-31' })).errors).toBeUndefined();
    expectRejected(await app.gql(ranged, { g: 'MONTH', from: '1990-01-01' }), 'QUERY_TOO_COSTLY', /Query cost/);
    // Meetups fall within 1970–2099: years without a range are at most 130.
    expect((await app.gql(ranged, { g: 'YEAR' })).errors).toBeUndefined();
    expectRejected(
      await app.gql(
        '{ sponsorTimeline(granularity: MONTH) { sponsors { company { speakers(first: 10) { totalCount } } } } }',
      ),
      'QUERY_TOO_COSTLY',
      /Query cost/,
    );
  });

  it('nodes(ids:) takes at most 100 IDs and is priced by how many it gets', async () => {
    const id = 'Q29tcGFueTox';
    const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Company {
      sponsorshipTimeline(granularity: MONTH) { period } } } }`;
    expect((await app.gql(query, { ids: [id, id] })).errors).toBeUndefined();
    expectRejected(await app.gql(query, { ids: Array(100).fill(id) }), 'QUERY_TOO_COSTLY', /Query cost 120100/);
    // The same document and length again: remembered, never mixed up with another length.
    expect((await app.gql(query, { ids: [id, id] })).errors).toBeUndefined();
    const tooMany = await app.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array(101).fill(id) });
    expectRejected(tooMany, 'BAD_USER_INPUT', /Argument "ids" takes at most 100 IDs, got 101/);
    expect(tooMany.errors?.[0]?.extensions?.argument).toBe('ids');
    const literal = `{ nodes(ids: [${Array(101).fill(`"${id}"`).join(',')}]) { id } }`;
    expectRejected(await app.gql(literal), 'BAD_USER_INPUT', /at most 100 IDs/);
  });

  it('every list of objects declares its largest length, so none is priced by a guess', () => {
    const unbounded: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || type.name.endsWith('Connection')) continue;
      if (!isObjectType(type) && !isInterfaceType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isListType(getNullableType(field.type)) || isLeafType(getNamedType(field.type))) continue;
        if (listBoundOf(field, {}) === undefined) unbounded.push(`${type.name}.${field.name}`);
      }
    }
    expect(unbounded).toEqual([]);
  });

  it('a variable that does not coerce is BAD_USER_INPUT and is not echoed whole', async () => {
    const huge = Array.from({ length: 100_000 }, (_, i) => i);
    const result = await app.gql('query($n: Int!) { events(first: $n) { totalCount } }', { n: huge });
    expectRejected(result, 'BAD_USER_INPUT', /^Variable "\$n" got invalid value/);
    expect(result.errors?.[0]?.message.length).toBeLessThan(300);
  });

  it('field suggestions are hidden by default', async () => {
    const result = await app.gql('{ evnts { totalCount } }');
    expect(result.errors?.[0]?.message).toMatch(/^Cannot query field "evnts" on type "Query"\./);
    expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('introspection is on by default and can be switched off', async () => {
    const introspection = '{ __schema { queryType { name } } }';
    expect((await app.gql(introspection)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const closed = createYogaApp({ db: app.database.db, logging: false, limits: { introspection: false } });
    const response = await closed.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: introspection }),
    });
    const body = await response.json();
    expect(body.errors?.[0]?.message).toMatch(/introspection/i);
    const graphiql = createYogaApp({ db: app.database.db, logging: false, graphiql: false });
    const page = await graphiql.fetch('http://test/graphql', { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toContain('query History');
  });
});
