import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deferSearchDocuments, refreshSearchDocuments } from '../../src/importer/import.repository.ts';
import { importParsedPost, sha256 } from '../../src/importer/import-posts.ts';
import type { ParsedPost } from '../../src/importer/parsed-post.types.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { parsedPost, parsedTalk } from '../helpers/fixtures.ts';

// An import rebuilds each search document it touches once, at the end of the
// post (migration 20261202170000). What it leaves must be exactly what the
// per-statement triggers would have built, after a first import and after an
// edited one, and a transaction that defers and then fails leaves nothing
// noted and nothing deferred.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

const FIRST: ParsedPost = parsedPost('2032-03-11', 'Deferral Night March 2032', 'An evening about wombats.', [
  parsedTalk(1, 'Burrows at scale', ['Ada Quill', 'Brindle Labs'], ['Dig wide.', 'Then dig deep.']),
  parsedTalk(2, 'Nocturnal pipelines', ['Ben Ink', 'Harbour Analytics Group'], ['Run jobs at night.']),
]);
FIRST.hosts = [{ name: 'Cora Vale', company: 'Brindle Labs', role: 'organiser', line: 3 }];
FIRST.sponsors = [{ name: 'Lumen Ltd', url: 'https://lumen.example', line: 4 }];
FIRST.aliases = [{ name: 'Ada Quill', alias: 'Dr Ada Quill', line: 6 }];

// The same meetup, edited: a talk retitled with new takeaways, the other gone, a new one.
const EDITED: ParsedPost = {
  ...FIRST,
  description: 'An evening about wombats and their tunnels.',
  talks: [
    parsedTalk(1, 'Burrows at any scale', ['Ada Quill', 'Brindle Labs'], ['Dig wide.', 'Measure the soil.']),
    parsedTalk(2, 'Tunnel telemetry', ['Dee Moss', 'Quarry Works'], ['Sensors everywhere.']),
  ],
};

async function importPost(post: ParsedPost, onWritten?: () => Promise<void>) {
  return importParsedPost(
    database.db,
    post,
    { path: 'posts/deferral.md', sha256: sha256(JSON.stringify(post)) },
    onWritten ? { onWritten } : {},
  );
}

async function documents() {
  const rows = await sql<{ kind: string; entity_id: number; title: string; secondary: string; detail: string }>`
    select kind, entity_id, title, secondary, detail from search_document order by kind, entity_id`.execute(
    database.db,
  );
  return rows.rows;
}

/** Every document rebuilt the way the per-statement triggers build it. */
async function rebuiltDocuments() {
  await sql`select search_refresh_talks(array(select id from talk)),
    search_refresh_people(array(select id from person)),
    search_refresh_companies(array(select id from company)),
    search_refresh_events(array(select id from event))`.execute(database.db);
  return documents();
}

describe('search documents refreshed once per imported post', () => {
  it('leave what the per-statement triggers would have built, after a first and an edited import', async () => {
    for (const post of [FIRST, EDITED]) {
      await importPost(post);
      const imported = await documents();
      expect(imported).toEqual(await rebuiltDocuments());
      const texts = imported.map((d) => `${d.title}\n${d.secondary}\n${d.detail}`).join('\n');
      for (const talk of post.talks) {
        expect(texts).toContain(talk.title);
        for (const takeaway of talk.takeaways) expect(texts).toContain(takeaway);
      }
      expect(texts).toContain(post.description);
    }
    const talks = (await documents()).filter((d) => d.kind === 'TALK');
    expect(talks.map((d) => d.title).sort()).toEqual(['Burrows at any scale', 'Tunnel telemetry']);
    expect(talks.find((d) => d.title === 'Burrows at any scale')?.secondary).toBe('Dig wide.\nMeasure the soil.');
    const people = (await documents()).filter((d) => d.kind === 'PERSON');
    expect(people.find((d) => d.title === 'Ada Quill')?.secondary).toBe('Dr Ada Quill');
  });

  it('notes instead of rebuilding until the refresh, inside one transaction only', async () => {
    await database.db.transaction().execute(async (trx) => {
      await deferSearchDocuments(trx);
      const [person] = await sql<{ id: number }>`
        insert into person (name, slug) values ('Edda Fern', 'edda-fern') returning id`
        .execute(trx)
        .then((r) => r.rows);
      const before = await sql`select 1 from search_document where person_id = ${person?.id}`.execute(trx);
      expect(before.rows).toHaveLength(0);
      await refreshSearchDocuments(trx);
      const after = await sql<{ title: string }>`
        select title from search_document where person_id = ${person?.id}`.execute(trx);
      expect(after.rows).toEqual([{ title: 'Edda Fern' }]);
      // Refreshed, the transaction's later writes are rebuilt at once again.
      await sql`update person set name = 'Edda Fernley' where id = ${person?.id}`.execute(trx);
      const renamed = await sql<{ title: string }>`
        select title from search_document where person_id = ${person?.id}`.execute(trx);
      expect(renamed.rows).toEqual([{ title: 'Edda Fernley' }]);
    });
    // The next transaction is not deferred: a write is searchable at once.
    await sql`update person set name = 'Edda Fern' where slug = 'edda-fern'`.execute(database.db);
    const doc = await sql<{ title: string }>`
      select d.title from search_document d join person p on p.id = d.person_id where p.slug = 'edda-fern'`.execute(
      database.db,
    );
    expect(doc.rows).toEqual([{ title: 'Edda Fern' }]);
  });

  it('a post whose transaction fails leaves the documents as they were and nothing deferred', async () => {
    const before = await documents();
    const renamed: ParsedPost = {
      ...EDITED,
      talks: [parsedTalk(1, 'Never stored', ['Fay Lark', 'Nowhere Inc'], ['Gone with the rollback.'])],
    };
    await expect(
      importPost(renamed, async () => {
        throw new Error('refused after writing');
      }),
    ).rejects.toThrow('refused after writing');
    expect(await documents()).toEqual(before);
    await database.db.transaction().execute(async (trx) => {
      const setting = await sql<{ value: string | null }>`
        select current_setting('meetup_graph.defer_search', true) as value`.execute(trx);
      expect(setting.rows[0]?.value ?? '').not.toBe('on');
      const pending = await sql<{ n: number }>`
        select count(*)::int as n from pg_class where relname = 'search_pending' and relpersistence = 't'`.execute(trx);
      // The table may exist in this session; it holds no notes.
      if ((pending.rows[0]?.n ?? 0) > 0) {
        const notes = await sql<{ n: number }>`select count(*)::int as n from pg_temp.search_pending`.execute(trx);
        expect(notes.rows[0]?.n).toBe(0);
      }
    });
  });
});
