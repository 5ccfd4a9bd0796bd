import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seedDemoIfEmpty } from '../../src/demo/seed-demo.ts';
import { revokeToken } from '../../src/modules/token/token.repository.ts';
import { createToken } from '../../src/modules/token/token.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { tableSnapshot } from '../helpers/snapshot.ts';

// The write API on the demo graph: every mutation's success and error kinds,
// atomicity (row counts before and after), auth, merges and the audit trail.

let app: TestApp;
let writer: string;
let admin: string;

const RESULT = `__typename
  ... on Error { code message }
  ... on ValidationError { issues { path message } }
  ... on NotFoundError { path }
  ... on ConflictError { path }`;

async function ids() {
  const result = await app.gql(`{
    june: event(slug: "cloud-native-london-2019-06-05") { id talks { id position } sponsorships { id company { slug } } }
    luke: person(slug: "luke-bond") { id }
    cheryl: person(slug: "cheryl-hung") { id }
    controlPlane: company(slug: "control-plane") { id }
    tecknuovo: company(slug: "tecknuovo") { id }
  }`);
  return result.data!;
}

beforeAll(async () => {
  app = await createTestApp();
  await seedDemoIfEmpty(app.database.db);
  writer = await createToken(app.database.db, 'writer', 'write');
  admin = await createToken(app.database.db, 'organiser', 'admin');
});
afterAll(() => app?.close());

