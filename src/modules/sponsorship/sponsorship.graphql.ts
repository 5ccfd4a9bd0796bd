import type { SponsorshipRow } from '../../db/types.ts';
import { builder, SortDirection } from '../../graphql/builder.ts';
import { nestedConnection, resolveConnection } from '../../graphql/connections.ts';
import { parseDbId } from '../../graphql/ids.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { groupLoader } from '../../graphql/loaders.ts';
import { CompanyRef } from '../company/company.graphql.ts';
import { CONTENT_BOUNDS } from '../content-bounds.ts';
import { EventRef, withEventsPrimed } from '../event/event.graphql.ts';
import type { EventWithLists } from '../event/event-lists.repository.ts';
import {
  countSponsorships,
  listSponsorships,
  type SponsorshipNode,
  sponsorshipCountsByCompanyIds,
  sponsorshipsByEventIds,
  sponsorshipsByIds,
  sponsorshipsPageByCompanyIds,
} from './sponsorship.repository.ts';

/**
 * A sponsorship as its fields resolve it: with its company joined in, or (a
 * company's page) without; no timestamp is served.
 */
type SponsorshipParent = Omit<SponsorshipRow, 'created_at' | 'updated_at'> & { company?: SponsorshipNode['company'] };

export const SponsorshipRef = builder.loadableNodeRef<SponsorshipParent, number, number>('Sponsorship', {
  id: { resolve: (row) => row.id, parse: parseDbId },
  load: (ids, context) => sponsorshipsByIds(context.db, ids),
  sort: (row) => row.id,
});

SponsorshipRef.implement({
  description: 'A company sponsoring one meetup.',
  fields: (t) => ({
    event: t.field({ type: EventRef, resolve: (row) => row.event_id }),
    company: t.field({ type: CompanyRef, resolve: (row) => row.company ?? row.company_id }),
    role: t.exposeString('role', { description: 'What the sponsorship was for; "sponsor" unless stated.' }),
  }),
});

builder.objectField(EventRef, 'sponsorships', (t) =>
  t.field({
    type: [SponsorshipRef],
    description: `The sponsors the roundup thanked, in its order (at most ${CONTENT_BOUNDS.sponsorshipsPerEvent}).`,
    extensions: maxItems(CONTENT_BOUNDS.sponsorshipsPerEvent),
    // Built in the meetup's statement when it came from one that was asked for them (EventWithLists);
    // those rows carry the served fields only (no timestamps).
    resolve: (event, _args, context) =>
      ((event as EventWithLists).sponsorships as SponsorshipNode[] | undefined) ??
      groupLoader(
        context,
        'event:sponsorships',
        (ids) => sponsorshipsByEventIds(context.db, ids),
        (row) => row.event_id,
      ).load(event.id),
  }),
);

const SponsorshipOrderField = builder.enumType('SponsorshipOrderField', { values: ['DATE'] as const });
const SponsorshipOrder = builder.inputType('SponsorshipOrder', {
  fields: (t) => ({
    field: t.field({ type: SponsorshipOrderField, required: true }),
    direction: t.field({ type: SortDirection, required: true }),
  }),
});

const SponsorshipFilter = builder.inputType('SponsorshipFilter', {
  fields: (t) => ({
    from: t.field({ type: 'Date', description: 'Meetups on or after this day.' }),
    to: t.field({ type: 'Date', description: 'Meetups on or before this day.' }),
    company: t.string({ description: 'Company slug.' }),
  }),
});

const CompanySponsorshipsConnection = builder.connectionObject({
  type: SponsorshipRef,
  name: 'CompanySponsorshipsConnection',
});

builder.objectField(CompanyRef, 'sponsorships', (t) =>
  t.loadable({
    type: CompanySponsorshipsConnection,
    description: 'The meetups this company sponsored, oldest first unless ordered otherwise.',
    byPath: true,
    args: { ...t.arg.connectionArgs(), orderBy: t.arg({ type: SponsorshipOrder }) },
    load: nestedConnection((context, args) => ({
      name: 'company:sponsorships',
      counts: (companyIds) => sponsorshipCountsByCompanyIds(context.db, companyIds),
      fetch: async (windows) =>
        withEventsPrimed(
          context,
          await sponsorshipsPageByCompanyIds(context.db, windows, args.orderBy?.direction ?? 'ASC'),
        ),
      ownerOf: (row) => row.company_id,
    })),
    resolve: (company) => company.id,
  }),
);

builder.queryField('sponsorships', (t) =>
  t.connection({
    type: SponsorshipRef,
    description: 'Sponsorships, newest meetup first unless ordered otherwise.',
    args: { filter: t.arg({ type: SponsorshipFilter }), orderBy: t.arg({ type: SponsorshipOrder }) },
    resolve: (_root, args, context) => {
      const filter = args.filter ?? {};
      const direction = args.orderBy?.direction ?? 'DESC';
      return resolveConnection(
        args,
        (offset, limit) => listSponsorships(context.db, filter, direction, offset, limit),
        () => countSponsorships(context.db, filter),
      );
    },
  }),
);
