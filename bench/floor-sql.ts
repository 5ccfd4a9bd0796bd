// The floor: for each benchmarked operation, one hand-written SQL statement
// that returns the whole GraphQL response body ({"data": …}) as JSON text,
// keys in the order of the operation's selections, so the floor answers
// byte-for-byte what the service answers (the harness checks it). What the
// service costs above this is the price of the GraphQL layer and of running
// several statements instead of one.

export interface FloorQuery {
  text: string;
  values: unknown[];
}

/** A Relay global ID as Pothos encodes it: base64 of `Type:id`. */
const gid = (type: string, column: string) => `encode(convert_to('${type}:' || ${column}, 'UTF8'), 'base64')`;

/** base64url of a short text, unpadded. */
const base64url = (text: string) => `rtrim(translate(encode(convert_to(${text}, 'UTF8'), 'base64'), '+/', '-_'), '=')`;

/** The cursor of the row at zero-based offset `expr` of connection `scope`: base64url of `<scope>|<base64url of o:offset>`. */
const cursor = (scope: string, expr: string) => base64url(`'${scope}|' || ${base64url(`'o:' || (${expr})`)}`);

const personAliases = (p: string) =>
  `coalesce((select json_agg(pa.name order by pa.id) from person_alias pa where pa.person_id = ${p}.id and pa.name <> ${p}.name), '[]'::json)`;
const companyAliases = (c: string) =>
  `coalesce((select json_agg(ca.name order by ca.id) from company_alias ca where ca.company_id = ${c}.id and ca.name <> ${c}.name), '[]'::json)`;
const takeaways = (talkId: string) =>
  `coalesce((select json_agg(k.text order by k.position) from takeaway k where k.talk_id = ${talkId}), '[]'::json)`;

const TYPENAME_BODY = '{"data":{"__typename":"Query"}}';

/** Q0 needs no database at all: the floor of the HTTP round trip. */
export function typenameBody(): string {
  return TYPENAME_BODY;
}

export function eventPage(vars: Record<string, unknown>): FloorQuery {
  return {
    values: [String(vars.slug)],
    text: `
select json_build_object('data', json_build_object('event', (
  select json_build_object(
    'id', ${gid('Event', 'e.id')},
    'slug', e.slug,
    'title', e.title,
    'date', e.date,
    'status', e.status,
    'format', e.format,
    'venue', (select json_build_object('slug', v.slug, 'name', v.name) from venue v where v.id = e.venue_id),
    'attendeeCount', e.attendee_count,
    'hosts', coalesce((
      select json_agg(json_build_object('person', json_build_object('slug', p.slug, 'name', p.name), 'role', h.role)
                      order by h.position)
      from event_host h join person p on p.id = h.person_id where h.event_id = e.id), '[]'::json),
    'talks', coalesce((
      select json_agg(json_build_object(
        'id', ${gid('Talk', 't.id')},
        'position', t.position,
        'title', t.title,
        'speakers', coalesce((
          select json_agg(json_build_object(
            'person', json_build_object('slug', p.slug, 'name', p.name),
            'company', case when c.id is null then null else json_build_object('slug', c.slug, 'name', c.name) end)
            order by ts.position)
          from talk_speaker ts join person p on p.id = ts.person_id left join company c on c.id = ts.company_id
          where ts.talk_id = t.id), '[]'::json),
        'video', case when t.video_url is null then null
                      else json_build_object('url', t.video_url, 'startSeconds', t.video_start_seconds) end,
        'slidesUrl', t.slides_url,
        'takeaways', ${takeaways('t.id')}
      ) order by t.position)
      from talk t where t.event_id = e.id), '[]'::json),
    'sponsorships', coalesce((
      select json_agg(json_build_object('company', json_build_object('slug', c.slug, 'name', c.name, 'website', c.website))
                      order by s.position)
      from sponsorship s join company c on c.id = s.company_id where s.event_id = e.id), '[]'::json),
    'previousEvent', (select json_build_object('slug', x.slug, 'date', x.date) from event x
                      where x.series_id = e.series_id and x.date < e.date order by x.date desc limit 1),
    'nextEvent', (select json_build_object('slug', x.slug, 'date', x.date) from event x
                  where x.series_id = e.series_id and x.date > e.date order by x.date limit 1)
  ) from event e where e.slug = $1
)))::text as body`,
  };
}

