import { type Kysely, sql } from 'kysely';

// One ranked search over talks, people, companies and events.
//
// search_document holds one row per searchable entity: its text copied into
// three weighted slots (title A, secondary B, detail C) and a stored
// generated tsvector over them with a GIN index. Triggers on every table the
// text comes from keep the rows current whatever writes the data (importer,
// a later write API, psql): the text of a talk spans talk + takeaway, of a
// person person + person_alias, of a company company + company_alias. Rows
// go away with their entity through the foreign keys (on delete cascade).
// The entity tables themselves get no new columns, so rows read with
// `select *` stay as they were.
//
// Accents are folded inside the text search configuration (the unaccent
// dictionary in front of the English stemmer), so ts_headline marks "Condé"
// in the stored text for the query "conde". Names also match by trigram
// similarity (typos), through expression indexes on an IMMUTABLE unaccent
// wrapper (unaccent() itself is only STABLE, which indexes refuse).
//
// Frozen in time: no app imports; the trigger functions are the source of
// truth for what is searchable.

// Where a document's text comes from: the entity's own table and the
// columns read from it, and child tables whose rows add to the parent's
// document (foreign key, columns). Each refreshes through one function.
const SOURCES = [
  { refresh: 'search_refresh_talks', table: 'talk', columns: ['title'], child: ['takeaway', 'talk_id', ['text']] },
  {
    refresh: 'search_refresh_people',
    table: 'person',
    columns: ['name'],
    child: ['person_alias', 'person_id', ['name']],
  },
  {
    refresh: 'search_refresh_companies',
    table: 'company',
    columns: ['name'],
    child: ['company_alias', 'company_id', ['name']],
  },
  { refresh: 'search_refresh_events', table: 'event', columns: ['title', 'description'], child: null },
] as const;

/** `(x.a, x.b) is distinct from (y.a, y.b)` over the given columns. */
function changed(columns: readonly string[], x: string, y: string) {
  const list = (alias: string) => sql.raw(`row(${columns.map((c) => `${alias}.${c}`).join(', ')})`);
  return sql`${list(x)} is distinct from ${list(y)}`;
}

