import { z } from 'zod';
import { builder } from '../../graphql/builder.ts';
import { NotFoundError } from '../../graphql/errors.ts';
import { DeletePayload, IdInput, mutationErrors } from '../../graphql/mutation-types.ts';
import { globalId, idOf, nameField, parseInput, runWrite, slugField, type Write } from '../../graphql/write.ts';
import { uniqueSlug } from '../../importer/import.repository.ts';
import { cleanName, slugify } from '../../importer/names.ts';
import { VenueRef } from './venue.graphql.ts';
import { deleteVenue, insertVenue, updateVenue, venuesByIds } from './venue.repository.ts';

const VenuePayload = builder.objectRef<{ venueId: number }>('VenuePayload').implement({
  fields: (t) => ({ venue: t.field({ type: VenueRef, resolve: (payload) => payload.venueId }) }),
});

const CreateVenueInput = builder.inputType('CreateVenueInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    address: t.string(),
    slug: t.string({ description: 'Derived from the name when left out.' }),
  }),
});

const UpdateVenueInput = builder.inputType('UpdateVenueInput', {
  fields: (t) => ({ id: t.id({ required: true }), name: t.string(), address: t.string(), slug: t.string() }),
});

const addressField = z.string().trim().max(500, 'must be at most 500 characters');
const CreateSchema = z.object({ name: nameField, address: addressField.nullish(), slug: slugField.nullish() });
const UpdateSchema = z.object({
  id: z.string(),
  name: nameField.nullish(),
  address: addressField.nullish(),
  slug: slugField.nullish(),
});

async function snapshot(write: Write, id: number, path: string[]) {
  const [venue] = await venuesByIds(write.trx, [id]);
  if (!venue) throw new NotFoundError('No venue has that ID', path);
  return venue;
}

builder.mutationFields((t) => ({
  createVenue: t.field({
    type: VenuePayload,
    authScopes: { write: true },
    errors: mutationErrors('createVenue'),
    args: { input: t.arg({ type: CreateVenueInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'createVenue', async (write) => {
        const input = parseInput(CreateSchema, args.input);
        const name = cleanName(input.name);
        const slug = input.slug ?? (await uniqueSlug(write.trx, 'venue', slugify(name)));
        const id = await insertVenue(write.trx, { name, slug, address: input.address ?? null });
        await write.audit('Venue', id, null, await snapshot(write, id, []));
        return { venueId: id };
      }),
  }),
  updateVenue: t.field({
    type: VenuePayload,
    authScopes: { write: true },
    errors: mutationErrors('updateVenue'),
    args: { input: t.arg({ type: UpdateVenueInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'updateVenue', async (write) => {
        const input = parseInput(UpdateSchema, args.input);
        const id = idOf(input.id, 'Venue', ['input', 'id']);
        const before = await snapshot(write, id, ['input', 'id']);
        await updateVenue(write.trx, id, {
          ...(input.name ? { name: cleanName(input.name) } : {}),
          ...(input.slug ? { slug: input.slug } : {}),
          ...(input.address !== undefined ? { address: input.address } : {}),
        });
        await write.audit('Venue', id, before, await snapshot(write, id, []));
        return { venueId: id };
      }),
  }),
  deleteVenue: t.field({
    type: DeletePayload,
    description: 'Removes a venue; its meetups stay, with no venue.',
    authScopes: { write: true },
    errors: mutationErrors('deleteVenue'),
    args: { input: t.arg({ type: IdInput, required: true }) },
    resolve: (_root, args, context) =>
      runWrite(context, 'deleteVenue', async (write) => {
        const id = idOf(args.input.id, 'Venue', ['input', 'id']);
        const before = await snapshot(write, id, ['input', 'id']);
        await deleteVenue(write.trx, id);
        await write.audit('Venue', id, before, null);
        return { deletedId: globalId('Venue', id) };
      }),
  }),
}));
