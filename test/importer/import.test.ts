import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../src/importer/import-files.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { GRAPH_TABLES, tableSnapshot } from '../helpers/snapshot.ts';

// The importer against a real database, on posts written for these tests
// (test/fixtures/import): what lands in the graph, idempotency, edits,
// announcements, failures, dry runs and concurrent imports.

const FIXTURES = 'test/fixtures/import';
const V1 = `${FIXTURES}/v1`;
const FEBRUARY = '2031-02-04-example-native-meetup-february-2031.md';

let app: TestApp;
beforeEach(async () => {
  app = await createTestApp();
});
afterEach(() => app?.close());

const snapshot = () => tableSnapshot(app.database.db);
const TABLES = GRAPH_TABLES;

const EVENTS_QUERY = `{ events(orderBy: { field: DATE, direction: ASC }) { nodes {
  id slug date status title format attendeeCount venue { name } video { url } rsvpUrl
  hosts { person { slug } role company { name } }
  sponsorships { company { slug name website aliases } }
  talks { id position title slidesUrl takeaways video { url startSeconds endSeconds }
          speakers { person { slug name } company { slug name aliases } } }
  announcedCompanies { slug }
  source { path sha256 }
} } }`;

async function events() {
  const result = await app.gql(EVENTS_QUERY);
  expect(result.errors).toBeUndefined();
  return result.data?.events.nodes as any[];
}

