import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importParsedPost, type PostImportResult, sha256 } from '../../src/importer/import-posts.ts';
import type { ParsedPost } from '../../src/importer/parsed-post.types.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { parsedPost, parsedTalk } from '../helpers/fixtures.ts';

// Curated facts survive re-imports: every kind of override set through the
// API, kept across an edited re-import, its clash reported, dropped (the
// post wins), and kept across a merge.

let app: TestApp;
let writer: string;
let admin: string;
const PATH = 'posts/2032-03-03-harbour-meetup.md';
const SLUG = 'harbour-meetup-2032-03-03';

function post(edit: (p: ParsedPost) => void = () => {}): ParsedPost {
  const p = parsedPost(
    '2032-03-03',
    'Harbour Meetup March 2032',
    'An evening by the water.',
    [
      {
        ...parsedTalk(1, 'Tides of traffic', ['Wren Tallow', 'Gullwing'], ['Watch the queue.']),
        link: 'https://video.example/1',
      },
      parsedTalk(2, 'Buoyant builds', ['Ola Pier', 'Anchorage'], ['Cache layers.']),
      parsedTalk(3, 'Lighthouse logs', ['Ivo Beacon', null], []),
    ],
    {
      format: 'IN_PERSON',
      venue: 'Boat Shed',
      hosts: [{ name: 'Hana Quay', role: 'Organiser', company: null, line: 2 }],
      sponsors: [
        { name: 'Gullwing', url: null, line: 5 },
        { name: 'Anchorage', url: null, line: 5 },
      ],
    },
  );
  edit(p);
  return p;
}

async function runImport(p: ParsedPost): Promise<PostImportResult> {
  return importParsedPost(app.database.db, p, { path: PATH, sha256: sha256(JSON.stringify(p)) });
}

const RESULT = `__typename ... on Error { message } ... on ValidationError { issues { path message } }`;

async function mutate(token: string, name: string, input: Record<string, unknown>, select = '') {
  const result = await app.gqlAs(
    token,
    `mutation($input: ${inputType(name)}!) { ${name}(input: $input) { ${RESULT} ${select} } }`,
    {
      input,
    },
  );
  expect(result.errors).toBeUndefined();
  const payload = result.data?.[name];
  expect(payload?.issues ?? payload?.message ?? null).toBeNull();
  return payload;
}

