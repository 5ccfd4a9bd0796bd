import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type DocumentNode,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Random } from './prng.ts';

// The benchmarked operations: Q0 `{ __typename }`, Q1 an event page by slug,
// Q2–Q5 the client contract's SpeakerHistory, SponsorTimeline, Events
// (first: 50) and Search, taken from ../shared/contract at run time. Each is
// fitted to the schema the service prints (schema/schema.graphql): fields the
// schema does not have yet are cut, and the report says which.

export type QueryId = 'Q0' | 'Q1' | 'Q2' | 'Q3' | 'Q4' | 'Q5';
export const QUERY_IDS: readonly QueryId[] = ['Q0', 'Q1', 'Q2', 'Q3', 'Q4', 'Q5'];

/** Values sampled from the seeded database, so requests hit real, varied rows. */
export interface Samples {
  /** Held events that have talks. */
  eventSlugs: string[];
  /** People who gave at least one talk; the first is the most prolific. */
  speakerSlugs: string[];
  /** Companies that sponsored a held meetup; the first sponsored the most. */
  sponsorSlugs: string[];
  /** Dates with at least 100 events on or after them (full pages of 20, 50 or 100). */
  pageDates: string[];
  /** Search texts: vocabulary words, pairs and surnames. */
  searchTerms: string[];
  /** Dates for employerAt. */
  asOfDates: string[];
}

export interface PreparedOperation {
  id: QueryId;
  label: string;
  operationName: string;
  /** The document sent (after fitting to the schema). */
  document: string;
  /** Fields cut because the schema lacks them (empty: the operation as written). */
  removed: string[];
  /** Null when the operation runs; else why it is skipped. */
  skipped: string | null;
  /** Page size variable, for operations that have one. */
  pageVariable: 'first' | null;
  defaultPage: number;
  variables(samples: Samples, random: Random, page?: number): Record<string, unknown>;
  /** Null when the data has the expected shape; else what is wrong. */
  check(data: Record<string, unknown>, variables: Record<string, unknown>): string | null;
}

export const EVENT_PAGE = `query EventPage($slug: String!) {
  event(slug: $slug) {
    id
    slug
    title
    date
    status
    format
    venue {
      slug
      name
    }
    attendeeCount
    hosts {
      person {
        slug
        name
      }
      role
    }
    talks {
      id
      position
      title
      speakers {
        person {
          slug
          name
        }
        company {
          slug
          name
        }
      }
      video {
        url
        startSeconds
      }
      slidesUrl
      takeaways
    }
    sponsorships {
      company {
        slug
        name
        website
      }
    }
    previousEvent {
      slug
      date
    }
    nextEvent {
      slug
      date
    }
  }
}`;

export const TYPENAME = 'query Typename {\n  __typename\n}';

export function projectRoot(): string {
  return resolve(import.meta.dirname, '..');
}

export function contractDir(): string {
  const shared = process.env.SHARED_DIR ?? join(projectRoot(), '..', 'shared');
  return join(shared, 'contract');
}

/** One named operation of a contract file, printed alone. */
export function contractOperation(file: string, name: string): string {
  const path = join(contractDir(), file);
  if (!existsSync(path)) throw new Error(`contract file ${path} not found (set SHARED_DIR to the shared directory)`);
  const document = parse(readFileSync(path, 'utf8'));
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name,
  );
  if (!operation) throw new Error(`operation ${name} not found in ${path}`);
  return print({ kind: Kind.DOCUMENT, definitions: [operation] });
}

/**
 * Cuts from an operation what the schema does not have: unknown fields (and
 * selections left empty by that), then variables nothing uses any more.
 * Returns the fitted document, the cut field paths and remaining errors.
 */