describe('authentication and scopes', () => {
  const CREATE = `mutation { createPerson(input: { name: "Auth Probe" }) { ${RESULT} } }`;

  it('missing, malformed, unknown and revoked tokens all get UNAUTHENTICATED, and nothing is written', async () => {
    const revoked = await createToken(app.database.db, 'revoked-one', 'write');
    await revokeToken(app.database.db, 'revoked-one');
    const before = await tableSnapshot(app.database.db);
    const attempts = [
      await app.gql(CREATE),
      await app.gql(CREATE, undefined, undefined, { authorization: 'Basic dXNlcjpwYXNz' }),
      await app.gql(CREATE, undefined, undefined, { authorization: 'Bearer not-a-token' }),
      await app.gqlAs(`mgt_${'A'.repeat(43)}`, CREATE),
      await app.gqlAs(revoked, CREATE),
    ];
    for (const attempt of attempts) {
      expect(attempt.data).toBeNull();
      expect(attempt.errors).toHaveLength(1);
      expect(attempt.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // The same message whatever was wrong: nothing tells whether a token exists.
    expect(new Set(attempts.map((a) => a.errors?.[0]?.message)).size).toBe(1);
    expect(await tableSnapshot(app.database.db)).toEqual(before);
  });

  it('a write token cannot merge, import or read the audit trail: FORBIDDEN', async () => {
    const { luke, cheryl } = await ids();
    const merge = await app.gqlAs(
      writer,
      `mutation($s: ID!, $t: ID!) { mergePeople(input: { source: $s, target: $t }) { ${RESULT} } }`,
      {
        s: luke.id,
        t: cheryl.id,
      },
    );
    expect(merge.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const changes = await app.gqlAs(writer, '{ changes { totalCount } }');
    expect(changes.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await app.gql('{ changes { totalCount } }');
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('reads stay public', async () => {
    const result = await app.gql('{ events(first: 1) { totalCount } }');
    expect(result.errors).toBeUndefined();
  });
});

describe('events', () => {
  const CREATE = `mutation($input: CreateEventInput!) { createEvent(input: $input) {
    ${RESULT} ... on EventPayload { event { id slug title date status format attendeeCount videoUrl: video { url } } } } }`;

  it('creates, updates (slug follows the date; the old one resolves) and deletes with its talks', async () => {
    const created = await app.gqlAs(writer, CREATE, {
      input: { date: '2021-02-03', title: 'Cloud Native London February 2021', format: 'VIRTUAL', attendeeCount: 90 },
    });
    expect(created.data?.createEvent).toMatchObject({
      __typename: 'EventPayload',
      event: { slug: 'cloud-native-london-2021-02-03', status: 'HELD', format: 'VIRTUAL', attendeeCount: 90 },
    });
    const id = created.data?.createEvent.event.id;
    const updated = await app.gqlAs(
      writer,
      `mutation($input: UpdateEventInput!) { updateEvent(input: $input) { ${RESULT} ... on EventPayload { event { slug date format attendeeCount } } } }`,
      { input: { id, date: '2021-02-10', format: null, attendeeCount: null } },
    );
    expect(updated.data?.updateEvent).toMatchObject({
      event: { slug: 'cloud-native-london-2021-02-10', date: '2021-02-10', format: null, attendeeCount: null },
    });
    const old = await app.gql('{ event(slug: "cloud-native-london-2021-02-03") { slug } }');
    expect(old.data?.event).toEqual({ slug: 'cloud-native-london-2021-02-10' });

    const talk = await app.gqlAs(
      writer,
      `mutation($input: CreateTalkInput!) { createTalk(input: $input) { ${RESULT} ... on TalkPayload { talk { id position } } } }`,
      { input: { event: id, title: 'Soon deleted', takeaways: ['One', 'Two'] } },
    );
    expect(talk.data?.createTalk).toMatchObject({ talk: { position: 1 } });
    const before = await tableSnapshot(app.database.db);
    const deleted = await app.gqlAs(
      writer,
      `mutation($id: ID!) { deleteEvent(input: { id: $id }) { ${RESULT} ... on DeletePayload { deletedId } } }`,
      {
        id,
      },
    );
    expect(deleted.data?.deleteEvent).toEqual({ __typename: 'DeletePayload', deletedId: id });
    const after = await tableSnapshot(app.database.db);
    expect(after.event?.count).toBe((before.event?.count ?? 0) - 1);
    expect(after.talk?.count).toBe((before.talk?.count ?? 0) - 1);
    expect(after.takeaway?.count).toBe((before.takeaway?.count ?? 0) - 2);
    const node = await app.gql('query($id: ID!) { node(id: $id) { id } }', { id });
    expect(node.data?.node).toBeNull();
  });

  it('deleting an event removes its talks, takeaways, sponsorships and announcements', async () => {
    const { june } = await ids();
    const before = await tableSnapshot(app.database.db);
    await app.gqlAs(writer, 'mutation($id: ID!) { deleteEvent(input: { id: $id }) { __typename } }', { id: june.id });
    const after = await tableSnapshot(app.database.db);
    expect(before.talk!.count - after.talk!.count).toBe(4);
    expect(before.sponsorship!.count - after.sponsorship!.count).toBe(6);
    // June 2019 announced July's three companies.
    expect(before.announcement!.count - after.announcement!.count).toBe(3);
    // Restore the demo graph for the tests that follow.
    await app.close();
    app = await createTestApp();
    await seedDemoIfEmpty(app.database.db);
    writer = await createToken(app.database.db, 'writer', 'write');
    admin = await createToken(app.database.db, 'organiser', 'admin');
  });

  it.each([
    [{ date: '2021-02-30', title: 'x' }, ['input', 'date'], /calendar day that exists/],
    [{ date: '2021-2-3', title: 'x' }, ['input', 'date'], /YYYY-MM-DD/],
    [{ date: '2021-02-03', title: '' }, ['input', 'title'], /required/],
    [{ date: '2021-02-03', title: 'x'.repeat(301) }, ['input', 'title'], /at most 300/],
    [{ date: '2021-02-03', title: 'x', videoUrl: 'javascript:alert(1)' }, ['input', 'videoUrl'], /http\(s\) URL/],
    [{ date: '2021-02-03', title: 'x', attendeeCount: -5 }, ['input', 'attendeeCount'], /negative/],
  ])('rejects %j with a ValidationError naming the field, writing nothing', async (input, path, message) => {
    const before = await tableSnapshot(app.database.db);
    const result = await app.gqlAs(writer, CREATE, { input });
    expect(result.data?.createEvent.__typename).toBe('ValidationError');
    expect(result.data?.createEvent.code).toBe('VALIDATION_FAILED');
    const issue = result.data?.createEvent.issues.find((i: any) => i.path.join('.') === path.join('.'));
    expect(issue?.message).toMatch(message);
    expect(await tableSnapshot(app.database.db)).toEqual(before);
  });

  it('a taken day is a ConflictError; an unknown series or venue a NotFoundError', async () => {
    const conflict = await app.gqlAs(writer, CREATE, { input: { date: '2019-06-05', title: 'Twice' } });
    expect(conflict.data?.createEvent).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(conflict.data?.createEvent.message).toMatch(/already has a meetup on that day/);
    const series = await app.gqlAs(writer, CREATE, { input: { series: 'nope', date: '2021-03-03', title: 'x' } });
    expect(series.data?.createEvent).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
      path: ['input', 'series'],
    });
    const venue = await app.gqlAs(writer, CREATE, {
      input: { date: '2021-03-03', title: 'x', venue: Buffer.from('Venue:999').toString('base64') },
    });
    expect(venue.data?.createEvent).toMatchObject({ __typename: 'NotFoundError', path: ['input', 'venue'] });
    const wrongType = await app.gqlAs(writer, CREATE, {
      input: { date: '2021-03-03', title: 'x', venue: Buffer.from('Person:1').toString('base64') },
    });
    expect(wrongType.data?.createEvent.issues).toEqual([
      { path: ['input', 'venue'], message: 'must be the ID of a Venue' },
    ]);
  });
});

describe('talks', () => {
  const CREATE = `mutation($input: CreateTalkInput!) { createTalk(input: $input) { ${RESULT}
    ... on TalkPayload { talk { id position title slidesUrl takeaways video { url startSeconds endSeconds }
      speakers { person { slug } company { slug } } } } } }`;

  it('creates a talk with speakers billed with companies, takeaways and a video segment', async () => {
    const { june, luke, controlPlane } = await ids();
    const result = await app.gqlAs(writer, CREATE, {
      input: {
        event: june.id,
        title: 'A late addition',
        speakers: [{ person: luke.id, company: controlPlane.id }],
        takeaways: ['First.', 'Second.'],
        videoUrl: 'https://video.example/june',
        videoStartSeconds: 100,
        videoEndSeconds: 200,
        slidesUrl: 'https://slides.example/late',
      },
    });
    expect(result.data?.createTalk).toMatchObject({
      __typename: 'TalkPayload',
      talk: {
        position: 5,
        takeaways: ['First.', 'Second.'],
        video: { url: 'https://video.example/june', startSeconds: 100, endSeconds: 200 },
        speakers: [{ person: { slug: 'luke-bond' }, company: { slug: 'control-plane' } }],
      },
    });
    // Luke Bond's history now shows both talks with the company billed at each.
    const history = await app.gql('{ person(slug: "luke-bond") { talks { totalCount } } }');
    expect(history.data?.person.talks.totalCount).toBe(2);
  });

  it('updates: speakers and takeaways replace the lists; fields left out are kept', async () => {
    const { june, cheryl } = await ids();
    const talk = june.talks.find((t: any) => t.position === 2);
    const result = await app.gqlAs(
      writer,
      `mutation($input: UpdateTalkInput!) { updateTalk(input: $input) { ${RESULT}
        ... on TalkPayload { talk { title takeaways speakers { person { slug } company { slug } } } } } }`,
      { input: { id: talk.id, takeaways: ['Only this now.'], speakers: [{ person: cheryl.id }] } },
    );
    expect(result.data?.updateTalk.talk).toEqual({
      title: 'Creating a DevOps culture, whatever that means',
      takeaways: ['Only this now.'],
      speakers: [{ person: { slug: 'cheryl-hung' }, company: null }],
    });
  });

  it.each([
    [(e: any) => ({ event: e.june.id, title: 't'.repeat(301) }), ['input', 'title'], /at most 300/],
    [(e: any) => ({ event: e.june.id, takeaways: ['ok', 'x'.repeat(2001)] }), ['input', 'takeaways', '1'], /2,000/],
    [
      (e: any) => ({ event: e.june.id, speakers: [{ person: e.luke.id }, { person: e.luke.id }] }),
      ['input', 'speakers'],
      /more than once/,
    ],
    [(e: any) => ({ event: e.june.id, slidesUrl: 'not a url' }), ['input', 'slidesUrl'], /http\(s\) URL/],
    [
      (e: any) => ({ event: e.june.id, videoStartSeconds: 50, videoEndSeconds: 10 }),
      ['input', 'videoEndSeconds'],
      /after videoStartSeconds/,
    ],
  ])('rejects invalid input %# with the field path, writing nothing', async (make, path, message) => {
    const input = make(await ids());
    const before = await tableSnapshot(app.database.db);
    const result = await app.gqlAs(writer, CREATE, { input });
    expect(result.data?.createTalk.__typename).toBe('ValidationError');
    const issue = result.data?.createTalk.issues.find((i: any) => i.path.join('.') === path.join('.'));
    expect(issue?.message).toMatch(message);
    expect(await tableSnapshot(app.database.db)).toEqual(before);
  });

  it('a taken position is a ConflictError and an unknown speaker a NotFoundError; nothing half-written', async () => {
    const { june, luke } = await ids();
    const before = await tableSnapshot(app.database.db);
    const taken = await app.gqlAs(writer, CREATE, {
      input: { event: june.id, position: 1, takeaways: ['would be lost'] },
    });
    expect(taken.data?.createTalk).toMatchObject({ __typename: 'ConflictError' });
    expect(taken.data?.createTalk.message).toMatch(/already has a talk at that position/);
    const ghost = Buffer.from('Person:99999').toString('base64');
    const missing = await app.gqlAs(writer, CREATE, {
      input: { event: june.id, speakers: [{ person: luke.id }, { person: ghost }] },
    });
    expect(missing.data?.createTalk).toMatchObject({
      __typename: 'NotFoundError',
      path: ['input', 'speakers', '1', 'person'],
    });
    expect(await tableSnapshot(app.database.db)).toEqual(before);
  });

  it('deletes a talk; a deleted talk is then not found', async () => {
    const { june } = await ids();
    const id = june.talks[0].id;
    const DELETE = `mutation($id: ID!) { deleteTalk(input: { id: $id }) { ${RESULT} ... on DeletePayload { deletedId } } }`;
    expect((await app.gqlAs(writer, DELETE, { id })).data?.deleteTalk).toEqual({
      __typename: 'DeletePayload',
      deletedId: id,
    });
    expect((await app.gqlAs(writer, DELETE, { id })).data?.deleteTalk).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
  });
});

describe('people, companies, venues and sponsorships', () => {
  it('creates and updates a person; a taken slug or alias is a ConflictError', async () => {
    const created = await app.gqlAs(
      writer,
      `mutation { createPerson(input: { name: "  Zoë  Example " }) { ${RESULT}
      ... on PersonPayload { person { id slug name } } } }`,
    );
    expect(created.data?.createPerson.person).toMatchObject({ slug: 'zoe-example', name: 'Zoë Example' });
    const id = created.data?.createPerson.person.id;
    const updated = await app.gqlAs(
      writer,
      `mutation($id: ID!) { updatePerson(input: { id: $id, name: "Zoë Exampleton", slug: "zoe-exampleton", addAliases: ["Zoe E."] }) {
        ${RESULT} ... on PersonPayload { person { slug name aliases } } } }`,
      { id },
    );
    expect(updated.data?.updatePerson.person).toEqual({
      slug: 'zoe-exampleton',
      name: 'Zoë Exampleton',
      aliases: ['Zoë Example', 'Zoe E.'],
    });
    expect((await app.gql('{ person(slug: "zoe-example") { slug } }')).data?.person).toEqual({
      slug: 'zoe-exampleton',
    });
    const slugTaken = await app.gqlAs(
      writer,
      `mutation { createPerson(input: { name: "Other", slug: "luke-bond" }) { ${RESULT} } }`,
    );
    expect(slugTaken.data?.createPerson).toMatchObject({ __typename: 'ConflictError' });
    const aliasTaken = await app.gqlAs(
      writer,
      `mutation($id: ID!) { updatePerson(input: { id: $id, addAliases: ["Luke Bond"] }) { ${RESULT} } }`,
      {
        id,
      },
    );
    expect(aliasTaken.data?.updatePerson).toMatchObject({
      __typename: 'ConflictError',
      path: ['input', 'addAliases', '0'],
    });
    const badSlug = await app.gqlAs(
      writer,
      `mutation { createPerson(input: { name: "X", slug: "Not A Slug" }) { ${RESULT} } }`,
    );
    expect(badSlug.data?.createPerson.issues[0].path).toEqual(['input', 'slug']);
  });

  it('a person or company with appearances cannot be deleted; an unused one can', async () => {
    const { luke, tecknuovo } = await ids();
    const person = await app.gqlAs(writer, `mutation($id: ID!) { deletePerson(input: { id: $id }) { ${RESULT} } }`, {
      id: luke.id,
    });
    expect(person.data?.deletePerson).toMatchObject({ __typename: 'ConflictError', path: ['input', 'id'] });
    const company = await app.gqlAs(writer, `mutation($id: ID!) { deleteCompany(input: { id: $id }) { ${RESULT} } }`, {
      id: tecknuovo.id,
    });
    expect(company.data?.deleteCompany).toMatchObject({ __typename: 'ConflictError' });
    expect(company.data?.deleteCompany.message).toMatch(/merge it into another company first/);
    const created = await app.gqlAs(
      writer,
      `mutation { createCompany(input: { name: "Shortlived Ltd", website: "https://short.example/" }) {
      ${RESULT} ... on CompanyPayload { company { id slug website } } } }`,
    );
    expect(created.data?.createCompany.company).toMatchObject({
      slug: 'shortlived-ltd',
      website: 'https://short.example/',
    });
    const deleted = await app.gqlAs(writer, `mutation($id: ID!) { deleteCompany(input: { id: $id }) { ${RESULT} } }`, {
      id: created.data?.createCompany.company.id,
    });
    expect(deleted.data?.deleteCompany.__typename).toBe('DeletePayload');
  });

  it('venues and sponsorships', async () => {
    const { june, tecknuovo } = await ids();
    const venue = await app.gqlAs(
      writer,
      `mutation { createVenue(input: { name: "The Hall", address: "1 Example Street" }) {
      ${RESULT} ... on VenuePayload { venue { id slug name address } } } }`,
    );
    expect(venue.data?.createVenue.venue).toMatchObject({ slug: 'the-hall', address: '1 Example Street' });
    const dup = await app.gqlAs(
      writer,
      `mutation($e: ID!, $c: ID!) { createSponsorship(input: { event: $e, company: $c }) { ${RESULT} } }`,
      {
        e: june.id,
        c: tecknuovo.id,
      },
    );
    expect(dup.data?.createSponsorship).toMatchObject({ __typename: 'ConflictError' });
    const food = await app.gqlAs(
      writer,
      `mutation($e: ID!, $c: ID!) { createSponsorship(input: { event: $e, company: $c, role: "food" }) {
        ${RESULT} ... on SponsorshipPayload { sponsorship { id role company { slug } event { date } } } } }`,
      { e: june.id, c: tecknuovo.id },
    );
    expect(food.data?.createSponsorship.sponsorship).toMatchObject({ role: 'food', company: { slug: 'tecknuovo' } });
    const removed = await app.gqlAs(
      writer,
      `mutation($id: ID!) { deleteSponsorship(input: { id: $id }) { ${RESULT} } }`,
      {
        id: food.data?.createSponsorship.sponsorship.id,
      },
    );
    expect(removed.data?.deleteSponsorship.__typename).toBe('DeletePayload');
    const venueDeleted = await app.gqlAs(
      writer,
      `mutation($id: ID!) { deleteVenue(input: { id: $id }) { ${RESULT} } }`,
      {
        id: venue.data?.createVenue.venue.id,
      },
    );
    expect(venueDeleted.data?.deleteVenue.__typename).toBe('DeletePayload');
  });
});

describe('merges and successions', () => {
  it('mergeCompanies moves appearances, sponsorships and aliases; the old ID and slug resolve to the target', async () => {
    // EXELERYS/Exelerys are one company already; make a real duplicate to merge.
    const made = await app.gqlAs(
      admin,
      `mutation { createCompany(input: { name: "Controlplane Limited", slug: "controlplane-dup" }) {
      ${RESULT} ... on CompanyPayload { company { id } } } }`,
    );
    const sourceId = made.data?.createCompany.company.id;
    const { june, controlPlane, luke } = await ids();
    const before = await app.gql(
      '{ company(slug: "control-plane") { talks { totalCount } sponsorships { totalCount } } }',
    );
    await app.gqlAs(
      writer,
      'mutation($e: ID!, $c: ID!) { createSponsorship(input: { event: $e, company: $c }) { __typename } }',
      {
        e: june.id,
        c: sourceId,
      },
    );
    await app.gqlAs(writer, 'mutation($i: CreateTalkInput!) { createTalk(input: $i) { __typename } }', {
      i: { event: june.id, title: 'Billed with the duplicate', speakers: [{ person: luke.id, company: sourceId }] },
    });
    const merged = await app.gqlAs(
      admin,
      `mutation($s: ID!, $t: ID!) { mergeCompanies(input: { source: $s, target: $t }) {
      ${RESULT} ... on CompanyPayload { company { slug aliases talks { totalCount } sponsorships { totalCount } } } } }`,
      {
        s: sourceId,
        t: controlPlane.id,
      },
    );
    // The duplicate's billed talk and sponsorship now count for Control Plane.
    expect(merged.data?.mergeCompanies.company).toMatchObject({
      slug: 'control-plane',
      talks: { totalCount: before.data?.company.talks.totalCount + 1 },
      sponsorships: { totalCount: before.data?.company.sponsorships.totalCount + 1 },
    });
    expect(merged.data?.mergeCompanies.company.aliases).toContain('Controlplane Limited');
    const old = await app.gql(
      'query($id: ID!) { node(id: $id) { ... on Company { slug } } company(slug: "controlplane-dup") { slug } }',
      {
        id: sourceId,
      },
    );
    expect(old.data).toEqual({ node: { slug: 'control-plane' }, company: { slug: 'control-plane' } });
  });

  it('mergePeople moves talks and hosting; merging into the same person is a ValidationError', async () => {
    const made = await app.gqlAs(
      admin,
      `mutation { createPerson(input: { name: "Luke Bnod" }) { ${RESULT} ... on PersonPayload { person { id slug } } } }`,
    );
    const source = made.data?.createPerson.person;
    const { june, luke } = await ids();
    await app.gqlAs(writer, 'mutation($i: CreateTalkInput!) { createTalk(input: $i) { __typename } }', {
      i: { event: june.id, title: 'Typo speaker', speakers: [{ person: source.id }] },
    });
    const same = await app.gqlAs(
      admin,
      `mutation($s: ID!) { mergePeople(input: { source: $s, target: $s }) { ${RESULT} } }`,
      { s: luke.id },
    );
    expect(same.data?.mergePeople.issues).toEqual([{ path: ['input', 'target'], message: 'must differ from source' }]);
    const merged = await app.gqlAs(
      admin,
      `mutation($s: ID!, $t: ID!) { mergePeople(input: { source: $s, target: $t }) {
      ${RESULT} ... on PersonPayload { person { slug aliases talks { totalCount } } } } }`,
      { s: source.id, t: luke.id },
    );
    expect(merged.data?.mergePeople.person.aliases).toContain('Luke Bnod');
    expect(merged.data?.mergePeople.person.talks.totalCount).toBeGreaterThanOrEqual(2);
    const old = await app.gql(
      'query($id: ID!) { node(id: $id) { ... on Person { slug } } person(slug: "luke-bnod") { slug } }',
      {
        id: source.id,
      },
    );
    expect(old.data).toEqual({ node: { slug: 'luke-bond' }, person: { slug: 'luke-bond' } });
  });

  it('a successor is visible from both sides; a loop is a ConflictError', async () => {
    const { tecknuovo, controlPlane } = await ids();
    const SET = `mutation($input: SetCompanySuccessorInput!) { setCompanySuccessor(input: $input) { ${RESULT} } }`;
    const set = await app.gqlAs(writer, SET, {
      input: { company: tecknuovo.id, successor: controlPlane.id, date: '2022-01-01', kind: 'ACQUIRED' },
    });
    expect(set.data?.setCompanySuccessor.__typename).toBe('CompanyPayload');
    const both = await app.gql(`{
      tecknuovo: company(slug: "tecknuovo") { successor { successor { slug } date kind } }
      controlPlane: company(slug: "control-plane") { predecessors { predecessor { slug } date } }
    }`);
    expect(both.data).toEqual({
      tecknuovo: { successor: { successor: { slug: 'control-plane' }, date: '2022-01-01', kind: 'ACQUIRED' } },
      controlPlane: { predecessors: [{ predecessor: { slug: 'tecknuovo' }, date: '2022-01-01' }] },
    });
    const loop = await app.gqlAs(writer, SET, {
      input: { company: controlPlane.id, successor: tecknuovo.id, date: '2023-01-01', kind: 'RENAMED' },
    });
    expect(loop.data?.setCompanySuccessor).toMatchObject({ __typename: 'ConflictError' });
    const missingDate = await app.gqlAs(writer, SET, { input: { company: controlPlane.id, successor: tecknuovo.id } });
    expect(missingDate.data?.setCompanySuccessor.issues.map((i: any) => i.path.join('.'))).toEqual([
      'input.date',
      'input.kind',
    ]);
  });
});

describe('importRoundup', () => {
  const POST = `---
title: "Cloud Native London March 2021: Example Talks"
description: "Speakers join us at the Cloud Native London meetup March 2021, hosted by Cheryl Hung, VP Ecosystem at CNCF"
---

Thanks to our sponsor [Tecknuovo](https://www.tecknuovo.com/) for their support.

First up was Wendy Writer from Inkwell with her talk on [Writing things down](https://youtu.be/abc?t=60). Her takeaways:

* Notes age well.
* Drafts are cheap.
`;
  const IMPORT = `mutation($input: ImportRoundupInput!) { importRoundup(input: $input) { ${RESULT}
    ... on ImportReport { status dryRun eventSlug event { slug talks { title } } changes warnings { line code } } } }`;

  it('dry run reports and writes nothing; the real run creates; again is unchanged', async () => {
    const before = await tableSnapshot(app.database.db);
    const dry = await app.gqlAs(admin, IMPORT, {
      input: { markdown: POST, path: '2021-03-03-roundup.md', dryRun: true },
    });
    expect(dry.data?.importRoundup).toMatchObject({ status: 'CREATED', dryRun: true, event: null });
    expect(await tableSnapshot(app.database.db)).toEqual(before);
    const real = await app.gqlAs(admin, IMPORT, { input: { markdown: POST, path: '2021-03-03-roundup.md' } });
    expect(real.data?.importRoundup).toMatchObject({
      status: 'CREATED',
      dryRun: false,
      event: { slug: 'cloud-native-london-2021-03-03', talks: [{ title: 'Writing things down' }] },
    });
    const again = await app.gqlAs(admin, IMPORT, { input: { markdown: POST, path: '2021-03-03-roundup.md' } });
    expect(again.data?.importRoundup.status).toBe('UNCHANGED');
  });

  it('an unreadable post is a ValidationError with its line; writers may not import', async () => {
    const broken = await app.gqlAs(admin, IMPORT, {
      input: { markdown: '---\ntitle: "unterminated\n---\n', path: 'x.md' },
    });
    expect(broken.data?.importRoundup.__typename).toBe('ValidationError');
    expect(broken.data?.importRoundup.issues[0].path).toEqual(['input', 'markdown']);
    expect(broken.data?.importRoundup.issues[0].message).toMatch(/^line \d+: /);
    const forbidden = await app.gqlAs(writer, IMPORT, { input: { markdown: POST, path: 'y.md' } });
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('audit trail', () => {
  beforeEach(async () => {
    await app.gqlAs(writer, 'mutation { createVenue(input: { name: "Audited Hall" }) { __typename } }');
  });

  it('records who, what, before and after, and when; admins page through it', async () => {
    const result = await app.gqlAs(
      admin,
      `{ changes(first: 3) { totalCount edges { node {
      tokenName mutation entityType entityId before after createdAt } } } }`,
    );
    expect(result.errors).toBeUndefined();
    const latest = result.data?.changes.edges[0].node;
    expect(latest).toMatchObject({ tokenName: 'writer', mutation: 'createVenue', entityType: 'Venue', before: null });
    expect(latest.after).toMatchObject({ name: 'Audited Hall', slug: expect.stringMatching(/^audited-hall/) });
    expect(Date.parse(latest.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(result.data?.changes.totalCount).toBeGreaterThan(10);
  });

  it('an entity exposes its own changes; filters by entity and since', async () => {
    const { luke } = await ids();
    await app.gqlAs(
      writer,
      'mutation($id: ID!) { updatePerson(input: { id: $id, addAliases: ["L. Bond"] }) { __typename } }',
      {
        id: luke.id,
      },
    );
    const own = await app.gqlAs(
      admin,
      `query($id: ID!) {
      person(slug: "luke-bond") { changes(first: 1) { totalCount nodes { mutation before after } } }
      filtered: changes(entity: $id) { totalCount }
      future: changes(since: "2999-01-01") { totalCount }
    }`,
      { id: luke.id },
    );
    expect(own.errors).toBeUndefined();
    const change = own.data?.person.changes.nodes[0];
    expect(change.mutation).toBe('updatePerson');
    expect(change.after.aliases).toContain('L. Bond');
    expect(change.before.aliases).not.toContain('L. Bond');
    expect(own.data?.filtered.totalCount).toBe(own.data?.person.changes.totalCount);
    expect(own.data?.future.totalCount).toBe(0);
    const bad = await app.gqlAs(admin, '{ changes(since: "yesterday-ish") { totalCount } }');
    expect(bad.errors?.[0]?.message).toMatch(/"since" must be an ISO 8601/);
  });

  it('a failed mutation leaves no audit entry', async () => {
    const before = await tableSnapshot(app.database.db);
    await app.gqlAs(writer, 'mutation { createEvent(input: { date: "2019-06-05", title: "dup" }) { __typename } }');
    expect(await tableSnapshot(app.database.db)).toEqual(before);
  });
});

describe('transport safety', () => {
  it('mutations are refused over GET, and form or multipart posts are refused without the CSRF header', async () => {
    const query = encodeURIComponent('mutation { createVenue(input: { name: "Via GET" }) { __typename } }');
    const get = await app.yoga.fetch(`http://test/graphql?query=${query}`, {
      headers: { accept: 'application/json', 'x-graphql-yoga-csrf': '1', authorization: `Bearer ${writer}` },
    });
    expect(get.status).toBe(405);
    const form = await app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${writer}` },
      body: `query=${query}`,
    });
    expect(form.status).toBe(403);
    const multipart = new FormData();
    multipart.set(
      'operations',
      JSON.stringify({ query: 'mutation { createVenue(input: { name: "Via form" }) { __typename } }' }),
    );
    const mp = await app.yoga.fetch('http://test/graphql', {
      method: 'POST',
      headers: { authorization: `Bearer ${writer}` },
      body: multipart,
    });
    expect(mp.status).toBe(403);
  });

  it('errors carry no stack traces or SQL', async () => {
    const result = await app.gqlAs(
      writer,
      'mutation { createEvent(input: { date: "2019-06-05", title: "dup" }) { ... on Error { message } } }',
    );
    expect(JSON.stringify({ data: result.data, errors: result.errors })).not.toMatch(
      /duplicate key|constraint|insert into|at .*\.ts:\d+/i,
    );
  });
});
