import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeBatch, encodeBatch } from '../../src/cache/graph-changes.ts';
import {
  newSqlTrace,
  readingSponsorshipsOf,
  readsChangedBy,
  TRACKED_TABLES,
  traceSql,
  traceStatement,
  trackedWrite,
  VOLATILE_FUNCTIONS,
} from '../../src/db/sql-trace.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// The SQL trace reads what a statement does to the tracked tables off its
// text. That holds only while the schema hides nothing: checked here on the
// migrated database, with the trace's own rules.

describe('the schema the trace relies on', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.close());

  const tracked = `\\m(${TRACKED_TABLES.join('|')})\\M`;

  it('no view, rule or function of the schema mentions a tracked table', async () => {
    const { rows } = await sql<{ name: string }>`
      select 'function ' || p.proname as name
      from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.prokind in ('f', 'p') and pg_get_functiondef(p.oid) ~ ${tracked}
      union all
      select 'rule ' || rulename from pg_rules where schemaname = 'public' and definition ~ ${tracked}
      union all
      select 'view ' || viewname from pg_views where schemaname = 'public' and definition ~ ${tracked}
      union all
      select 'materialized view ' || matviewname from pg_matviews where definition ~ ${tracked}`.execute(database.db);
    expect(rows.map((row) => row.name)).toEqual([]);
  });

  it('no tracked table has a trigger', async () => {
    const { rows } = await sql<{ name: string }>`
      select tgname as name from pg_trigger
      where not tgisinternal and tgrelid::regclass::text = any(${[...TRACKED_TABLES]}::text[])`.execute(database.db);
    expect(rows).toEqual([]);
  });

  it('no foreign key makes a write of a tracked table write another table', async () => {
    // A cascade or set null on a key that references a tracked table, from an untracked one.
    const { rows } = await sql<{ name: string }>`
      select conname as name from pg_constraint
      where contype = 'f' and confrelid::regclass::text = any(${[...TRACKED_TABLES]}::text[])
        and not (conrelid::regclass::text = any(${[...TRACKED_TABLES]}::text[]))
        and (confdeltype in ('c', 'n', 'd') or confupdtype in ('c', 'n', 'd'))`.execute(database.db);
    expect(rows).toEqual([]);
  });

  it('VOLATILE_FUNCTIONS names every volatile function of the schema a statement can call', async () => {
    const { rows } = await sql<{ name: string }>`
      select p.proname as name
      from pg_proc p
      join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.provolatile = 'v' and p.prorettype <> 'trigger'::regtype
        and not exists (select 1 from pg_depend d where d.objid = p.oid and d.deptype = 'e')
      order by 1`.execute(database.db);
    expect(rows.map((row) => row.name)).toEqual([...VOLATILE_FUNCTIONS].sort());
  });

  it('traces the statements Kysely runs, in the async context that runs them', async () => {
    const trace = newSqlTrace();
    await traceSql(trace, async () => {
      await database.db.selectFrom('sponsorship').select('id').limit(1).execute();
      await readingSponsorshipsOf([7, 9], () =>
        database.db.selectFrom('sponsorship').select('id').where('company_id', 'in', [7, 9]).execute(),
      );
      await database.db.selectFrom('event').select('id').limit(1).execute();
    });
    expect([...trace.read].sort()).toEqual(['sponsorship', 'sponsorship:7', 'sponsorship:9']);
    expect(trace.written.size).toBe(0);
    expect(trace.statements).toBe(3);
    // Outside a trace nothing is recorded, and nothing fails.
    await database.db.selectFrom('sponsorship').select('id').limit(1).execute();
  });

  it('counts a statement as soon as it is sent, before its answer comes', async () => {
    const trace = newSqlTrace();
    const running = traceSql(trace, () => sql`select pg_sleep(0.2)`.execute(database.db));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(trace.statements).toBe(1);
    await running;
    expect(trace.statements).toBe(1);
  });
});

