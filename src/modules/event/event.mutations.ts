import { z } from 'zod';
import type { EventRow } from '../../db/types.ts';
import { builder } from '../../graphql/builder.ts';
import { NotFoundError } from '../../graphql/errors.ts';
import { DeletePayload, IdInput, mutationErrors } from '../../graphql/mutation-types.ts';
import {
  dateField,
  globalId,
  idOf,
  parseInput,
  runWrite,
  type Trx,
  titleField,
  urlField,
} from '../../graphql/write.ts';
import { companiesByIds } from '../company/company.repository.ts';
import { isMeetupDate, MEETUP_DATE_MESSAGE } from '../content-bounds.ts';
import { curate, type FactChange, lockMeetup } from '../corrections/curate.ts';
import { addRedirect } from '../curation/redirect.repository.ts';
import { peopleByIds } from '../person/person.repository.ts';
import { venuesByIds } from '../venue/venue.repository.ts';
import { EventFormatEnum, EventRef, EventStatusEnum } from './event.graphql.ts';
import {
  deleteEvent,
  type EventPatch,
  eventsByIds,
  insertEvent,
  seriesById,
  seriesForNewEvent,
  updateEvent,
} from './event.repository.ts';
import { type HostValue, hostValuesOf, replaceHosts } from './event-hosts.repository.ts';

const EventPayload = builder.objectRef<{ eventId: number }>('EventPayload').implement({
  fields: (t) => ({ event: t.field({ type: EventRef, resolve: (payload) => payload.eventId }) }),
});

const optionalFields = {
  status: z.enum(['HELD', 'ANNOUNCED']).nullish(),
  format: z.enum(['IN_PERSON', 'VIRTUAL', 'HYBRID']).nullish(),
  venue: z.string().nullish(),
  attendeeCount: z.number().int().min(0, 'must not be negative').max(100_000).nullish(),
  videoUrl: urlField.nullish(),
  rsvpUrl: urlField.nullish(),
  description: z.string().max(5000, 'must be at most 5,000 characters').nullish(),
};

const meetupDate = dateField.refine(isMeetupDate, MEETUP_DATE_MESSAGE);

const CreateSchema = z.object({
  series: z.string().nullish(),
  date: meetupDate,
  title: titleField,
  ...optionalFields,
});

const hostSchema = z.object({
  person: z.string(),
  role: z.string().trim().max(300, 'must be at most 300 characters').nullish(),
  company: z.string().nullish(),
});

const UpdateSchema = z.object({
  id: z.string(),
  hosts: z
    .array(hostSchema)
    .max(20, 'at most 20 hosts')
    .refine((list) => new Set(list.map((h) => h.person)).size === list.length, 'lists a host more than once')
    .nullish(),
  date: meetupDate.nullish(),
  title: titleField.nullish(),
  ...optionalFields,
});

const CreateEventInput = builder.inputType('CreateEventInput', {
  fields: (t) => ({
    series: t.string({ description: 'Series slug; may be left out while the graph has one series.' }),
    date: t.string({ required: true, description: 'YYYY-MM-DD.' }),
    title: t.string({ required: true }),
    status: t.field({ type: EventStatusEnum, description: 'HELD unless given.' }),
    format: t.field({ type: EventFormatEnum }),
    venue: t.id({ description: 'Global ID of a Venue.' }),
    attendeeCount: t.int(),
    videoUrl: t.string({ description: "The whole evening's recording, http(s)." }),
    rsvpUrl: t.string(),
    description: t.string(),
  }),
});

const EventHostInput = builder.inputType('EventHostInput', {
  fields: (t) => ({
    person: t.id({ required: true, description: 'Global ID of a Person.' }),
    role: t.string({ description: 'Role text, e.g. "Organiser, Platform team at Example".' }),
    company: t.id({ description: 'Global ID of the Company the role names.' }),
  }),
});

const UpdateEventInput = builder.inputType('UpdateEventInput', {
  description: 'Fields left out are kept; a nullable field set to null is cleared.',
  fields: (t) => ({
    id: t.id({ required: true }),
    date: t.string({ description: 'YYYY-MM-DD. Changes the slug; the old slug keeps resolving.' }),
    title: t.string(),
    status: t.field({ type: EventStatusEnum }),
    format: t.field({ type: EventFormatEnum }),
    venue: t.id(),
    attendeeCount: t.int(),
    videoUrl: t.string(),
    rsvpUrl: t.string(),
    description: t.string(),
    hosts: t.field({ type: [EventHostInput], description: "Replaces the evening's hosts (each person once)." }),
  }),
});

/** Checks every host's person and company exist; all problems reported at once. */
async function resolveHosts(trx: Trx, hosts: z.infer<typeof hostSchema>[]): Promise<HostValue[]> {
  const resolved = hosts.map((host, i) => ({
    personId: idOf(host.person, 'Person', ['input', 'hosts', String(i), 'person']),
    role: host.role ?? null,
    companyId: host.company ? idOf(host.company, 'Company', ['input', 'hosts', String(i), 'company']) : null,
  }));
  const people = new Set(
    (
      await peopleByIds(
        trx,
        resolved.map((h) => h.personId),
      )
    ).map((p) => p.id),
  );
  const companyIds = resolved.flatMap((h) => (h.companyId === null ? [] : [h.companyId]));
  const companies = new Set((await companiesByIds(trx, companyIds)).map((c) => c.id));
  resolved.forEach((host, i) => {
    if (!people.has(host.personId)) {
      throw new NotFoundError('No person has that ID', ['input', 'hosts', String(i), 'person']);
    }
    if (host.companyId !== null && !companies.has(host.companyId)) {
      throw new NotFoundError('No company has that ID', ['input', 'hosts', String(i), 'company']);
    }
  });
  return resolved;
}

