import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { badUserInput } from '../../graphql/errors.ts';
import { maxItems } from '../../graphql/list-bounds.ts';
import { primeLoader, requestLoader } from '../../graphql/loaders.ts';
import { CompanyRef } from '../company/company.graphql.ts';
import { SERVED_LIST_BOUNDS } from '../content-bounds.ts';
import { EventRef } from '../event/event.graphql.ts';
import {
  type Granularity,
  MAX_PERIODS,
  maxPeriodsOf,
  type Period,
  periodCount,
  periodOf,
  periodsBetween,
} from './periods.ts';
import {
  type PeriodArgs,
  type SponsorshipSummary,
  type Streak,
  sponsorDashboard,
  sponsorshipStats,
} from './timeline.repository.ts';

export const TimeGranularity = builder.enumType('TimeGranularity', {
  values: {
    YEAR: { description: 'Calendar years, "2019".' },
    QUARTER: { description: 'Calendar quarters, "2019-Q3".' },
    MONTH: { description: 'Calendar months, "2019-07".' },
  },
});

const NO_BOUNDS = { first: null, last: null };

/** Validates a timeline's range and returns its periods; `held` bounds the range from/to leave open. */
function timelinePeriods(
  granularity: Granularity,
  from: string | null | undefined,
  to: string | null | undefined,
  held: { first: string | null; last: string | null },
): Period[] {
  const start = from ?? held.first;
  const end = to ?? held.last;
  if (!start || !end) return [];
  if (start > end) throw badUserInput(`Argument "from" (${start}) must not be after "to" (${end})`, 'from');
  const count = periodCount(start, end, granularity);
  if (count > MAX_PERIODS) {
    throw badUserInput(
      `The range spans ${count} ${granularity.toLowerCase()} periods; a timeline may have at most ${MAX_PERIODS}`,
      'from',
    );
  }
  return periodsBetween(start, end, granularity);
}

interface TimelineArgs {
  granularity: Granularity;
  from?: string | null;
  to?: string | null;
}

/**
 * Checks a range given in full before any statement runs, and returns what
 * to count: the meetups of the periods holding from and to (a missing bound
 * is the first or the last held meetup, so needs none).
 */
function periodArgs(args: TimelineArgs): PeriodArgs {
  if (args.from && args.to) timelinePeriods(args.granularity, args.from, args.to, NO_BOUNDS);
  return {
    granularity: args.granularity,
    from: args.from ? periodOf(args.from, args.granularity).start : null,
    to: args.to ? periodOf(args.to, args.granularity).end : null,
  };
}

/** Period key of a period named by its first day. */
function periodKey(start: string, granularity: Granularity): string {
  return periodOf(start, granularity).period;
}

interface CountsByPeriod {
  first: string | null;
  last: string | null;
  /** Held meetups per period key. */
  events: Map<string, number>;
  /** Of those, how many the company sponsored. */
  sponsored: Map<string, number>;
}

/** A summary, or a timeline with its arguments; as a loader key, JSON. */
type StatsKey = ['summary', number] | ['timeline', number, PeriodArgs];
type Stats = SponsorshipSummary | null | CountsByPeriod;

/**
 * Summaries and timelines share one loader: every one of a request (any
 * company, any timeline arguments) is a key, and a batch is one statement.
 * The meetups a summary names come with it and go into the Event loader, so
 * resolving them runs no statement.
 */
