// Scores parsePost against the hand-checked corpus facts (truth.json), field
// by field, with the same comparisons as ../shared/tools/score-import.mjs:
// loose name keys (case, accents, punctuation), a one-word truth name matching
// a person whose first name it is, URLs compared without trailing slashes or
// http/https differences, and the first takeaway compared on its first N words.
// Shared by scripts/score-parser.ts and test/importer/corpus-accuracy.test.ts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parsePost } from '../src/importer/parse-post.ts';
import type { ParsedPost } from '../src/importer/parsed-post.types.ts';

interface TruthSpeaker {
  name: string;
  company: string | null;
}

interface TruthTalk {
  title: string | null;
  speakers: TruthSpeaker[];
  link: string | null;
  startSeconds: number | null;
  slides: string | null;
  takeaways: number;
  firstTakeawayStartsWith: string | null;
}

interface TruthPost {
  file: string;
  date: string;
  title: string;
  host: string | null;
  format: string | null;
  venue: string | null;
  attendees: number | null;
  eventVideo: string | null;
  sponsors: string[];
  sponsorUrls: Record<string, string>;
  talks: TruthTalk[];
  next: {
    date: string | null;
    dateAsWritten: string | null;
    companies: string[];
    rsvp: string | null;
  } | null;
}

/** Fields the brief requires to reach the minimum; the others are reported for information. */
export const REQUIRED_FIELDS = [
  'event title',
  'host',
  'format',
  'event video',
  'sponsors (recall)',
  'sponsors (precision)',
  'talk count',
  'talk title',
  'talk speakers (recall)',
  'talk speakers (precision)',
  'speaker company',
  'video start',
  'slides',
  'takeaway count',
  'first takeaway',
  'announced companies (recall)',
  'announced companies (precision)',
] as const;

export interface FieldScore {
  field: string;
  ok: number;
  total: number;
  accuracy: number;
}

export interface CorpusScore {
  posts: number;
  fields: FieldScore[];
  misses: string[];
  /** Posts the parser rejected outright, with the error. */
  failures: string[];
}

