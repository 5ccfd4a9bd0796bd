import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeCursor } from '../../src/graphql/cursor-scope.ts';
import { encodeCursor } from '../../src/graphql/pagination.ts';
import { importParsedPost, sha256 } from '../../src/importer/import-posts.ts';
import type { ParsedPost, ParsedTalk } from '../../src/importer/parsed-post.types.ts';
import { SEARCH_KINDS, searchPage } from '../../src/modules/search/search.repository.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { parsedPost, parsedTalk } from '../helpers/fixtures.ts';

// Paging through one search: every window of the ranked list, the total on
// every page (also past the end), `last`, and equal ranks across page
// boundaries. The hits mix every rank shape: a whole title, titles, equal
// titles, takeaways, a description, names by likeness alone.

const WORD = 'quokka';

const talk = (position: number, title: string, speaker: string, takeaways: string[]): ParsedTalk =>
  parsedTalk(position, title, [speaker, null], takeaways);
const post = parsedPost;

const POSTS: ParsedPost[] = [
  post('2031-01-10', 'Marsupial Evening, January', 'Talks about where the quokka lives.', [
    // The whole title, and a speaker whose name is only like the word (a typo's rank).
    talk(1, 'Quokka', 'Quokkah Jones', ['Small and friendly.']),
    talk(2, 'Plain Talk about islands', 'Ada Pemberton', ['The quokka smiles for photographs.']),
  ]),
  ...Array.from({ length: 7 }, (_, i) =>
    post(`2031-0${i + 2}-10`, `Marsupial Evening ${i + 2}`, null, [
      // Equal titles but for the number: equal ranks, in id order.
      talk(1, `Quokka Operators, part ${i + 1}`, `Speaker Number${i + 1}`, [`Lesson ${i + 1}.`]),
      // The word in a takeaway only, twice in some.
      talk(2, `Plain Talk ${i + 1}`, `Other Speaker${i + 1}`, [
        i % 2 === 0 ? 'A quokka, then another quokka.' : 'A quokka.',
      ]),
    ]),
  ),
];

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp();
  for (const parsed of POSTS) {
    await importParsedPost(app.database.db, parsed, {
      path: `fixture/${parsed.date}.md`,
      sha256: sha256(JSON.stringify(parsed)),
    });
  }
});
afterAll(() => app?.close());

const QUERY = `query($q: String!, $first: Int, $after: String, $last: Int, $before: String) {
  search(query: $q, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor rank highlight node { __typename ... on Node { id } } }
  }
}`;

interface Edge {
  cursor: string;
  rank: number;
  highlight: string;
  node: { __typename: string; id: string };
}

async function page(variables: Record<string, unknown>) {
  const result = await app.gql(QUERY, { q: WORD, ...variables });
  expect(result.errors).toBeUndefined();
  const search = result.data?.search as {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    edges: Edge[];
  };
  const types = new Set(search.edges.map((e) => e.node.__typename)).size;
  return { ...search, statements: result.stats.statements, types };
}

const key = (edge: Edge) => `${edge.node.id} ${edge.rank} ${edge.highlight}`;

describe('search: paging', () => {
  it('returns every window of the list, with the total, in one statement per page', async () => {
    const all = await page({ first: 100 });
    const total = all.edges.length;
    expect(total).toBeGreaterThan(15);
    expect(all.totalCount).toBe(total);
    expect(all.statements).toBe(1 + all.types);
    const ranks = all.edges.map((e) => e.rank);
    expect([...ranks].sort((a, b) => b - a)).toEqual(ranks);
    // Every rank shape is there: a whole title (4 + 2 + 1 + …), equal ranks, a name's likeness alone (< 1).
    expect(ranks[0]).toBeGreaterThan(7);
    expect(new Set(ranks).size).toBeLessThan(total);
    expect(all.edges.at(-1)!.rank).toBeLessThan(1);
    expect(all.edges.at(-1)!.node.__typename).toBe('Person');

    for (let size = 1; size <= total + 1; size += 1) {
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const result = await page({ first: size, after });
        expect(result.totalCount).toBe(total);
        expect(result.statements).toBe(1 + result.types);
        seen.push(...result.edges.map(key));
        if (!result.pageInfo.hasNextPage) break;
        after = result.pageInfo.endCursor;
      }
      expect(seen, `pages of ${size}`).toEqual(all.edges.map(key));
    }
  });

  it('reads any window of the list directly, with the total', async () => {
    // No look-ahead row here (the connection fetches one more): every row of
    // every window counts.
    const input = { text: WORD, kinds: SEARCH_KINDS };
    const all = await searchPage(app.database.db, input, 0, 100);
    expect(all.hits.length).toBe(all.total);
    for (let offset = 0; offset <= all.total; offset += 1) {
      for (let limit = 1; offset + limit <= all.total + 1; limit += 1) {
        const window = await searchPage(app.database.db, input, offset, limit);
        expect(window.total).toBe(all.total);
        expect(window.hits, `offset ${offset}, limit ${limit}`).toEqual(all.hits.slice(offset, offset + limit));
      }
    }
  });

  it('counts the whole list on an empty page past the end', async () => {
    const all = await page({ first: 100 });
    for (const offset of [all.edges.length - 1, all.edges.length + 5, 100_000]) {
      const result = await page({ first: 5, after: scopeCursor('Query.search', encodeCursor(offset)) });
      expect(result.edges).toEqual([]);
      expect(result.totalCount).toBe(all.edges.length);
      expect(result.pageInfo.hasNextPage).toBe(false);
      expect(result.statements).toBe(1);
    }
    // Nothing found at all: a total of 0 from the same one statement.
    const none = await app.gql(QUERY, { q: 'wombatzzz', first: 5 });
    expect(none.data?.search).toMatchObject({ totalCount: 0, edges: [] });
    expect(none.stats.statements).toBe(1);
  });

  it('pages backwards with last and before', async () => {
    const all = (await page({ first: 100 })).edges.map(key);
    const tail = await page({ last: 4 });
    expect(tail.edges.map(key)).toEqual(all.slice(-4));
    expect(tail.totalCount).toBe(all.length);
    expect(tail.pageInfo.hasPreviousPage).toBe(true);
    // `last` without `before` needs the total first: one statement more.
    expect(tail.statements).toBe(2 + tail.types);

    const seen: string[] = [];
    let before: string | undefined;
    for (;;) {
      const result = await page({ last: 3, ...(before ? { before } : {}) });
      expect(result.totalCount).toBe(all.length);
      seen.unshift(...result.edges.map(key));
      if (!result.pageInfo.hasPreviousPage) break;
      before = result.edges[0]!.cursor;
    }
    expect(seen).toEqual(all);
  });
});
