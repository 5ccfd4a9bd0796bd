import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importParsedPost, sha256 } from '../../src/importer/import-posts.ts';
import type { ParsedPost } from '../../src/importer/parsed-post.types.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { serverUrl } from '../helpers/database.ts';
import { parsedPost, parsedTalk } from '../helpers/fixtures.ts';

// A curator's write and an import of the same post at the same moment end
// with the curator's value kept and the import's report saying so. On
// PostgreSQL (DATABASE_URL) both run at once on their own connections: a
// third holds the meetup's row until both wait for it, the curator first.
// Embedded, the one connection runs them one after the other.

let app: TestApp;
let writer: string;
const PATH = 'posts/2034-09-06-estuary.md';

function post(title: string): ParsedPost {
  return parsedPost('2034-09-06', 'Estuary Meetup September 2034', null, [
    parsedTalk(1, title, ['Moss Ferry', 'Tideway'], ['Slow is smooth.']),
  ]);
}

const runImport = (p: ParsedPost) =>
  importParsedPost(app.database.db, p, { path: PATH, sha256: sha256(JSON.stringify(p)) });

beforeAll(async () => {
  app = await createTestApp();
  writer = await createToken(app.database.db, 'curator-ada', 'write');
});
afterAll(() => app?.close());

async function waiting(): Promise<number> {
  const row = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
    where datname = current_database() and wait_event_type = 'Lock'`.execute(app.database.db);
  return row.rows[0]?.n ?? 0;
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the lock queue');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a curator write and an import of the same post at once', () => {
  it("keep the curator's value, and the import reports the clash", async () => {
    await runImport(post('Original title'));
    const event = await app.gql('{ event(slug: "estuary-meetup-2034-09-06") { id talks { id } } }');
    const eventId = Number(Buffer.from(event.data!.event.id, 'base64').toString().split(':')[1]);
    const talkId = event.data!.event.talks[0].id;
    const curate = () =>
      app.gqlAs(writer, 'mutation($i: UpdateTalkInput!) { updateTalk(input: $i) { __typename } }', {
        i: { id: talkId, title: 'Curated title' },
      });

    let report: Awaited<ReturnType<typeof runImport>>;
    if (serverUrl) {
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const blocker = app.database.db.transaction().execute(async (trx) => {
        await sql`select id from event where id = ${eventId} for update`.execute(trx);
        locked();
        await held;
      });
      await isLocked;
      const curated = curate();
      await until(async () => (await waiting()) >= 1);
      const imported = runImport(post('Title from the edited post'));
      await until(async () => (await waiting()) >= 2);
      release();
      await blocker;
      const [write, result] = await Promise.all([curated, imported]);
      expect(write.data!.updateTalk.__typename).toBe('TalkPayload');
      report = result;
    } else {
      expect((await curate()).data!.updateTalk.__typename).toBe('TalkPayload');
      report = await runImport(post('Title from the edited post'));
    }
    const after = await app.gql('{ event(slug: "estuary-meetup-2034-09-06") { talks { title } } }');
    expect(after.data!.event.talks[0].title).toBe('Curated title');
    expect(report.clashes.map((c) => c.message)).toEqual([
      "talk 1 title: kept curated 'Curated title'; post says 'Title from the edited post'",
    ]);
  });
});