describe('traceStatement', () => {
  const traced = (...statements: string[]) => {
    const trace = newSqlTrace();
    traceSql(trace, () => {
      for (const statement of statements) traceStatement(statement);
    });
    return trace;
  };

  it('reads a text seen before as it did the first time', () => {
    const write = 'update sponsorship set role = $1 where id = $2 returning company_id';
    for (const trace of [traced(write), traced(write, write)]) {
      expect([...trace.read]).toEqual(['sponsorship']);
      expect([...trace.written]).toEqual(['sponsorship']);
      expect(trace.opaque).toBe(false);
    }
    expect(traced('truncate sponsorship').opaque).toBe(true);
    expect(traced('truncate sponsorship').opaque).toBe(true);
    expect(traced(write, write).statements).toBe(2);
  });

  it('reads: tracked tables by name, quoted or not; other tables are not followed', () => {
    const trace = traced(
      'select "sponsorship"."id" from "sponsorship" join event e on e.id = sponsorship.event_id',
      'select * from curated_fact where entity_type = $1',
      'select * from talk_speaker',
    );
    expect([...trace.read].sort()).toEqual(['curated_fact', 'sponsorship']);
  });

  it('a word that only contains a tracked name is not that table', () => {
    expect([...traced('select sponsorship_id, sponsorships from x').read]).toEqual([]);
  });

  it('writes: insert, update and delete targets; an upsert or a row lock is not an update of another table', () => {
    const trace = traced(
      'insert into "curated_fact" ("a") values ($1) on conflict ("a") do update set "a" = excluded."a"',
      'select "id" from "event" where "id" = any($1) for update',
      'select id from event where id = $1 for no key update',
      'update "sponsorship" set "role" = $1 where "id" = $2',
      'delete from sponsorship where id = $1',
      'with x as (insert into audit_entry (a) values (1) returning id) select id from x',
    );
    expect([...trace.written].sort()).toEqual(['audit_entry', 'curated_fact', 'sponsorship']);
    expect(trace.opaque).toBe(false);
  });

  it('a call of a volatile function makes the trace opaque', () => {
    expect(traced('select search_refresh_pending()').opaque).toBe(true);
    expect(traced('select search_refresh_talks (array[1])').opaque).toBe(true);
    expect(traced('select "search_defer"()').opaque).toBe(true);
    expect(traced('select immutable_unaccent(name) from person').opaque).toBe(false);
  });

  it('a statement whose effects its text does not show makes the trace opaque', () => {
    for (const statement of [
      'truncate sponsorship',
      'copy sponsorship from stdin',
      'call something()',
      'do $$ begin delete from company; end $$',
      'merge into company c using x on true when matched then delete',
      'select * into company_copy from company',
      'lock table sponsorship',
    ]) {
      expect(traced(statement).opaque, statement).toBe(true);
    }
    expect(traced('  with x as (select 1) select * from x', 'begin', 'commit').opaque).toBe(false);
    expect(traced('select (select 1 from talk) as into_count from event').opaque).toBe(false);
  });

  it('a narrowed read narrows its first statement only', async () => {
    const trace = newSqlTrace();
    await traceSql(trace, () =>
      readingSponsorshipsOf([5], async () => {
        traceStatement('select * from sponsorship where company_id = any($1)');
        traceStatement('select * from sponsorship');
      }),
    );
    expect([...trace.read].sort()).toEqual(['sponsorship', 'sponsorship:5']);
  });
});

describe('trackedWrite', () => {
  const trace = (written: string[], opaque = false) => ({
    read: new Set<string>(),
    written: new Set(written),
    opaque,
    statements: written.length,
  });

  it('a write of tracked tables only, with the sponsors it changed', () => {
    expect(trackedWrite(trace(['sponsorship', 'curated_fact', 'audit_entry']), [4, 2, 4])).toEqual({
      tables: ['audit_entry', 'curated_fact', 'sponsorship'],
      sponsorCompanies: [2, 4],
    });
  });

  it('is null when any table written is not tracked, a statement was opaque, or nothing was written', () => {
    expect(trackedWrite(trace(['sponsorship', 'company']), [1])).toBeNull();
    expect(trackedWrite(trace(['sponsorship'], true), [1])).toBeNull();
    expect(trackedWrite(trace([]), [])).toBeNull();
  });

  it("changes the reads of the tables it wrote, and of its sponsors' sponsorships", () => {
    expect(readsChangedBy({ tables: ['curated_fact', 'sponsorship'], sponsorCompanies: [2, 4] })).toEqual([
      'curated_fact',
      'sponsorship',
      'sponsorship:2',
      'sponsorship:4',
    ]);
  });

  it('is null for a write of sponsorships whose companies are unknown', () => {
    expect(trackedWrite(trace(['sponsorship']), [])).toBeNull();
    expect(trackedWrite(trace(['curated_fact']), [])).toEqual({ tables: ['curated_fact'], sponsorCompanies: [] });
  });

  it('travels in a notification; a malformed one is dropped, and the batch then invalidates everything', () => {
    const tracked = { tables: ['sponsorship'], sponsorCompanies: [3] };
    const batch = {
      changes: [{ kind: 'Sponsorship', id: 'U3BvbnNvcnNoaXA6MQ==', slug: null }],
      all: false,
      origin: 'o',
    };
    expect(decodeBatch(encodeBatch({ ...batch, tracked }))?.tracked).toEqual(tracked);
    const malformed = JSON.stringify({ ...batch, tracked: { tables: ['sponsorship'], sponsorCompanies: ['3'] } });
    expect(decodeBatch(malformed)?.tracked).toBeUndefined();
    // A table this process does not trace (a newer version's): its answers were never tagged with it.
    const unknown = JSON.stringify({ ...batch, tracked: { tables: ['talk'], sponsorCompanies: [] } });
    expect(decodeBatch(unknown)?.tracked).toBeUndefined();
  });
});