/** SpeakerHistory; affiliations and employerAt only when the operation (fitted to the schema) asks for them. */
export function speakerHistory(
  vars: Record<string, unknown>,
  parts: { affiliations: boolean; employerAt: boolean },
): FloorQuery {
  const first = Number(vars.first ?? 20);
  const appearances = `
    app as (
      select e.date, t.position as ord, ts.company_id, 1 as is_talk
      from talk_speaker ts join talk t on t.id = ts.talk_id join event e on e.id = t.event_id
      where ts.person_id = (select id from p) and e.status = 'HELD'
      union all
      select e.date, 0, h.company_id, 0
      from event_host h join event e on e.id = h.event_id
      where h.person_id = (select id from p) and e.status = 'HELD'
    ),`;
  const runs = `
    named as (select *, row_number() over (order by date, ord) as rn from app where company_id is not null),
    marked as (select *, case when company_id is distinct from lag(company_id) over (order by rn) then 1 else 0 end as brk
               from named),
    runs as (select company_id, min(date) as first_date, max(date) as last_date, sum(is_talk)::int as talks, min(rn) as rn
             from (select *, sum(brk) over (order by rn) as grp from marked) g group by grp, company_id),`;
  const needApp = parts.affiliations || parts.employerAt;
  return {
    values: parts.employerAt ? [String(vars.slug), first, String(vars.asOf)] : [String(vars.slug), first],
    text: `
with p as (select id, slug, name from person where slug = $1),
  mine as (
    select t.id, t.title, t.video_url, t.video_start_seconds, t.slides_url, ts.company_id,
           e.slug as event_slug, e.title as event_title, e.date as event_date,
           row_number() over (order by e.date desc, t.position desc, t.id desc) as rn
    from talk_speaker ts join talk t on t.id = ts.talk_id join event e on e.id = t.event_id
    where ts.person_id = (select id from p)
  ),
  ${needApp ? appearances : ''}
  ${parts.affiliations ? runs : ''}
  page as (select * from mine where rn <= $2 + 1)
select json_build_object('data', json_build_object('person', (
  select json_build_object(
    'id', ${gid('Person', 'p.id')},
    'slug', p.slug,
    'name', p.name,
    'talks', json_build_object(
      'totalCount', (select count(*) from mine),
      'pageInfo', json_build_object(
        'hasNextPage', (select count(*) from page) > $2,
        'endCursor', (select ${cursor('Person.talks', 'max(rn) - 1')} from page where rn <= $2)),
      'edges', coalesce((
        select json_agg(json_build_object(
          'cursor', ${cursor('Person.talks', 'm.rn - 1')},
          'company', (select json_build_object('slug', c.slug, 'name', c.name) from company c where c.id = m.company_id),
          'node', json_build_object(
            'id', ${gid('Talk', 'm.id')},
            'title', m.title,
            'event', json_build_object('slug', m.event_slug, 'title', m.event_title, 'date', m.event_date),
            'video', case when m.video_url is null then null
                          else json_build_object('url', m.video_url, 'startSeconds', m.video_start_seconds) end,
            'slidesUrl', m.slides_url,
            'takeaways', ${takeaways('m.id')})
        ) order by m.rn)
        from page m where m.rn <= $2), '[]'::json))
    ${
      parts.affiliations
        ? `, 'affiliations', coalesce((
      select json_agg(json_build_object(
        'company', json_build_object('slug', c.slug, 'name', c.name),
        'from', r.first_date, 'to', r.last_date, 'talkCount', r.talks) order by r.rn)
      from runs r join company c on c.id = r.company_id), '[]'::json)`
        : ''
    }
    ${
      parts.employerAt
        ? `, 'employerAt', (select json_build_object('name', c.name) from app a join company c on c.id = a.company_id
                      where a.date <= $3::date order by a.date desc, a.ord desc limit 1)`
        : ''
    }
  ) from p
)))::text as body`,
  };
}

