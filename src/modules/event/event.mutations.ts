import { z } from 'zod';
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
import { isMeetupDate, MEETUP_DATE_MESSAGE } from '../content-bounds.ts';
import { addRedirect } from '../curation/redirect.repository.ts';
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

const UpdateSchema = z.object({
  id: z.string(),
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
  }),
});

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
        await write.audit('Event', id, before, (await eventsByIds(write.trx, [id]))[0]);
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
