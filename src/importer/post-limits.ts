import { CONTENT_BOUNDS } from '../modules/content-bounds.ts';
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
  if (post.talks.length > POST_LIMITS.maxTalks) {
    return over(post.talks[POST_LIMITS.maxTalks]?.line ?? 1, 'too many talks', post.talks.length, 'maxTalks', 'talks');
  }
  for (const talk of post.talks) {
    if (talk.speakers.length > POST_LIMITS.maxSpeakersPerTalk) {
      return over(
        talk.line,
        `talk ${talk.position} has too many speakers`,
        talk.speakers.length,
        'maxSpeakersPerTalk',
        'speakers',
      );
    }
    if (talk.takeaways.length > POST_LIMITS.maxTakeawaysPerTalk) {
      return over(
        talk.line,
        `talk ${talk.position} has too many takeaways`,
        talk.takeaways.length,
        'maxTakeawaysPerTalk',
        'takeaways',
      );
    }
  }
  if (post.hosts.length > POST_LIMITS.maxHosts) {
    return over(post.hosts[0]?.line ?? 1, 'too many hosts', post.hosts.length, 'maxHosts', 'hosts');
  }
  if (post.sponsors.length > POST_LIMITS.maxSponsors) {
    return over(post.sponsors[0]?.line ?? 1, 'too many sponsors', post.sponsors.length, 'maxSponsors', 'sponsors');
  }
  const announced = post.next?.companies.length ?? 0;
  if (announced > POST_LIMITS.maxAnnouncedCompanies) {
    return over(post.next?.line ?? 1, 'too many announced companies', announced, 'maxAnnouncedCompanies', 'companies');
  }
  return null;
}
