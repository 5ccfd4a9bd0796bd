import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

let app: TestApp;
let writer: string;

beforeAll(async () => {
  app = await createTestApp();
  await seedDemoIfEmpty(app.database.db);
  writer = await createToken(app.database.db, 'writer', 'write');
});
afterAll(() => app?.close());

const CREATE = `mutation($input: CreateEventInput!) { createEvent(input: $input) {
  __typename
  ... on EventPayload { event { id slug title date status format } }
  ... on Error { code message }
  ... on ValidationError { issues { path message } }
  ... on NotFoundError { path }
} }`;

describe('event mutations (smoke)', () => {
  it('creates an event', async () => {
    const result = await app.gqlAs(writer, CREATE, {
      input: { date: '2021-02-03', title: 'A new one', format: 'VIRTUAL' },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.createEvent).toMatchObject({
      __typename: 'EventPayload',
      event: { slug: 'cloud-native-london-2021-02-03', status: 'HELD', format: 'VIRTUAL' },
    });
  });
  it('validates', async () => {
    const result = await app.gqlAs(writer, CREATE, { input: { date: '2021-02-30', title: '', videoUrl: 'ftp://x' } });
    expect(result.data?.createEvent.__typename).toBe('ValidationError');
    expect(result.data?.createEvent.issues).toEqual([
      { path: ['input', 'date'], message: 'must be a calendar day that exists, written YYYY-MM-DD' },
      { path: ['input', 'title'], message: 'is required' },
      { path: ['input', 'videoUrl'], message: 'must be an http(s) URL' },
    ]);
  });
  it('conflicts', async () => {
    const result = await app.gqlAs(writer, CREATE, { input: { date: '2019-06-05', title: 'Dup' } });
    expect(result.data?.createEvent).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
  });
  it('refuses without a token', async () => {
    const result = await app.gql(CREATE, { input: { date: '2021-02-04', title: 'x' } });
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
