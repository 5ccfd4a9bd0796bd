import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importParsedPost, type PostImportResult, sha256 } from '../../src/importer/import-posts.ts';
import type { ParsedPost } from '../../src/importer/parsed-post.types.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { parsedPost, parsedTalk } from '../helpers/fixtures.ts';

// Doubtful facts: listed by every import with line and reason, in the
// report, Event.importNotes and openImportNotes; closed when a curator
// confirms or corrects the fact, or merges the likely duplicate.

let app: TestApp;
let writer: string;
let admin: string;

function doubtful(): ParsedPost {
  return parsedPost(
    '2033-05-04',
    'Marsh Meetup May 2033',
    null,
    [
      parsedTalk(1, 'Reeds and rates', ['Fen Holloway', 'Bittern'], []),
      { ...parsedTalk(2, 'Herons at scale', ['Sedge Marlow', null], []), rule: 'talks/talk-sentence' },
      { ...parsedTalk(3, 'Mud maps', ['Bittern', 'Bittern'], []), rule: 'talks/roster-sentence' },
      { ...parsedTalk(4, 'x', ['Fen Hollowey', 'Bittern'], []), title: null },
    ],
    {
      warnings: [
        { line: 2, code: 'title-month-mismatch', message: 'the title says June but the meetup date is 2033-05-04' },
      ],
    },
  );
}

async function runImport(p: ParsedPost): Promise<PostImportResult> {
  return importParsedPost(app.database.db, p, { path: 'posts/marsh.md', sha256: sha256(JSON.stringify(p)) });
}

const NOTES = `query { event(slug: "marsh-meetup-2033-05-04") { id talks { id position }
  importNotes { id line code reason entity fact status closedBy } } openImportNotes(first: 50) { totalCount nodes { code } } }`;

beforeAll(async () => {
  app = await createTestApp();
  writer = await createToken(app.database.db, 'curator-ray', 'write');
  admin = await createToken(app.database.db, 'organiser', 'admin');
});
afterAll(() => app?.close());

describe('import notes', () => {
  it('each import lists its doubtful facts with line and reason', async () => {
    const report = await runImport(doubtful());
    const codes = report.notes.map((n) => `${n.line} ${n.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        '2 repaired-date',
        '20 speaker-without-company',
        '20 title-from-fallback',
        '30 roster-only-talk',
        '30 name-equals-company',
        '40 title-from-fallback',
        '40 possible-duplicate-person',
      ]),
    );
    expect(report.notes.find((n) => n.code === 'possible-duplicate-person')?.reason).toContain('"Fen Hollowey"');
    const listed = await app.gql(NOTES);
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.event.importNotes).toHaveLength(report.notes.length);
    expect(listed.data!.openImportNotes.totalCount).toBe(report.notes.length);
  });

  it('a note closes when confirmed, when the fact is corrected, or when the duplicate is merged; it stays closed', async () => {
    const { data } = await app.gql(NOTES);
    const notes = data!.event.importNotes as { id: string; code: string; entity: string; status: string }[];
    const talks = data!.event.talks as { id: string; position: number }[];
    const fallback = notes.find((n) => n.code === 'title-from-fallback' && n.entity === talks[1]!.id)!;
    const confirm = await app.gqlAs(
      writer,
      `mutation($id: ID!) { confirmImportNote(input: { id: $id }) { __typename ... on ImportNotePayload { note { status closedBy } } } }`,
      { id: fallback.id },
    );
    expect(confirm.data!.confirmImportNote.note).toEqual({ status: 'CONFIRMED', closedBy: 'curator-ray' });

    const people = await app.gql('{ people(first: 50) { nodes { id name } } }');
    const person = (name: string) => people.data!.people.nodes.find((p: { name: string }) => p.name === name).id;
    const fix = await app.gqlAs(
      writer,
      `mutation($input: UpdateTalkInput!) { updateTalk(input: $input) { __typename } }`,
      { input: { id: talks[1]!.id, speakers: [{ person: person('Sedge Marlow') }] } },
    );
    expect(fix.data!.updateTalk.__typename).toBe('TalkPayload');
    const merge = await app.gqlAs(
      admin,
      `mutation($input: MergeInput!) { mergePeople(input: $input) { __typename } }`,
      { input: { source: person('Fen Hollowey'), target: person('Fen Holloway') } },
    );
    expect(merge.data!.mergePeople.__typename).toBe('PersonPayload');

    const after = (await app.gql(NOTES)).data!.event.importNotes as { code: string; entity: string; status: string }[];
    const status = (code: string, entity?: string) =>
      after.find((n) => n.code === code && (entity === undefined || n.entity === entity))?.status;
    expect(status('title-from-fallback', talks[1]!.id)).toBe('CONFIRMED');
    expect(status('speaker-without-company', talks[1]!.id)).toBe('CORRECTED');
    expect(status('possible-duplicate-person')).toBe('MERGED');

    // The same doubts again: closed notes stay closed and leave the report.
    const again = await runImport({ ...doubtful(), description: 'again' });
    expect(again.notes.some((n) => n.code === 'title-from-fallback' && n.line === 20)).toBe(false);
    expect(again.notes.some((n) => n.code === 'roster-only-talk')).toBe(true);
    const open = (await app.gql(NOTES)).data!.openImportNotes;
    expect(open.totalCount).toBe(again.notes.length);
  });

  it('importRoundup returns the notes and clashes of the post', async () => {
    const path = 'test/fixtures/posts/2030-03-05-platform-tinkerers-leeds-march-2030.md';
    const markdown = await readFile(path, 'utf8');
    const IMPORT = `mutation($input: ImportRoundupInput!) { importRoundup(input: $input) { __typename
      ... on ImportReport { status event { id talks { id title } } clashes { subject message } notes { line code reason } } } }`;
    const first = await app.gqlAs(admin, IMPORT, { input: { markdown, path } });
    expect(first.errors).toBeUndefined();
    const report = first.data!.importRoundup;
    expect(report.__typename).toBe('ImportReport');
    const talk = report.event.talks[0];
    await app.gqlAs(writer, `mutation($input: UpdateTalkInput!) { updateTalk(input: $input) { __typename } }`, {
      input: { id: talk.id, title: 'A curated title' },
    });
    const edited = markdown.replace(/\n$/, '\n\nOne more closing line, added later.\n');
    const second = (await app.gqlAs(admin, IMPORT, { input: { markdown: edited, path } })).data!.importRoundup;
    expect(second.status).toBe('UPDATED');
    expect(second.clashes).toEqual([
      { subject: 'talk 1 title', message: `talk 1 title: kept curated 'A curated title'; post says '${talk.title}'` },
    ]);
    expect(second.event.talks[0].title).toBe('A curated title');
    for (const note of second.notes) expect(note.line).toBeGreaterThan(0);
  });
});
