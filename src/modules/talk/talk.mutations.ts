import { z } from 'zod';
import { rowsOfEvent } from '../../db/sql.ts';
import { builder } from '../../graphql/builder.ts';
import { NotFoundError } from '../../graphql/errors.ts';
import { DeletePayload, IdInput, mutationErrors } from '../../graphql/mutation-types.ts';
import {
  fail,
  globalId,
  idOf,
  parseInput,
  runWrite,
  type Trx,
  takeawayField,
  titleField,
  urlField,
  type Write,
} from '../../graphql/write.ts';
import { companiesByIds } from '../company/company.repository.ts';
import { CONTENT_BOUNDS, noRoomFor } from '../content-bounds.ts';
import { curate, type FactChange, lockMeetup, tombstone } from '../corrections/curate.ts';
import { curatedFact } from '../corrections/curated-fact.repository.ts';
import { hasPostSource } from '../corrections/fact-source.repository.ts';
import { peopleByIds } from '../person/person.repository.ts';
import { TalkRef } from './talk.graphql.ts';
import {
  deleteTalk,
  insertTalk,
  nextTalkPosition,
  replaceSpeakers,
  replaceTakeaways,
  type TalkPatch,
  type TalkSnapshot,
  talkSnapshot,
  talksByIds,
  updateTalk,
} from './talk.repository.ts';

const TalkPayload = builder.objectRef<{ talkId: number }>('TalkPayload').implement({
  fields: (t) => ({ talk: t.field({ type: TalkRef, resolve: (payload) => payload.talkId }) }),
});

const SpeakerInput = builder.inputType('TalkSpeakerInput', {
  fields: (t) => ({
    person: t.id({ required: true, description: 'Global ID of a Person.' }),
    company: t.id({ description: 'Global ID of the Company the speaker was billed with at this talk.' }),
  }),
});

const seconds = z
  .number()
  .int()
  .min(0, 'must not be negative')
  .max(48 * 3600, 'must be at most 48 hours');
const speakerSchema = z.object({ person: z.string(), company: z.string().nullish() });
const talkFields = {
  position: z.number().int().min(1, 'must be 1 or more').max(100, 'must be at most 100').nullish(),
  title: titleField.nullish(),
  speakers: z
    .array(speakerSchema)
    .max(CONTENT_BOUNDS.speakersPerTalk, `at most ${CONTENT_BOUNDS.speakersPerTalk} speakers`)
    .refine((list) => new Set(list.map((s) => s.person)).size === list.length, 'lists a speaker more than once')
    .nullish(),
  takeaways: z
    .array(takeawayField)
    .max(CONTENT_BOUNDS.takeawaysPerTalk, `at most ${CONTENT_BOUNDS.takeawaysPerTalk} takeaways`)
    .nullish(),
  videoUrl: urlField.nullish(),
  videoStartSeconds: seconds.nullish(),
  videoEndSeconds: seconds.nullish(),
  slidesUrl: urlField.nullish(),
};
const CreateSchema = z.object({ event: z.string(), ...talkFields });
const UpdateSchema = z.object({ id: z.string(), ...talkFields });

const CreateTalkInput = builder.inputType('CreateTalkInput', {
  fields: (t) => ({
    event: t.id({ required: true, description: 'Global ID of the Event.' }),
    position: t.int({ description: 'Running order; the next free one when left out. Unique within the event.' }),
    title: t.string({ description: 'At most 300 characters.' }),
    speakers: t.field({ type: [SpeakerInput], description: 'Each person once.' }),
    takeaways: t.stringList({ description: 'In order; each at most 2,000 characters.' }),
    videoUrl: t.string(),
    videoStartSeconds: t.int(),
    videoEndSeconds: t.int(),
    slidesUrl: t.string(),
  }),
});

const UpdateTalkInput = builder.inputType('UpdateTalkInput', {
  description: 'Fields left out are kept; speakers and takeaways, when given, replace the lists.',
  fields: (t) => ({
    id: t.id({ required: true }),
    position: t.int(),
    title: t.string(),
    speakers: t.field({ type: [SpeakerInput] }),
    takeaways: t.stringList(),
    videoUrl: t.string(),
    videoStartSeconds: t.int(),
    videoEndSeconds: t.int(),
    slidesUrl: t.string(),
  }),
});