function statsLoader(context: Context) {
  return requestLoader<string, Stats>(context, 'timeline:stats', async (keys) => {
    const requests = keys.map((key) => JSON.parse(key) as StatsKey);
    const sets = new Map<string, PeriodArgs>();
    for (const request of requests) if (request[0] === 'timeline') sets.set(JSON.stringify(request[2]), request[2]);
    const setList = [...sets.values()];
    const stats = await sponsorshipStats(context.db, {
      summaries: requests.filter((r) => r[0] === 'summary').map((r) => r[1]),
      timelines: [...new Set(requests.filter((r) => r[0] === 'timeline').map((r) => r[1]))],
      sets: setList,
    });

    const summaries = new Map<number, SponsorshipSummary>();
    for (const { companyId, events: named, ...summary } of stats.summaries) {
      primeLoader(EventRef.getDataloader(context), named);
      summaries.set(companyId, summary);
    }

    const granularityOf = (k: number) => setList[k - 1]?.granularity ?? 'YEAR';
    const held = new Map(setList.map((_, i) => [i + 1, new Map<string, number>()]));
    for (const [k, start, n] of stats.held) held.get(k)?.set(periodKey(start, granularityOf(k)), n);
    const sponsored = new Map<string, Map<string, number>>();
    for (const [k, companyId, start, n] of stats.sponsored) {
      const counts = sponsored.get(`${k} ${companyId}`) ?? new Map<string, number>();
      counts.set(periodKey(start, granularityOf(k)), n);
      sponsored.set(`${k} ${companyId}`, counts);
    }
    const setIndex = new Map([...sets.keys()].map((key, i) => [key, i + 1]));

    return requests.map((request): Stats => {
      if (request[0] === 'summary') return summaries.get(request[1]) ?? null;
      const k = setIndex.get(JSON.stringify(request[2])) ?? 0;
      return {
        first: stats.first_held,
        last: stats.last_held,
        events: held.get(k) ?? new Map(),
        sponsored: sponsored.get(`${k} ${request[1]}`) ?? new Map(),
      };
    });
  });
}

async function sponsorshipSummary(context: Context, companyId: number): Promise<SponsorshipSummary | null> {
  const key: StatsKey = ['summary', companyId];
  return (await statsLoader(context).load(JSON.stringify(key))) as SponsorshipSummary | null;
}

async function companyTimeline(context: Context, companyId: number, args: TimelineArgs): Promise<CountsByPeriod> {
  const key: StatsKey = ['timeline', companyId, periodArgs(args)];
  return (await statsLoader(context).load(JSON.stringify(key))) as CountsByPeriod;
}

const StreakRef = builder.objectRef<Streak>('SponsorshipStreak');
StreakRef.implement({
  description: 'A run of consecutive held meetups of one series that the company sponsored.',
  fields: (t) => ({
    length: t.exposeInt('length'),
    start: t.field({ type: EventRef, resolve: (streak) => streak.startId }),
    end: t.field({ type: EventRef, resolve: (streak) => streak.endId }),
  }),
});

const SummaryRef = builder.objectRef<SponsorshipSummary>('SponsorshipSummary');
SummaryRef.implement({
  description: "A sponsor's record at a glance.",
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'Held meetups sponsored.' }),
    firstEvent: t.field({ type: EventRef, resolve: (summary) => summary.firstEventId }),
    lastEvent: t.field({ type: EventRef, resolve: (summary) => summary.lastEventId }),
    longestStreak: t.field({
      type: StreakRef,
      description: 'The longest run of consecutive held meetups sponsored (the earliest, on a tie).',
      resolve: (summary) => summary.longestStreak,
    }),
    currentStreak: t.exposeInt('currentStreak', {
      description: "The run ending at the series' latest held meetup; 0 if it did not sponsor that one.",
    }),
  }),
});

const SponsorshipPeriodRef = builder.objectRef<Period & { events: number; sponsored: number }>('SponsorshipPeriod');
SponsorshipPeriodRef.implement({
  description: 'One period of a sponsor timeline.',
  fields: (t) => ({
    period: t.exposeString('period', { description: '"2019", "2019-Q3" or "2019-07".' }),
    start: t.field({ type: 'Date', resolve: (p) => p.start }),
    end: t.field({ type: 'Date', resolve: (p) => p.end }),
    events: t.exposeInt('events', { description: 'Meetups held in the period.' }),
    sponsored: t.exposeInt('sponsored', { description: 'Of those, how many this company sponsored.' }),
  }),
});