const PERIOD = {
  YEAR: { unit: 'year', step: '1 year', label: `to_char(g, 'YYYY')` },
  QUARTER: { unit: 'quarter', step: '3 months', label: `to_char(g, 'YYYY') || '-Q' || extract(quarter from g)` },
  MONTH: { unit: 'month', step: '1 month', label: `to_char(g, 'YYYY-MM')` },
} as const;

export function sponsorTimeline(vars: Record<string, unknown>): FloorQuery {
  const granularity = String(vars.granularity ?? 'YEAR') as keyof typeof PERIOD;
  const period = PERIOD[granularity] ?? PERIOD.YEAR;
  const bucket = (column: string) => `date_trunc('${period.unit}', ${column}::timestamp)`;
  return {
    values: [String(vars.slug)],
    text: `
with c as (select id, slug, name, website from company where slug = $1),
  sp as (select distinct e.id, e.series_id, e.date from sponsorship s join event e on e.id = s.event_id
         where s.company_id = (select id from c) and e.status = 'HELD'),
  held as (
    select e.id, e.series_id, e.date, row_number() over (partition by e.series_id order by e.date, e.id) as pos
    from event e where e.status = 'HELD' and e.series_id in (select distinct series_id from sp)),
  series_info as (
    select series_id, count(*) as length, min(date) as first_date, min(id) filter (where pos = 1) as first_id
    from held group by series_id),
  runs as (
    select i.series_id, count(*) as length, min(i.date) as start_date, max(i.date) as end_date, max(i.pos) as end_pos,
           min(i.pos) as start_pos
    from (select h.series_id, h.pos, h.date, h.pos - row_number() over (partition by h.series_id order by h.pos) as grp
          from held h join sp on sp.id = h.id) i
    group by i.series_id, i.grp),
  longest as (
    select r.* from runs r join series_info si using (series_id)
    order by r.length desc, r.start_date, si.first_date, si.first_id, r.start_pos limit 1),
  bounds as (select min(date) as first_date, max(date) as last_date from event where status = 'HELD'),
  held_by_period as (select ${bucket('date')} as g, count(*) as n from event where status = 'HELD' group by 1),
  sp_by_period as (select ${bucket('date')} as g, count(*) as n from sp group by 1),
  periods as (
    select g, g::date as start, (g + interval '${period.step}' - interval '1 day')::date as "end", ${period.label} as period
    from bounds, generate_series(${bucket('bounds.first_date')}, ${bucket('bounds.last_date')}, interval '${period.step}') as g),
  page as (
    select s.id, e.slug, e.date from sponsorship s join event e on e.id = s.event_id
    where s.company_id = (select id from c) order by e.date, s.id limit 100)
select json_build_object('data', json_build_object('company', (
  select json_build_object(
    'id', ${gid('Company', 'c.id')},
    'slug', c.slug,
    'name', c.name,
    'website', c.website,
    'sponsorships', json_build_object(
      'totalCount', (select count(*) from sponsorship s where s.company_id = c.id),
      'nodes', coalesce((
        select json_agg(json_build_object('id', ${gid('Sponsorship', 'x.id')},
                                          'event', json_build_object('slug', x.slug, 'date', x.date)) order by x.date, x.id)
        from page x), '[]'::json)),
    'sponsorshipSummary', case when not exists (select 1 from sp) then null else json_build_object(
      'count', (select count(*) from sp),
      'firstEvent', json_build_object('date', (select date from sp order by date, id limit 1)),
      'lastEvent', json_build_object('date', (select date from sp order by date desc, id desc limit 1)),
      'currentStreak', coalesce((select max(r.length) from runs r join series_info si using (series_id)
                                 where r.end_pos = si.length), 0),
      'longestStreak', (select json_build_object('length', l.length, 'start', json_build_object('date', l.start_date),
                                                 'end', json_build_object('date', l.end_date)) from longest l)) end,
    'sponsorshipTimeline', coalesce((
      select json_agg(json_build_object(
        'period', pr.period, 'start', pr.start, 'end', pr."end",
        'events', coalesce(h.n, 0), 'sponsored', coalesce(x.n, 0)) order by pr.g)
      from periods pr left join held_by_period h on h.g = pr.g left join sp_by_period x on x.g = pr.g), '[]'::json)
  ) from c
)))::text as body`,
  };
}

