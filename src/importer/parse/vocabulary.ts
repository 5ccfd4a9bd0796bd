// The roundup parser's vocabulary: month and weekday words (the one MONTHS list),
// the shape of a person's name, talk verbs and nouns, the words of thanks,
// apology and slides, the one series-name rule, and small text trims the
// other rules share.
import { wordBefore } from './inline-text.ts';
import { isAbbreviation } from './sentences.ts';

export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

export const MONTH_WORD =
  '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export const WEEKDAY_WORD =
  '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)';

export function monthName(index: number): string {
  const m = MONTHS[index] ?? '';
  return m.charAt(0).toUpperCase() + m.slice(1);
}

export function monthIndex(word: string): number {
  const w = word.toLowerCase().slice(0, 3);
  return MONTHS.findIndex((m) => m.startsWith(w));
}

export function weekdayIndex(word: string): number {
  const w = word.toLowerCase().slice(0, 3);
  return WEEKDAYS.findIndex((d) => d.startsWith(w));
}

/** Capitalised words that open sentences but are never part of a person's name. */
export const DISCOURSE = new Set(
  (
    'finally first firstly next then following kicking and after afterwards last lastly also our we up wrapping ' +
    'closing second secondly third thirdly meanwhile later opening starting so plus thanks thank joining welcome ' +
    'today tonight this that the a an in on at for with from by to but as once long check see read huge big ' +
    'special great rounding ending'
  ).split(' '),
);

export const PARTICLE = '(?:de|van|von|der|den|da|di|del|della|du|la|le|dos|das|do|ten|ter|bin|al|el)';

export const CAP_WORD = String.raw`\p{Lu}[\p{L}\p{M}'’-]*\.?`;

// A name starts at the start of a word (never inside "McAllister" or "Jean-Luc"), which also keeps the
// global name searches linear on long runs of letters.
export const NAME = String.raw`(?<![\p{L}\p{M}\p{N}'’-])${CAP_WORD}(?:\s+(?:${PARTICLE}\s+)*${CAP_WORD}){0,4}`;

// Each separator matches one way only (", and " is the first alternative, never the second): with two ways
// per separator a long list that is not followed by "from" backtracks exponentially.
export const NAME_SEP = String.raw`(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)`;

/** Up to eight names in one group ("A, B and C from Acme"); bounded so that a long list is scanned in linear time. */
export const NAME_GROUP = `${NAME}(?:${NAME_SEP}${NAME}){0,7}`;

/** Verbs (and a few words) that follow a speaker's name in a talk sentence. */
export const SPEAKER_VERBS =
  'talked|talking|talks|discussed|discussing|discusses|explained|explaining|explains|explored|exploring|explores|' +
  'presented|presenting|presents|described|describing|describes|gave|giving|gives|shared|sharing|shares|told|telling|' +
  'tells|spoke|speaking|speaks|asked|asking|asks|introduced|introducing|demoed|demonstrated|demonstrating|walked|' +
  'walking|took|taking|showed|showing|returned|rounded|wrapped|wrapping|kicked|kicking|closed|closing|opened|' +
  'opening|led|leading|ran|running|delivered|delivering|covered|covering|helped|helping|invited|inviting|said|' +
  'saying|stepped|joined|was|is|with|who';

export const TALK_NOUNS =
  'talk|lightning talk|discussion|presentation|session|demo|demos|lightning demos|keynote|overview|introduction|intro|' +
  'deep[- ]dive|walk-?through|workshop|case study';

export const COMPANY_SUFFIX =
  /^(?:Inc|Ltd|LLC|LLP|GmbH|PLC|plc|AG|SA|S\.A|BV|B\.V|Co|Corp|Limited|Pty|Ltda|SAS|SRL|Oy|AB|AS|KK)\.?$/;

export const COMPANY_STOP_FIRST = new Set(
  'who which that where whom our their his her its a an and to with is was were are in at on for by of the us me him them'.split(
    ' ',
  ),
);

export const NEGATIVE =
  /\b(?:unfortunately|apolog(?:y|ies|ise|ize|ised|ized)|technical (?:issues?|difficult(?:y|ies)|problems?)|did not|didn['’]t|couldn['’]t|could not|unable to|prevented|cancel+ed|congratulations|winners?|won a)\b/i;

export const THANKS = /\b(?:thanks?|thank you|grateful|gratitude|shout-?outs?|appreciat\w*|kudos)\b/i;

export const PROFILE_URL =
  /^https?:\/\/(?:www\.|mobile\.)?(?:twitter\.com|x\.com|linkedin\.com\/in|github\.com\/[^/]+\/?$|mastodon\.|bsky\.app\/profile)/i;

export const SLIDES_WORD = /\b(?:slides?|slide deck|deck)\b/i;

export const NON_TAKEAWAY_LEAD =
  /\b(?:offers?|discounts?|promo(?:tion)?s?|codes?|giveaways?|resources|links|agenda|schedule|feedback|jobs|hiring|vacancies)\b/i;

/** `s` without the trailing characters in `chars` (a loop, not `/[…]+$/`, which is quadratic on long runs). */
export function trimEndOf(s: string, chars: string): string {
  let end = s.length;
  while (end > 0 && chars.includes(s[end - 1] as string)) end--;
  return s.slice(0, end);
}

export const BLANKS = ' \t\n\r\f\v\u00a0';

export function trimTrailingPunctuation(s: string): string {
  let t = trimEndOf(s.trim(), ',;:');
  while (t.endsWith('.') && !t.endsWith('...')) {
    const last = wordBefore(t, t.length).word;
    if (isAbbreviation(last) && COMPANY_SUFFIX.test(last)) break;
    t = t.slice(0, -1).trimEnd();
  }
  return t.trim();
}

/** Up to `max` whitespace-separated tokens of `text` from `from`, with their offsets (read lazily). */
export function tokensFrom(text: string, from: number, max: number): { raw: string; index: number }[] {
  const out: { raw: string; index: number }[] = [];
  const re = /\S+/g;
  re.lastIndex = from;
  for (let m = re.exec(text); m && out.length < max; m = re.exec(text)) out.push({ raw: m[0], index: m.index });
  return out;
}

/**
 * The one series-name rule: the words of a title before its month, year or
 * first separator ("Cloud Native London, July 2017 - …" → "Cloud Native
 * London"), leading tags such as "[Photos] [Dec 2018]" left out. At least two
 * words, else "" (no series named).
 */
export function seriesName(title: string): string {
  const bare = title.replace(/^(?:\s*\[[^\]]*\])+\s*/, '');
  const m = new RegExp(`^(.*?)(?:\\s*[,:(\\[]|\\s+[-–—]\\s|\\s+${MONTH_WORD}\\b|\\s+\\d{4}\\b)`).exec(bare);
  const s = (m?.[1] ?? '').trim();
  return s.split(/\s+/).length >= 2 ? s : '';
}