export function fitToSchema(
  source: string,
  schema: GraphQLSchema,
): { document: string; removed: string[]; errors: string[] } {
  let document: DocumentNode = parse(source);
  const removed: string[] = [];
  for (let pass = 0; pass < 10; pass += 1) {
    const typeInfo = new TypeInfo(schema);
    const path: string[] = [];
    let changed = false;
    document = visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Field: {
          enter(node) {
            const name = node.alias ? `${node.alias.value}: ${node.name.value}` : node.name.value;
            if (!typeInfo.getFieldDef() && !node.name.value.startsWith('__')) {
              removed.push([...path, name].join('.'));
              changed = true;
              return null;
            }
            path.push(name);
            return undefined;
          },
          leave(node) {
            path.pop();
            if (node.selectionSet && node.selectionSet.selections.length === 0) {
              changed = true;
              return null;
            }
            return undefined;
          },
        },
      }),
    );
    if (!changed) break;
  }
  document = withoutUnusedVariables(document);
  const errors = validate(schema, document).map((e) => e.message);
  return { document: print(document), removed, errors };
}

/** The document without the variables no field uses any more. */
function withoutUnusedVariables(document: DocumentNode): DocumentNode {
  const used = new Set<string>();
  visit(document, {
    Variable(node) {
      used.add(node.name.value);
    },
    VariableDefinition() {
      return false;
    },
  });
  return visit(document, {
    VariableDefinition(node) {
      return used.has(node.variable.name.value) ? undefined : null;
    },
  });
}

/** The operation without the fields of these names (at any depth), and without the variables only they used. */
export function withoutFields(source: string, names: readonly string[]): string {
  const cut = visit(parse(source), {
    Field(node) {
      return names.includes(node.name.value) ? null : undefined;
    },
  });
  return print(withoutUnusedVariables(cut));
}

// Shape checks: small and strict enough to catch a wrong or partial answer.
type Json = Record<string, unknown>;
const obj = (value: unknown): Json | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;
const arr = (value: unknown): unknown[] | null => (Array.isArray(value) ? value : null);

function checkEvent(data: Json, vars: Json): string | null {
  const event = obj(data.event);
  if (!event) return `event(slug: ${vars.slug}) is null`;
  if (event.slug !== vars.slug) return `event.slug ${event.slug} != ${vars.slug}`;
  const talks = arr(event.talks);
  if (!talks || talks.length === 0) return 'event.talks empty';
  if (!talks.every((t) => arr(obj(t)?.speakers) && arr(obj(t)?.takeaways)))
    return 'talk without speakers/takeaways lists';
  return null;
}

function checkSpeaker(data: Json, vars: Json): string | null {
  const person = obj(data.person);
  if (!person) return `person(slug: ${vars.slug}) is null`;
  if (person.slug !== vars.slug) return `person.slug ${person.slug} != ${vars.slug}`;
  const talks = obj(person.talks);
  const edges = arr(talks?.edges);
  if (!talks || !edges || edges.length === 0) return 'person.talks.edges empty';
  if (typeof talks.totalCount !== 'number' || talks.totalCount < edges.length) return 'bad totalCount';
  if (edges.length > Number(vars.first ?? 20)) return `more edges than first`;
  if (!edges.every((e) => obj(obj(obj(e)?.node)?.event))) return 'talk without event';
  if ('affiliations' in person && !arr(person.affiliations)) return 'affiliations not a list';
  return null;
}

function checkSponsor(data: Json, vars: Json): string | null {
  const company = obj(data.company);
  if (!company) return `company(slug: ${vars.slug}) is null`;
  if (company.slug !== vars.slug) return `company.slug ${company.slug} != ${vars.slug}`;
  const nodes = arr(obj(company.sponsorships)?.nodes);
  if (!nodes || nodes.length === 0) return 'sponsorships.nodes empty';
  if (!obj(company.sponsorshipSummary)) return 'sponsorshipSummary null';
  const timeline = arr(company.sponsorshipTimeline);
  if (!timeline || timeline.length === 0) return 'sponsorshipTimeline empty';
  return null;
}

function checkEvents(data: Json, vars: Json): string | null {
  const events = obj(data.events);
  const nodes = arr(events?.nodes);
  if (!events || !nodes) return 'events.nodes missing';
  if (nodes.length !== Number(vars.first ?? 20)) return `events.nodes has ${nodes.length}, expected ${vars.first}`;
  const from = String(obj(vars.filter)?.from ?? '');
  if (!nodes.every((n) => String(obj(n)?.date) >= from)) return 'event before filter.from';
  if (!nodes.every((n) => arr(obj(n)?.talks))) return 'event without talks list';
  return null;
}