function patchOf(input: z.infer<typeof UpdateSchema> | z.infer<typeof CreateSchema>): TalkPatch {
  const patch: TalkPatch = {};
  if (input.position != null) patch.position = input.position;
  if (input.title !== undefined) patch.title = input.title;
  if (input.videoUrl !== undefined) patch.video_url = input.videoUrl;
  if (input.videoStartSeconds !== undefined) patch.video_start_seconds = input.videoStartSeconds;
  if (input.videoEndSeconds !== undefined) patch.video_end_seconds = input.videoEndSeconds;
  if (input.slidesUrl !== undefined) patch.slides_url = input.slidesUrl;
  return patch;
}

/** Checks every speaker's person and company exist; all problems reported at once. */
async function resolveSpeakers(trx: Trx, speakers: z.infer<typeof speakerSchema>[]) {
  const resolved = speakers.map((speaker, i) => ({
    personId: idOf(speaker.person, 'Person', ['input', 'speakers', String(i), 'person']),
    companyId: speaker.company ? idOf(speaker.company, 'Company', ['input', 'speakers', String(i), 'company']) : null,
  }));
  const people = new Set(
    (
      await peopleByIds(
        trx,
        resolved.map((s) => s.personId),
      )
    ).map((p) => p.id),
  );
  const companyIds = resolved.flatMap((s) => (s.companyId === null ? [] : [s.companyId]));
  const companies = new Set((await companiesByIds(trx, companyIds)).map((c) => c.id));
  resolved.forEach((speaker, i) => {
    if (!people.has(speaker.personId)) {
      throw new NotFoundError('No person has that ID', ['input', 'speakers', String(i), 'person']);
    }
    if (speaker.companyId !== null && !companies.has(speaker.companyId)) {
      throw new NotFoundError('No company has that ID', ['input', 'speakers', String(i), 'company']);
    }
  });
  return resolved;
}

type Speakers = Awaited<ReturnType<typeof resolveSpeakers>>;

/** The facts an input sets, as curated facts (each with what it was before, for the post's side). */
function factChanges(
  input: z.infer<typeof UpdateSchema> | z.infer<typeof CreateSchema>,
  speakers: Speakers | null,
  before: TalkSnapshot | null,
): FactChange[] {
  const changes: FactChange[] = [];
  const add = (fact: string, value: unknown, old: unknown) =>
    changes.push(before ? { fact, value, before: old } : { fact, value });
  if (input.title !== undefined) add('title', input.title, before?.title);
  if (input.videoUrl !== undefined) add('videoUrl', input.videoUrl, before?.video_url);
  if (input.videoStartSeconds !== undefined)
    add('videoStartSeconds', input.videoStartSeconds, before?.video_start_seconds);
  if (input.videoEndSeconds !== undefined) add('videoEndSeconds', input.videoEndSeconds, before?.video_end_seconds);
  if (input.slidesUrl !== undefined) add('slidesUrl', input.slidesUrl, before?.slides_url);
  if (speakers) {
    add(
      'speakers',
      speakers.map((s) => ({ personId: s.personId, companyId: s.companyId })),
      before?.speakers.map((s) => ({ personId: s.person_id, companyId: s.company_id })),
    );
  }
  if (input.takeaways) add('takeaways', input.takeaways, before?.takeaways);
  if (before && input.position != null && input.position !== before.position) {
    add('position', input.position, before.position);
  }
  return changes;
}

/** The meetup of a talk, locked before the talk is read (see curate.ts); undefined when no such talk. */
async function lockTalk(write: Write, id: number) {
  const [talk] = await talksByIds(write.trx, [id]);
  if (!talk) return undefined;
  await lockMeetup(write, talk.event_id, ['input', 'id']);
  return talkSnapshot(write.trx, id);
}

