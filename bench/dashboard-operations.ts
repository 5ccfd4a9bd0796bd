import { contractOperation } from './operations.ts';

// What a sponsor dashboard sends: the contract's SponsorTimeline (one
// sponsor's history) and SponsorDashboard (every sponsor per period), and the
// stats panel, each with a handful of variable sets that it polls again and
// again. Also the writes interleaved into the mix (a curator adding and
// removing a sponsorship) and PostGraphile's documents for the same rows.

export type DashboardOp = 'SponsorTimeline' | 'SponsorDashboard' | 'Stats';

/** One variable set a dashboard polls: an operation and its variables. */
export interface PollSet {
  key: string;
  op: DashboardOp;
  variables: Record<string, unknown>;
  /** Share of the reads (weights, summed over the sets). */
  weight: number;
  /** The company it is about (SponsorTimeline) or the date range it covers (the others; null ends: open). */
  company?: string;
  from?: string | null;
  to?: string | null;
}

export const STATS = `query DashboardStats($from: Date, $to: Date) {
  stats(from: $from, to: $to) {
    from
    to
    totals { meetups talks speakers sponsors companies }
    topSponsors(limit: 10) { company { slug name } count }
    topSpeakerCompanies(limit: 10) { company { slug name } talks speakers }
    years { year meetups talks speakers sponsors firstTimeSpeakers }
  }
}`;

export function dashboardDocuments(): Record<DashboardOp, string> {
  return {
    SponsorTimeline: contractOperation('sponsor-timeline.graphql', 'SponsorTimeline'),
    SponsorDashboard: contractOperation('sponsor-timeline.graphql', 'SponsorDashboard'),
    Stats: STATS,
  };
}

/**
 * The variable sets: three sponsors' timelines by year and by quarter, the
 * all-time yearly dashboard, the last two calendar years by quarter and the
 * last one by month, and the stats over everything and over the last year.
 * Ranges are whole years, as a dashboard's period picker sends them.
 * `lastDate` is the date of the latest held meetup.
 */
export function pollSets(sponsors: readonly string[], lastDate: string): PollSet[] {
  const year = Number(lastDate.slice(0, 4));
  const lastYear = `${year}-01-01`;
  const end = `${year}-12-31`;
  const sets: PollSet[] = [];
  for (const company of sponsors.slice(0, 3)) {
    for (const granularity of ['YEAR', 'QUARTER'] as const) {
      sets.push({
        key: `timeline ${company} ${granularity}`,
        op: 'SponsorTimeline',
        variables: { slug: company, granularity },
        weight: 40 / 6,
        company,
      });
    }
  }
  const dashboard = (granularity: string, from: string | null, weight: number) =>
    sets.push({
      key: `dashboard ${granularity} ${from ?? 'all'}`,
      op: 'SponsorDashboard',
      variables: from ? { granularity, from, to: end } : { granularity },
      weight,
      from,
      to: from ? end : null,
    });
  dashboard('YEAR', null, 15);
  dashboard('QUARTER', `${year - 1}-01-01`, 12);
  dashboard('MONTH', lastYear, 8);
  for (const from of [null, lastYear]) {
    sets.push({
      key: `stats ${from ?? 'all'}`,
      op: 'Stats',
      variables: from ? { from, to: end } : {},
      weight: 12.5,
      from,
      to: from ? end : null,
    });
  }
  return sets;
}

/** Whether a write of a sponsorship of `company` at a meetup on `date` can change what the set answers. */
export function dependsOn(set: PollSet, company: string, date: string): boolean {
  if (set.op === 'SponsorTimeline') return set.company === company;
  return (set.from == null || set.from <= date) && (set.to == null || date <= set.to);
}

export const CREATE_SPONSORSHIP = `mutation DashboardWrite($company: ID!, $event: ID!) {
  createSponsorship(input: { company: $company, event: $event, role: "dashboard-bench" }) {
    __typename
    ... on SponsorshipPayload { sponsorship { id } }
    ... on Error { message }
  }
}`;

export const DELETE_SPONSORSHIP = `mutation DashboardUndo($id: ID!) {
  deleteSponsorship(input: { id: $id }) {
    __typename
    ... on DeletePayload { deletedId }
    ... on Error { message }
  }
}`;

export const IDS = `query DashboardIds($company: String!, $event: String!) {
  company(slug: $company) { id }
  event(slug: $event) { id }
}`;
