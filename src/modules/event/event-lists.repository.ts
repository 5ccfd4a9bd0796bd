import type { AliasedRawBuilder, Kysely } from 'kysely';
import { recordKey, shapedStatement } from '../../db/statement-shapes.ts';
import type { Database } from '../../db/types.ts';
import { announcedCompaniesJsonOf, type CompanyNode } from '../company/company.repository.ts';
import { type EmbeddedSponsorship, sponsorshipsJsonOf } from '../sponsorship/sponsorship.repository.ts';
import { type TalkNode, talksJsonOf } from '../talk/talk.repository.ts';
import {
  adjacentJsonOf,
  type EventFilter,
  type EventNode,
  type EventOrder,
  eventBySlugQuery,
  type HostEdge,
  hostsJsonOf,
  listEvents,
} from './event.repository.ts';

// A meetup's 1:n lists (talks with their speakers, hosts, sponsorships,
// announced companies) and
// its neighbours in the series, built as JSON in the meetup's own statement
// when the operation asks for them: an event page or a page of events is one
// statement instead of one per list. Each list has the order and the fields
// of its loader's rows, so the answer is the same either way; lists of
// events that came from elsewhere (a talk's meetup, search results) still
// come through the loaders.

/** Which of the lists to build (from the operation's selection). */
export interface EventLists {
  talks: boolean;
  /** Each talk's speakers (only with `talks`). */
  speakers: boolean;
  hosts: boolean;
  sponsorships: boolean;
  announcedCompanies: boolean;
  /** previousEvent / nextEvent. */
  adjacent: boolean;
}

/** An event row with the lists that were built in its statement (absent: not built). */
export interface EventWithLists extends EventNode {
  talks?: TalkNode[];
  hosts?: HostEdge[];
  sponsorships?: EmbeddedSponsorship[];
  announced_companies?: CompanyNode[];
  previous?: EventNode | null;
  next?: EventNode | null;
}

/** The select-list expressions for the asked lists of the `event` row. */
export function eventListsSelection(lists: EventLists): AliasedRawBuilder<unknown, string>[] {
  const selection: AliasedRawBuilder<unknown, string>[] = [];
  if (lists.talks) selection.push(talksJsonOf('event.id', lists.speakers).as('talks'));
  if (lists.hosts) selection.push(hostsJsonOf('event.id').as('hosts'));
  if (lists.sponsorships) selection.push(sponsorshipsJsonOf('event.id').as('sponsorships'));
  if (lists.announcedCompanies) selection.push(announcedCompaniesJsonOf('event.id').as('announced_companies'));
  if (lists.adjacent) {
    selection.push(adjacentJsonOf('event', 'previous').as('previous'), adjacentJsonOf('event', 'next').as('next'));
  }
  return selection;
}

const eventBySlugStatement = shapedStatement(
  (lists: EventLists) => recordKey({ ...lists }),
  (db, lists, values: { slug: string }) => eventBySlugQuery(db, values.slug, eventListsSelection(lists)),
);

/** The meetup whose slug is `slug` with the asked lists, in one statement (built once per set of lists). */
export async function eventBySlugWithLists(
  db: Kysely<Database>,
  slug: string,
  lists: EventLists,
): Promise<EventWithLists | undefined> {
  return (await eventBySlugStatement(db, lists, { slug })).rows[0] as EventWithLists | undefined;
}

/**
 * A page of meetups with the asked lists, in one statement; with
 * `withTotal`, each row also carries the filter's total (`total_count`).
 */
export function listEventsWithLists(
  db: Kysely<Database>,
  filter: EventFilter,
  order: EventOrder,
  offset: number,
  limit: number,
  lists: EventLists,
  withTotal: boolean,
): Promise<(EventWithLists & { total_count?: number })[]> {
  const options = { lists: recordKey({ ...lists }), extras: eventListsSelection(lists), withTotal };
  return listEvents(db, filter, order, offset, limit, options);
}
