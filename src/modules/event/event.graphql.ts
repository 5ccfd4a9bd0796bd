import type { FieldNode, GraphQLResolveInfo } from 'graphql';
import type { EventRow } from '../../db/types.ts';
import { builder, SortDirection } from '../../graphql/builder.ts';
import { resolveConnection } from '../../graphql/connections.ts';
import type { Context } from '../../graphql/context.ts';
import { parseDbId } from '../../graphql/ids.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { groupLoader, primeLoader, requestLoader } from '../../graphql/loaders.ts';
import { connectionNodes, subfields } from '../../graphql/selection.ts';
import { CompanyRef } from '../company/company.graphql.ts';
import { announcedCompaniesByEventIds } from '../company/company.repository.ts';
import { CONTENT_BOUNDS } from '../content-bounds.ts';
import { findBySlugFollowingRedirects, type Keyed, loadFollowingRedirects } from '../curation/redirect.ts';
import { PersonRef } from '../person/person.graphql.ts';
import { SeriesRef } from '../series/series.graphql.ts';
import { VenueRef } from '../venue/venue.graphql.ts';
import {
  adjacentEvents,
  countEvents,
  type EventNode,
  eventsByIds,
  type HostEdge,
  hostsByEventIds,
  sourceDocumentsByEventIds,
} from './event.repository.ts';
import {
  type EventLists,
  type EventWithLists,
  eventBySlugWithLists,
  listEventsWithLists,
} from './event-lists.repository.ts';

export const EventRef = builder.loadableNodeRef<EventRow, number, number>('Event', {
  id: { resolve: (row) => row.id, parse: parseDbId },
  // Merged or renamed entities' old IDs keep resolving to their replacement.
  load: (ids, context) => loadFollowingRedirects(context.db, 'Event', ids, (keys) => eventsByIds(context.db, keys)),
  sort: (row) => (row as Keyed<typeof row>).loadKey ?? row.id,
});

/** Rows that came with their meetup (`event_row`): the Event loader is primed, so `event` runs no statement. */
export function withEventsPrimed<R extends { event_row: EventRow }>(context: Context, rows: R[]): R[] {
  primeLoader(
    EventRef.getDataloader(context),
    rows.map((row) => row.event_row),
  );
  return rows;
}

export const EventStatusEnum = builder.enumType('EventStatus', {
  values: {
    HELD: { description: 'The meetup took place (its roundup was imported or it was entered as held).' },
    ANNOUNCED: { description: 'Announced by an earlier roundup; not held yet, or its roundup is not in yet.' },
  },
});

export const EventFormatEnum = builder.enumType('EventFormat', {
  values: {
    IN_PERSON: { description: 'In a room only.' },
    VIRTUAL: { description: 'Online only.' },
    HYBRID: { description: 'In a room and streamed live.' },
  },
});

const VideoRef = builder.objectRef<{ url: string; startSeconds: number | null; endSeconds: number | null }>('Video');
VideoRef.implement({
  description: 'A recording, or a segment of one.',
  fields: (t) => ({
    url: t.exposeString('url'),
    startSeconds: t.exposeInt('startSeconds', { nullable: true, description: 'Where the segment starts.' }),
    endSeconds: t.exposeInt('endSeconds', { nullable: true, description: 'Where the segment ends, when known.' }),
  }),
});

export { VideoRef };

const EventHostRef = builder.objectRef<HostEdge>('EventHost');
EventHostRef.implement({
  description: 'Someone who hosted a meetup, with the role they were introduced with.',
  fields: (t) => ({
    person: t.field({ type: PersonRef, resolve: (host) => host.person }),
    role: t.exposeString('role', { nullable: true, description: 'As written, e.g. "VP Ecosystem at CNCF".' }),
    company: t.field({
      type: CompanyRef,
      nullable: true,
      description: 'The company the role names, if any.',
      resolve: (host) => host.company,
    }),
  }),
});

const SourceDocumentRef = builder.objectRef<{ path: string; sha256: string; imported_at: Date }>('SourceDocument');
SourceDocumentRef.implement({
  description: 'The roundup post an event was imported from.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The file path given to the importer.' }),
    sha256: t.exposeString('sha256', { description: "SHA-256 of the post's text, hex." }),
    importedAt: t.string({
      description: 'When this version of the post was imported (ISO 8601).',
      resolve: (doc) => new Date(doc.imported_at).toISOString(),
    }),
  }),
});

