import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/types.ts';

// Ranked search over talks, people, companies and events: one ordering
// across the kinds. The documents (search_document) are kept current by
// triggers in the database (migrations/20261121170000_create_search_index.ts);
// this file only reads them.
//
// A document is a hit when
//   - its vector matches the websearch_to_tsquery of the text (quoted
//     phrases, -word, or), accents folded by the search_english
//     configuration; a query with no positive term (only stop words, only
//     -words) matches nothing this way; or
//   - for a person or company, one of its names is trigram-similar to the
//     text (pg_trgm's % operator, similarity >= 0.3 by default): typos. Not
//     when the query excludes words: "-cheryl" must not find Cheryl.
//
// rank = 4 if the text is the whole title or a whole name (case and accents
//          folded)
//      + 2 if the words appear as a phrase, in order and adjacent
//      + 1 if every word is in the title or name (weight A)
//      + ts_rank_cd of the document, scaled to 0..1 (title > takeaways and
//          other spellings > description, more and closer occurrences higher)
//      + the best trigram similarity of a name (0..1; 1 for the exact name)
// Rounded to 6 decimals. Ties go by kind (alphabetically: COMPANY, EVENT,
// PERSON, TALK), then id, so pages never overlap.

export const SEARCH_KINDS = ['TALK', 'PERSON', 'COMPANY', 'EVENT'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

export interface SearchInput {
  /** Already validated and trimmed: 1..200 characters. */
  text: string;
  kinds: readonly SearchKind[];
}

export interface SearchHit {
  kind: SearchKind;
  id: number;
  rank: number;
  /** Snippet of the stored text with the matched words in <b>…</b>. */
  highlight: string;
}

// ts_headline options: constants, never user input.
const WHOLE = 'HighlightAll=true, StartSel=<b>, StopSel=</b>';
const FRAGMENTS =
  'StartSel=<b>, StopSel=</b>, MaxWords=20, MinWords=8, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "';

/**
 * The hits, unordered, as common table expressions ending in `hits(kind,
 * entity_id)`. The text travels only as bind parameters.
 */
function hitsCte(input: SearchInput): RawBuilder<unknown> {
  const { text, kinds } = input;
  return sql`
    parsed as (
      select websearch_to_tsquery('search_english', ${text}) as tsq,
             -- The words as one phrase, excluded (-word) ones left out.
             phraseto_tsquery('search_english',
               regexp_replace(${text}, '(^|[[:space:]])-[^[:space:]]+', ' ', 'g')) as phrase,
             immutable_unaccent(${text}) as fuzzy,
             lower(immutable_unaccent(${text})) as folded
    ),
    q as (
      select case when numnode(tsq) > 0 and querytree(tsq) <> 'T' then tsq end as tsq,
             phrase, fuzzy, folded,
             strpos(tsq::text, '!') = 0 as fuzzy_ok
      from parsed
    ),
    name_hits as (
      select 'PERSON' as kind, a.person_id as entity_id, a.name from person_alias a, q
      where q.fuzzy_ok and immutable_unaccent(a.name) % q.fuzzy
      union all
      select 'PERSON', p.id, p.name from person p, q
      where q.fuzzy_ok and immutable_unaccent(p.name) % q.fuzzy
      union all
      select 'COMPANY', a.company_id, a.name from company_alias a, q
      where q.fuzzy_ok and immutable_unaccent(a.name) % q.fuzzy
      union all
      select 'COMPANY', c.id, c.name from company c, q
      where q.fuzzy_ok and immutable_unaccent(c.name) % q.fuzzy
    ),
    best_names as (
      select distinct on (n.kind, n.entity_id) n.kind, n.entity_id, n.name,
             similarity(immutable_unaccent(n.name), q.fuzzy)::float8 as sim,
             lower(immutable_unaccent(n.name)) = q.folded as exact
      from name_hits n, q
      where n.kind = any(${[...kinds]}::text[])
      order by n.kind, n.entity_id, exact desc, sim desc, n.name
    ),
    hits as (
      select d.kind, d.entity_id from search_document d, q
      where d.vector @@ q.tsq and d.kind = any(${[...kinds]}::text[])
      union
      select kind, entity_id from best_names
    )`;
}

export async function searchPage(
  db: Kysely<Database>,
  input: SearchInput,
  offset: number,
  limit: number,
): Promise<SearchHit[]> {
  const result = await sql<SearchHit>`
    with ${hitsCte(input)},
    scored as (
      select d.kind, d.entity_id, d.title, d.secondary, d.detail, b.name as fuzzy_name,
             coalesce(d.vector @@ q.tsq, false) as matched,
             -- Rounded: ts_rank_cd is a float4, whose last digits are noise.
             round((case when lower(immutable_unaccent(d.title)) = q.folded or coalesce(b.exact, false) then 4 else 0 end
              + case when d.vector @@ q.tsq and d.vector @@ q.phrase then 2 else 0 end
              + case when ts_filter(d.vector, '{a}') @@ q.tsq then 1 else 0 end
              + coalesce(ts_rank_cd(d.vector, q.tsq, 32)::float8, 0)
              + coalesce(b.sim, 0))::numeric, 6)::float8 as rank
      from hits h
      join search_document d on d.kind = h.kind and d.entity_id = h.entity_id
      cross join q
      left join best_names b on b.kind = h.kind and b.entity_id = h.entity_id
    ),
    page as (
      select * from scored order by rank desc, kind, entity_id offset ${offset} limit ${limit}
    )
    select page.kind, page.entity_id as id, page.rank,
      case
        -- Found by a name's likeness alone (a typo): that whole name marked.
        when not page.matched then
          case when page.fuzzy_name = page.title then '<b>' || page.title || '</b>'
               else page.title || ' (<b>' || page.fuzzy_name || '</b>)' end
        -- A name: the name and its other spellings, marked.
        when page.kind in ('PERSON', 'COMPANY') then
          ts_headline('search_english',
            page.title || case when page.secondary = '' then '' else ' (' || replace(page.secondary, E'\n', ', ') || ')' end,
            q.tsq, ${WHOLE})
        -- A talk or event whose title alone matches: the title, marked.
        when to_tsvector('search_english', page.title) @@ q.tsq then
          ts_headline('search_english', page.title, q.tsq, ${WHOLE})
        -- Else up to two fragments of title, takeaways and description.
        else
          ts_headline('search_english',
            concat_ws(' · ', nullif(page.title, ''), nullif(replace(page.secondary, E'\n', ' · '), ''),
              nullif(page.detail, '')),
            q.tsq, ${FRAGMENTS})
      end as highlight
    from page cross join q
    order by page.rank desc, page.kind, page.entity_id`.execute(db);
  return result.rows.map((row) => ({ ...row, id: Number(row.id), rank: Number(row.rank) }));
}

export async function countSearch(db: Kysely<Database>, input: SearchInput): Promise<number> {
  const result = await sql<{ count: number }>`
    with ${hitsCte(input)}
    select count(*)::int as count from hits`.execute(db);
  return Number(result.rows[0]?.count ?? 0);
}