function checkSearch(data: Json): string | null {
  const search = obj(data.search);
  const edges = arr(search?.edges);
  if (!search || !edges) return 'search.edges missing';
  if (typeof search.totalCount !== 'number' || search.totalCount < edges.length) return 'bad totalCount';
  if (!edges.every((e) => typeof obj(obj(e)?.node)?.__typename === 'string')) return 'search node without __typename';
  return null;
}

interface OperationSpec {
  id: QueryId;
  label: string;
  operationName: string;
  source: () => string;
  pageVariable: 'first' | null;
  defaultPage: number;
  variables: PreparedOperation['variables'];
  check: PreparedOperation['check'];
}

const SPECS: OperationSpec[] = [
  {
    id: 'Q0',
    label: '{ __typename }',
    operationName: 'Typename',
    source: () => TYPENAME,
    pageVariable: null,
    defaultPage: 0,
    variables: () => ({}),
    check: (data) => (data.__typename === 'Query' ? null : `__typename ${data.__typename}`),
  },
  {
    id: 'Q1',
    label: 'event(slug) page',
    operationName: 'EventPage',
    source: () => EVENT_PAGE,
    pageVariable: null,
    defaultPage: 0,
    variables: (s, r) => ({ slug: r.pick(s.eventSlugs) }),
    check: checkEvent,
  },
  {
    id: 'Q2',
    label: 'SpeakerHistory',
    operationName: 'SpeakerHistory',
    source: () => contractOperation('speaker-history.graphql', 'SpeakerHistory'),
    pageVariable: 'first',
    defaultPage: 20,
    variables: (s, r, page = 20) => ({ slug: r.pick(s.speakerSlugs), first: page, asOf: r.pick(s.asOfDates) }),
    check: checkSpeaker,
  },
  {
    id: 'Q3',
    label: 'SponsorTimeline',
    operationName: 'SponsorTimeline',
    source: () => contractOperation('sponsor-timeline.graphql', 'SponsorTimeline'),
    pageVariable: null,
    defaultPage: 0,
    variables: (s, r) => ({ slug: r.pick(s.sponsorSlugs), granularity: 'YEAR' }),
    check: checkSponsor,
  },
  {
    id: 'Q4',
    label: 'Events first: 50',
    operationName: 'Events',
    source: () => contractOperation('events.graphql', 'Events'),
    pageVariable: 'first',
    defaultPage: 50,
    variables: (s, r, page = 50) => ({ first: page, filter: { from: r.pick(s.pageDates) } }),
    check: checkEvents,
  },
  {
    id: 'Q5',
    label: 'Search',
    operationName: 'Search',
    source: () => contractOperation('search.graphql', 'Search'),
    pageVariable: 'first',
    defaultPage: 10,
    variables: (s, r, page = 10) => ({ query: r.pick(s.searchTerms), first: page }),
    check: (data) => checkSearch(data),
  },
];

/** The operations fitted to a schema; an operation whose root field is missing is skipped. */
export function prepareOperations(schema: GraphQLSchema): PreparedOperation[] {
  return SPECS.map((spec) => {
    const source = spec.source();
    const fitted = fitToSchema(source, schema);
    const rootMissing = fitted.removed.some((path) => !path.includes('.'));
    const skipped = rootMissing
      ? `the schema has no ${fitted.removed.filter((p) => !p.includes('.')).join(', ')} field`
      : fitted.errors.length > 0
        ? `does not validate: ${fitted.errors.join('; ')}`
        : null;
    return {
      id: spec.id,
      label: spec.label,
      operationName: spec.operationName,
      document: fitted.document,
      removed: fitted.removed,
      skipped,
      pageVariable: spec.pageVariable,
      defaultPage: spec.defaultPage,
      variables: spec.variables,
      check: spec.check,
    };
  });
}

/** The share of each query in the mix: lookups dominate, as on a real site. */
export const MIX_WEIGHTS: Record<QueryId, number> = { Q0: 0, Q1: 30, Q2: 25, Q3: 10, Q4: 10, Q5: 25 };
