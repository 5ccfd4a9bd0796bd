import { builder } from '../../graphql/builder.ts';
import { badUserInput } from '../../graphql/errors.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { CompanyRef } from '../company/company.graphql.ts';
import {
  perYear,
  type Range,
  type Totals,
  topSpeakerCompanies,
  topSponsors,
  totals,
  type YearRow,
} from './stats.repository.ts';

const MAX_TOP = 100;
/** Calendar years listed per stats range. */
const MAX_YEARS = 200;
/** A top list is as long as its `limit` (checked against MAX_TOP when it resolves). */
const topLimit = (args: Record<string, unknown>) =>
  typeof args.limit === 'number' ? Math.min(args.limit, MAX_TOP) : MAX_TOP;

const TotalsRef = builder.objectRef<Totals>('StatsTotals');
TotalsRef.implement({
  description: 'Totals over the held meetups of the range.',
  fields: (t) => ({
    meetups: t.exposeInt('meetups'),
    talks: t.exposeInt('talks'),
    speakers: t.exposeInt('speakers', { description: 'Distinct people who gave a talk.' }),
    companies: t.exposeInt('companies', {
      description: 'Distinct companies that sponsored, or that a speaker or host was billed with.',
    }),
    sponsors: t.exposeInt('sponsors', { description: 'Distinct sponsoring companies.' }),
  }),
});

const YearRef = builder.objectRef<YearRow>('YearStats');
YearRef.implement({
  fields: (t) => ({
    year: t.exposeInt('year'),
    meetups: t.exposeInt('meetups'),
    talks: t.exposeInt('talks'),
    speakers: t.exposeInt('speakers', { description: 'Distinct speakers that year.' }),
    firstTimeSpeakers: t.exposeInt('first_time_speakers', {
      description: 'Speakers whose first talk ever was that year.',
    }),
    sponsors: t.exposeInt('sponsors', { description: 'Distinct sponsors that year.' }),
  }),
});

const CompanyCountRef = builder.objectRef<{ company_id: number; count: number }>('CompanySponsorCount');
CompanyCountRef.implement({
  fields: (t) => ({
    company: t.field({ type: CompanyRef, resolve: (row) => row.company_id }),
    count: t.exposeInt('count', { description: 'Meetups sponsored.' }),
  }),
});

const SpeakerCompanyRef = builder.objectRef<{ company_id: number; talks: number; speakers: number }>(
  'SpeakerCompanyCount',
);
SpeakerCompanyRef.implement({
  fields: (t) => ({
    company: t.field({ type: CompanyRef, resolve: (row) => row.company_id }),
    talks: t.exposeInt('talks', { description: 'Talks by speakers billed with the company.' }),
    speakers: t.exposeInt('speakers', { description: 'Distinct speakers billed with it.' }),
  }),
});

const StatsRef = builder.objectRef<Range>('Stats');
StatsRef.implement({
  description: 'Numbers for dashboards, over the held meetups between from and to (all when absent).',
  fields: (t) => ({
    from: t.field({ type: 'Date', nullable: true, resolve: (range) => range.from }),
    to: t.field({ type: 'Date', nullable: true, resolve: (range) => range.to }),
    totals: t.field({ type: TotalsRef, resolve: (range, _args, context) => totals(context.db, range) }),
    years: t.field({
      type: [YearRef],
      description: `One entry per calendar year with a held meetup, oldest first (the latest ${MAX_YEARS}).`,
      extensions: maxItems(MAX_YEARS),
      resolve: async (range, _args, context) => (await perYear(context.db, range)).slice(-MAX_YEARS),
    }),
    topSponsors: t.field({
      type: [CompanyCountRef],
      description: 'Sponsors by meetups sponsored, most first.',
      extensions: maxItems(topLimit),
      args: { limit: t.arg.int({ defaultValue: 10, required: true }) },
      resolve: (range, args, context) => topSponsors(context.db, range, checkLimit(args.limit)),
    }),
    topSpeakerCompanies: t.field({
      type: [SpeakerCompanyRef],
      description: 'Companies by talks their people gave (as billed at the time), most first.',
      extensions: maxItems(topLimit),
      args: { limit: t.arg.int({ defaultValue: 10, required: true }) },
      resolve: (range, args, context) => topSpeakerCompanies(context.db, range, checkLimit(args.limit)),
    }),
  }),
});

function checkLimit(limit: number): number {
  if (limit < 1 || limit > MAX_TOP)
    throw badUserInput(`Argument "limit" must be between 1 and ${MAX_TOP}, got ${limit}`, 'limit');
  return limit;
}

builder.queryField('stats', (t) =>
  t.field({
    type: StatsRef,
    description: 'Totals, per-year series and top lists, over an optional date range.',
    args: { from: t.arg({ type: 'Date' }), to: t.arg({ type: 'Date' }) },
    resolve: (_root, args) => {
      if (args.from && args.to && args.from > args.to) {
        throw badUserInput(`Argument "from" (${args.from}) must not be after "to" (${args.to})`, 'from');
      }
      return { from: args.from ?? null, to: args.to ?? null };
    },
  }),
);
