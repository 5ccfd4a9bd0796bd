import { type FieldNode, type GraphQLResolveInfo, getArgumentValues, getNamedType, isObjectType } from 'graphql';
import { builder } from '../../graphql/builder.ts';
import { pageToPrefetch, primeNestedPage, resolveConnection } from '../../graphql/connections.ts';
import type { Context } from '../../graphql/context.ts';
import { plainCursors } from '../../graphql/cursor-scope.ts';
import { parseDbId } from '../../graphql/ids.ts';
import { subfields } from '../../graphql/selection.ts';
import { findBySlugFollowingRedirects, type Keyed, loadFollowingRedirects } from '../curation/redirect.ts';
import { type Direction, personTalksName } from '../talk/talk.repository.ts';
import { countPeople, listPeople, type PersonNode, peopleByIds } from './person.repository.ts';
import { personPageBySlug } from './person-page.repository.ts';

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
  return window ? { window, direction } : null;
}

/**
 * The person by slug with what the operation selects of them built in the
 * same statement: their appearances (for affiliations and employerAt) and
 * the page of their talks, which goes to the talks connection. People
 * reached any other way get them through the loaders.
 */
async function personPage(context: Context, info: GraphQLResolveInfo, slug: string): Promise<PersonNode | undefined> {
  const fields = subfields(info);
  const talks = await talksAsked(info, fields.get('talks'));
  const shape = {
    appearances: fields.has('affiliations') || fields.has('employerAt'),
    talks: talks?.direction ?? null,
  };
  const rows = talks ? { after: talks.window.offset, through: talks.window.offset + talks.window.limit } : undefined;
  const person = await personPageBySlug(context.db, slug, shape, rows);
  if (person && talks && person.talks_page) {
    const window = { ownerId: person.id, ...talks.window };
    primeNestedPage(context, personTalksName(talks.direction), window, person.talks_page);
  }
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
        (slug) => personPage(context, info, slug),
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