export function events(vars: Record<string, unknown>): FloorQuery {
  const first = Number(vars.first ?? 20);
  const from = (vars.filter as { from?: string } | undefined)?.from ?? '0001-01-01';
  const personJson = (p: string) =>
    `json_build_object('slug', ${p}.slug, 'name', ${p}.name, 'aliases', ${personAliases(p)})`;
  return {
    values: [from, first],
    text: `
with page as (select * from event where date >= $1::date order by date, id limit $2 + 1),
  numbered as (select *, row_number() over (order by date, id) as rn from page)
select json_build_object('data', json_build_object('events', json_build_object(
  'totalCount', (select count(*) from event where date >= $1::date),
  'pageInfo', json_build_object(
    'hasNextPage', (select count(*) from numbered) > $2,
    'endCursor', (select ${cursor('Query.events', 'max(rn) - 1')} from numbered where rn <= $2)),
  'nodes', coalesce((select json_agg(json_build_object(
    'id', ${gid('Event', 'e.id')},
    'slug', e.slug,
    'title', e.title,
    'date', e.date,
    'status', e.status,
    'format', e.format,
    'venue', (select json_build_object('name', v.name) from venue v where v.id = e.venue_id),
    'attendeeCount', e.attendee_count,
    'hosts', coalesce((
      select json_agg(json_build_object('person', ${personJson('p')}, 'role', h.role) order by h.position)
      from event_host h join person p on p.id = h.person_id where h.event_id = e.id), '[]'::json),
    'video', case when e.video_url is null then null else json_build_object('url', e.video_url) end,
    'talks', coalesce((
      select json_agg(json_build_object(
        'id', ${gid('Talk', 't.id')},
        'title', t.title,
        'position', t.position,
        'speakers', coalesce((
          select json_agg(json_build_object(
            'person', ${personJson('p')},
            'company', case when c.id is null then null
                            else json_build_object('slug', c.slug, 'name', c.name, 'aliases', ${companyAliases('c')}) end)
            order by ts.position)
          from talk_speaker ts join person p on p.id = ts.person_id left join company c on c.id = ts.company_id
          where ts.talk_id = t.id), '[]'::json),
        'video', case when t.video_url is null then null else json_build_object(
          'url', t.video_url, 'startSeconds', t.video_start_seconds, 'endSeconds', t.video_end_seconds) end,
        'slidesUrl', t.slides_url,
        'takeaways', ${takeaways('t.id')}
      ) order by t.position)
      from talk t where t.event_id = e.id), '[]'::json),
    'sponsorships', coalesce((
      select json_agg(json_build_object('company', json_build_object(
        'slug', c.slug, 'name', c.name, 'aliases', ${companyAliases('c')}, 'website', c.website)) order by s.position)
      from sponsorship s join company c on c.id = s.company_id where s.event_id = e.id), '[]'::json),
    'announcedCompanies', coalesce((
      select json_agg(json_build_object('slug', c.slug, 'name', c.name, 'aliases', ${companyAliases('c')})
                      order by a.position)
      from announcement a join company c on c.id = a.company_id where a.event_id = e.id), '[]'::json)
  ) order by e.rn) from numbered e where e.rn <= $2), '[]'::json)
)))::text as body`,
  };
}

// ts_headline options, as the search module uses them.
const WHOLE = 'HighlightAll=true, StartSel=<b>, StopSel=</b>';
const FRAGMENTS =
  'StartSel=<b>, StopSel=</b>, MaxWords=20, MinWords=8, ShortWord=3, MaxFragments=2, FragmentDelimiter=" … "';

/**
 * The whole-number part of a full-text hit's rank (4 exact title, 2 phrase,
 * 1 every word in the title), for `d` with `d.vector @@ q.tsq`, from the
 * columns stored for it (migrations/20261121190000_tune_search_document.ts):
 * d.title_folded is lower(immutable_unaccent(d.title)), d.title_vector is
 * ts_filter(d.vector, '{a}'). When the phrase is the query itself
 * (q.one_word: one word), d.vector @@ q.tsq is d.vector @@ q.phrase.
 */
const TIER = `(case when d.title_folded = q.folded then 4 else 0 end
      + case when q.one_word or d.vector @@ q.phrase then 2 else 0 end
      + case when d.title_vector @@ q.tsq then 1 else 0 end)`;