EventRef.implement({
  description: 'One meetup of a series.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: '`<series-slug>-<YYYY-MM-DD>`.' }),
    title: t.exposeString('title'),
    description: t.exposeString('description', { nullable: true }),
    date: t.field({ type: 'Date', resolve: (event) => event.date }),
    status: t.field({ type: EventStatusEnum, resolve: (event) => event.status }),
    format: t.field({ type: EventFormatEnum, nullable: true, resolve: (event) => event.format }),
    attendeeCount: t.exposeInt('attendee_count', { nullable: true }),
    rsvpUrl: t.exposeString('rsvp_url', { nullable: true }),
    series: t.field({ type: SeriesRef, resolve: (event) => event.series_id }),
    venue: t.field({
      type: VenueRef,
      nullable: true,
      // Joined into the event's own statement where it came from one (EventNode).
      resolve: (event) => {
        const joined = (event as EventNode).venue;
        return joined === undefined ? event.venue_id : joined;
      },
    }),
    video: t.field({
      type: VideoRef,
      nullable: true,
      description: "The whole evening's recording.",
      resolve: (event) => (event.video_url ? { url: event.video_url, startSeconds: null, endSeconds: null } : null),
    }),
    hosts: t.field({
      type: [EventHostRef],
      description: `At most ${CONTENT_BOUNDS.hostsPerEvent}.`,
      extensions: maxItems(CONTENT_BOUNDS.hostsPerEvent),
      // Built in the event's statement when it came from one that was asked for them (EventWithLists).
      resolve: (event, _args, context) =>
        (event as EventWithLists).hosts ??
        groupLoader(
          context,
          'event:hosts',
          (ids) => hostsByEventIds(context.db, ids),
          (host) => host.event_id,
        ).load(event.id),
    }),
    announcedCompanies: t.field({
      type: [CompanyRef],
      description: `Companies an earlier roundup announced for this meetup (at most ${CONTENT_BOUNDS.announcedCompaniesPerEvent}).`,
      extensions: maxItems(CONTENT_BOUNDS.announcedCompaniesPerEvent),
      resolve: (event, _args, context) =>
        (event as EventWithLists).announced_companies ??
        groupLoader(
          context,
          'event:announced-companies',
          (ids) => announcedCompaniesByEventIds(context.db, ids),
          (row) => row.event_id,
        ).load(event.id),
    }),
    source: t.loadable({
      type: SourceDocumentRef,
      nullable: true,
      description: 'Provenance: the roundup post this event was imported from; null if entered otherwise.',
      load: async (ids: number[], context) => {
        const rows = await sourceDocumentsByEventIds(context.db, ids);
        const byEvent = new Map(rows.map((row) => [row.event_id, row]));
        return ids.map((id) => byEvent.get(id) ?? null);
      },
      resolve: (event) => event.id,
    }),
    previousEvent: t.field({
      type: EventRef,
      nullable: true,
      description: 'The meetup before this one in its series.',
      resolve: async (event, _args, context) =>
        (event as EventWithLists).previous !== undefined
          ? (event as EventWithLists).previous
          : (await adjacent(context, event.id)).previous,
    }),
    nextEvent: t.field({
      type: EventRef,
      nullable: true,
      description: 'The meetup after this one in its series (possibly only announced).',
      resolve: async (event, _args, context) =>
        (event as EventWithLists).next !== undefined
          ? (event as EventWithLists).next
          : (await adjacent(context, event.id)).next,
    }),
  }),
});

/** Which nested lists the operation asks of the events selected by these field nodes. */
function listsAsked(info: GraphQLResolveInfo, nodes: readonly FieldNode[]): EventLists {
  const fields = subfields(info, nodes);
  const talks = fields.get('talks');
  return {
    talks: talks !== undefined,
    speakers: talks !== undefined && subfields(info, talks).has('speakers'),
    hosts: fields.has('hosts'),
    sponsorships: fields.has('sponsorships'),
    announcedCompanies: fields.has('announcedCompanies'),
    adjacent: fields.has('previousEvent') || fields.has('nextEvent'),
  };
}

function adjacent(context: Context, eventId: number) {
  const loader = requestLoader(context, 'event:adjacent', async (ids: readonly number[]) => {
    const rows = await adjacentEvents(context.db, ids);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? { id, previous: null, next: null });
  });
  return loader.load(eventId);
}

const EventFilter = builder.inputType('EventFilter', {
  fields: (t) => ({
    from: t.field({ type: 'Date', description: 'On or after this day.' }),
    to: t.field({ type: 'Date', description: 'On or before this day.' }),
    status: t.field({ type: EventStatusEnum }),
    format: t.field({ type: EventFormatEnum }),
    series: t.string({ description: 'Series slug.' }),
    venue: t.string({ description: 'Venue slug.' }),
    company: t.string({ description: 'Company slug: it sponsored, or a speaker or host was billed with it.' }),
    person: t.string({ description: 'Person slug: they spoke or hosted.' }),
  }),
});

const EventOrderField = builder.enumType('EventOrderField', { values: ['DATE'] as const });
const EventOrder = builder.inputType('EventOrder', {
  fields: (t) => ({
    field: t.field({ type: EventOrderField, required: true }),
    direction: t.field({ type: SortDirection, required: true }),
  }),
});

builder.queryFields((t) => ({
  event: t.field({
    type: EventRef,
    nullable: true,
    description: 'A meetup by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, args, context, info) =>
      findBySlugFollowingRedirects(
        context.db,
        'Event',
        args.slug,
        (slug) => eventBySlugWithLists(context.db, slug, listsAsked(info, info.fieldNodes)),
        async (id) => (await eventsByIds(context.db, [id]))[0],
      ),
  }),
  events: t.connection({
    type: EventRef,
    description: 'Meetups, newest first unless ordered otherwise.',
    args: {
      filter: t.arg({ type: EventFilter }),
      orderBy: t.arg({ type: EventOrder }),
    },
    resolve: (_root, args, context, info) => {
      const filter = args.filter ?? {};
      const order = { direction: args.orderBy?.direction ?? 'DESC' } as const;
      const lists = listsAsked(info, connectionNodes(info));
      // The page's rows carry the total when it is asked for (resolveConnection takes it from them).
      const withTotal = subfields(info).has('totalCount');
      return resolveConnection(
        args,
        (offset, limit) => listEventsWithLists(context.db, filter, order, offset, limit, lists, withTotal),
        () => countEvents(context.db, filter),
      );
    },
  }),
}));
