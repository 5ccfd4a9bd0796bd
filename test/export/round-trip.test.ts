import { readdirSync, readFileSync } from 'node:fs';
import { Kind, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppDatabase, openDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrator.ts';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { importFiles } from '../../src/importer/import-files.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { createYogaApp } from '../../src/yoga.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createTestDatabase, serverUrl } from '../helpers/database.ts';
import { OPERATIONS_DIR } from '../helpers/operations.ts';
import { exportText, loadText } from './export-helpers.ts';

// Export → load into a fresh database → export gives the same bytes, on the
// database the suite runs on and across to the other kind (PGlite ↔
// PostgreSQL when DATABASE_URL names a server), and every client operation
// of operations/ answers the same before and after.

let source: TestApp;
let exported: string;
const ids: Record<string, string> = {};
const RESULT = '__typename ... on Error { message }';

async function idOf(kind: 'person' | 'company' | 'event', slug: string): Promise<string> {
  const result = await source.gql(`query($slug: String!) { ${kind}(slug: $slug) { id } }`, { slug });
  const id = result.data?.[kind]?.id;
  if (!id) throw new Error(`no ${kind} ${slug}`);
  return id;
}

beforeAll(async () => {
  source = await createTestApp();
  await seedDemoIfEmpty(source.database.db);
  await importFiles(source.database.db, ['test/fixtures/posts'], {});
  const admin = await createToken(source.database.db, 'organiser', 'admin');
  ids.luke = await idOf('person', 'luke-bond');
  ids.cheryl = await idOf('person', 'cheryl-hung');
  ids.tecknuovo = await idOf('company', 'tecknuovo');
  ids.contino = await idOf('company', 'contino');
  ids.june = await idOf('event', 'cloud-native-london-2019-06-05');
  // Curation: a merge (its redirect), a renamed slug, a succession.
  const merged = await source.gqlAs(
    admin,
    `mutation($s: ID!, $t: ID!) { mergePeople(input: { source: $s, target: $t }) { ${RESULT} } }`,
    {
      s: ids.cheryl,
      t: ids.luke,
    },
  );
  expect(merged.data?.mergePeople.__typename).toBe('PersonPayload');
  const renamed = await source.gqlAs(
    admin,
    `mutation($id: ID!) { updateCompany(input: { id: $id, slug: "tecknuovo-ltd" }) { ${RESULT} } }`,
    {
      id: ids.tecknuovo,
    },
  );
  expect(renamed.data?.updateCompany.__typename).toBe('CompanyPayload');
  const succeeded = await source.gqlAs(
    admin,
    `mutation($c: ID!, $s: ID!) { setCompanySuccessor(input: { company: $c, successor: $s, date: "2021-01-01", kind: ACQUIRED }) { ${RESULT} } }`,
    { c: ids.contino, s: ids.tecknuovo },
  );
  expect(succeeded.data?.setCompanySuccessor.__typename).toBe('CompanyPayload');
  // A curator's correction (a curated fact the export must carry).
  const curated = await source.gqlAs(
    admin,
    `mutation($id: ID!) { updateEvent(input: { id: $id, title: "June, as corrected" }) { ${RESULT} } }`,
    { id: ids.june },
  );
  expect(curated.data?.updateEvent.__typename).toBe('EventPayload');
  exported = await exportText(source.database.db);
  expect(exported).toContain('"table":"curated_fact"');
}, 120_000);
afterAll(() => source?.close());

/** Every query of operations/*.graphql with the variables given here, answered by `gql`. */
const VARIABLES: Record<string, Record<string, unknown>[]> = {
  Events: [{ first: 100 }, { first: 3, filter: { status: 'HELD' } }],
  EventBySlug: [{ slug: 'cloud-native-london-2019-06-05' }],
  Node: [{ id: 'luke' }, { id: 'cheryl' }, { id: 'june' }],
  Nodes: [{ ids: ['luke', 'cheryl', 'tecknuovo', 'june'] }],
  Search: [{ query: 'kubernetes' }, { query: 'observability', first: 3 }],
  SpeakerHistory: [
    { slug: 'luke-bond', asOf: '2019-01-01' },
    { slug: 'cheryl-hung', asOf: '2020-06-01' },
  ],
  SponsorTimeline: [{ slug: 'tecknuovo' }, { slug: 'tecknuovo-ltd', granularity: 'MONTH' }, { slug: 'contino' }],
  MeetupCorrections: [{ slug: 'cloud-native-london-2019-06-05' }],
  OpenImportNotes: [{ first: 50 }],
  SponsorDashboard: [{ granularity: 'YEAR' }, { granularity: 'QUARTER', from: '2019-01-01', to: '2020-12-31' }],
};

const resolveIds = (variables: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(variables).map(([key, value]) => [
      key,
      key === 'id' ? ids[value as string] : key === 'ids' ? (value as string[]).map((name) => ids[name]) : value,
    ]),
  );

async function answers(gql: TestApp['gql']): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const file of readdirSync(OPERATIONS_DIR)
    .filter((name) => name.endsWith('.graphql'))
    .sort()) {
    const text = readFileSync(`${OPERATIONS_DIR}${file}`, 'utf8');
    for (const definition of parse(text).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'query') continue;
      const name = definition.name?.value ?? '';
      const sets = VARIABLES[name];
      if (!sets) throw new Error(`no variables for operation ${name} of ${file}: add a set to VARIABLES`);
      for (const variables of sets) {
        const result = await gql(text, resolveIds(variables), name);
        expect(result.errors, `${name} ${JSON.stringify(variables)}`).toBeUndefined();
        results.push({ name, variables, data: result.data });
      }
    }
  }
  return results;
}

