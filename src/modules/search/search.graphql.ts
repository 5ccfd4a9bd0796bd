import { brandWithType } from '@pothos/core';
import type { EventRow } from '../../db/types.ts';
import { builder } from '../../graphql/builder.ts';
import { resolveConnection } from '../../graphql/connections.ts';
import type { Context } from '../../graphql/context.ts';
import { edgeObject } from '../../graphql/edges.ts';
import { badUserInput } from '../../graphql/errors.ts';
import type { Edge } from '../../graphql/pagination.ts';
import { CompanyRef } from '../company/company.graphql.ts';
import type { CompanyNode } from '../company/company.repository.ts';
import { EventRef } from '../event/event.graphql.ts';
import { PersonRef } from '../person/person.graphql.ts';
import type { PersonNode } from '../person/person.repository.ts';
import { TalkRef } from '../talk/talk.graphql.ts';
import type { TalkNode } from '../talk/talk.repository.ts';
import { countSearch, SEARCH_KINDS, type SearchHit, type SearchKind, searchPage } from './search.repository.ts';

/** Longest accepted query, in characters, after trimming. */
export const MAX_QUERY_LENGTH = 200;

const SearchResultType = builder.enumType('SearchResultType', {
  description: 'A kind of thing search finds.',
  values: {
    TALK: { description: 'Talks, by title and takeaways.' },
    PERSON: { description: 'People, by name and every other spelling of it.' },
    COMPANY: { description: 'Companies, by name and every other spelling of it.' },
    EVENT: { description: 'Meetups, by title and description.' },
  },
});

const SearchResult = builder.unionType('SearchResult', {
  description: 'A talk, person, company or meetup found by search.',
  types: [TalkRef, PersonRef, CompanyRef, EventRef],
  // The resolver below brands every node with its type.
});

type SearchNode = TalkNode | PersonNode | CompanyNode | EventRow;

type SearchEdgeFields = { rank: number; highlight: string };

const SearchEdge = edgeObject<SearchNode, SearchEdgeFields>('SearchEdge', (t) => ({
  node: t.field({ type: SearchResult, resolve: (edge) => edge.node }),
  rank: t.exposeFloat('rank', { description: 'Relevance: higher is better. Comparable within one search only.' }),
  highlight: t.exposeString('highlight', {
    description:
      'A short snippet of the matched text with the matched words in <b>…</b>; the whole name when a name ' +
      'was found by likeness (a typo). The text is stored text, not escaped: render it as HTML only ' +
      'if you trust it.',
  }),
}));

const SearchConnection = builder.connectionObject({ type: SearchResult, name: 'SearchConnection' }, SearchEdge);

/** The query as searched: control characters out, whitespace collapsed, within the length limit. */
export function searchText(query: string): string {
  const text = query
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const length = [...text].length;
  if (length < 1 || length > MAX_QUERY_LENGTH) {
    throw badUserInput(`Argument "query" must be 1 to ${MAX_QUERY_LENGTH} characters, got ${length}`, 'query');
  }
  return text;
}

/**
 * The hit's row through its type's per-request DataLoader (one batched
 * statement per type for the whole page), branded with the type so the
 * union resolves. A copy: the loader's cached row stays as it was.
 */
async function loadNode(context: Context, hit: SearchHit): Promise<SearchNode | null> {
  const branded = <T extends object>(row: T | null | undefined, type: Parameters<typeof brandWithType>[1]) => {
    if (!row) return null;
    const copy = { ...row };
    brandWithType(copy, type);
    return copy;
  };
  switch (hit.kind) {
    case 'TALK':
      return branded(await TalkRef.getDataloader(context).load(hit.id), TalkRef);
    case 'PERSON':
      return branded(await PersonRef.getDataloader(context).load(hit.id), PersonRef);
    case 'COMPANY':
      return branded(await CompanyRef.getDataloader(context).load(hit.id), CompanyRef);
    case 'EVENT':
      return branded(await EventRef.getDataloader(context).load(hit.id), EventRef);
  }
}

builder.queryField('search', (t) =>
  t.field({
    type: SearchConnection,
    description:
      'Talks, people, companies and meetups matching a text, best first. Web-search syntax: "quoted phrase", ' +
      '-excluded, either or other. Accents and case are ignored; names also match with a typo.',
    args: {
      ...t.arg.connectionArgs(),
      query: t.arg.string({ required: true, description: `1 to ${MAX_QUERY_LENGTH} characters.` }),
      types: t.arg({ type: [SearchResultType], description: 'Only these kinds: all when absent, none when empty.' }),
    },
    resolve: async (_root, args, context) => {
      const input = {
        text: searchText(args.query),
        kinds: [...new Set<SearchKind>(args.types ?? SEARCH_KINDS)],
      };
      // The page statement returns the total too: a count statement only
      // when the total is needed first (`last` without `before`) or no page
      // is read.
      let total: number | undefined;
      const page = await resolveConnection(
        args,
        async (offset, limit) => {
          const found = await searchPage(context.db, input, offset, limit);
          total = found.total;
          return found.hits;
        },
        async () => total ?? countSearch(context.db, input),
      );
      const nodes = await Promise.all(page.edges.map((edge) => loadNode(context, edge.node)));
      const edges: Edge<SearchNode, SearchEdgeFields>[] = [];
      page.edges.forEach((edge, i) => {
        const node = nodes[i];
        // Null only when the row was deleted between the two statements.
        if (node) edges.push({ cursor: edge.cursor, node, rank: edge.node.rank, highlight: edge.node.highlight });
      });
      return { ...page, edges };
    },
  }),
);
