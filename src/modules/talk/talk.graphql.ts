import { builder, SortDirection } from '../../graphql/builder.ts';
import { nestedConnection, resolveConnection } from '../../graphql/connections.ts';
import { edgeObject } from '../../graphql/edges.ts';
import { parseDbId } from '../../graphql/ids.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { groupLoader } from '../../graphql/loaders.ts';
import { CompanyRef } from '../company/company.graphql.ts';
import type { CompanyNode } from '../company/company.repository.ts';
import { CONTENT_BOUNDS } from '../content-bounds.ts';
import { EventRef, VideoRef, withEventsPrimed } from '../event/event.graphql.ts';
import type { EventWithLists } from '../event/event-lists.repository.ts';
import { PersonRef } from '../person/person.graphql.ts';
import type { PersonNode } from '../person/person.repository.ts';
import {
  countTalks,
  listTalks,
  personTalksName,
  type SpeakerEdge,
  speakerCountsByCompanyIds,
  speakersByTalkIds,
  speakersPageByCompanyIds,
  type TalkNode,
  talkCountsByCompanyIds,
  talkCountsByPersonIds,
  talksByEventIds,
  talksByIds,
  talksPageByCompanyIds,
  talksPageByPersonIds,
} from './talk.repository.ts';

export const TalkRef = builder.loadableNodeRef<TalkNode, number, number>('Talk', {
  id: { resolve: (row) => row.id, parse: parseDbId },
  load: (ids, context) => talksByIds(context.db, ids),
  sort: (row) => row.id,
});

const TalkSpeakerRef = builder.objectRef<SpeakerEdge>('TalkSpeaker');
TalkSpeakerRef.implement({
  description: 'A speaker of a talk, with the company they were billed with at that talk.',
  fields: (t) => ({
    person: t.field({ type: PersonRef, resolve: (speaker) => speaker.person }),
    company: t.field({
      type: CompanyRef,
      nullable: true,
      description: 'The company named next to the speaker at the time, not their current one.',
      resolve: (speaker) => speaker.company,
    }),
  }),
});

TalkRef.implement({
  description: 'A talk given at a meetup.',
  fields: (t) => ({
    title: t.exposeString('title', { nullable: true, description: 'Null when the source gives none.' }),
    position: t.exposeInt('position', { description: 'Running order within the evening, from 1.' }),
    event: t.field({ type: EventRef, resolve: (talk) => talk.event_id }),
    speakers: t.field({
      type: [TalkSpeakerRef],
      description: `At most ${CONTENT_BOUNDS.speakersPerTalk}.`,
      extensions: maxItems(CONTENT_BOUNDS.speakersPerTalk),
      // Built in the meetup's statement when the talk came with it (talksJsonOf).
      resolve: (talk, _args, context) =>
        talk.speaker_edges ??
        groupLoader(
          context,
          'talk:speakers',
          (ids) => speakersByTalkIds(context.db, ids),
          (row: SpeakerEdge) => row.talk_id,
        ).load(talk.id),
    }),
    video: t.field({
      type: VideoRef,
      nullable: true,
      description: "The talk's recording: its own video, or its segment of the evening's.",
      resolve: (talk) =>
        talk.video_url
          ? { url: talk.video_url, startSeconds: talk.video_start_seconds, endSeconds: talk.video_end_seconds }
          : null,
    }),
    slidesUrl: t.exposeString('slides_url', { nullable: true }),
    takeaways: t.exposeStringList('takeaways', {
      description: 'What the talk taught, in the order the roundup lists it.',
    }),
  }),
});

builder.objectField(EventRef, 'talks', (t) =>
  t.field({
    type: [TalkRef],
    description: `The talks of the evening in running order (a handful per meetup; at most ${CONTENT_BOUNDS.talksPerEvent}).`,
    extensions: maxItems(CONTENT_BOUNDS.talksPerEvent),
    // Built in the meetup's statement when it came from one that was asked for them (EventWithLists).
    resolve: (event, _args, context) =>
      (event as EventWithLists).talks ??
      groupLoader(
        context,
        'event:talks',
        (ids) => talksByEventIds(context.db, ids),
        (talk) => talk.event_id,
      ).load(event.id),
  }),
);

const TalkOrderField = builder.enumType('TalkOrderField', { values: ['DATE'] as const });
const TalkOrder = builder.inputType('TalkOrder', {
  fields: (t) => ({
    field: t.field({ type: TalkOrderField, required: true }),
    direction: t.field({ type: SortDirection, required: true }),
  }),
});

