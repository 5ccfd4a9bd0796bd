// Setting: venue, attendance and format (in person, virtual, hybrid) from
// what comes before the first talk, and the whole evening's video.
import { personKey } from '../names.ts';
import type { EventFormat } from '../parsed-post.types.ts';
import { type FrontMatter, fmString } from './front-matter.ts';
import { findLinks, parseTimeParam, toPlainText } from './inline-text.ts';
import type { MainSentence } from './sections.ts';
import { COMPANY_STOP_FIRST, DISCOURSE, MONTH_WORD, tokensFrom, trimTrailingPunctuation } from './vocabulary.ts';

/** Video-meeting and virtual-event platforms: a meetup held on one is virtual, and none of them is a venue. */
export const ONLINE_PLATFORM = String.raw`zoom|rambly|hopin|crowdcast|airmeet|webex|gather\.town|google meet|microsoft teams`;

/** Streaming sites: "at YouTube" names where the livestream ran, not a venue. */
export const STREAMING_SITE = 'youtube|twitch|linkedin|vimeo';

export const VIRTUAL = new RegExp(
  String.raw`\bvirtual (?:meetup|event|edition|session)s?\b|\bonline (?:meetup|event|edition)s?\b|\b(?:${ONLINE_PLATFORM})\b|\bwebinar\b`,
  'i',
);

export const NOT_A_VENUE = new RegExp(`^(?:${ONLINE_PLATFORM}|${STREAMING_SITE})$`, 'i');

export const LIVESTREAM = new RegExp(
  String.raw`\blive ?streams?(?:ed|ing)?\b|\bstreamed live\b|\bstream(?:ed|ing)? (?:live|on (?:${STREAMING_SITE}))\b|\b(?:virtual|remote|online) (?:attendees|audience|viewers|folks|people|participants)\b`,
  'i',
);

export const PLACE_NOUN =
  /^(?:offices?|office space|event space|space|venue|hq|headquarters|building|campus|premises|rooms?)$/i;

export const VENUE_STOP = new Set(
  'offices office event space venue hq headquarters building campus premises for with as plus and on in based to who where which while this last'.split(
    ' ',
  ),
);

/**
 * A venue given as an apposition: "our new home, the Foo offices", "our hosts for the evening, Foo". A
 * place noun after the name ("offices") is not part of it.
 */
