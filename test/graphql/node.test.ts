import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { clientOperation } from '../helpers/operations.ts';

// Relay object identification: every type's global ID resolves back to the
// same object through node and nodes.

let app: TestApp;
const NODE = clientOperation('node.graphql');

beforeAll(async () => {
  app = await createTestApp();
  await seedDemoIfEmpty(app.database.db);
});
afterAll(() => app?.close());

describe('node and nodes', () => {
  it('round-trips a global ID of every type', async () => {
    const ids = await app.gql(`{
      event(slug: "cloud-native-london-2019-06-05") {
        id series { id } venue { id }
        talks { id speakers { person { id } company { id } } }
        sponsorships { id company { id } }
      }
    }`);
    expect(ids.errors).toBeUndefined();
    const event = ids.data?.event;
    const expected: [string, string][] = [
      ['Event', event.id],
      ['Series', event.series.id],
      ['Venue', event.venue.id],
      ['Talk', event.talks[1].id],
      ['Person', event.talks[1].speakers[0].person.id],
      ['Company', event.talks[1].speakers[0].company.id],
      ['Sponsorship', event.sponsorships[0].id],
    ];
    for (const [typename, id] of expected) {
      const result = await app.gql(NODE, { id }, 'Node');
      expect(result.errors).toBeUndefined();
      expect(result.data?.node).toEqual({ __typename: typename, id });
    }
    const many = await app.gql(NODE, { ids: expected.map(([, id]) => id) }, 'Nodes');
    expect(many.data?.nodes).toEqual(expected.map(([__typename, id]) => ({ __typename, id })));
    // IDs are opaque: no bare database number leaks through.
    expect(expected.every(([, id]) => !/^\d+$/.test(id))).toBe(true);
  });

  it('node fields resolve to the full object', async () => {
    const ids = await app.gql('{ person(slug: "luke-bond") { id } }');
    const result = await app.gql('query($id: ID!) { node(id: $id) { ... on Person { slug name } } }', {
      id: ids.data?.person.id,
    });
    expect(result.data?.node).toEqual({ slug: 'luke-bond', name: 'Luke Bond' });
  });

  it('returns null for a well-formed ID of a row that does not exist', async () => {
    const missing = Buffer.from('Event:999999').toString('base64');
    const result = await app.gql(NODE, { id: missing }, 'Node');
    expect(result.errors).toBeUndefined();
    expect(result.data?.node).toBeNull();
    const many = await app.gql(NODE, { ids: [missing] }, 'Nodes');
    expect(many.data?.nodes).toEqual([null]);
  });

  it('rejects an ID this API could not have issued with an error naming it', async () => {
    const garbage = await app.gql(NODE, { id: 'garbage' }, 'Node');
    expect(garbage.data?.node).toBeNull();
    expect(garbage.errors?.[0]?.message).toBe('"garbage" is not an ID of an object this API fetches by ID');
    expect(garbage.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // An unknown type, and a type that is a Node but not fetched by ID: the same error, no internals named.
    for (const raw of ['NoSuchType:1', 'Change:1']) {
      const id = Buffer.from(raw).toString('base64');
      for (const [variables, name] of [
        [{ id }, 'Node'],
        [{ ids: [id] }, 'Nodes'],
      ] as const) {
        const result = await app.gql(NODE, variables, name);
        expect(result.errors?.[0]?.extensions?.code, raw).toBe('BAD_USER_INPUT');
        expect(result.errors?.[0]?.message).toMatch(/is not an ID of an object this API fetches by ID/);
        expect(result.errors?.[0]?.message).not.toMatch(/support loading|Type .* not found/);
      }
    }
    // A known type with an id that is not a number matches no row.
    const badNumber = await app.gql(NODE, { id: Buffer.from('Event:abc').toString('base64') }, 'Node');
    expect(badNumber.errors).toBeUndefined();
    expect(badNumber.data?.node).toBeNull();
  });
});