describe('importing roundup posts', () => {
  it('puts everything a roundup says into the graph', async () => {
    const summary = await importFiles(app.database.db, [`${V1}/${FEBRUARY}`]);
    expect(summary).toMatchObject({ created: 1, updated: 0, unchanged: 0, failed: 0 });
    const [february, march] = await events();
    expect(february).toMatchObject({
      slug: 'example-native-meetup-2031-02-04',
      status: 'HELD',
      title: 'Example Native Meetup February 2031: Acme Cloud, Globex and Initech',
      format: 'IN_PERSON',
      venue: { name: 'Initech' },
      video: { url: 'https://www.youtube.com/embed/abcDEF12345' },
      // Roles keep their commas: the description splits at the first comma only.
      hosts: [
        {
          person: { slug: 'dana-scully' },
          role: 'Head of Platform, Developer Tools at Initech',
          company: { name: 'Initech' },
        },
      ],
      source: { path: `${V1}/${FEBRUARY}` },
    });
    expect(february.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(february.sponsorships.map((s: any) => [s.company.name, s.company.website])).toEqual([
      ['Umbrella Corp', 'https://umbrella.example/'],
      ['Cyberdyne Systems', 'https://cyberdyne.example/'],
    ]);
    expect(
      february.talks.map((t: any) => [t.position, t.title, t.speakers[0].person.name, t.speakers[0].company.name]),
    ).toEqual([
      [1, 'Chasing flaky pipelines', 'Fox Mulder', 'Acme Cloud'],
      [2, 'Budgeting for Kubernetes', 'Walter Skinner', 'Globex'],
      [3, 'Tracing at small scale', 'Monica Reyes', 'Initech'],
    ]);
    // t=300, t=1h2m3s and t=5400 links; each segment ends where the next starts.
    expect(february.talks.map((t: any) => [t.video.startSeconds, t.video.endSeconds])).toEqual([
      [300, 3723],
      [3723, 5400],
      [5400, null],
    ]);
    expect(february.talks[0].video.url).toBe('https://youtu.be/abcDEF12345?t=300');
    expect(february.talks[2].slidesUrl).toBe('https://slides.example/tracing');
    // Nested sub-bullets and lazy continuation lines belong to their bullet.
    expect(february.talks[0].takeaways).toHaveLength(3);
    expect(february.talks[0].takeaways[1]).toMatch(/^Quarantine a flaky test first, then fix it\..*nested point/);
    expect(february.talks[0].takeaways[2]).toBe(
      'Track flake rates over time, so that the trend is visible to everyone.',
    );
    // The next-meetup section: an ANNOUNCED event with the companies named for it.
    expect(march).toMatchObject({
      date: '2031-03-05',
      status: 'ANNOUNCED',
      rsvpUrl: 'https://www.meetup.com/example-native/events/1001/',
      announcedCompanies: [{ slug: 'hooli' }, { slug: 'pied-piper' }],
      talks: [],
      source: null,
    });
  });

  it('reconciles an announcement with the real roundup even when the announced day was wrong', async () => {
    await importFiles(app.database.db, [`${V1}/${FEBRUARY}`]);
    const announced = (await events())[1];
    const summary = await importFiles(app.database.db, [V1]);
    expect(summary).toMatchObject({ created: 1, unchanged: 1, failed: 0 });
    const [, march, april] = await events();
    // Same node (same global ID), now held on the real day, announcement kept.
    expect(march.id).toBe(announced.id);
    expect(march).toMatchObject({
      date: '2031-03-12',
      slug: 'example-native-meetup-2031-03-12',
      status: 'HELD',
      announcedCompanies: [{ slug: 'hooli' }, { slug: 'pied-piper' }],
    });
    expect(april).toMatchObject({ date: '2031-04-02', status: 'ANNOUNCED' });
  });

  it('resolves one company across spellings, suffixes and mojibake, keeping every spelling as an alias', async () => {
    await importFiles(app.database.db, [V1]);
    const [february, march] = await events();
    // "Hooli Inc." as a speaker's company is the Hooli announced a month before.
    expect(march.talks[0].speakers[0].company).toEqual({ slug: 'hooli', name: 'Hooli', aliases: ['Hooli Inc.'] });
    // "Umbrella Corporation Ltd." is "Umbrella Corp".
    expect(march.sponsorships[0].company).toMatchObject({
      slug: 'umbrella-corp',
      aliases: ['Umbrella Corporation Ltd'],
    });
    expect(february.sponsorships[0].company.slug).toBe('umbrella-corp');
    // Both mis-decodings of "Condé Nast" repair to one company, stored correctly.
    const conde = march.sponsorships[1].company;
    expect(conde).toMatchObject({ slug: 'conde-nast', name: 'Condé Nast', aliases: [] });
    expect(march.talks[1].speakers[0].company.slug).toBe('conde-nast');
    // Fox Mulder is one person, billed with a different company at each talk.
    expect(march.talks[1].speakers[0].person.slug).toBe('fox-mulder');
    const history = await app.gql(`{ person(slug: "fox-mulder") { talks(orderBy: { field: DATE, direction: ASC }) {
      totalCount edges { company { name } node { title } } } } }`);
    expect(history.data?.person.talks.edges.map((e: any) => e.company.name)).toEqual(['Acme Cloud', 'Condé Nast']);
    const companies = await app.gql('{ companies(first: 100) { nodes { name } } }');
    const names = companies.data?.companies.nodes.map((c: any) => c.name);
    expect(names.filter((n: string) => /cond/i.test(n))).toEqual(['Condé Nast']);
  });

  it('changes nothing when the same posts are imported again', async () => {
    await importFiles(app.database.db, [V1]);
    const before = await snapshot();
    const again = await importFiles(app.database.db, [V1]);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, failed: 0 });
    expect(again.posts.every((p) => p.changes.length === 0)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('updates an edited post in place and removes what it no longer says', async () => {
    await importFiles(app.database.db, [V1]);
    const [original] = await events();
    const edited = await importFiles(app.database.db, [`${FIXTURES}/v2/${FEBRUARY}`]);
    expect(edited).toMatchObject({ updated: 1, failed: 0 });
    const [february] = await events();
    expect(february.id).toBe(original.id);
    expect(february.title).toBe('Example Native Meetup February 2031: Acme Cloud and Globex');
    expect(february.sponsorships.map((s: any) => s.company.slug)).toEqual(['umbrella-corp']);
    expect(february.talks.map((t: any) => t.title)).toEqual([
      'Chasing flaky pipelines',
      'Budgeting for Kubernetes clusters',
    ]);
    // Kept talks keep their identity; the dropped takeaway is gone.
    expect(february.talks.map((t: any) => t.id)).toEqual(original.talks.slice(0, 2).map((t: any) => t.id));
    expect(february.talks[0].takeaways).toEqual([
      'Flaky tests hide the failures that matter.',
      'Quarantine a flaky test first, then fix it.',
    ]);
    expect(february.source.path).toBe(`${FIXTURES}/v2/${FEBRUARY}`);
    expect(february.source.sha256).not.toBe(original.source.sha256);
    const orphans = await sql<{ count: number }>`select count(*)::int as count from takeaway
      where talk_id not in (select id from talk)`.execute(app.database.db);
    expect(orphans.rows[0]?.count).toBe(0);
    // Importing the original again restores it.
    await importFiles(app.database.db, [`${V1}/${FEBRUARY}`]);
    expect((await events())[0].talks).toHaveLength(3);
  });

  it('a dry run reports what would change and writes nothing', async () => {
    const before = await snapshot();
    const summary = await importFiles(app.database.db, [V1], { dryRun: true });
    expect(summary).toMatchObject({ created: 2, failed: 0, dryRun: true });
    expect(summary.posts[0]?.changes).toContain('talks: 3 added');
    expect(await snapshot()).toEqual(before);
  });

  it('a post that cannot be read fails alone, with path, line and reason; the others go on', async () => {
    const summary = await importFiles(app.database.db, [`${FIXTURES}/broken`]);
    expect(summary).toMatchObject({ created: 1, failed: 1 });
    const broken = summary.posts.find((p) => p.status === 'failed');
    expect(broken?.path).toMatch(/2031-04-02-example-native-meetup-april-2031\.md$/);
    expect(broken?.error?.line).toBeGreaterThan(0);
    expect(broken?.error?.reason).toMatch(/front matter/i);
    // Nothing of the broken post was written: only February and its announced March exist.
    expect((await events()).map((e) => e.date)).toEqual(['2031-02-04', '2031-03-05']);
  });

  it('two imports running at once leave one row per natural key', async () => {
    await Promise.all([importFiles(app.database.db, [V1]), importFiles(app.database.db, [V1])]);
    const once = await snapshot();
    const fresh = await createTestApp();
    try {
      await importFiles(fresh.database.db, [V1]);
      for (const table of TABLES) {
        const row = await sql<{ count: number }>`select count(*)::int as count from ${sql.table(table)}`.execute(
          fresh.database.db,
        );
        expect([table, once[table]?.count]).toEqual([table, row.rows[0]?.count]);
      }
    } finally {
      await fresh.close();
    }
  });
});

describe('import command', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'meetup-graph-import-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const run = promisify(execFile);

  it('exits non-zero when a post failed, names it, and prints a summary', async () => {
    const posts = join(dataDir, 'posts');
    cpSync(`${FIXTURES}/broken`, posts, { recursive: true });
    const error = await run(process.execPath, ['--import', 'tsx', 'src/importer/cli.ts', posts], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: join(dataDir, 'db') },
    }).catch((e) => e);
    expect(error.code).toBe(1);
    expect(error.stderr).toMatch(/error: .*2031-04-02-example-native-meetup-april-2031\.md:\d+: .*front matter/i);
    expect(error.stdout).toMatch(/2 posts in .*: 1 created, 0 updated, 0 unchanged, 1 failed/);
  }, 120_000);

  it('--json prints the report as JSON and --dry-run writes nothing', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'src/importer/cli.ts', '--json', '--dry-run', V1],
      { env: { ...process.env, DATABASE_URL: '', DATA_DIR: join(dataDir, 'dry') } },
    );
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ created: 2, failed: 0, dryRun: true });
    const { stdout: second } = await run(process.execPath, ['--import', 'tsx', 'src/importer/cli.ts', '--json', V1], {
      env: { ...process.env, DATABASE_URL: '', DATA_DIR: join(dataDir, 'dry') },
    });
    // The dry run left the database empty: the real run creates both posts.
    expect(JSON.parse(second)).toMatchObject({ created: 2, unchanged: 0 });
  }, 120_000);
});