function inputType(name: string): string {
  const special: Record<string, string> = {
    deleteTalk: 'DeleteInput',
    deleteSponsorship: 'DeleteInput',
    mergePeople: 'MergeInput',
  };
  return special[name] ?? `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
}

async function meetup() {
  const result = await app.gql(
    `query($slug: String!) { event(slug: $slug) {
      id title description format venue { id name } hosts { person { id name } role }
      talks { id position title video { url startSeconds } slidesUrl takeaways speakers { person { id name } company { id name } }
        source { path line rule curated { by at facts } } }
      sponsorships { id role company { id name } source { path line curated { by facts } } }
      curatedFacts { entity entityType fact value postValue by at }
      curation { by facts }
    } }`,
    { slug: SLUG },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.event;
}

beforeAll(async () => {
  app = await createTestApp();
  writer = await createToken(app.database.db, 'curator-kim', 'write');
  admin = await createToken(app.database.db, 'organiser', 'admin');
  await runImport(post());
});
afterAll(() => app?.close());

describe('overrides', () => {
  it('every kind of curated fact is kept across an edited re-import; untouched facts follow the post', async () => {
    const before = await meetup();
    const [t1, t2, t3] = before.talks;
    expect(t1.source).toMatchObject({ path: PATH, line: 10, curated: null });
    const [gullwing, anchorage] = before.sponsorships;
    const people = await app.gql(
      '{ people(first: 50) { nodes { id name } } companies(first: 50) { nodes { id name } } }',
    );
    const person = (name: string) => people.data!.people.nodes.find((p: { name: string }) => p.name === name).id;
    const company = (name: string) => people.data!.companies.nodes.find((c: { name: string }) => c.name === name).id;
    const venue = await mutate(
      writer,
      'createVenue',
      { name: 'Lock Keeper Hall' },
      '... on VenuePayload { venue { id } }',
    );

    await mutate(writer, 'updateTalk', {
      id: t1.id,
      title: 'Tides of traffic, revised',
      speakers: [{ person: person('Wren Tallow'), company: company('Anchorage') }, { person: person('Ivo Beacon') }],
      takeaways: ['Watch the queue closely.'],
      videoStartSeconds: 120,
      slidesUrl: 'https://slides.example/tides',
    });
    await mutate(writer, 'deleteTalk', { id: t2.id });
    await mutate(writer, 'updateEvent', {
      id: before.id,
      format: 'HYBRID',
      venue: venue.venue.id,
      hosts: [{ person: person('Ola Pier'), role: 'Guest host' }],
    });
    await mutate(writer, 'deleteSponsorship', { id: gullwing.id });
    await mutate(writer, 'updateSponsorship', { id: anchorage.id, role: 'venue' });
    const lantern = await mutate(
      writer,
      'createCompany',
      { name: 'Lantern Works' },
      '... on CompanyPayload { company { id } }',
    );
    await mutate(writer, 'createSponsorship', { event: before.id, company: lantern.company.id });
    await mutate(writer, 'createTalk', { event: before.id, title: 'Lightning round', position: 4 });

    // The post is edited: talk 1's title and link, the description; talk 3 gains a takeaway.
    const edited = post((p) => {
      p.description = 'An evening by the water, edited.';
      p.talks[0] = { ...p.talks[0]!, title: 'Tides of traffic (v2)', link: 'https://youtu.be/tides1b' };
      p.talks[2] = { ...p.talks[2]!, takeaways: ['Logs are light.'] };
    });
    const report = await runImport(edited);
    const after = await meetup();

    expect(after.description).toBe('An evening by the water, edited.');
    expect(after.format).toBe('HYBRID');
    expect(after.venue.name).toBe('Lock Keeper Hall');
    expect(after.hosts.map((h: { person: { name: string }; role: string }) => [h.person.name, h.role])).toEqual([
      ['Ola Pier', 'Guest host'],
    ]);
    expect(after.talks.map((t: { title: string }) => t.title)).toEqual([
      'Tides of traffic, revised',
      'Lighthouse logs',
      'Lightning round',
    ]);
    const [k1, k3] = after.talks;
    expect(k1.id).toBe(t1.id);
    expect(k1.video).toEqual({ url: 'https://youtu.be/tides1b', startSeconds: 120 }); // url not curated: follows the post
    expect(k1.slidesUrl).toBe('https://slides.example/tides');
    expect(k1.takeaways).toEqual(['Watch the queue closely.']);
    expect(
      k1.speakers.map((s: { person: { name: string }; company: { name: string } | null }) => [
        s.person.name,
        s.company?.name ?? null,
      ]),
    ).toEqual([
      ['Wren Tallow', 'Anchorage'],
      ['Ivo Beacon', null],
    ]);
    expect(k3.id).toBe(t3.id);
    expect(k3.takeaways).toEqual(['Logs are light.']);
    expect(
      after.sponsorships.map((s: { company: { name: string }; role: string }) => [s.company.name, s.role]).sort(),
    ).toEqual([
      ['Anchorage', 'venue'],
      ['Lantern Works', 'sponsor'],
    ]);
    expect(k1.source).toMatchObject({ path: PATH, line: 10, curated: { by: 'curator-kim' } });
    expect(k1.source.curated.facts.sort()).toEqual([
      'slidesUrl',
      'speakers',
      'takeaways',
      'title',
      'videoStartSeconds',
    ]);

    const messages = report.clashes.map((c) => c.message);
    expect(messages).toContain(
      "talk 1 title: kept curated 'Tides of traffic, revised'; post says 'Tides of traffic (v2)'",
    );
    expect(messages).toContain("talk 2: kept deleted; post says 'Buoyant builds'");
    expect(messages).toContain("sponsor 'Gullwing': kept deleted; post lists it");
    expect(messages).toContain("event format: kept curated 'HYBRID'; post says 'IN_PERSON'");
    expect(messages).toContain("event venue: kept curated 'Lock Keeper Hall'; post says 'Boat Shed'");
    expect(
      messages.some((m) => m.startsWith("talk 1 speakers: kept curated 'Wren Tallow' (Anchorage), 'Ivo Beacon'")),
    ).toBe(true);
    expect(after.curatedFacts.length).toBeGreaterThanOrEqual(10);

    // The same post again: nothing changes, the clashes are still reported.
    const again = await runImport(edited);
    expect(again.status).toBe('unchanged');
    expect(again.clashes.length).toBe(report.clashes.length);
  });

  it('dropCuratedFact lets the post win at the next import, or at once; audited', async () => {
    const { talks } = await meetup();
    const t1 = talks[0];
    const drop = await mutate(
      writer,
      'dropCuratedFact',
      { entity: t1.id, fact: 'title' },
      '... on DropCuratedFactPayload { restored dropped { fact value postValue } }',
    );
    expect(drop).toMatchObject({ restored: false, dropped: { fact: 'title', postValue: 'Tides of traffic (v2)' } });
    expect((await meetup()).talks[0].title).toBe('Tides of traffic, revised');
    const report = await runImport(
      post((p) => {
        p.talks[0] = { ...p.talks[0]!, title: 'Tides of traffic (v3)' };
      }),
    );
    expect(report.clashes.some((c) => c.fact === 'title')).toBe(false);
    expect((await meetup()).talks[0].title).toBe('Tides of traffic (v3)');

    const now = await mutate(
      writer,
      'dropCuratedFact',
      { entity: t1.id, fact: 'slidesUrl', restorePostValue: true },
      '... on DropCuratedFactPayload { restored }',
    );
    expect(now.restored).toBe(true);
    expect((await meetup()).talks[0].slidesUrl).toBeNull();

    const trail = await app.gqlAs(admin, '{ changes(first: 5) { nodes { mutation tokenName } } }');
    expect(trail.data!.changes.nodes[0]).toEqual({ mutation: 'dropCuratedFact', tokenName: 'curator-kim' });

    const missing = await app.gqlAs(
      writer,
      `mutation { dropCuratedFact(input: { entity: "${t1.id}", fact: "title" }) { __typename ... on NotFoundError { path } } }`,
    );
    expect(missing.data!.dropCuratedFact).toEqual({ __typename: 'NotFoundError', path: ['input', 'fact'] });
  });

  it('a merge keeps the overrides of what it merges', async () => {
    const people = await app.gql('{ people(first: 50) { nodes { id name } } }');
    const byName = (name: string) => people.data!.people.nodes.find((p: { name: string }) => p.name === name).id;
    const dup = await mutate(writer, 'createPerson', { name: 'W. Tallow' }, '... on PersonPayload { person { id } }');
    await mutate(admin, 'mergePeople', { source: byName('Wren Tallow'), target: dup.person.id });
    await runImport(post());
    const after = await meetup();
    expect(after.talks[0].speakers.map((s: { person: { name: string } }) => s.person.name)).toEqual([
      'W. Tallow',
      'Ivo Beacon',
    ]);
    const speakers = after.curatedFacts.find((f: { fact: string; entityType: string }) => f.fact === 'speakers');
    expect(speakers.value[0].personId).toBe(Number(Buffer.from(dup.person.id, 'base64').toString().split(':')[1]));
  });
});
