import { builder } from '../../graphql/builder.ts';
import type { Context } from '../../graphql/context.ts';
import { badUserInput } from '../../graphql/errors.ts';
import { groupByKey, requestLoader } from '../../graphql/loaders.ts';
import { CompanyRef } from '../company/company.graphql.ts';
import { EventRef } from '../event/event.graphql.ts';
import { type Granularity, MAX_PERIODS, type Period, periodCount, periodOf, periodsBetween } from './periods.ts';
import { type HeldEvent, type SponsorshipSummary, type Streak, summarizeSponsorships } from './streaks.ts';
import {
  heldEvents,
  type SponsoredEvent,
  sponsoredEventsByCompanyIds,
  sponsorshipsInRange,
} from './timeline.repository.ts';

export const TimeGranularity = builder.enumType('TimeGranularity', {
  values: {
    YEAR: { description: 'Calendar years, "2019".' },
    QUARTER: { description: 'Calendar quarters, "2019-Q3".' },
    MONTH: { description: 'Calendar months, "2019-07".' },
  },
});

function allHeldEvents(context: Context): Promise<HeldEvent[]> {
  return requestLoader<'all', HeldEvent[]>(context, 'timeline:held-events', async (keys) => {
    const events = await heldEvents(context.db);
    return keys.map(() => events);
  }).load('all');
}

function sponsoredEvents(context: Context, companyId: number): Promise<SponsoredEvent[]> {
  return requestLoader<number, SponsoredEvent[]>(context, 'timeline:sponsored', async (ids) =>
    groupByKey(ids, await sponsoredEventsByCompanyIds(context.db, ids), (row) => row.company_id),
  ).load(companyId);
}

/** Validates a timeline's range and returns its periods. */
function timelinePeriods(
  granularity: Granularity,
  from: string | null | undefined,
  to: string | null | undefined,
  held: readonly HeldEvent[],
): Period[] {
  const start = from ?? held[0]?.date;
  const end = to ?? held.at(-1)?.date;
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

function countByPeriod(dates: readonly string[], granularity: Granularity): Map<string, number> {
  const counts = new Map<string, number>();
  for (const date of dates) {
    const key = periodOf(date, granularity).period;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
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
    resolve: async (company, _args, context) => {
      const [held, sponsored] = await Promise.all([allHeldEvents(context), sponsoredEvents(context, company.id)]);
      const series = new Set(sponsored.map((row) => row.series_id));
      return summarizeSponsorships(
        held.filter((event) => series.has(event.series_id)),
        new Set(sponsored.map((row) => row.event_id)),
      );
    },
  }),
  sponsorshipTimeline: t.field({
    type: [SponsorshipPeriodRef],
    description:
      'One entry per period from the first to the last held meetup (or from/to), periods without meetups or ' +
      'sponsorship included. At most 1,200 periods.',
    args: {
      granularity: t.arg({ type: TimeGranularity, defaultValue: 'YEAR', required: true }),
      from: t.arg({ type: 'Date' }),
      to: t.arg({ type: 'Date' }),
    },
    resolve: async (company, args, context) => {
      const [held, sponsored] = await Promise.all([allHeldEvents(context), sponsoredEvents(context, company.id)]);
      const periods = timelinePeriods(args.granularity, args.from, args.to, held);
      const events = countByPeriod(
        held.map((e) => e.date),
        args.granularity,
      );
      const mine = countByPeriod(
        sponsored.map((e) => e.date),
        args.granularity,
      );
      return periods.map((p) => ({ ...p, events: events.get(p.period) ?? 0, sponsored: mine.get(p.period) ?? 0 }));
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
      description: 'Each sponsor of the period with its count, most first.',
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
    args: {
      granularity: t.arg({ type: TimeGranularity, required: true }),
      from: t.arg({ type: 'Date' }),
      to: t.arg({ type: 'Date' }),
    },
    resolve: async (_root, args, context) => {
      const held = await allHeldEvents(context);
      const periods = timelinePeriods(args.granularity, args.from, args.to, held);
      const first = periods[0];
      const last = periods.at(-1);
      if (!first || !last) return [];
      const events = countByPeriod(
        held.map((e) => e.date),
        args.granularity,
      );
      const pairs = await sponsorshipsInRange(context.db, first.start, last.end);
      const byPeriod = new Map<string, Map<number, number>>();
      for (const pair of pairs) {
        const key = periodOf(pair.date, args.granularity).period;
        const counts = byPeriod.get(key) ?? new Map<number, number>();
        counts.set(pair.company_id, (counts.get(pair.company_id) ?? 0) + 1);
        byPeriod.set(key, counts);
      }
      return periods.map((p) => ({
        ...p,
        events: events.get(p.period) ?? 0,
        sponsors: [...(byPeriod.get(p.period) ?? new Map<number, number>()).entries()]
          .map(([companyId, count]) => ({ companyId, count }))
          // Most first; equal counts by id, so the order is stable.
          .sort((a, b) => b.count - a.count || a.companyId - b.companyId),
      }));
    },
  }),
);
