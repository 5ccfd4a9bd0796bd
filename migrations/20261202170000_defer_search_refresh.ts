import { type Kysely, sql } from 'kysely';

// Search documents refreshed once per import instead of once per statement.
//
// The statement triggers of 20261121170000 rebuild a document whenever a
// statement writes its text: an imported talk's is built when the talk is
// inserted and again when its takeaways are, a new person's when the person
// and again when their first spelling is. A transaction that calls
// search_defer() has its triggers note the ids instead, in a temporary table
// of its session, and search_refresh_pending() rebuilds each noted document
// once; the importer calls the two around each post. Everything the
// transaction writes is noted, whatever code wrote it; a transaction that
// rolls back takes its notes and its setting with it (the setting is local
// to the transaction). Without search_defer() the triggers work as before.
//
// Frozen in time: no app imports.

// The trigger functions of 20261121170000: the entity table (its refresh
// function, its text columns) and, for a child table, its parent key and
// text columns.
const ENTITIES = [
  { kind: 'talk', refresh: 'search_refresh_talks', table: 'talk', columns: ['title'] },
  { kind: 'person', refresh: 'search_refresh_people', table: 'person', columns: ['name'] },
  { kind: 'company', refresh: 'search_refresh_companies', table: 'company', columns: ['name'] },
  { kind: 'event', refresh: 'search_refresh_events', table: 'event', columns: ['title', 'description'] },
] as const;
const CHILDREN = [
  { kind: 'talk', refresh: 'search_refresh_talks', table: 'takeaway', key: 'talk_id', columns: ['text'] },
  { kind: 'person', refresh: 'search_refresh_people', table: 'person_alias', key: 'person_id', columns: ['name'] },
  {
    kind: 'company',
    refresh: 'search_refresh_companies',
    table: 'company_alias',
    key: 'company_id',
    columns: ['name'],
  },
] as const;

const DEFERRED = `current_setting('meetup_graph.defer_search', true) = 'on'`;

/** `row(n.a, n.b) is distinct from row(o.a, o.b)`. */
function changed(columns: readonly string[]): string {
  const list = (alias: string) => `row(${columns.map((c) => `${alias}.${c}`).join(', ')})`;
  return `${list('n')} is distinct from ${list('o')}`;
}

/**
 * What a trigger does with the ids a statement touched (`ids`, a query):
 * refresh their documents at once, or, when deferred, note them.
 */
function handle(kind: string, refresh: string, ids: string, deferrable: boolean): string {
  const now = `perform ${refresh}(array(${ids}));`;
  if (!deferrable) return now;
  return `if ${DEFERRED} then
        insert into pg_temp.search_pending (kind, id) select '${kind}', x.id from (${ids}) as x(id);
      else
        ${now}
      end if;`;
}

function entityBody(entity: (typeof ENTITIES)[number], deferrable: boolean): string {
  const updated = `select n.id from new_rows n join old_rows o on o.id = n.id where ${changed(entity.columns)}`;
  return `begin
    if tg_op = 'INSERT' then
      ${handle(entity.kind, entity.refresh, 'select id from new_rows', deferrable)}
    else
      ${handle(entity.kind, entity.refresh, updated, deferrable)}
    end if;
    return null;
  end`;
}

function childBody(child: (typeof CHILDREN)[number], deferrable: boolean): string {
  const key = child.key;
  // A moved child (its parent key updated) refreshes both parents.
  const moved = `select unnest(array[o.${key}, n.${key}]) from new_rows n join old_rows o on o.id = n.id
      where ${changed([key, ...child.columns])}`;
  return `begin
    if tg_op = 'INSERT' then
      ${handle(child.kind, child.refresh, `select distinct ${key} from new_rows`, deferrable)}
    elsif tg_op = 'DELETE' then
      ${handle(child.kind, child.refresh, `select distinct ${key} from old_rows`, deferrable)}
    else
      ${handle(child.kind, child.refresh, moved, deferrable)}
    end if;
    return null;
  end`;
}

async function replaceTriggerFunctions(db: Kysely<any>, deferrable: boolean): Promise<void> {
  for (const entity of ENTITIES) {
    await sql`create or replace function ${sql.id(`${entity.table}_search_changed`)}() returns trigger
      language plpgsql as ${sql.lit(entityBody(entity, deferrable))}`.execute(db);
  }
  for (const child of CHILDREN) {
    await sql`create or replace function ${sql.id(`${child.table}_search_changed`)}() returns trigger
      language plpgsql as ${sql.lit(childBody(child, deferrable))}`.execute(db);
  }
}

export async function up(db: Kysely<any>): Promise<void> {
  // The notes live in a temporary table of the session, made on first use.
  await sql`create function search_defer() returns void language plpgsql as $$
  begin
    if to_regclass('pg_temp.search_pending') is null then
      create temporary table search_pending (kind text not null, id bigint not null);
    end if;
    perform set_config('meetup_graph.defer_search', 'on', true);
  end $$`.execute(db);

  const refreshes = ENTITIES.map(
    (e) => `perform ${e.refresh}(array(select distinct id from pg_temp.search_pending where kind = '${e.kind}'));`,
  ).join('\n    ');
  await sql`create function search_refresh_pending() returns void language plpgsql as ${sql.lit(`
  begin
    if to_regclass('pg_temp.search_pending') is null then
      return;
    end if;
    perform set_config('meetup_graph.defer_search', 'off', true);
    ${refreshes}
    delete from pg_temp.search_pending;
  end`)}`.execute(db);

  await replaceTriggerFunctions(db, true);
}

export async function down(db: Kysely<any>): Promise<void> {
  await replaceTriggerFunctions(db, false);
  await sql`drop function if exists search_refresh_pending()`.execute(db);
  await sql`drop function if exists search_defer()`.execute(db);
}
