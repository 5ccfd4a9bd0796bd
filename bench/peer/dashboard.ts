import { firstDifference } from '../compare.ts';
import type { DashboardOp, PollSet } from '../dashboard-operations.ts';

// PostGraphile's documents for the dashboard mix. It has no timelines,
// streaks or stats: each document fetches the rows those are made of (a
// sponsor's sponsorships with their meetups; the held meetups of the range
// with their sponsors and talk counts), and `peerDifference` derives from
// them what can be compared with the service's answer. The per-period
// meetup counts of a sponsor's timeline would need every meetup's date too;
// the peer is not asked for them (which only makes its work lighter).

type Json = Record<string, unknown>;
const o = (value: unknown) => (value ?? {}) as Json;
const list = (connection: unknown) => ((o(connection).nodes ?? []) as unknown[]).map(o);

const COMPANY_SPONSORSHIPS = `query SponsorTimeline($slug: String!) {
  company: companyBySlug(slug: $slug) {
    slug name website
    sponsorships: sponsorshipsByCompanyId {
      totalCount
      nodes { event: eventByEventId { slug date status } }
    }
  }
}`;

const HELD_EVENTS = `query SponsorDashboard($filter: EventFilter!) {
  events: allEvents(filter: $filter, orderBy: [DATE_ASC]) {
    totalCount
    nodes {
      date
      sponsorships: sponsorshipsByEventId { nodes { company: companyByCompanyId { slug name } } }
      talks: talksByEventId { totalCount }
    }
  }
}`;

function eventFilter(set: PollSet): Json {
  const date: Json = {};
  if (set.from) date.greaterThanOrEqualTo = set.from;
  if (set.to) date.lessThanOrEqualTo = set.to;
  return { status: { equalTo: 'HELD' }, ...(Object.keys(date).length ? { date } : {}) };
}

/** The peer's request for a poll set. */
export function peerDashboardRequest(set: PollSet): {
  operationName: string;
  query: string;
  variables: Json;
} {
  if (set.op === 'SponsorTimeline')
    return { operationName: 'SponsorTimeline', query: COMPANY_SPONSORSHIPS, variables: { slug: set.company } };
  return { operationName: 'SponsorDashboard', query: HELD_EVENTS, variables: { filter: eventFilter(set) } };
}

function periodOf(date: string, granularity: string): string {
  if (granularity === 'YEAR') return date.slice(0, 4);
  if (granularity === 'MONTH') return date.slice(0, 7);
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

const bySlug = (a: Json, b: Json) => String(a.slug).localeCompare(String(b.slug));
const byDate = (a: Json, b: Json) => String(a.date).localeCompare(String(b.date)) || bySlug(a, b);

/** The service lists this many sponsors per period, most first (SERVED_LIST_BOUNDS.sponsorsPerPeriod). */
const SPONSORS_PER_PERIOD = 40;

/** What both answers of a poll set must agree on, from the service's answer and from the peer's. */
function comparableParts(op: DashboardOp, set: PollSet, service: Json, peer: Json): [unknown, unknown] {
  if (op === 'SponsorTimeline') {
    const company = o(service.company);
    const theirs = o(peer.company);
    const rows = list(theirs.sponsorships).map((s) => o(s.event));
    const held = new Set(rows.filter((e) => e.status === 'HELD').map((e) => e.slug));
    const firstHundred = rows
      .map((e) => ({ slug: e.slug, date: e.date }))
      .sort(byDate)
      .slice(0, 100);
    return [
      {
        slug: company.slug,
        name: company.name,
        website: company.website,
        totalCount: o(company.sponsorships).totalCount,
        // Meetups of one day (two series) may come in either order.
        events: list(company.sponsorships)
          .map((s) => o(s.event))
          .sort(byDate),
        sponsoredMeetups: o(company.sponsorshipSummary).count,
      },
      {
        slug: theirs.slug,
        name: theirs.name,
        website: theirs.website,
        totalCount: o(theirs.sponsorships).totalCount,
        events: firstHundred,
        sponsoredMeetups: held.size,
      },
    ];
  }
  const events = list(peer.events);
  if (op === 'Stats') {
    const totals = o(o(service.stats).totals);
    const sponsors = new Set(events.flatMap((e) => list(e.sponsorships).map((s) => o(s.company).slug)));
    return [
      { meetups: totals.meetups, talks: totals.talks, sponsors: totals.sponsors },
      {
        meetups: o(peer.events).totalCount,
        talks: events.reduce((n, e) => n + Number(o(e.talks).totalCount), 0),
        sponsors: sponsors.size,
      },
    ];
  }
  // SponsorDashboard: per period with meetups, how many, and each sponsor's count of meetups, for the
  // sponsors the service lists (the first 40, most first: the peer's counts must rank them first).
  const granularity = String(set.variables.granularity);
  const periods = new Map<string, { events: number; sponsors: Map<string, Json & { count: number }> }>();
  for (const event of events) {
    const key = periodOf(String(event.date), granularity);
    const period = periods.get(key) ?? { events: 0, sponsors: new Map() };
    period.events += 1;
    const seen = new Set<string>();
    for (const s of list(event.sponsorships)) {
      const company = o(s.company);
      const slug = String(company.slug);
      if (seen.has(slug)) continue;
      seen.add(slug);
      const entry = period.sponsors.get(slug) ?? { slug, name: company.name, count: 0 };
      entry.count += 1;
      period.sponsors.set(slug, entry);
    }
    periods.set(key, period);
  }
  const mine = (service.sponsorTimeline as Json[])
    .filter((p) => Number(p.events) > 0)
    .map((p) => ({
      period: p.period,
      events: p.events,
      sponsors: (p.sponsors as Json[])
        .map((s) => ({ slug: o(s.company).slug, name: o(s.company).name, count: s.count }))
        .sort(bySlug),
    }));
  const theirs = [...periods].map(([period, p]) => {
    const listed = new Set(mine.find((m) => m.period === period)?.sponsors.map((s) => s.slug) ?? ([] as unknown[]));
    const all = [...p.sponsors.values()];
    const shown = all.filter((s) => listed.has(s.slug));
    const lowestShown = Math.min(...shown.map((s) => s.count));
    const rankedFirst = all.every((s) => listed.has(s.slug) || s.count <= lowestShown);
    return {
      period,
      events: p.events,
      sponsors: shown.length === Math.min(all.length, SPONSORS_PER_PERIOD) && rankedFirst ? shown.sort(bySlug) : all,
    };
  });
  return [mine, theirs];
}

/** Null when the peer's answer carries the same data as the service's; else the first difference. */
export function peerDifference(set: PollSet, service: Json, peer: Json): string | null {
  const [a, b] = comparableParts(set.op, set, service, peer);
  return firstDifference(a, b);
}
