import { CONTENT_BOUNDS, isMeetupDate, MEETUP_DATE_MESSAGE } from '../modules/content-bounds.ts';
import type { ParsedPost } from './parsed-post.types.ts';

// How big a roundup may be. The text's size and its front matter are
// checked before the parser sees it; what it holds (talks, takeaways,
// sponsors…) before anything is written, against the same bounds the API's
// writes keep (content-bounds.ts). Real roundups are far smaller: the
// largest so far is ~12 KB with 4 talks and 9 sponsors.

export const POST_LIMITS = {
  /** UTF-8 bytes of the whole post. */
  maxBytes: 1_000_000,
  /** UTF-8 bytes of the YAML front matter. */
  maxFrontMatterBytes: 64 * 1024,
  /** Lines of the front matter that start a key. */
  maxFrontMatterKeys: 200,
  maxTalks: CONTENT_BOUNDS.talksPerEvent,
  maxSpeakersPerTalk: CONTENT_BOUNDS.speakersPerTalk,
  maxTakeawaysPerTalk: CONTENT_BOUNDS.takeawaysPerTalk,
  maxHosts: CONTENT_BOUNDS.hostsPerEvent,
  maxSponsors: CONTENT_BOUNDS.sponsorshipsPerEvent,
  maxAnnouncedCompanies: CONTENT_BOUNDS.announcedCompaniesPerEvent,
} as const;

export interface PostLimitViolation {
  line: number;
  /** Names the limit, e.g. "post too large: 1,200,000 bytes; a roundup may have at most 1,000,000 (maxBytes)". */
  reason: string;
}

const n = (value: number) => value.toLocaleString('en-GB');

function over(line: number, what: string, count: number, limit: keyof typeof POST_LIMITS, unit: string) {
  return {
    line,
    reason: `${what}: ${n(count)} ${unit}; a roundup may have at most ${n(POST_LIMITS[limit])} (${limit})`,
  };
}

/** The front matter's text: between a first line `---` and the next line `---` (or `...`). */
function frontMatterOf(text: string): string | null {
  const opening = /^\uFEFF?---[ \t]*\r?\n/.exec(text);
  if (!opening) return null;
  const rest = text.slice(opening[0].length);
  const closing = /^(?:---|\.\.\.)[ \t]*$/m.exec(rest);
  return closing ? rest.slice(0, closing.index) : rest;
}

/** Checks the raw text, in one linear pass, before it is parsed. */
export function checkPostText(text: string): PostLimitViolation | null {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > POST_LIMITS.maxBytes) return over(1, 'post too large', bytes, 'maxBytes', 'bytes');
  const frontMatter = frontMatterOf(text);
  if (frontMatter === null) return null;
  const frontBytes = Buffer.byteLength(frontMatter, 'utf8');
  if (frontBytes > POST_LIMITS.maxFrontMatterBytes) {
    return over(1, 'front matter too large', frontBytes, 'maxFrontMatterBytes', 'bytes');
  }
  const keys = frontMatter.match(/^[^\s#-][^\n]*?:/gm)?.length ?? 0;
  if (keys > POST_LIMITS.maxFrontMatterKeys) {
    return over(1, 'front matter has too many keys', keys, 'maxFrontMatterKeys', 'keys');
  }
  return null;
}

/** Checks what the parsed post holds, before any of it is written. */
export function checkParsedPost(post: ParsedPost): PostLimitViolation | null {
  // [how many, the limit, what is too many, unit, the line to point at]
  const counts: [number, keyof typeof POST_LIMITS, string, string, number | undefined][] = [
    [post.talks.length, 'maxTalks', 'too many talks', 'talks', post.talks[POST_LIMITS.maxTalks]?.line],
    ...post.talks.flatMap((talk): typeof counts => [
      [
        talk.speakers.length,
        'maxSpeakersPerTalk',
        `talk ${talk.position} has too many speakers`,
        'speakers',
        talk.line,
      ],
      [
        talk.takeaways.length,
        'maxTakeawaysPerTalk',
        `talk ${talk.position} has too many takeaways`,
        'takeaways',
        talk.line,
      ],
    ]),
    [post.hosts.length, 'maxHosts', 'too many hosts', 'hosts', post.hosts[0]?.line],
    [post.sponsors.length, 'maxSponsors', 'too many sponsors', 'sponsors', post.sponsors[0]?.line],
    [
      post.next?.companies.length ?? 0,
      'maxAnnouncedCompanies',
      'too many announced companies',
      'companies',
      post.next?.line,
    ],
  ];
  for (const [count, limit, what, unit, line] of counts) {
    if (count > POST_LIMITS[limit]) return over(line ?? 1, what, count, limit, unit);
  }
  for (const [date, line] of [
    [post.date, 1],
    [post.next?.date, post.next?.line ?? 1],
  ] as const) {
    if (date && !isMeetupDate(date)) return { line, reason: `the meetup's date ${date} ${MEETUP_DATE_MESSAGE}` };
  }
  return null;
}
