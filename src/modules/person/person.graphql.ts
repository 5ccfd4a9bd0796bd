import { type FieldNode, type GraphQLResolveInfo, getArgumentValues, getNamedType, isObjectType } from 'graphql';
import { builder } from '../../graphql/builder.ts';
import { pageToPrefetch, primeNestedPage, resolveConnection } from '../../graphql/connections.ts';
import type { Context } from '../../graphql/context.ts';
import { plainCursors } from '../../graphql/cursor-scope.ts';
import { parseDbId } from '../../graphql/ids.ts';
import { subfields } from '../../graphql/selection.ts';
import { appearancesJsonOf } from '../affiliation/affiliation.repository.ts';
import { findBySlugFollowingRedirects, type Keyed, loadFollowingRedirects } from '../curation/redirect.ts';
import { type Direction, personTalksName, type SpeakerTalkRow, talksPageJsonOf } from '../talk/talk.repository.ts';
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

/** The page of the person's talks the operation asks for, when it can come with the person's row. */
interface TalksPrefetch {
  name: string;
  window: { offset: number; limit: number };
}

/**
 * The person's page of talks, when the operation selects `talks` once and
 * its arguments tell the page without the total; null otherwise (the
 * connection then fetches it, and reports bad arguments, itself).
 */
async function talksAsked(info: GraphQLResolveInfo, nodes: readonly FieldNode[] | undefined) {
  const type = getNamedType(info.returnType);
  const field = isObjectType(type) ? type.getFields().talks : undefined;
  if (nodes?.length !== 1 || !nodes[0] || !field) return null;
  let args: Record<string, unknown>;
  try {
    args = plainCursors(`${type.name}.talks`, getArgumentValues(field, nodes[0], info.variableValues));
  } catch {
    return null;
  }
  const window = await pageToPrefetch(args);
  const direction = (args.orderBy as { direction?: Direction } | undefined)?.direction ?? 'DESC';
  return window ? { name: personTalksName(direction), window, direction } : null;
}

/**
 * What the person's own statement also brings, from the operation's
 * selection: their appearances (as JSON) for affiliations and employerAt,
 * and the page of their talks. People reached any other way get them
 * through the loaders.
 */
async function extrasAsked(info: GraphQLResolveInfo): Promise<{ extras: PersonExtras; talks: TalksPrefetch | null }> {
  const fields = subfields(info);
  const extras = [];
  if (fields.has('affiliations') || fields.has('employerAt')) {
    extras.push(appearancesJsonOf('person.id').as('appearances'));
  }
  const talks = await talksAsked(info, fields.get('talks'));
  if (talks) extras.push(talksPageJsonOf('person.id', talks.window, talks.direction).as('talks_page'));
  return { extras, talks };
}

/** The person by slug with what extrasAsked adds; their page of talks goes to the talks connection. */
async function personWithExtras(
  context: Context,
  info: GraphQLResolveInfo,
  slug: string,
): Promise<PersonNode | undefined> {
  const { extras, talks } = await extrasAsked(info);
  const person = await personBySlug(context.db, slug, extras);
  const page = (person as { talks_page?: SpeakerTalkRow[] } | undefined)?.talks_page;
  if (person && talks && page) primeNestedPage(context, talks.name, { ownerId: person.id, ...talks.window }, page);
  return person;
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
        (slug) => personWithExtras(context, info, slug),
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
