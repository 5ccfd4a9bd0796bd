import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { badUserInput } from '../../graphql/errors.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { primeLoader, requestLoader } from '../../graphql/loaders.ts';
import { CompanyRef } from '../company/company.graphql.ts';
import {
  type Range,
  type SpeakerCompanyCount,
  type SponsorCount,
  type StatsPart,
  type StatsValue,
  type StatsValues,
  statsOf,
  type Totals,
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

const CompanyCountRef = builder.objectRef<SponsorCount>('CompanySponsorCount');
CompanyCountRef.implement({
  fields: (t) => ({
    company: t.field({ type: CompanyRef, resolve: (row) => row.company_id }),
    count: t.exposeInt('count', { description: 'Meetups sponsored.' }),
  }),
});

const SpeakerCompanyRef = builder.objectRef<SpeakerCompanyCount>('SpeakerCompanyCount');
SpeakerCompanyRef.implement({
  fields: (t) => ({
    company: t.field({ type: CompanyRef, resolve: (row) => row.company_id }),
    talks: t.exposeInt('talks', { description: 'Talks by speakers billed with the company.' }),
    speakers: t.exposeInt('speakers', { description: 'Distinct speakers billed with it.' }),
  }),
});

/** The kinds of part, in the order a statement computes them. */
const KINDS: readonly StatsPart['kind'][] = ['totals', 'years', 'topSponsors', 'topSpeakerCompanies'];

/**
 * The parts a statement computes for the keys of one range: one per kind
 * asked, in a fixed order, a top list with the largest limit asked of it
 * (each key is served its own limit's head of it). So a statement's text
 * depends only on which kinds are asked, whatever limits and aliases a
 * client sends.
 */
function partsFor(asked: readonly StatsPart[]): StatsPart[] {
  return KINDS.flatMap((kind): StatsPart[] => {
    const ofKind = asked.filter((part) => part.kind === kind);
    if (ofKind.length === 0) return [];
    if (kind === 'totals' || kind === 'years') return [{ kind }];
    const limit = Math.max(...ofKind.map((part) => ('limit' in part ? part.limit : 0)));
    return [{ kind, limit }];
  });
}

/** What one key is served of its kind's value: a top list cut to its own limit. */
function servedPart(part: StatsPart, value: StatsValue): StatsValue {
  return 'limit' in part ? ((value as unknown[]).slice(0, part.limit) as StatsValue) : value;
}

/**
 * Every part of every stats field a request asks for, through one loader: a
 * batch is a statement per range (statsOf). The top lists' companies come
 * with them and go into the Company loader.
 */
async function statsPart<K extends StatsPart['kind']>(
  context: Context,
  range: Range,
  part: Extract<StatsPart, { kind: K }>,
): Promise<StatsValues[K]> {
  const loader = requestLoader<string, StatsValue>(context, 'stats:parts', async (keys) => {
    const asked = keys.map((key) => JSON.parse(key) as { range: Range; part: StatsPart });
    const byRange = new Map<string, { range: Range; parts: StatsPart[] }>();
    for (const { range: r, part: p } of asked) {
      const name = JSON.stringify(r);
      const group = byRange.get(name) ?? { range: r, parts: [] };
      group.parts.push(p);
      byRange.set(name, group);
    }
    const computed = new Map<string, Map<StatsPart['kind'], StatsValue>>();
    await Promise.all(
      [...byRange].map(async ([name, group]) => {
        const parts = partsFor(group.parts);
        const values = await statsOf(context.db, group.range, parts);
        const byKind = new Map<StatsPart['kind'], StatsValue>();
        parts.forEach((p, i) => {
          const value = values[i] as StatsValue;
          byKind.set(p.kind, value);
          if (p.kind === 'topSponsors' || p.kind === 'topSpeakerCompanies') {
            const rows = value as (SponsorCount | SpeakerCompanyCount)[];
            primeLoader(
              CompanyRef.getDataloader(context),
              rows.map((row) => row.company),
            );
          }
        });
        computed.set(name, byKind);
      }),
    );
    return asked.map(({ range: r, part: p }) =>
      servedPart(p, computed.get(JSON.stringify(r))?.get(p.kind) as StatsValue),
    );
  });
  return (await loader.load(JSON.stringify({ range: { from: range.from, to: range.to }, part }))) as StatsValues[K];
}

const StatsRef = builder.objectRef<Range>('Stats');
StatsRef.implement({
  description: 'Numbers for dashboards, over the held meetups between from and to (all when absent).',
  fields: (t) => ({
    from: t.field({ type: 'Date', nullable: true, resolve: (range) => range.from }),
    to: t.field({ type: 'Date', nullable: true, resolve: (range) => range.to }),
    totals: t.field({
      type: TotalsRef,
      resolve: (range, _args, context) => statsPart(context, range, { kind: 'totals' }),
    }),
    years: t.field({
      type: [YearRef],
      description: `One entry per calendar year with a held meetup, oldest first (the latest ${MAX_YEARS}).`,
      extensions: maxItems(MAX_YEARS),
      resolve: async (range, _args, context) => (await statsPart(context, range, { kind: 'years' })).slice(-MAX_YEARS),
    }),
    topSponsors: t.field({
      type: [CompanyCountRef],
      description: 'Sponsors by meetups sponsored, most first.',
      extensions: maxItems(topLimit),
      args: { limit: t.arg.int({ defaultValue: 10, required: true }) },
      resolve: (range, args, context) =>
        statsPart(context, range, { kind: 'topSponsors', limit: checkLimit(args.limit) }),
    }),
    topSpeakerCompanies: t.field({
      type: [SpeakerCompanyRef],
      description: 'Companies by talks their people gave (as billed at the time), most first.',
      extensions: maxItems(topLimit),
      args: { limit: t.arg.int({ defaultValue: 10, required: true }) },
      resolve: (range, args, context) =>
        statsPart(context, range, { kind: 'topSpeakerCompanies', limit: checkLimit(args.limit) }),
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
