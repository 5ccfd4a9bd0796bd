import type { SeriesRow } from '../../db/types.ts';
import { builder } from '../../graphql/builder.ts';
import { parseDbId } from '../../graphql/ids.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { SERVED_LIST_BOUNDS } from '../content-bounds.ts';
import { listSeries, seriesByIds, seriesBySlug } from './series.repository.ts';

export const SeriesRef = builder.loadableNodeRef<SeriesRow, number, number>('Series', {
  id: { resolve: (row) => row.id, parse: parseDbId },
  load: (ids, context) => seriesByIds(context.db, ids),
  sort: (row) => row.id,
});

SeriesRef.implement({
  description: 'A recurring meetup, such as Cloud Native London.',
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
  }),
});

builder.queryFields((t) => ({
  series: t.field({
    type: SeriesRef,
    nullable: true,
    description: 'A meetup series by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => (await seriesBySlug(context.db, args.slug)) ?? null,
  }),
  allSeries: t.field({
    type: [SeriesRef],
    description: `Every meetup series, by name (a short list: the first ${SERVED_LIST_BOUNDS.series}).`,
    extensions: maxItems(SERVED_LIST_BOUNDS.series),
    resolve: async (_root, _args, context) => (await listSeries(context.db)).slice(0, SERVED_LIST_BOUNDS.series),
  }),
}));