export async function up(db: Kysely<any>): Promise<void> {
  // The wrapper and the dictionary name the schema unaccent lives in (public
  // unless the server had it installed elsewhere already).
  const found = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'unaccent'`.execute(db);
  const schema = found.rows[0]?.schema;
  if (!schema || !/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new Error(`the unaccent extension must be installed in a plainly named schema (found ${schema ?? 'none'})`);
  }
  const unaccent = sql.raw(`${schema}.unaccent`);

  await sql`create function immutable_unaccent(text) returns text
    language sql immutable parallel safe
    as $$ select ${unaccent}('${unaccent}'::regdictionary, $1) $$`.execute(db);

  await sql`create text search configuration search_english (copy = pg_catalog.english)`.execute(db);
  await sql`alter text search configuration search_english
    alter mapping for hword, hword_part, word with ${unaccent}, english_stem`.execute(db);

  await sql`create table search_document (
    kind text not null check (kind in ('TALK', 'PERSON', 'COMPANY', 'EVENT')),
    talk_id bigint unique references talk (id) on delete cascade,
    person_id bigint unique references person (id) on delete cascade,
    company_id bigint unique references company (id) on delete cascade,
    event_id bigint unique references event (id) on delete cascade,
    entity_id bigint not null generated always as (coalesce(talk_id, person_id, company_id, event_id)) stored,
    -- Weight A: a talk's or event's title, a person's or company's name.
    title text not null default '',
    -- Weight B: a talk's takeaways, the other spellings of a name; one per line.
    secondary text not null default '',
    -- Weight C: an event's description.
    detail text not null default '',
    vector tsvector not null generated always as (
      setweight(to_tsvector('search_english', title), 'A')
      || setweight(to_tsvector('search_english', secondary), 'B')
      || setweight(to_tsvector('search_english', detail), 'C')
    ) stored,
    constraint search_document_pkey primary key (kind, entity_id),
    constraint search_document_entity_check check (
      num_nonnulls(talk_id, person_id, company_id, event_id) = 1
      and (kind = 'TALK') = (talk_id is not null)
      and (kind = 'PERSON') = (person_id is not null)
      and (kind = 'COMPANY') = (company_id is not null)
      and (kind = 'EVENT') = (event_id is not null)
    )
  )`.execute(db);
  await sql`create index search_document_vector_idx on search_document using gin (vector)`.execute(db);

  for (const table of ['person', 'person_alias', 'company', 'company_alias']) {
    await sql`create index ${sql.id(`${table}_name_trgm_idx`)} on ${sql.id(table)}
      using gin (immutable_unaccent(name) gin_trgm_ops)`.execute(db);
  }

  // Refresh functions take arrays: a trigger refreshes every document a
  // statement touched at once, and the backfill below is one call per kind.
  // The upserts skip documents whose text did not change.
  const upsert = (key: string, columns: string[]) =>
    sql.raw(`on conflict (${key}) do update set
      ${columns.map((c) => `${c} = excluded.${c}`).join(', ')}
      where (${columns.map((c) => `d.${c}`).join(', ')}) is distinct from (${columns.map((c) => `excluded.${c}`).join(', ')})`);

  await sql`create function search_refresh_talks(ids bigint[]) returns void language plpgsql as $$
  begin
    insert into search_document as d (kind, talk_id, title, secondary)
    select 'TALK', t.id, coalesce(t.title, ''),
      coalesce((select string_agg(k.text, E'\\n' order by k.position) from takeaway k where k.talk_id = t.id), '')
    from talk t where t.id = any(ids)
    ${upsert('talk_id', ['title', 'secondary'])};
  end $$`.execute(db);

  await sql`create function search_refresh_people(ids bigint[]) returns void language plpgsql as $$
  begin
    insert into search_document as d (kind, person_id, title, secondary)
    select 'PERSON', p.id, p.name,
      coalesce((select string_agg(a.name, E'\\n' order by a.id) from person_alias a
        where a.person_id = p.id and a.name <> p.name), '')
    from person p where p.id = any(ids)
    ${upsert('person_id', ['title', 'secondary'])};
  end $$`.execute(db);

  await sql`create function search_refresh_companies(ids bigint[]) returns void language plpgsql as $$
  begin
    insert into search_document as d (kind, company_id, title, secondary)
    select 'COMPANY', c.id, c.name,
      coalesce((select string_agg(a.name, E'\\n' order by a.id) from company_alias a
        where a.company_id = c.id and a.name <> c.name), '')
    from company c where c.id = any(ids)
    ${upsert('company_id', ['title', 'secondary'])};
  end $$`.execute(db);

  await sql`create function search_refresh_events(ids bigint[]) returns void language plpgsql as $$
  begin
    insert into search_document as d (kind, event_id, title, detail)
    select 'EVENT', e.id, e.title, coalesce(e.description, '')
    from event e where e.id = any(ids)
    ${upsert('event_id', ['title', 'detail'])};
  end $$`.execute(db);

  // Statement triggers with transition tables: one refresh per statement
  // however many rows it wrote (a bulk insert costs one set-based upsert, not
  // one per row). They cannot take column lists, so updates compare old and
  // new text themselves. Deleting an entity needs no trigger: its document
  // goes through the foreign key; a child deleted with its parent (cascade)
  // refreshes a parent that is no longer there, which writes nothing.
  for (const source of SOURCES) {
    const fn = sql.raw(source.refresh);
    const entity = sql.id(source.table);
    await sql`create function ${sql.id(`${source.table}_search_changed`)}() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform ${fn}(array(select id from new_rows));
      else
        perform ${fn}(array(select n.id from new_rows n join old_rows o on o.id = n.id
          where ${changed(source.columns, 'n', 'o')}));
      end if;
      return null;
    end $$`.execute(db);
    await sql`create trigger ${sql.id(`${source.table}_search_insert`)} after insert on ${entity}
      referencing new table as new_rows
      for each statement execute function ${sql.id(`${source.table}_search_changed`)}()`.execute(db);
    await sql`create trigger ${sql.id(`${source.table}_search_update`)} after update on ${entity}
      referencing old table as old_rows new table as new_rows
      for each statement execute function ${sql.id(`${source.table}_search_changed`)}()`.execute(db);

    if (!source.child) continue;
    const [child, key, columns] = source.child;
    const parent = sql.raw(key);
    // A moved child (its parent key updated) refreshes both parents.
    await sql`create function ${sql.id(`${child}_search_changed`)}() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform ${fn}(array(select distinct ${parent} from new_rows));
      elsif tg_op = 'DELETE' then
        perform ${fn}(array(select distinct ${parent} from old_rows));
      else
        perform ${fn}(array(
          select unnest(array[o.${parent}, n.${parent}]) from new_rows n join old_rows o on o.id = n.id
          where ${changed([key, ...columns], 'n', 'o')}));
      end if;
      return null;
    end $$`.execute(db);
    for (const [event, referencing] of [
      ['insert', sql`new table as new_rows`],
      ['update', sql`old table as old_rows new table as new_rows`],
      ['delete', sql`old table as old_rows`],
    ] as const) {
      await sql`create trigger ${sql.id(`${child}_search_${event}`)} after ${sql.raw(event)} on ${sql.id(child)}
        referencing ${referencing}
        for each statement execute function ${sql.id(`${child}_search_changed`)}()`.execute(db);
    }
  }

  // Backfill what is already there.
  await sql`select search_refresh_talks(array(select id from talk))`.execute(db);
  await sql`select search_refresh_people(array(select id from person))`.execute(db);
  await sql`select search_refresh_companies(array(select id from company))`.execute(db);
  await sql`select search_refresh_events(array(select id from event))`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const source of SOURCES) {
    for (const event of ['insert', 'update']) {
      await sql`drop trigger if exists ${sql.id(`${source.table}_search_${event}`)} on ${sql.id(source.table)}`.execute(
        db,
      );
    }
    await sql`drop function if exists ${sql.id(`${source.table}_search_changed`)}()`.execute(db);
    if (source.child) {
      const [child] = source.child;
      for (const event of ['insert', 'update', 'delete']) {
        await sql`drop trigger if exists ${sql.id(`${child}_search_${event}`)} on ${sql.id(child)}`.execute(db);
      }
      await sql`drop function if exists ${sql.id(`${child}_search_changed`)}()`.execute(db);
    }
    await sql`drop function if exists ${sql.id(source.refresh)}(bigint[])`.execute(db);
  }
  for (const table of ['company_alias', 'company', 'person_alias', 'person']) {
    await sql`drop index if exists ${sql.id(`${table}_name_trgm_idx`)}`.execute(db);
  }
  await sql`drop table if exists search_document`.execute(db);
  await sql`drop text search configuration if exists search_english`.execute(db);
  await sql`drop function if exists immutable_unaccent(text)`.execute(db);
}
