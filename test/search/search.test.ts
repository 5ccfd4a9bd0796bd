import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigrator } from '../../src/db/migrator.ts';
import { importParsedPost, sha256 } from '../../src/importer/import-posts.ts';
import type { ParsedPost, ParsedTalk } from '../../src/importer/parsed-post.types.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { parsedPost, parsedTalk } from '../helpers/fixtures.ts';
import { clientOperation } from '../helpers/operations.ts';

// Search over a small invented meetup history: a few evenings with known
// titles, takeaways, names, other spellings and accents, plus a run of
// "operators" talks to page through.

const SEARCH = clientOperation('search.graphql');
// The client operation's selection with the types filter added.
const SEARCH_TYPES = `query SearchTypes($query: String!, $first: Int = 10, $after: String, $types: [SearchResultType!]) {
  search(query: $query, first: $first, after: $after, types: $types) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { rank highlight node { __typename ... on Node { id } ... on Talk { talkTitle: title }
      ... on Person { personName: name } ... on Company { companyName: name } ... on Event { eventTitle: title } } }
  }
}`;

const talk = parsedTalk;

const post = (date: string, title: string, description: string | null, talks: ParsedTalk[]): ParsedPost =>
  parsedPost(date, title, description, talks, {
    hosts: [{ name: 'Wilhelmina Oyelaran', role: 'Organiser at Quillfeather', company: 'Quillfeather', line: 3 }],
    venue: 'The Lantern Rooms',
    attendeeCount: 50,
    sponsors: [
      { name: 'Quillfeather', url: 'https://quillfeather.example/', line: 5 },
      { name: 'Château Cloudworks', url: 'https://chateau-cloudworks.example/', line: 5 },
    ],
  });

const JANUARY = post(
  '2030-01-15',
  'Fixture Cloud Meetup, January 2030: Quillfeather and friends',
  'An evening about observability pipelines and platform teams.',
  [
    talk(
      1,
      'Observability Pipelines Without Tears',
      ['Tobias Marchetti', 'Château Cloudworks'],
      ['Sample traces at the edge, not in the backend.', 'Structured logs beat grep every time.'],
    ),
    talk(
      2,
      'Platform Teams as Product Teams',
      ['Mary-Ann Flint', 'Quillfeather'],
      ['Treat the internal platform as a product with users.', 'Measure developer wait time, not tickets closed.'],
    ),
    talk(
      3,
      'Chaos Engineering for Databases',
      ['Wilhelmina Oyelaran', 'Quillfeather'],
      ['Inject latency before you inject failure.', 'Backups you have not restored are hopes, not backups.'],
    ),
  ],
);

const FEBRUARY = post('2030-02-12', 'Fixture Cloud Meetup, February 2030: cold starts', null, [
  // The same person and company spelled differently: other spellings (aliases).
  talk(
    1,
    'Serverless Cold Starts Explained',
    ['Maryann Flint', 'Quillfeather Ltd'],
    ['Cold starts hurt most on the first request after idle.', 'Provisioned concurrency trades money for latency.'],
  ),
  talk(
    2,
    'Observability for Serverless',
    ['Tobias Marchetti', 'Château Cloudworks'],
    ['Trace context must cross queue boundaries.'],
  ),
  talk(
    3,
    'Tracing at Scale',
    ['Tobias Marchetti', null],
    ['Pipelines for logs and observability data should share one schema.'],
  ),
]);