async function answersOf(database: AppDatabase) {
  const yoga = createYogaApp({ db: database.db, ping: database.ping, logging: false });
  return answers(async (query, variables, operationName) => {
    const response = await yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query, variables, operationName }),
    });
    const body = (await response.json()) as { data?: unknown; errors?: never };
    return { status: response.status, data: body.data as never, errors: body.errors, stats: {} as never };
  });
}

async function roundTrip(target: AppDatabase) {
  const summary = await loadText(target.db, exported);
  expect(summary.tables.talk).toBeGreaterThan(10);
  expect(summary.tables.entity_redirect).toBeGreaterThanOrEqual(2);
  expect(summary.tables.company_succession).toBe(1);
  expect(await exportText(target.db)).toBe(exported);
  expect(await answersOf(target)).toEqual(await answers(source.gql));
  // Sequences start past the loaded ids: new rows get new ids.
  const admin = await createToken(target.db, 'organiser', 'admin');
  const yoga = createYogaApp({ db: target.db, ping: target.ping, logging: false });
  const response = await yoga.fetch('http://test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ query: `mutation { createPerson(input: { name: "Newly Added" }) { ${RESULT} } }` }),
  });
  expect(
    ((await response.json()) as { data: { createPerson: { __typename: string } } }).data.createPerson.__typename,
  ).toBe('PersonPayload');
}

describe('export → load → export', () => {
  it('covers every entity, alias, redirect and succession, without tokens or the audit trail', () => {
    const tables = new Set(
      exported
        .split('\n')
        .slice(1, -2)
        .map((line) => JSON.parse(line).table),
    );
    for (const table of [
      'series',
      'event',
      'talk',
      'talk_speaker',
      'takeaway',
      'person_alias',
      'company_alias',
      'sponsorship',
      'event_host',
      'announcement',
      'source_document',
      'entity_redirect',
      'company_succession',
    ]) {
      expect(tables.has(table), table).toBe(true);
    }
    expect(tables.has('api_token')).toBe(false);
    expect(tables.has('audit_entry')).toBe(false);
  });

  it(`is byte-identical and answers the same on a fresh ${serverUrl ? 'PostgreSQL' : 'PGlite'} database`, async () => {
    const target = await createTestDatabase();
    try {
      await roundTrip(target);
    } finally {
      await target.close();
    }
  }, 120_000);

  it.runIf(serverUrl)(
    'moves from PostgreSQL to PGlite and back, byte-identical',
    async () => {
      const embedded = await openDatabase({ dataDir: 'memory://' });
      const server = await createTestDatabase();
      try {
        await migrateToLatest(embedded.db);
        await loadText(embedded.db, exported);
        const moved = await exportText(embedded.db);
        expect(moved).toBe(exported);
        expect(await answersOf(embedded)).toEqual(await answers(source.gql));
        await loadText(server.db, moved);
        expect(await exportText(server.db)).toBe(exported);
      } finally {
        await embedded.close();
        await server.close();
      }
    },
    120_000,
  );

  it('keeps the audit trail with --with-audit, and never the tokens', async () => {
    const withAudit = await exportText(source.database.db, { factsOnly: false, withAudit: true });
    const tables = withAudit
      .split('\n')
      .slice(1, -2)
      .map((line) => JSON.parse(line).table);
    expect(tables.filter((table) => table === 'audit_entry').length).toBeGreaterThanOrEqual(3);
    expect(tables).not.toContain('api_token');
    const target = await createTestDatabase();
    try {
      await loadText(target.db, withAudit);
      expect(await exportText(target.db, { factsOnly: false, withAudit: true })).toBe(withAudit);
    } finally {
      await target.close();
    }
  }, 120_000);
});
