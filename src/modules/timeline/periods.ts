import { MEETUP_DATES } from '../content-bounds.ts';

// Calendar periods for timelines. Pure functions on YYYY-MM-DD strings (no
// time zones involved: a meetup's date is a calendar day).

export type Granularity = 'YEAR' | 'QUARTER' | 'MONTH';

export interface Period {
  /** "2019", "2019-Q3" or "2019-07". */
  period: string;
  start: string;
  end: string;
}

/** The most periods one timeline may span (a century of months). */
export const MAX_PERIODS = 1200;

const pad = (n: number) => String(n).padStart(2, '0');

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function periodAt(year: number, index: number, granularity: Granularity): Period {
  if (granularity === 'YEAR') return { period: String(year), start: `${year}-01-01`, end: `${year}-12-31` };
  if (granularity === 'QUARTER') {
    const first = index * 3 + 1;
    const last = first + 2;
    return {
      period: `${year}-Q${index + 1}`,
      start: `${year}-${pad(first)}-01`,
      end: `${year}-${pad(last)}-${pad(lastDay(year, last))}`,
    };
  }
  const month = index + 1;
  return {
    period: `${year}-${pad(month)}`,
    start: `${year}-${pad(month)}-01`,
    end: `${year}-${pad(month)}-${pad(lastDay(year, month))}`,
  };
}

function indexOf(date: string, granularity: Granularity): { year: number; index: number } {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  if (granularity === 'YEAR') return { year, index: 0 };
  if (granularity === 'QUARTER') return { year, index: Math.floor((month - 1) / 3) };
  return { year, index: month - 1 };
}

export function periodOf(date: string, granularity: Granularity): Period {
  const { year, index } = indexOf(date, granularity);
  return periodAt(year, index, granularity);
}

/** How many periods from the one holding `from` to the one holding `to`, both included. */
export function periodCount(from: string, to: string, granularity: Granularity): number {
  const a = indexOf(from, granularity);
  const b = indexOf(to, granularity);
  const perYear = granularity === 'YEAR' ? 1 : granularity === 'QUARTER' ? 4 : 12;
  return (b.year - a.year) * perYear + (b.index - a.index) + 1;
}

/** Every period from the one holding `from` to the one holding `to`, empty ones included. */
export function periodsBetween(from: string, to: string, granularity: Granularity): Period[] {
  const perYear = granularity === 'YEAR' ? 1 : granularity === 'QUARTER' ? 4 : 12;
  let { year, index } = indexOf(from, granularity);
  const count = periodCount(from, to, granularity);
  const periods: Period[] = [];
  for (let i = 0; i < count; i += 1) {
    periods.push(periodAt(year, index, granularity));
    index += 1;
    if (index === perYear) {
      index = 0;
      year += 1;
    }
  }
  return periods;
}

const isDay = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The most periods a timeline with these arguments can list: from `from`
 * (or the first held meetup, on or after MEETUP_DATES.first) to `to` (or the
 * last, on or before MEETUP_DATES.last), at most MAX_PERIODS.
 */
export function maxPeriodsOf(args: { granularity?: unknown; from?: unknown; to?: unknown }): number {
  const granularity = (args.granularity ?? 'YEAR') as Granularity;
  const from = isDay(args.from) ? args.from : MEETUP_DATES.first;
  const to = isDay(args.to) ? args.to : MEETUP_DATES.last;
  if (from > to) return 0;
  return Math.min(periodCount(from, to, granularity), MAX_PERIODS);
}