function checkSegment(start: number | null | undefined, end: number | null | undefined): void {
  if (start != null && end != null && end <= start) {
    fail([{ path: ['input', 'videoEndSeconds'], message: 'must be after videoStartSeconds' }]);
  }
}

builder.mutationFields((t) => ({
  createTalk: t.field({
    type: TalkPayload,
    authScopes: { write: true },
    errors: mutationErrors('createTalk'),
    args: { input: t.arg({ type: CreateTalkInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'createTalk', async (write) => {
        const input = parseInput(CreateSchema, args.input);
        const eventId = idOf(input.event, 'Event', ['input', 'event']);
        // The meetup's row lock: talks added at once get distinct positions and respect the bound.
        await lockMeetup(write, eventId, ['input', 'event']);
        const full = noRoomFor(await rowsOfEvent(write.trx, 'talk', eventId), CONTENT_BOUNDS.talksPerEvent, 'talks');
        if (full) fail([{ path: ['input', 'event'], message: full }]);
        checkSegment(input.videoStartSeconds, input.videoEndSeconds);
        const speakers = await resolveSpeakers(write.trx, input.speakers ?? []);
        const position = input.position ?? (await nextTalkPosition(write.trx, eventId));
        const id = await insertTalk(write.trx, { ...patchOf(input), event_id: eventId, position });
        await replaceSpeakers(write.trx, id, speakers);
        await replaceTakeaways(write.trx, id, input.takeaways ?? []);
        // Kept across imports: the post may not have it, and what the curator gave stays.
        const given = factChanges(input, input.speakers ? speakers : null, null);
        await curate(write, eventId, 'Talk', id, [{ fact: 'created', value: true }, ...given]);
        await write.audit('Talk', id, null, await talkSnapshot(write.trx, id));
        return { talkId: id };
      }),
  }),
  updateTalk: t.field({
    type: TalkPayload,
    authScopes: { write: true },
    errors: mutationErrors('updateTalk'),
    args: { input: t.arg({ type: UpdateTalkInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'updateTalk', async (write) => {
        const input = parseInput(UpdateSchema, args.input);
        const id = idOf(input.id, 'Talk', ['input', 'id']);
        const before = await lockTalk(write, id);
        if (!before) throw new NotFoundError('No talk has that ID', ['input', 'id']);
        checkSegment(
          input.videoStartSeconds === undefined ? before.video_start_seconds : input.videoStartSeconds,
          input.videoEndSeconds === undefined ? before.video_end_seconds : input.videoEndSeconds,
        );
        await updateTalk(write.trx, id, patchOf(input));
        const speakers = input.speakers ? await resolveSpeakers(write.trx, input.speakers) : null;
        if (speakers) await replaceSpeakers(write.trx, id, speakers);
        if (input.takeaways) await replaceTakeaways(write.trx, id, input.takeaways);
        await curate(write, before.event_id, 'Talk', id, factChanges(input, speakers, before));
        await write.audit('Talk', id, before, await talkSnapshot(write.trx, id));
        return { talkId: id };
      }),
  }),
  deleteTalk: t.field({
    type: DeletePayload,
    authScopes: { write: true },
    errors: mutationErrors('deleteTalk'),
    args: { input: t.arg({ type: IdInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'deleteTalk', async (write) => {
        const id = idOf(args.input.id, 'Talk', ['input', 'id']);
        const before = await lockTalk(write, id);
        if (!before) throw new NotFoundError('No talk has that ID', ['input', 'id']);
        // A talk from a post gets a tombstone at its running order in the post: the import does not bring it back.
        const moved = await curatedFact(write.trx, 'Talk', id, 'position');
        const postPosition =
          moved?.post_known && typeof moved.post_value === 'number' ? moved.post_value : before.position;
        const fromPost = await hasPostSource(write.trx, 'Talk', id);
        await tombstone(write, before.event_id, 'Talk', id, fromPost ? { postPosition, title: before.title } : null);
        await deleteTalk(write.trx, id);
        await write.audit('Talk', id, before, null);
        return { deletedId: globalId('Talk', id) };
      }),
  }),
}));