export const key = (s: string | null | undefined): string =>
  (s ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');

const url = (s: string | null | undefined): string =>
  (s ?? '')
    .trim()
    .replace(/\/+$/, '')
    .replace(/^http:/, 'https:');

/** score-import's personMatches, against a parsed name instead of a resolved person. */
export function personMatches(truthName: string, parsedName: string | null | undefined): boolean {
  if (!parsedName) return false;
  const k = key(truthName);
  if (key(parsedName) === k) return true;
  const words = truthName.trim().split(/\s+/);
  return words.length === 1 && key(parsedName.split(/\s+/)[0]) === k;
}

/** Resolves the corpus directory: CORPUS_DIR, else ../shared/corpus from the working directory. */
export function corpusDir(): string {
  return resolve(process.env.CORPUS_DIR ?? join(process.cwd(), '..', 'shared', 'corpus'));
}

export function corpusAvailable(dir = corpusDir()): boolean {
  return existsSync(join(dir, 'truth.json')) && existsSync(join(dir, 'posts'));
}

export function scoreCorpus(dir = corpusDir()): CorpusScore {
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as TruthPost[];
  const files = new Set(readdirSync(join(dir, 'posts')));
  const tally = new Map<string, { ok: number; total: number }>();
  const misses: string[] = [];
  const failures: string[] = [];
  const count = (field: string, ok: boolean, detail: string) => {
    const t = tally.get(field) ?? { ok: 0, total: 0 };
    t.total += 1;
    if (ok) t.ok += 1;
    else misses.push(`${field}: ${detail}`);
    tally.set(field, t);
  };
  function setScore<A>(
    field: string,
    expected: string[],
    actual: A[],
    matches: (e: string, a: A) => boolean,
    show: (a: A) => string,
    where: string,
  ) {
    const used = new Set<number>();
    for (const e of expected) {
      const i = actual.findIndex((a, j) => !used.has(j) && matches(e, a));
      if (i >= 0) used.add(i);
      count(`${field} (recall)`, i >= 0, `${where}: missing ${e}`);
    }
    actual.forEach((a, j) => {
      count(`${field} (precision)`, used.has(j), `${where}: unexpected ${show(a)}`);
    });
  }

  for (const post of truth) {
    const where = post.file;
    if (!files.has(post.file)) {
      failures.push(`${where}: file missing from posts/`);
      continue;
    }
    let parsed: ParsedPost;
    try {
      parsed = parsePost(readFileSync(join(dir, 'posts', post.file), 'utf8'), { path: post.file });
    } catch (error) {
      failures.push(`${where}: ${(error as Error).message}`);
      count('event found', false, `${where}: ${(error as Error).message}`);
      continue;
    }
    count('event found', true, '');
    count('event date', parsed.date === post.date, `${where}: ${parsed.date} vs ${post.date}`);
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
    count('event title', norm(parsed.title) === norm(post.title), `${where}: "${parsed.title}"`);
    if (post.host) {
      const hostNames = parsed.hosts.map((h) => h.name);
      const host = post.host;
      count(
        'host',
        hostNames.some((n) => personMatches(host, n)),
        `${where}: host ${post.host} not in ${JSON.stringify(hostNames)}`,
      );
    }
    if (post.format) {
      const got = parsed.format.toLowerCase().replace(/_/g, '-');
      count('format', got === post.format, `${where}: ${parsed.format} vs ${post.format}`);
    }
    if (post.eventVideo) {
      count('event video', url(parsed.videoUrl) === url(post.eventVideo), `${where}: ${parsed.videoUrl}`);
    }
    count('venue (info)', key(parsed.venue) === key(post.venue), `${where}: ${parsed.venue} vs ${post.venue}`);
    count(
      'attendees (info)',
      parsed.attendeeCount === post.attendees,
      `${where}: ${parsed.attendeeCount} vs ${post.attendees}`,
    );
    setScore(
      'sponsors',
      post.sponsors,
      parsed.sponsors,
      (name, s) => key(s.name) === key(name),
      (s) => s.name,
      where,
    );
    for (const [name, expected] of Object.entries(post.sponsorUrls ?? {})) {
      const got = parsed.sponsors.find((s) => key(s.name) === key(name));
      count('sponsor url (info)', url(got?.url) === url(expected), `${where}: ${name} ${got?.url} vs ${expected}`);
    }

    const talks = parsed.talks;
    count(
      'talk count',
      talks.length === post.talks.length,
      `${where}: ${talks.length} talks, expected ${post.talks.length}`,
    );
    post.talks.forEach((t, i) => {
      const got = talks[i];
      const at = `${where} talk ${i + 1}`;
      if (!got) {
        count('talk title', false, `${at}: missing`);
        return;
      }
      if (t.title !== null)
        count('talk title', key(got.title) === key(t.title), `${at}: "${got.title}" vs "${t.title}"`);
      setScore(
        'talk speakers',
        t.speakers.map((s) => s.name),
        got.speakers,
        (name, s) => personMatches(name, s.name),
        (s) => s.name,
        at,
      );
      for (const s of t.speakers) {
        const credit = got.speakers.find((c) => personMatches(s.name, c.name));
        if (!credit) continue;
        const ok = s.company === null ? credit.company === null : key(credit.company) === key(s.company);
        count('speaker company', ok, `${at}: ${s.name} billed ${credit.company}, expected ${s.company}`);
      }
      count('talk link (info)', url(got.link) === url(t.link), `${at}: ${got.link} vs ${t.link}`);
      if (t.startSeconds !== null) {
        count('video start', got.startSeconds === t.startSeconds, `${at}: ${got.startSeconds} vs ${t.startSeconds}`);
      }
      if (t.slides) count('slides', url(got.slidesUrl) === url(t.slides), `${at}: ${got.slidesUrl}`);
      count('takeaway count', got.takeaways.length === t.takeaways, `${at}: ${got.takeaways.length} vs ${t.takeaways}`);
      if (t.firstTakeawayStartsWith) {
        const first = got.takeaways[0] ?? '';
        const words = t.firstTakeawayStartsWith.split(/\s+/).length;
        const lead = first.replace(/[_*]/g, '').split(/\s+/).slice(0, words).join(' ');
        count('first takeaway', key(lead) === key(t.firstTakeawayStartsWith), `${at}: "${lead}"`);
      }
    });

    if (post.next) {
      count('next found (info)', parsed.next !== null, `${where}: no next-meetup announcement`);
      if (post.next.date) {
        count(
          'next date (info)',
          parsed.next?.date === post.next.date,
          `${where}: ${parsed.next?.date} vs ${post.next.date}`,
        );
        count(
          'next date as written (info)',
          parsed.next?.dateAsWritten === post.next.dateAsWritten,
          `${where}: ${parsed.next?.dateAsWritten} vs ${post.next.dateAsWritten}`,
        );
      }
      if (post.next.rsvp) {
        count(
          'next rsvp (info)',
          url(parsed.next?.rsvpUrl) === url(post.next.rsvp),
          `${where}: ${parsed.next?.rsvpUrl}`,
        );
      }
    } else {
      count('next found (info)', parsed.next === null, `${where}: unexpected announcement`);
    }
    if (post.next?.date && post.next.companies.length) {
      setScore(
        'announced companies',
        post.next.companies,
        parsed.next?.companies ?? [],
        (name, c) => key(c) === key(name),
        (c) => c,
        `${where} -> ${post.next.date}`,
      );
    }
  }

  const fields = [...tally.entries()].map(([field, t]) => ({
    field,
    ok: t.ok,
    total: t.total,
    accuracy: t.total ? t.ok / t.total : 1,
  }));
  return { posts: truth.length, fields, misses, failures };
}

export function formatScore(score: CorpusScore): string {
  const rows = score.fields.map(
    (f) =>
      `${f.field.padEnd(32)} ${String(f.ok).padStart(5)}/${String(f.total).padEnd(5)} ${(f.accuracy * 100).toFixed(1).padStart(6)}%`,
  );
  const required = score.fields.filter((f) => (REQUIRED_FIELDS as readonly string[]).includes(f.field));
  const ok = required.reduce((a, f) => a + f.ok, 0);
  const total = required.reduce((a, f) => a + f.total, 0);
  rows.push(
    `required fields: ${ok}/${total} facts right (${((ok / total) * 100).toFixed(1)}%) over ${score.posts} posts`,
  );
  return rows.join('\n');
}