/** The event facts an update sets, with their values before (the post's side, unless curated already). */
function eventFactChanges(patch: EventPatch, before: EventRow): FactChange[] {
  const facts: [keyof EventPatch, string][] = [
    ['title', 'title'],
    ['description', 'description'],
    ['status', 'status'],
    ['format', 'format'],
    ['venue_id', 'venue'],
    ['attendee_count', 'attendeeCount'],
    ['video_url', 'videoUrl'],
    ['date', 'date'],
  ];
  return facts
    .filter(([column]) => patch[column] !== undefined)
    .map(([column, fact]) => ({ fact, value: patch[column], before: before[column as keyof EventRow] }));
}

async function venueId(trx: Trx, venue: string | null | undefined): Promise<number | null | undefined> {
  if (venue === undefined) return undefined;
  if (venue === null) return null;
  const id = idOf(venue, 'Venue', ['input', 'venue']);
  if ((await venuesByIds(trx, [id])).length === 0) throw new NotFoundError('No venue has that ID', ['input', 'venue']);
  return id;
}

function patchOf(input: z.infer<typeof UpdateSchema> | z.infer<typeof CreateSchema>): EventPatch {
  const patch: EventPatch = {};
  if (input.title != null) patch.title = input.title;
  if (input.status != null) patch.status = input.status;
  if (input.format !== undefined) patch.format = input.format;
  if (input.attendeeCount !== undefined) patch.attendee_count = input.attendeeCount;
  if (input.videoUrl !== undefined) patch.video_url = input.videoUrl;
  if (input.rsvpUrl !== undefined) patch.rsvp_url = input.rsvpUrl;
  if (input.description !== undefined) patch.description = input.description;
  return patch;
}

builder.mutationFields((t) => ({
  createEvent: t.field({
    type: EventPayload,
    description: 'Adds a meetup. Its slug is `<series-slug>-<date>`.',
    authScopes: { write: true },
    errors: mutationErrors('createEvent'),
    args: { input: t.arg({ type: CreateEventInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'createEvent', async (write) => {
        const input = parseInput(CreateSchema, args.input);
        const series = await seriesForNewEvent(write.trx, input.series);
        const chosen = series[0];
        if (!chosen || (!input.series && series.length > 1)) {
          throw new NotFoundError(
            input.series
              ? `No series has the slug "${input.series}"`
              : 'Name the series: the graph has several (or none)',
            ['input', 'series'],
          );
        }
        const venue = await venueId(write.trx, input.venue);
        const id = await insertEvent(write.trx, {
          ...patchOf(input),
          venue_id: venue ?? null,
          series_id: chosen.id,
          date: input.date,
          title: input.title,
          slug: `${chosen.slug}-${input.date}`,
        });
        await write.audit('Event', id, null, (await eventsByIds(write.trx, [id]))[0]);
        return { eventId: id };
      }),
  }),
  updateEvent: t.field({
    type: EventPayload,
    authScopes: { write: true },
    errors: mutationErrors('updateEvent'),
    args: { input: t.arg({ type: UpdateEventInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'updateEvent', async (write) => {
        const input = parseInput(UpdateSchema, args.input);
        const id = idOf(input.id, 'Event', ['input', 'id']);
        await lockMeetup(write, id, ['input', 'id']);
        const [before] = await eventsByIds(write.trx, [id]);
        if (!before) throw new NotFoundError('No event has that ID', ['input', 'id']);
        const patch = patchOf(input);
        const venue = await venueId(write.trx, input.venue);
        if (venue !== undefined) patch.venue_id = venue;
        if (input.date && input.date !== before.date) {
          const series = await seriesById(write.trx, before.series_id);
          patch.date = input.date;
          patch.slug = `${series?.slug ?? 'event'}-${input.date}`;
          await addRedirect(write.trx, 'Event', before.id, before.slug, before.id);
        }
        await updateEvent(write.trx, id, patch);
        const changes = eventFactChanges(patch, before);
        const hostsBefore = await hostValuesOf(write.trx, id);
        if (input.hosts) {
          const hosts = await resolveHosts(write.trx, input.hosts);
          await replaceHosts(write.trx, id, hosts);
          changes.push({ fact: 'hosts', value: hosts, before: hostsBefore });
        }
        // Kept across imports of the meetup's roundup.
        await curate(write, id, 'Event', id, changes);
        const after = (await eventsByIds(write.trx, [id]))[0];
        await write.audit(
          'Event',
          id,
          input.hosts ? { ...before, hosts: hostsBefore } : before,
          input.hosts ? { ...after, hosts: await hostValuesOf(write.trx, id) } : after,
        );
        return { eventId: id };
      }),
  }),
  deleteEvent: t.field({
    type: DeletePayload,
    description: 'Removes a meetup with its talks, takeaways, hosts, sponsorships and announcements.',
    authScopes: { write: true },
    errors: mutationErrors('deleteEvent'),
    args: { input: t.arg({ type: IdInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'deleteEvent', async (write) => {
        const id = idOf(args.input.id, 'Event', ['input', 'id']);
        const [before] = await eventsByIds(write.trx, [id]);
        if (!before) throw new NotFoundError('No event has that ID', ['input', 'id']);
        await deleteEvent(write.trx, id);
        await write.audit('Event', id, before, null);
        return { deletedId: globalId('Event', id) };
      }),
  }),
}));