builder.objectFields(CompanyRef, (t) => ({
  sponsorshipSummary: t.field({
    type: SummaryRef,
    nullable: true,
    description: 'Count, first and last meetup, streaks; null if the company never sponsored.',
    resolve: (company, _args, context) => sponsorshipSummary(context, company.id),
  }),
  sponsorshipTimeline: t.field({
    type: [SponsorshipPeriodRef],
    description:
      'One entry per period from the first to the last held meetup (or from/to), periods without meetups or ' +
      'sponsorship included. At most 1,200 periods.',
    extensions: maxItems(maxPeriodsOf),
    args: {
      granularity: t.arg({ type: TimeGranularity, defaultValue: 'YEAR', required: true }),
      from: t.arg({ type: 'Date' }),
      to: t.arg({ type: 'Date' }),
    },
    resolve: async (company, args, context) => {
      const counts = await companyTimeline(context, company.id, args);
      return timelinePeriods(args.granularity, args.from, args.to, counts).map((p) => ({
        ...p,
        events: counts.events.get(p.period) ?? 0,
        sponsored: counts.sponsored.get(p.period) ?? 0,
      }));
    },
  }),
}));

const SponsorCountRef = builder.objectRef<{ companyId: number; count: number }>('SponsorCount');
SponsorCountRef.implement({
  fields: (t) => ({
    company: t.field({ type: CompanyRef, resolve: (row) => row.companyId }),
    count: t.exposeInt('count', { description: 'Meetups sponsored in the period.' }),
  }),
});

const SponsorTimelinePeriodRef = builder.objectRef<
  Period & { events: number; sponsors: { companyId: number; count: number }[] }
>('SponsorTimelinePeriod');
SponsorTimelinePeriodRef.implement({
  description: 'One period of the sponsor dashboard.',
  fields: (t) => ({
    period: t.exposeString('period'),
    start: t.field({ type: 'Date', resolve: (p) => p.start }),
    end: t.field({ type: 'Date', resolve: (p) => p.end }),
    events: t.exposeInt('events', { description: 'Meetups held in the period.' }),
    sponsors: t.field({
      type: [SponsorCountRef],
      description: `Each sponsor of the period with its count, most first (the first ${SERVED_LIST_BOUNDS.sponsorsPerPeriod}).`,
      extensions: maxItems(SERVED_LIST_BOUNDS.sponsorsPerPeriod),
      resolve: (p) => p.sponsors,
    }),
  }),
});

builder.queryField('sponsorTimeline', (t) =>
  t.field({
    type: [SponsorTimelinePeriodRef],
    description:
      'The dashboard view: per period, the meetups held and who sponsored how many of them. Periods run from the ' +
      'first to the last held meetup (or from/to), empty ones included; at most 1,200.',
    extensions: maxItems(maxPeriodsOf),
    args: {
      granularity: t.arg({ type: TimeGranularity, required: true }),
      from: t.arg({ type: 'Date' }),
      to: t.arg({ type: 'Date' }),
    },
    resolve: async (_root, args, context) => {
      const { granularity } = args;
      const rows = await sponsorDashboard(context.db, periodArgs(args));
      const periods = timelinePeriods(granularity, args.from, args.to, {
        first: rows.first_held,
        last: rows.last_held,
      });
      const events = new Map(rows.held.map(([start, n]) => [periodKey(start, granularity), n]));
      const byPeriod = new Map<string, { companyId: number; count: number }[]>();
      for (const [start, companyId, count] of rows.sponsors) {
        const key = periodKey(start, granularity);
        const list = byPeriod.get(key);
        if (list) list.push({ companyId, count });
        else byPeriod.set(key, [{ companyId, count }]);
      }
      return periods.map((p) => ({
        ...p,
        events: events.get(p.period) ?? 0,
        sponsors: (byPeriod.get(p.period) ?? [])
          // Most first; equal counts by id, so the order is stable.
          .sort((a, b) => b.count - a.count || a.companyId - b.companyId)
          .slice(0, SERVED_LIST_BOUNDS.sponsorsPerPeriod),
      }));
    },
  }),
);