const MONTHS = ['March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Ten more evenings, one "Kubernetes Operators" talk each. */
function operatorsPost(i: number): ParsedPost {
  const month = String(i + 3).padStart(2, '0');
  return post(`2030-${month}-05`, `Fixture Cloud Meetup, ${MONTHS[i]} 2030`, null, [
    talk(
      1,
      `Kubernetes Operators, part ${i + 1}`,
      [`Ops Speaker ${i + 1}`, null],
      [`Reconcile loops, lesson ${i + 1}.`],
    ),
  ]);
}

async function importPost(app: TestApp, parsed: ParsedPost): Promise<void> {
  await importParsedPost(app.database.db, parsed, {
    path: `fixture/${parsed.date}.md`,
    sha256: sha256(JSON.stringify(parsed)),
  });
}

interface Edge {
  rank: number;
  highlight: string;
  node: {
    __typename: string;
    id: string;
    talkTitle?: string | null;
    personName?: string;
    companyName?: string;
    eventTitle?: string;
  };
}

/** The display name of a search result, whatever its type. */
function label(edge: Edge): string {
  const n = edge.node;
  return `${n.__typename}:${n.talkTitle ?? n.personName ?? n.companyName ?? n.eventTitle}`;
}

let app: TestApp;

async function search(query: string, variables: Record<string, unknown> = {}) {
  const result =
    'types' in variables
      ? await app.gql(SEARCH_TYPES, { query, first: 100, ...variables }, 'SearchTypes')
      : await app.gql(SEARCH, { query, first: 100, ...variables }, 'Search');
  expect(result.errors).toBeUndefined();
  const connection = result.data?.search as { totalCount: number; edges: Edge[]; pageInfo: any };
  return { ...connection, labels: connection.edges.map(label), stats: result.stats };
}

beforeAll(async () => {
  app = await createTestApp();
  await importPost(app, JANUARY);
  await importPost(app, FEBRUARY);
  for (let i = 0; i < 10; i += 1) await importPost(app, operatorsPost(i));
});
afterAll(() => app?.close());

describe('search: full text', () => {
  it('finds a talk by a word of its takeaways and marks it in the highlight', async () => {
    const result = await search('grep');
    expect(result.labels).toEqual(['Talk:Observability Pipelines Without Tears']);
    expect(result.totalCount).toBe(1);
    expect(result.edges[0]!.highlight).toContain('<b>grep</b>');
    expect(result.edges[0]!.highlight.length).toBeLessThan(200);
    expect(result.edges[0]!.node.id).toEqual(expect.any(String));
  });

  it('matches stemmed words and ignores case', async () => {
    const result = await search('BACKUP');
    expect(result.labels).toEqual(['Talk:Chaos Engineering for Databases']);
    expect(result.edges[0]!.highlight).toContain('<b>Backups</b>');
  });

  it('matches a "quoted phrase" in order only', async () => {
    const phrase = await search('"platform teams"', { types: ['TALK'] });
    expect(phrase.labels).toEqual(['Talk:Platform Teams as Product Teams']);
    expect(phrase.edges[0]!.highlight).toBe('<b>Platform</b> <b>Teams</b> as Product <b>Teams</b>');
    const reversed = await search('"teams platform"');
    expect(reversed.labels).toEqual([]);
  });

  it('leaves out documents with an -excluded word', async () => {
    const all = await search('observability', { types: ['TALK'] });
    expect(all.labels).toEqual(
      expect.arrayContaining(['Talk:Observability Pipelines Without Tears', 'Talk:Observability for Serverless']),
    );
    const excluded = await search('observability -serverless', { types: ['TALK'] });
    expect(excluded.labels).toContain('Talk:Observability Pipelines Without Tears');
    expect(excluded.labels).not.toContain('Talk:Observability for Serverless');
    // A query of exclusions alone finds nothing rather than everything.
    expect((await search('-serverless')).totalCount).toBe(0);
  });

  it('matches either word with or', async () => {
    const result = await search('grep or provisioned');
    expect(result.labels.sort()).toEqual([
      'Talk:Observability Pipelines Without Tears',
      'Talk:Serverless Cold Starts Explained',
    ]);
    const both = await search('grep provisioned');
    expect(both.labels).toEqual([]);
  });

  it("finds meetups by title and description, the description's weight lower", async () => {
    const result = await search('platform teams', { types: ['EVENT'] });
    expect(result.labels).toEqual(['Event:Fixture Cloud Meetup, January 2030: Quillfeather and friends']);
    expect(result.edges[0]!.highlight).toContain('<b>platform</b> <b>teams</b>');
  });
});

describe('search: names', () => {
  it('finds a person despite a typo and marks the whole name', async () => {
    const result = await search('Wilhelmina Oyelran');
    expect(result.labels[0]).toBe('Person:Wilhelmina Oyelaran');
    expect(result.edges[0]!.highlight).toBe('<b>Wilhelmina Oyelaran</b>');
    expect(result.edges[0]!.rank).toBeGreaterThan(0);
  });

  it('finds a company despite a typo', async () => {
    const result = await search('Quilfeather');
    expect(result.labels).toContain('Company:Quillfeather');
  });

  it('ignores accents both ways, in full text and by likeness', async () => {
    const plain = await search('chateau cloudworks');
    expect(plain.labels[0]).toBe('Company:Château Cloudworks');
    expect(plain.edges[0]!.highlight).toBe('<b>Château</b> <b>Cloudworks</b>');
    const accented = await search('CHÂTEAU');
    expect(accented.labels).toContain('Company:Château Cloudworks');
    const typo = await search('Chateu Cloudworks');
    expect(typo.labels[0]).toBe('Company:Château Cloudworks');
  });

  it('matches every other spelling of a name (alias)', async () => {
    // "Maryann Flint" spoke in February; the person is Mary-Ann Flint.
    const person = await search('maryann', { types: ['PERSON'] });
    expect(person.labels).toEqual(['Person:Mary-Ann Flint']);
    expect(person.edges[0]!.highlight).toBe('Mary-Ann Flint (<b>Maryann</b> Flint)');
    const company = await search('Quillfeather Ltd', { types: ['COMPANY'] });
    expect(company.labels).toEqual(['Company:Quillfeather']);
  });

  it('puts the person first when searching their full name', async () => {
    const result = await search('Tobias Marchetti');
    expect(result.labels[0]).toBe('Person:Tobias Marchetti');
    expect(result.edges[0]!.highlight).toBe('<b>Tobias</b> <b>Marchetti</b>');
  });
});

describe('search: ranking, types and paging', () => {
  it('ranks a phrase in the title above a phrase in a description above scattered words', async () => {
    const result = await search('observability pipelines');
    expect(result.labels).toEqual([
      'Talk:Observability Pipelines Without Tears',
      'Event:Fixture Cloud Meetup, January 2030: Quillfeather and friends',
      'Talk:Tracing at Scale',
    ]);
    const ranks = result.edges.map((e) => e.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    expect(new Set(ranks).size).toBe(3);
  });

  it('breaks ties deterministically, by type then id', async () => {
    const result = await search('operators');
    expect(result.totalCount).toBe(10);
    const ids = result.edges.map((e) => Buffer.from(e.node.id, 'base64').toString());
    const again = await search('operators');
    expect(again.edges.map((e) => Buffer.from(e.node.id, 'base64').toString())).toEqual(ids);
    // Equal ranks (same title shape) come in id order.
    const numbers = result.edges.map((e) => Number(/(\d+)$/.exec(Buffer.from(e.node.id, 'base64').toString())![1]));
    expect(result.edges.every((e) => e.rank === result.edges[0]!.rank)).toBe(true);
    expect([...numbers].sort((a, b) => a - b)).toEqual(numbers);
  });

  it('restricts results to the given types', async () => {
    const all = await search('quillfeather');
    expect(new Set(all.edges.map((e) => e.node.__typename))).toEqual(new Set(['Company', 'Event']));
    const events = await search('quillfeather', { types: ['EVENT'] });
    expect(events.edges.map((e) => e.node.__typename)).toEqual(['Event']);
    const companiesAndTalks = await search('quillfeather', { types: ['COMPANY', 'TALK'] });
    expect(companiesAndTalks.labels).toEqual(['Company:Quillfeather']);
    expect(companiesAndTalks.totalCount).toBe(1);
    // No kinds, no results.
    expect((await search('quillfeather', { types: [] })).totalCount).toBe(0);
  });

  it('pages with first/after and counts the whole list', async () => {
    const all = await search('operators', { first: 100 });
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 4; page += 1) {
      const result = await search('operators', { first: 3, after });
      expect(result.totalCount).toBe(10);
      seen.push(...result.labels);
      after = result.pageInfo.endCursor;
      expect(result.pageInfo.hasNextPage).toBe(page < 3);
    }
    expect(seen).toEqual(all.labels);
    expect(new Set(seen).size).toBe(10);
  });

  it('pages backwards with last/before too', async () => {
    const query = `query($q: String!, $last: Int, $before: String) {
      search(query: $q, last: $last, before: $before) { totalCount pageInfo { hasPreviousPage } nodes { __typename } }
    }`;
    const result = await app.gql(query, { q: 'operators', last: 4 });
    expect(result.errors).toBeUndefined();
    expect(result.data?.search.nodes).toHaveLength(4);
    expect(result.data?.search.pageInfo.hasPreviousPage).toBe(true);
  });

  it('runs the same number of statements for 2 results and for many', async () => {
    const two = await search('grep or provisioned');
    const many = await search('operators or observability');
    expect(two.edges).toHaveLength(2);
    expect(many.edges.length).toBeGreaterThan(10);
    expect(new Set(many.edges.map((e) => e.node.__typename))).toEqual(new Set(['Talk', 'Event']));
    expect(new Set(two.edges.map((e) => e.node.__typename))).toEqual(new Set(['Talk']));
    // The page (with the count), one batched load per type on the page: one type more, one statement more.
    expect(many.stats.statements).toBe(two.stats.statements + 1);
    const manyTalks = await search('operators or grep');
    expect(manyTalks.edges.length).toBe(11);
    expect(manyTalks.stats.statements).toBe(two.stats.statements);
  });
});

describe('search: input', () => {
  async function failure(query: string) {
    const result = await app.gql(SEARCH, { query, first: 10 }, 'Search');
    expect(result.data).toBeNull();
    expect(result.errors).toHaveLength(1);
    return result.errors![0]!;
  }

  it('rejects an empty, blank or over-long query naming the limit', async () => {
    for (const [query, got] of [
      ['', 0],
      ['    ', 0],
      ['\t\n ', 0],
      ['x'.repeat(201), 201],
    ] as const) {
      const error = await failure(query);
      expect(error.message).toBe(`Argument "query" must be 1 to 200 characters, got ${got}`);
      expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    }
    // The limit itself is fine, surrounding spaces do not count.
    expect((await search(`  ${'x'.repeat(200)}  `)).totalCount).toBe(0);
  });

  it('keeps page bounds and cursors checked', async () => {
    const big = await app.gql(SEARCH, { query: 'operators', first: 101 }, 'Search');
    expect(big.errors?.[0]?.message).toBe('Argument "first" must be between 1 and 100, got 101');
    const cursor = await app.gql(SEARCH, { query: 'operators', after: 'nonsense' }, 'Search');
    expect(cursor.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('treats quotes, backslashes, wildcards, operators and SQL as text', async () => {
    for (const query of [
      "'; drop table talk; --",
      '"unbalanced quote',
      'back\\slash\\',
      '100% of_the_time',
      '%',
      '_',
      '!&|():*<->',
      'grep:*',
      "O'Brien",
      '😀 emoji',
      'or',
      '-',
      '""',
    ]) {
      const result = await app.gql(SEARCH, { query, first: 5 }, 'Search');
      expect(result.errors, query).toBeUndefined();
      expect(result.data?.search.totalCount, query).toEqual(expect.any(Number));
    }
    // A NUL character is refused as bad input (PostgreSQL text cannot hold it), naming the argument.
    const nul = await app.gql(SEARCH, { query: 'null\u0000byte', first: 5 }, 'Search');
    expect(nul.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'query' });
    const talks = await sql<{ count: number }>`select count(*)::int as count from talk`.execute(app.database.db);
    expect(talks.rows[0]?.count).toBe(16);
  });

  it('does not crash on stop words only', async () => {
    const result = await search('the and of');
    expect(result.totalCount).toBe(0);
  });

  it('never puts user input into the highlight', async () => {
    const result = await search('grep or <script>alert(1)</script> or <b>');
    expect(result.labels).toEqual(['Talk:Observability Pipelines Without Tears']);
    expect(result.edges[0]!.highlight).not.toContain('script');
    expect(result.edges[0]!.highlight.match(/<b>/g)).toHaveLength(1);
  });
});

describe('search: documents maintained by the database', () => {
  it('follows a re-import that edits a takeaway', async () => {
    expect((await search('awk')).totalCount).toBe(0);
    const edited = structuredClone(JANUARY);
    edited.talks[0]!.takeaways[1] = 'Structured logs beat awk every time.';
    await importPost(app, edited);
    expect((await search('grep')).totalCount).toBe(0);
    const awk = await search('awk');
    expect(awk.labels).toEqual(['Talk:Observability Pipelines Without Tears']);
    expect(awk.edges[0]!.highlight).toContain('<b>awk</b>');
    await importPost(app, JANUARY);
    expect((await search('grep')).totalCount).toBe(1);
    expect((await search('awk')).totalCount).toBe(0);
  });

  it('follows plain SQL writes: a new alias, a renamed company, a deleted talk', async () => {
    const db = app.database.db;
    const person = await db
      .selectFrom('person')
      .select('id')
      .where('name', '=', 'Tobias Marchetti')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('person_alias')
      .values({ person_id: person.id, name: 'Toby Nightjar', normalized: 'tobynightjar' })
      .execute();
    expect((await search('nightjar')).labels).toEqual(['Person:Tobias Marchetti']);
    await db.deleteFrom('person_alias').where('name', '=', 'Toby Nightjar').execute();
    expect((await search('nightjar')).totalCount).toBe(0);

    await db.updateTable('company').set({ name: 'Quillfeather Systems' }).where('slug', '=', 'quillfeather').execute();
    expect((await search('systems', { types: ['COMPANY'] })).labels).toEqual(['Company:Quillfeather Systems']);
    await db.updateTable('company').set({ name: 'Quillfeather' }).where('slug', '=', 'quillfeather').execute();

    const talkRow = await db
      .selectFrom('talk')
      .select(['id', 'event_id', 'position'])
      .where('title', '=', 'Tracing at Scale')
      .executeTakeFirstOrThrow();
    await db.deleteFrom('talk').where('id', '=', talkRow.id).execute();
    const after = await search('observability pipelines');
    expect(after.labels).not.toContain('Talk:Tracing at Scale');
    expect(after.edges.length).toBe(2);
    // Put it back as the importer would.
    await importPost(app, FEBRUARY);
    expect((await search('observability pipelines')).labels).toContain('Talk:Tracing at Scale');
  });

  it('follows multi-row statements, and a takeaway moved to another talk', async () => {
    const db = app.database.db;
    const company = await db
      .selectFrom('company')
      .select('id')
      .where('slug', '=', 'quillfeather')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('company_alias')
      .values([
        { company_id: company.id, name: 'Quillfeather Holdings', normalized: 'quillfeatherholdings' },
        { company_id: company.id, name: 'QF Periwinkle', normalized: 'qfperiwinkle' },
      ])
      .execute();
    expect((await search('periwinkle')).labels).toEqual(['Company:Quillfeather']);
    expect((await search('holdings')).labels).toEqual(['Company:Quillfeather']);
    await db.deleteFrom('company_alias').where('name', 'in', ['Quillfeather Holdings', 'QF Periwinkle']).execute();
    expect((await search('periwinkle or holdings')).totalCount).toBe(0);

    const [from, to] = await Promise.all(
      ['Observability Pipelines Without Tears', 'Chaos Engineering for Databases'].map((title) =>
        db.selectFrom('talk').select('id').where('title', '=', title).executeTakeFirstOrThrow(),
      ),
    );
    const moved = await db
      .updateTable('takeaway')
      .set({ talk_id: to!.id, position: 99 })
      .where('talk_id', '=', from!.id)
      .where('text', 'like', '%grep%')
      .returning('id')
      .executeTakeFirstOrThrow();
    expect((await search('grep')).labels).toEqual(['Talk:Chaos Engineering for Databases']);
    await db.updateTable('takeaway').set({ talk_id: from!.id, position: 2 }).where('id', '=', moved.id).execute();
    expect((await search('grep')).labels).toEqual(['Talk:Observability Pipelines Without Tears']);
  });

  it('indexes rows that were there before the migration (backfill)', async () => {
    const other = await createTestApp();
    try {
      // Imported on today's schema (the importer writes tables of later migrations too), then the
      // search index and everything after it is migrated away: the rows stay, unindexed.
      await importPost(other, JANUARY);
      const migrator = createMigrator(other.database.db);
      const down = await migrator.migrateTo('20261121160000_create_search_extensions');
      expect(down.error).toBeUndefined();
      const up = await migrator.migrateToLatest();
      expect(up.error).toBeUndefined();
      const result = await other.gql(SEARCH, { query: 'grep', first: 5 }, 'Search');
      expect(result.errors).toBeUndefined();
      expect(result.data?.search.edges.map(label)).toEqual(['Talk:Observability Pipelines Without Tears']);
      const typo = await other.gql(SEARCH, { query: 'Wilhelmina Oyelran', first: 5 }, 'Search');
      expect(typo.data?.search.edges.map(label)[0]).toBe('Person:Wilhelmina Oyelaran');
    } finally {
      await other.close();
    }
  });
});
