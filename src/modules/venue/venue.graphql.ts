import type { VenueRow } from '../../db/types.ts';
import { builder } from '../../graphql/builder.ts';
import { parseDbId } from '../../graphql/ids.ts';
import { venueBySlug, venuesByIds } from './venue.repository.ts';

export const VenueRef = builder.loadableNodeRef<VenueRow, number, number>('Venue', {
  id: { resolve: (row) => row.id, parse: parseDbId },
  load: (ids, context) => venuesByIds(context.db, ids),
  sort: (row) => row.id,
});

VenueRef.implement({
  description: 'Where a meetup was held.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    address: t.exposeString('address', { nullable: true }),
  }),
});

builder.queryField('venue', (t) =>
  t.field({
    type: VenueRef,
    nullable: true,
    description: 'A venue by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => (await venueBySlug(context.db, args.slug)) ?? null,
  }),
);
