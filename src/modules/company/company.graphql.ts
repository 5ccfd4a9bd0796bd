import { builder } from '../../graphql/builder.ts';
import { resolveConnection } from '../../graphql/connections.ts';
import { parseDbId } from '../../graphql/ids.ts';
import { primeLoader } from '../../graphql/loaders.ts';
import { findBySlugFollowingRedirects, type Keyed, loadFollowingRedirects } from '../curation/redirect.ts';
import {
  type CompanyNode,
  companiesByIds,
  companyBySlug,
  countCompanies,
  listCompanies,
} from './company.repository.ts';

export const CompanyRef = builder.loadableNodeRef<CompanyNode, number, number>('Company', {
  id: { resolve: (row) => row.id, parse: parseDbId },
  // Merged or renamed entities' old IDs keep resolving to their replacement.
  load: (ids, context) =>
    loadFollowingRedirects(context.db, 'Company', ids, (keys) => companiesByIds(context.db, keys)),
  sort: (row) => (row as Keyed<typeof row>).loadKey ?? row.id,
});

CompanyRef.implement({
  description: 'A company: employer of speakers and hosts, sponsor of meetups.',
  fields: (t) => ({
    slug: t.exposeString('slug', { description: 'Stable, URL-friendly name.' }),
    name: t.exposeString('name'),
    website: t.exposeString('website', { nullable: true }),
    aliases: t.exposeStringList('aliases', { description: 'Other spellings of the name seen in the sources.' }),
  }),
});

const CompanyFilter = builder.inputType('CompanyFilter', {
  fields: (t) => ({
    sponsorsOnly: t.boolean({ description: 'Only companies that sponsored at least one meetup.' }),
  }),
});

builder.queryFields((t) => ({
  company: t.field({
    type: CompanyRef,
    nullable: true,
    description: 'A company by slug; null when there is none.',
    args: { slug: t.arg.string({ required: true }) },
    resolve: async (_root, args, context) => {
      const company = await findBySlugFollowingRedirects(
        context.db,
        'Company',
        args.slug,
        (slug) => companyBySlug(context.db, slug),
        async (id) => (await companiesByIds(context.db, [id]))[0],
      );
      // Its own lists (a sponsorship's company, say) name it again: they find it loaded.
      if (company) primeLoader(CompanyRef.getDataloader(context), [company]);
      return company;
    },
  }),
  companies: t.connection({
    type: CompanyRef,
    description: 'Companies by name.',
    args: { filter: t.arg({ type: CompanyFilter }) },
    resolve: (_root, args, context) => {
      const filter = args.filter ?? {};
      return resolveConnection(
        args,
        (offset, limit) => listCompanies(context.db, filter, offset, limit),
        () => countCompanies(context.db, filter),
      );
    },
  }),
}));