const TalkFilter = builder.inputType('TalkFilter', {
  fields: (t) => ({
    from: t.field({ type: 'Date', description: 'Given on or after this day.' }),
    to: t.field({ type: 'Date', description: 'Given on or before this day.' }),
    speaker: t.string({ description: 'Person slug.' }),
    company: t.string({ description: 'Company slug: a speaker was billed with it.' }),
  }),
});

const PersonTalkEdge = edgeObject<TalkNode, { company: CompanyNode | null }>('PersonTalkEdge', (t) => ({
  node: t.field({ type: TalkRef, resolve: (edge) => edge.node }),
  company: t.field({
    type: CompanyRef,
    nullable: true,
    description: 'The company the person was billed with at this talk.',
    resolve: (edge) => edge.company,
  }),
}));

const PersonTalksConnection = builder.connectionObject(
  { type: TalkRef, name: 'PersonTalksConnection' },
  PersonTalkEdge,
);

builder.objectField(PersonRef, 'talks', (t) =>
  t.loadable({
    type: PersonTalksConnection,
    description: 'Every talk the person gave, with the company they were billed with at each.',
    byPath: true,
    args: { ...t.arg.connectionArgs(), orderBy: t.arg({ type: TalkOrder }) },
    load: nestedConnection((context, args) => ({
      // person(slug) may have brought the page in the person's statement (person.graphql, personPage).
      name: personTalksName(args.orderBy?.direction ?? 'DESC'),
      counts: (personIds) => talkCountsByPersonIds(context.db, personIds),
      fetch: (windows) => talksPageByPersonIds(context.db, windows, args.orderBy?.direction ?? 'DESC'),
      prepare: (rows) => withEventsPrimed(context, rows),
      ownerOf: (row) => row.person_id,
      edge: (row) => ({ node: row, company: row.billed_company }),
    })),
    resolve: (person) => person.id,
  }),
);

builder.queryField('talks', (t) =>
  t.connection({
    type: TalkRef,
    description: 'Talks, newest first unless ordered otherwise.',
    args: { filter: t.arg({ type: TalkFilter }), orderBy: t.arg({ type: TalkOrder }) },
    resolve: (_root, args, context) => {
      const filter = args.filter ?? {};
      const direction = args.orderBy?.direction ?? 'DESC';
      return resolveConnection(
        args,
        (offset, limit) => listTalks(context.db, filter, direction, offset, limit),
        () => countTalks(context.db, filter),
      );
    },
  }),
);

const CompanyTalksConnection = builder.connectionObject({ type: TalkRef, name: 'CompanyTalksConnection' });

builder.objectField(CompanyRef, 'talks', (t) =>
  t.loadable({
    type: CompanyTalksConnection,
    description:
      'Talks given by a speaker billed with this company at the time, newest first unless ordered otherwise.',
    byPath: true,
    args: { ...t.arg.connectionArgs(), orderBy: t.arg({ type: TalkOrder }) },
    load: nestedConnection((context, args) => ({
      name: 'company:talks',
      counts: (companyIds) => talkCountsByCompanyIds(context.db, companyIds),
      fetch: (windows) => talksPageByCompanyIds(context.db, windows, args.orderBy?.direction ?? 'DESC'),
      ownerOf: (row) => row.owner_id,
    })),
    resolve: (company) => company.id,
  }),
);

type CompanySpeakerFields = { talkCount: number; from: string; to: string };

const CompanySpeakerEdge = edgeObject<PersonNode, CompanySpeakerFields>('CompanySpeakerEdge', (t) => ({
  node: t.field({ type: PersonRef, resolve: (edge) => edge.node }),
  talkCount: t.exposeInt('talkCount', { description: 'Talks this person gave billed with the company.' }),
  from: t.expose('from', { type: 'Date', description: 'Their first talk billed with the company.' }),
  to: t.expose('to', { type: 'Date', description: 'Their latest talk billed with the company.' }),
}));

const CompanySpeakersConnection = builder.connectionObject(
  { type: PersonRef, name: 'CompanySpeakersConnection' },
  CompanySpeakerEdge,
);

builder.objectField(CompanyRef, 'speakers', (t) =>
  t.loadable({
    type: CompanySpeakersConnection,
    description: 'People who spoke billed with this company at the time, by name.',
    byPath: true,
    args: t.arg.connectionArgs(),
    load: nestedConnection((context) => ({
      name: 'company:speakers',
      counts: (companyIds) => speakerCountsByCompanyIds(context.db, companyIds),
      fetch: (windows) => speakersPageByCompanyIds(context.db, windows),
      ownerOf: (row) => row.owner_id,
      edge: (row) => ({ node: row.person, talkCount: row.talk_count, from: row.first_date, to: row.last_date }),
    })),
    resolve: (company) => company.id,
  }),
);