/**
 * Search: the same matching and ranking as the search module (it is the
 * definition of the answer), with the techniques of its page statement
 * (src/modules/search/search.repository.ts): total, page and nodes in one
 * statement. Every kind is searched, so no kind filter.
 *
 * The hits are the full-text hits no name matched (`tiers`) and the names
 * found by likeness (`named`, with their full-text match if any): disjoint,
 * their counts are the total. Names are few and get the whole formula. The
 * one scan of the full-text hits keeps, per tier, their number and places
 * (ctid): a full-text hit ranks in [tier, tier + 1), ts_rank_cd with
 * normalization 32 being below 1 (below 0.99997 after rounding). With T the
 * (first + 1)-th largest lower bound (tiers, and names' exact ranks), a hit
 * with tier + 1 <= T ranks below first + 1 others, whatever the tie-break:
 * only the hits of the other tiers are fetched back by place for
 * ts_rank_cd. The page's rows are fetched by place once more for their
 * texts, and the node of each edge is read by its key.
 */
export function search(vars: Record<string, unknown>): FloorQuery {
  const first = Number(vars.first ?? 10);
  const text = String(vars.query ?? '')
    .replace(/\p{Cc}/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return {
    values: [text, first, WHOLE, FRAGMENTS],
    text: `
with parsed as (
    select websearch_to_tsquery('search_english', $1) as tsq,
           phraseto_tsquery('search_english', regexp_replace($1, '(^|[[:space:]])-[^[:space:]]+', ' ', 'g')) as phrase,
           immutable_unaccent($1) as fuzzy, lower(immutable_unaccent($1)) as folded),
  q as (
    select case when numnode(tsq) > 0 and querytree(tsq) <> 'T' then tsq end as tsq, phrase, fuzzy, folded,
           strpos(tsq::text, '!') = 0 as fuzzy_ok, phrase = tsq as one_word
    from parsed),
  name_hits as (
    select 'PERSON' as kind, a.person_id as entity_id, a.name from person_alias a, q
    where q.fuzzy_ok and immutable_unaccent(a.name) % q.fuzzy
    union all
    select 'PERSON', p.id, p.name from person p, q where q.fuzzy_ok and immutable_unaccent(p.name) % q.fuzzy
    union all
    select 'COMPANY', a.company_id, a.name from company_alias a, q
    where q.fuzzy_ok and immutable_unaccent(a.name) % q.fuzzy
    union all
    select 'COMPANY', c.id, c.name from company c, q where q.fuzzy_ok and immutable_unaccent(c.name) % q.fuzzy),
  best_names as (
    select distinct on (n.kind, n.entity_id) n.kind, n.entity_id, n.name,
           similarity(immutable_unaccent(n.name), q.fuzzy)::float8 as sim,
           lower(immutable_unaccent(n.name)) = q.folded as exact
    from name_hits n, q
    order by n.kind, n.entity_id, exact desc, sim desc, n.name),
  named as (
    select b.kind, b.entity_id, b.name as fuzzy_name, d.ctid as tid, d.entity_id is not null as found,
           coalesce(d.vector @@ q.tsq, false) as matched,
           round((case when d.title_folded = q.folded or b.exact then 4 else 0 end
            + case when d.vector @@ q.tsq and (q.one_word or d.vector @@ q.phrase) then 2 else 0 end
            + case when d.title_vector @@ q.tsq then 1 else 0 end
            + coalesce(ts_rank_cd(d.vector, q.tsq, 32)::float8, 0)
            + b.sim)::numeric, 6)::float8 as rank
    from best_names b cross join q
    left join search_document d on d.kind = b.kind and d.entity_id = b.entity_id),
  -- One aggregate instead of materialized (place, tier) rows read twice. The
  -- planner groups by sorting: in memory up to some 45,000 hits with a 4 MB
  -- work_mem (the most frequent word has 32,442 at scale 100).
  tiers as (
    select ${TIER} as tier, count(*) as n, array_agg(d.ctid) as tids
    from search_document d cross join q
    where d.vector @@ q.tsq
      -- Names are people's and companies': talks and events skip the probe.
      and (d.kind in ('TALK', 'EVENT')
           or not exists (select from best_names b where b.kind = d.kind and b.entity_id = d.entity_id))
    group by 1),
  cut as (
    select bound from (
      select bound, sum(n) over (order by bound desc) as reached from (
        select tier::float8 as bound, n from tiers
        union all
        select rank, 1 from named where found) bounds) counted
    where reached >= $2 + 1
    order by bound desc limit 1),
  ranked as (
    select d.ctid as tid, d.kind, d.entity_id, null as fuzzy_name, true as matched,
           round((${TIER} + ts_rank_cd(d.vector, q.tsq, 32)::float8)::numeric, 6)::float8 as rank
    from search_document d cross join q
    where d.ctid = any(array(
      select unnest(t.tids) from tiers t where t.tier > coalesce((select bound from cut), '-infinity') - 1))
    union all
    select tid, kind, entity_id, fuzzy_name, matched, rank from named where found),
  page as (
    select *, row_number() over (order by rank desc, kind, entity_id) as rn
    from (select * from ranked order by rank desc, kind, entity_id limit $2 + 1) top),
  shown as (
    select page.rn, page.kind, page.entity_id, page.rank,
      case
        when not page.matched then
          case when page.fuzzy_name = d.title then '<b>' || d.title || '</b>'
               else d.title || ' (<b>' || page.fuzzy_name || '</b>)' end
        when page.kind in ('PERSON', 'COMPANY') then
          ts_headline('search_english',
            d.title || case when d.secondary = '' then '' else ' (' || replace(d.secondary, E'\\n', ', ') || ')' end,
            q.tsq, $3)
        when d.title_vector @@ q.tsq then ts_headline('search_english', d.title, q.tsq, $3)
        else ts_headline('search_english',
          concat_ws(' · ', nullif(d.title, ''), nullif(replace(d.secondary, E'\\n', ' · '), ''), nullif(d.detail, '')),
          q.tsq, $4)
      end as highlight
    from page
    cross join lateral (
      select d.title, d.secondary, d.detail, d.title_vector from search_document d where d.ctid = page.tid offset 0) d
    cross join q
    where page.rn <= $2)
select json_build_object('data', json_build_object('search', json_build_object(
  'totalCount', (select coalesce(sum(n), 0) from tiers)::bigint + (select count(*) from named),
  'pageInfo', json_build_object(
    'hasNextPage', (select count(*) from page) > $2,
    'endCursor', (select ${cursor('Query.search', 'max(rn) - 1')} from shown)),
  'edges', coalesce((select json_agg(json_build_object(
    'rank', s.rank,
    'highlight', s.highlight,
    'node', case s.kind
      when 'TALK' then (select json_build_object('__typename', 'Talk', 'id', ${gid('Talk', 't.id')}, 'talkTitle', t.title)
                        from talk t where t.id = s.entity_id)
      when 'PERSON' then (select json_build_object('__typename', 'Person', 'id', ${gid('Person', 'p.id')}, 'personName', p.name)
                          from person p where p.id = s.entity_id)
      when 'COMPANY' then (select json_build_object('__typename', 'Company', 'id', ${gid('Company', 'c.id')},
                                                    'companyName', c.name) from company c where c.id = s.entity_id)
      else (select json_build_object('__typename', 'Event', 'id', ${gid('Event', 'e.id')}, 'eventTitle', e.title)
            from event e where e.id = s.entity_id) end
  ) order by s.rn) from shown s), '[]'::json)
)))::text as body`,
  };
}

/** The floor statement for a request body, chosen by operation name; null for Q0 (a constant). */
export function floorQuery(operationName: string, document: string, vars: Record<string, unknown>): FloorQuery | null {
  switch (operationName) {
    case 'Typename':
      return null;
    case 'EventPage':
      return eventPage(vars);
    case 'SpeakerHistory':
      return speakerHistory(vars, {
        affiliations: document.includes('affiliations'),
        employerAt: document.includes('employerAt'),
      });
    case 'SponsorTimeline':
      return sponsorTimeline(vars);
    case 'Events':
      return events(vars);
    case 'Search':
      return search(vars);
    default:
      throw new Error(`the floor has no statement for operation ${operationName}`);
  }
}
