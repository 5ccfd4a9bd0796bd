import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/importer/import-files.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';

// The real roundup corpus (read from ../shared/corpus, never copied): the
// seeds are earlier versions of five posts, so importing them after the
// posts is an edit, and importing the posts again restores them.

const CORPUS = fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const POSTS = `${CORPUS}posts`;
const SEEDS = `${CORPUS}seeds`;
const available = existsSync(POSTS) && existsSync(SEEDS);
if (!available)
  console.warn(
    `skipped: the corpus import test needs the roundup corpus at ${CORPUS} (test data kept outside the repository)`,
  );

describe.skipIf(!available)('the roundup corpus', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app?.close());

  it('imports every post, one held event each', async () => {
    const summary = await importFiles(app.database.db, [POSTS]);
    const files = readdirSync(POSTS).filter((f) => f.endsWith('.md'));
    expect(summary).toMatchObject({ created: files.length, failed: 0 });
    const held = await app.gql('{ events(filter: { status: HELD }) { totalCount } }');
    expect(held.data?.events.totalCount).toBe(files.length);
  });

  it('a second import changes nothing', async () => {
    const summary = await importFiles(app.database.db, [POSTS]);
    expect(summary).toMatchObject({ created: 0, updated: 0, failed: 0 });
  });

  it('the older seed versions update their events in place, and the posts restore them', async () => {
    // The seed files carry no date in their names: the importer reads it from the post.
    const seeds = readdirSync(SEEDS).map((f) => `${SEEDS}/${f}`);
    const before = await app.gql(
      '{ events(first: 100, orderBy: { field: DATE, direction: ASC }) { totalCount nodes { id date } } }',
    );
    const edited = await importFiles(app.database.db, seeds);
    expect(edited.failed).toBe(0);
    expect(edited.updated).toBe(seeds.length);
    const after = await app.gql(
      '{ events(first: 100, orderBy: { field: DATE, direction: ASC }) { totalCount nodes { id date } } }',
    );
    expect(after.data?.events.nodes).toEqual(before.data?.events.nodes);
    const restored = await importFiles(app.database.db, [POSTS]);
    expect(restored).toMatchObject({ updated: seeds.length, failed: 0 });
    expect((await importFiles(app.database.db, [POSTS])).unchanged).toBe(readdirSync(POSTS).length);
  });
});
