// How much one meetup can hold. The writes enforce these (mutations and
// imports alike) and the query cost estimate relies on them: a list the
// schema serves whole is only as long as its bound. Real roundups stay far
// below (at most 4 talks, 2 speakers a talk, 9 sponsors a meetup so far).

export const CONTENT_BOUNDS = {
  talksPerEvent: 20,
  speakersPerTalk: 10,
  takeawaysPerTalk: 50,
  hostsPerEvent: 10,
  sponsorshipsPerEvent: 30,
  announcedCompaniesPerEvent: 30,
} as const;

/**
 * The days a meetup may fall on. A timeline without from/to runs from the
 * first to the last held meetup, so this bounds its length before any
 * statement runs (130 years, 520 quarters; months stop at 1,200).
 */
export const MEETUP_DATES = { first: '1970-01-01', last: '2099-12-31' } as const;

export function isMeetupDate(date: string): boolean {
  return date >= MEETUP_DATES.first && date <= MEETUP_DATES.last;
}

export const MEETUP_DATE_MESSAGE = `must be between ${MEETUP_DATES.first} and ${MEETUP_DATES.last}`;

/** Why a meetup holding `count` of something cannot take one more, or null when it can. */
export function noRoomFor(count: number, bound: number, what: string): string | null {
  return count >= bound ? `the meetup already has ${count} ${what}, the most one meetup holds` : null;
}

// Lists computed from the whole graph are cut to these lengths where they
// are served (each field's description says so).
export const SERVED_LIST_BOUNDS = {
  /** Employer runs of one person (the most recent ones). */
  affiliationsPerPerson: 100,
  /** Companies that became one company. */
  predecessorsPerCompany: 100,
  /** Meetup series. */
  series: 100,
  /** Sponsors listed per dashboard period (the most frequent). */
  sponsorsPerPeriod: 40,
} as const;
