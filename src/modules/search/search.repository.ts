import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/types.ts';

// Ranked search over talks, people, companies and events: one ordering
// across the kinds. The documents (search_document) are kept current by
// triggers in the database (migrations/20261121170000_create_search_index.ts,
// with the title's own vector and folded text stored since
// 20261121190000_tune_search_document.ts); this file only reads them.
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
 * Common table expressions shared by the page and the count, ending in
 * `best_names(kind, entity_id, name, sim, exact)`: the query parsed once and
 * the names found by likeness (few), each with its best name. The text
 * travels only as bind parameters.
 */
function queryCtes(input: SearchInput): RawBuilder<unknown> {
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
    )`;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Every hit, not just the page's: the connection's totalCount. */
  total: number;
}

/**
 * The whole-number part of a full-text hit's rank, for `d` a document with
 * `d.vector @@ q.tsq` that no name matched: the formula's 4 + 2 + 1 terms,
 * read from columns stored for them (migrations/20261121190000_tune_search_
 * document.ts): d.title_folded is lower(immutable_unaccent(d.title)),
 * d.title_vector is ts_filter(d.vector, '{a}'). When the phrase is the query
 * itself (one word), d.vector @@ q.tsq is d.vector @@ q.phrase.
 */
const TIER = sql`(case when d.title_folded = q.folded then 4 else 0 end
  + case when q.phrase = q.tsq or d.vector @@ q.phrase then 2 else 0 end
  + case when d.title_vector @@ q.tsq then 1 else 0 end)`;

/**
 * Hits `offset .. offset + limit - 1` in rank order, with the number of all
 * hits: one statement, which returns the total even when the page is empty.
 *
 * The hits are the full-text hits no name matched (`fts`) and the names found
 * by likeness (`named`, with the full-text hits among them): disjoint. Names
 * are few and get the whole formula. Full-text hits can be tens of thousands:
 * the scan that finds them keeps only their place and tier (TIER above), and
 * ts_rank_cd is computed for those that can still reach the page. It is
 * below 1: n / (n + 1), n a sum of at most 1 per cover, covers at most the
 * query words' positions in the document (at most 256 per word, and 200
 * characters make at most 100 words), so below 0.99997 after rounding. A
 * full-text hit ranks in [tier, tier + 1). With T the (offset + limit)-th
 * largest lower bound (tiers, and names' exact ranks), a hit with
 * tier + 1 <= T ranks below offset + limit others: it cannot be on the page,
 * whatever the tie-break.
 */
export async function searchPage(
  db: Kysely<Database>,
  input: SearchInput,
  offset: number,
  limit: number,
): Promise<SearchPage> {
  const result = await sql<SearchHit & { total: number }>`
    with ${queryCtes(input)},
    fts as materialized (
      select d.ctid as tid, ${TIER} as tier
      from search_document d cross join q
      where d.vector @@ q.tsq and d.kind = any(${[...input.kinds]}::text[])
        and not exists (select from best_names b where b.kind = d.kind and b.entity_id = d.entity_id)
    ),
    named as (
      select b.kind, b.entity_id, b.name as fuzzy_name, d.ctid as tid, d.entity_id is not null as found,
             coalesce(d.vector @@ q.tsq, false) as matched,
             -- Rounded: ts_rank_cd is a float4, whose last digits are noise.
             round((case when lower(immutable_unaccent(d.title)) = q.folded or coalesce(b.exact, false) then 4 else 0 end
              + case when d.vector @@ q.tsq and d.vector @@ q.phrase then 2 else 0 end
              + case when ts_filter(d.vector, '{a}') @@ q.tsq then 1 else 0 end
              + coalesce(ts_rank_cd(d.vector, q.tsq, 32)::float8, 0)
              + coalesce(b.sim, 0))::numeric, 6)::float8 as rank
      from best_names b cross join q
      left join search_document d on d.kind = b.kind and d.entity_id = b.entity_id
    ),
    tiers as (
      select tier, count(*) as n from fts group by tier
    ),
    total as (
      select ((select coalesce(sum(n), 0) from tiers) + (select count(*) from named))::int as total
    ),
    cut as (
      select bound from (
        select bound, sum(n) over (order by bound desc) as reached from (
          select tier::float8 as bound, n from tiers
          union all
          select rank, 1 from named where found
        ) bounds
      ) counted
      where reached >= ${offset + limit}
      order by bound desc limit 1
    ),
    scored as (
      -- The formula without the name terms (no name matched), for the
      -- documents fetched back by place.
      select d.ctid as tid, d.kind, d.entity_id, null as fuzzy_name, true as matched,
             round((${TIER} + coalesce(ts_rank_cd(d.vector, q.tsq, 32)::float8, 0)
              + coalesce(null::float8, 0))::numeric, 6)::float8 as rank
      from search_document d cross join q
      where d.ctid = any(array(
        select f.tid from fts f where f.tier > coalesce((select bound from cut), '-infinity') - 1))
      union all
      select tid, kind, entity_id, fuzzy_name, matched, rank from named where found
    ),
    page as (
      select * from scored order by rank desc, kind, entity_id offset ${offset} limit ${limit}
    )
    select page.kind, page.entity_id as id, page.rank, total.total,
      case
        -- Found by a name's likeness alone (a typo): that whole name marked.
        when not page.matched then
          case when page.fuzzy_name = d.title then '<b>' || d.title || '</b>'
               else d.title || ' (<b>' || page.fuzzy_name || '</b>)' end
        -- A name: the name and its other spellings, marked.
        when page.kind in ('PERSON', 'COMPANY') then
          ts_headline('search_english',
            d.title || case when d.secondary = '' then '' else ' (' || replace(d.secondary, E'\n', ', ') || ')' end,
            q.tsq, ${WHOLE})
        -- A talk or event whose title alone matches: the title, marked.
        when to_tsvector('search_english', d.title) @@ q.tsq then
          ts_headline('search_english', d.title, q.tsq, ${WHOLE})
        -- Else up to two fragments of title, takeaways and description.
        else
          ts_headline('search_english',
            concat_ws(' · ', nullif(d.title, ''), nullif(replace(d.secondary, E'\n', ' · '), ''),
              nullif(d.detail, '')),
            q.tsq, ${FRAGMENTS})
      end as highlight
    -- One row even when the page is empty (offset past the end): the total.
    from total
    left join (
      page
      cross join lateral (
        select d.title, d.secondary, d.detail from search_document d where d.ctid = page.tid offset 0
      ) d
      cross join q
    ) on true
    order by page.rank desc, page.kind, page.entity_id`.execute(db);
  const rows = result.rows;
  return {
    total: Number(rows[0]?.total ?? 0),
    hits: rows
      .filter((row) => row.kind !== null)
      .map((row) => ({ kind: row.kind, id: Number(row.id), rank: Number(row.rank), highlight: row.highlight })),
  };
}

/** The number of hits alone, for when it is needed before the page (`last` without `before`). */
export async function countSearch(db: Kysely<Database>, input: SearchInput): Promise<number> {
  const result = await sql<{ count: number }>`
    with ${queryCtes(input)}
    select ((select count(*) from search_document d, q
             where d.vector @@ q.tsq and d.kind = any(${[...input.kinds]}::text[])
               and not exists (select from best_names b where b.kind = d.kind and b.entity_id = d.entity_id))
            + (select count(*) from best_names))::int as count`.execute(db);
  return Number(result.rows[0]?.count ?? 0);
}
