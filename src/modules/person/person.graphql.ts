import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../../graphql/builder.ts';
import { resolveConnection } from '../../graphql/connections.ts';
import { parseDbId } from '../../graphql/ids.ts';
import { subfields } from '../../graphql/selection.ts';
import { appearancesJsonOf } from '../affiliation/affiliation.repository.ts';
import { findBySlugFollowingRedirects, type Keyed, loadFollowingRedirects } from '../curation/redirect.ts';
import {
  countPeople,
  listPeople,
  type PersonExtras,
  type PersonNode,
  peopleByIds,
  personBySlug,
} from './person.repository.ts';

export const PersonRef = builder.loadableNodeRef<PersonNode, number, number>('Person', {
  id: { resolve: (row) => row.id, parse: parseDbId },
  // Merged or renamed entities' old IDs keep resolving to their replacement.
  load: (ids, context) => loadFollowingRedirects(context.db, 'Person', ids, (keys) => peopleByIds(context.db, keys)),
  sort: (row) => (row as Keyed<typeof row>).loadKey ?? row.id,
});

PersonRef.implement({
  description: 'A speaker or host.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, URL-friendly name.' }),
    name: t.exposeString('name'),
    aliases: t.exposeStringList('aliases', {
      description: 'Other spellings of the name seen in the sources (a first name alone, a typo).',
    }),
  }),
});

/**
 * What the person's own statement also brings, from the operation's
 * selection: their appearances (as JSON) for affiliations and employerAt.
 * People reached any other way get them through the appearances loader.
 */
function extrasAsked(info: GraphQLResolveInfo): PersonExtras {
  const fields = subfields(info);
  return fields.has('affiliations') || fields.has('employerAt')
    ? [appearancesJsonOf('person.id').as('appearances')]
    : [];
}

const PersonFilter = builder.inputType('PersonFilter', {
  fields: (t) => ({
    speakersOnly: t.boolean({ description: 'Only people who gave at least one talk.' }),
  }),
});

builder.queryFields((t) => ({
  person: t.field({
    type: PersonRef,
    nullable: true,
    description: 'A person by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: (_root, args, context, info) =>
      findBySlugFollowingRedirects(
        context.db,
        'Person',
        args.slug,
        (slug) => personBySlug(context.db, slug, extrasAsked(info)),
        async (id) => (await peopleByIds(context.db, [id]))[0],
      ),
  }),
  people: t.connection({
    type: PersonRef,
    description: 'Speakers and hosts, by name.',
    args: { filter: t.arg({ type: PersonFilter }) },
    resolve: (_root, args, context) => {
      const filter = args.filter ?? {};
      return resolveConnection(
        args,
        (offset, limit) => listPeople(context.db, filter, offset, limit),
        () => countPeople(context.db, filter),
      );
    },
  }),
}));