export function appositionVenue(plain: string): string | null {
  const m =
    /\b(?:our|their)\s+(?:(?:new|lovely|usual|regular|temporary|wonderful|generous)\s+){0,2}(?:home|venue|hosts?)(?:\s+for\s+(?:the|this|tonight['’]s)\s+(?:evening|night|meetup|event))?\s*,\s+(?:the\s+)?((?<![\p{L}\p{M}\p{N}])[\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&'’-]*(?:\s[\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&'’-]*){0,4})/u.exec(
      plain,
    );
  if (!m?.[1]) return null;
  const words = trimTrailingPunctuation(m[1]).split(/\s+/);
  while (words.length > 1 && PLACE_NOUN.test(words[words.length - 1] as string)) words.pop();
  const venue = words.join(' ');
  return venue && !NOT_A_VENUE.test(venue) ? venue : null;
}

export function venueIn(sentence: string, series: string): string | null {
  const plain = toPlainText(sentence);
  const apposition = appositionVenue(plain);
  if (apposition) return apposition;
  const hosted =
    /\bto\s+(?:the\s+)?([\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&'’-]*(?:\s[\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&'’-]*){0,4}?),?\s+(?:who|for|which)\s+(?:[a-z]+\s+){0,2}?(?:hosted|hosting|host|having)\s+us\b/u.exec(
      plain,
    );
  if (hosted?.[1]) return hosted[1].trim();
  const hostedUs =
    /(?:^|[.,;:]\s+|\b(?:thanks|and|as)\s+)((?<![\p{L}\p{M}\p{N}])[\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&'’-]*(?:\s[\p{Lu}\p{N}][\p{L}\p{M}\p{N}.&'’-]*){0,4}?)\s+(?:(?:\p{Ll}+ly|very|once|again|also)\s+){0,3}hosted us\b/u.exec(
      plain,
    );
  if (hostedUs?.[1] && !DISCOURSE.has(hostedUs[1].trim().toLowerCase())) return hostedUs[1].trim();
  const at =
    /\b(?:meetup|room|crowd|event|evening|night|session|gathering|us|were|was|held|hosted|gathered|met|again|back)\s+at\s+(?:the\s+)?/giu;
  for (let m = at.exec(plain); m; m = at.exec(plain)) {
    const tokens = tokensFrom(plain, m.index + m[0].length, 24).map((t) => t.raw);
    let i = 0;
    while (i < 2 && tokens[i] && /^\p{Ll}/u.test(tokens[i] as string) && /^\p{Lu}/u.test(tokens[i + 1] ?? '')) i++;
    const name: string[] = [];
    let possessive = false;
    for (; i < tokens.length; i++) {
      const raw = tokens[i] as string;
      const core = raw.replace(/[,.;:!?)]+$/, '');
      if (VENUE_STOP.has(core.toLowerCase()) && name.length) break;
      if (name.length === 0 && /^\p{Ll}/u.test(core) && (COMPANY_STOP_FIRST.has(core) || VENUE_STOP.has(core))) break;
      if (name.length > 0 && !/^[\p{Lu}\p{N}&]/u.test(core)) break;
      name.push(core);
      if (/['’]s$/.test(core)) {
        possessive = true;
        i++;
        break;
      }
      if (core !== raw) break;
    }
    if (!name.length) continue;
    let venue = name.join(' ');
    if (new RegExp(`^${MONTH_WORD}\\b`).test(venue) || NOT_A_VENUE.test(venue)) continue;
    if (series && personKey(venue).includes(personKey(series))) continue;
    if (possessive) {
      const noun = (tokens[i] ?? '').replace(/[,.;:!?]+$/, '');
      if (PLACE_NOUN.test(noun)) {
        venue += ` ${noun}`;
        const rest = tokens.slice(i + 1).join(' ');
        const place =
          /^(?:based\s+)?(?:at|in)\s+(?:the\s+)?([\p{Lu}\p{N}][\p{L}\p{M}\p{N}'’&-]*(?:\s+[\p{Lu}\p{N}][\p{L}\p{M}\p{N}'’&-]*){0,4})/u.exec(
            rest,
          );
        if (place?.[1]) venue += `, ${trimTrailingPunctuation(place[1])}`;
      } else {
        venue = venue.replace(/['’]s$/, '');
      }
    }
    return trimTrailingPunctuation(venue);
  }
  return null;
}

const NUMBER_WORDS: Record<string, number> = Object.fromEntries(
  (
    'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen ' +
    'seventeen eighteen nineteen'
  )
    .split(' ')
    .map((w, i) => [w, i + 1]),
);
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

/** "fifty", "forty-two", "a hundred", "two hundred and fifty" → the number; null when the words are not one. */
export function numberInWords(text: string): number | null {
  let total = 0;
  let current = 0;
  let seen = false;
  for (const word of text.toLowerCase().split(/[\s-]+/)) {
    if (word === 'and' || word === '') continue;
    if (word === 'a' && !seen) {
      current = 1;
      continue;
    }
    if (word in NUMBER_WORDS) current += NUMBER_WORDS[word] as number;
    else if (word in TENS) current += TENS[word] as number;
    else if (word === 'hundred') current = (current || 1) * 100;
    else if (word === 'thousand') {
      total += (current || 1) * 1000;
      current = 0;
    } else return null;
    seen = true;
  }
  return seen ? total + current : null;
}

const COUNT_WORD = `(?:${[...Object.keys(TENS), ...Object.keys(NUMBER_WORDS), 'a', 'hundred', 'thousand', 'and'].join('|')})`;
const ATTENDEES = `(?:attendees|people|members|guests|participants|techies|folks|developers|engineers)`;
const ATTENDEES_IN_DIGITS = new RegExp(String.raw`\b(\d{1,3}(?:,\d{3})*|\d+)\+?\s+${ATTENDEES}\b`, 'i');
const ATTENDEES_IN_WORDS = new RegExp(String.raw`\b(${COUNT_WORD}(?:[\s-]+${COUNT_WORD}){0,5})\s+${ATTENDEES}\b`, 'i');

/** "300 attendees", "roughly fifty people": the attendance a sentence states. */
export function attendeesIn(sentence: string): number | null {
  const plain = toPlainText(sentence);
  const digits = ATTENDEES_IN_DIGITS.exec(plain);
  if (digits?.[1]) return Number(digits[1].replace(/,/g, ''));
  const words = ATTENDEES_IN_WORDS.exec(plain)?.[1];
  const n = words ? numberInWords(words.replace(/^(?:a|and)\s+(?=a\b)/i, '')) : null;
  // "a few people", "and people": words that are not a count.
  return n !== null && n > 1 ? n : null;
}

export function wholeEveningVideo(sentence: string): string | null {
  if (
    !/\b(?:full|whole|entire)\b[^.!?]{0,200}?\b(?:video|recording|livestream)\b|\bvideo of the (?:whole|full|entire)\b|\b(?:recording|video) of the (?:evening|night|meetup|event)\b/i.test(
      sentence,
    )
  ) {
    return null;
  }
  return findLinks(sentence).find((l) => !l.image && /^https?:\/\//.test(l.url))?.url ?? null;
}

/** Saying the meetup met in person ("we met in person again", "the people in the room"). */
export const IN_PERSON =
  /\b(?:met|meet|meeting|back|together|gathered|were)\s+in[- ]person\b|\bin[- ]person (?:again|meetup|event|audience|attendees)\b|\bin the room\b/i;

/** Clauses of a sentence: split at ";", and before "but", "while", "whereas" and "although". */
export function clausesOf(sentence: string): string[] {
  return sentence
    .split(/;|,?\s+(?=(?:but|while|whereas|although|though)\s)/i)
    .map((c) => c.trim())
    .filter(Boolean);
}

/** A negation, or a wish for later ("hopefully", "until we can"): the clause does not say it happened. */
const NOT_SO =
  /\b(?:no|not|never|without|nor|cannot|can['’]t|couldn['’]t|won['’]t|isn['’]t|wasn['’]t|weren['’]t|didn['’]t|hope|hopefully|until|soon|look(?:ing)? forward)\b/i;

/** Whether some clause says `what` without negating it before the words: negation is scoped per clause. */
export function affirmedIn(clauses: string[], what: RegExp): boolean {
  return clauses.some((c) => {
    const m = what.exec(c);
    return m !== null && !NOT_SO.test(c.slice(0, m.index));
  });
}

/** Venue, attendance and format, from what comes before the first talk. */
export function readSetting(
  lead: MainSentence[],
  series: string,
): { venue: string | null; attendeeCount: number | null; format: EventFormat } {
  let venue: string | null = null;
  let attendeeCount: number | null = null;
  for (const s of lead) {
    venue ??= venueIn(s.text, series);
    attendeeCount ??= attendeesIn(s.text);
  }
  const clauses = lead.flatMap((s) => clausesOf(toPlainText(s.text)));
  const virtual = affirmedIn(clauses, VIRTUAL);
  const livestream = affirmedIn(clauses, LIVESTREAM);
  const inPerson = affirmedIn(clauses, IN_PERSON);
  let format: EventFormat = 'IN_PERSON';
  if (affirmedIn(clauses, /\bhybrid\b/i) || ((venue || inPerson) && (livestream || virtual))) format = 'HYBRID';
  else if (!venue && virtual) format = 'VIRTUAL';
  else if (!venue && livestream) format = 'VIRTUAL';
  return { venue: format === 'VIRTUAL' ? null : venue, attendeeCount, format };
}

/** The whole evening's video: front matter, a "full video" link, or a video link in the lead. */
export function readVideo(fm: FrontMatter, sentences: MainSentence[], lead: MainSentence[]): string | null {
  const fromFrontMatter = fmString(fm.data.video);
  if (fromFrontMatter) return fromFrontMatter;
  for (const s of sentences) {
    const url = wholeEveningVideo(s.text);
    if (url) return url;
  }
  for (const s of lead) {
    if (!/\b(?:watch|recording|video|livestream|catch up)\b/i.test(toPlainText(s.text))) continue;
    const link = findLinks(s.text).find(
      (l) => !l.image && /youtube\.com|youtu\.be|vimeo\.com/i.test(l.url) && parseTimeParam(l.url) === null,
    );
    if (link && !/playlist/i.test(link.url)) return link.url;
  }
  return null;
}
