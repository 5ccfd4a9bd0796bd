// The talk sentence: one sentence (or heading) read as a talk, with its
// title (linked, quoted, or prose after a cue such as "talked about"), its
// speakers, its timestamp and slides link.
import { personKey } from '../names.ts';
import type { ParsedSpeaker } from '../parsed-post.types.ts';
import {
  collapseSpaces,
  findLinks,
  type InlineLink,
  parseClock,
  parseTimeParam,
  replaceLinks,
  stripQuotes,
  toPlainText,
} from './inline-text.ts';
import { looksLikePersonName, type Speaker, type SpeakerContext } from './people.ts';
import { atPostCompany, companyOpeningTitle } from './post-companies.ts';
import { findSpeakers, possessiveCompany } from './speakers.ts';
import {
  NEGATIVE,
  PROFILE_URL,
  SLIDES_WORD,
  SPEAKER_VERBS,
  TALK_NOUNS,
  THANKS,
  trimTrailingPunctuation,
} from './vocabulary.ts';

/** A capitalised word, a number or an opening quote comes next: what a title starts with. */
export const TITLE_AHEAD = String.raw`(?=\s+[\p{Lu}\p{N}"“‘])`;

/**
 * Any run of modifiers before a noun ("an engaging, practical and very honest talk on"): up to six words,
 * bounded so that the cue is matched in linear time.
 */
const MODIFIERS = String.raw`(?:[\p{L}-]+,?\s+){0,6}?`;

/** Phrases after which a talk's title starts, in prose ("… from Acme talked about Title"). */
export const TITLE_CUES: RegExp[] = [
  String.raw`(?:gave|giving|gives|give|with|delivered|delivering|had|did|doing|presented|presenting|ran|running)\s+(?:us\s+)?(?:a|an|his|her|their|the|our)\s+${MODIFIERS}(?:${TALK_NOUNS})\s+(?:on|about|of|called|titled|entitled|named)`,
  String.raw`(?:${TALK_NOUNS})\s+(?:on|about|called|titled|entitled|named)`,
  String.raw`(?:told|tell|telling|tells)\s+us(?:\s+all)?\s+about`,
  String.raw`(?:told|tell|telling|tells)\s+us(?:\s+(?:how to|how|that|why|what))?`,
  String.raw`(?:talked|talking|talks|spoke|speaking|speaks)(?:\s+to\s+us)?\s+(?:about|on)`,
  String.raw`(?:discussed|discussing|discusses|described|describing|describes|presented|presenting|presents|explored|exploring|explores|covered|covering|covers|demoed|demonstrated|demonstrating|introduced|introducing)(?:\s+us\s+to)?`,
  String.raw`(?:explained|explaining|explains|shared|sharing|shares|gave|giving|offered|offering)\s+(?:us\s+)?(?:his|her|their|its|our)\s+${MODIFIERS}(?:thoughts|views|experiences?|story|journey|lessons?|take|insights?|perspective|approach)\s+(?:on|behind|about|of|with|from|in)`,
  '(?:explained|explaining|explains)',
  // Cues that introduce an imperative or a question as the title ("inviting us to Rethink …", "asking Is …?")
  // count only when a capitalised title follows: "invited us to the pub" names no talk.
  String.raw`(?:inviting|invited|invites)\s+us\s+to${TITLE_AHEAD}`,
  String.raw`(?:helping|helped|helps)\s+us(?:\s+to)?${TITLE_AHEAD}`,
  String.raw`(?:showed|showing|shows)\s+us`,
  String.raw`(?:walked|walking|took|taking)\s+us\s+through`,
  String.raw`(?:asked|asking|asks)(?:\s+us)?${TITLE_AHEAD}`,
  String.raw`(?:saying|said)(?:\s+to)?${TITLE_AHEAD}`,
  String.raw`(?:looked|looking)\s+at`,
  'with',
].map((source) => new RegExp(`${source}(?=\\s)`, 'uy'));

/** Words at the start of a prose title that belong to the sentence, not the title ("told us how to Tame …", "discussed being Stateless"). */
export const TITLE_FILLER =
  /^(?:how to|how|whether|that|being|the|a|an|about|on|to|his|her|their|its|our|my)\s+(?=[\p{Lu}\p{N}"“‘[])/u;

/** A cue verb glued to the title by a missing space ("discussingWidget Fleets"): split where lower turns upper. */
const GLUED_CUE = new RegExp(
  `\\b(${SPEAKER_VERBS.replace(/\|(?:was|is|with|who)\b/g, '')}|about)(?=\\p{Lu}\\p{Ll})`,
  'gu',
);

/** The sentence with a space put back between a cue verb and a title glued to it. */
export function unglueCue(sentence: string): string {
  return sentence.replace(GLUED_CUE, '$1 ');
}

/** Bracketed asides ("(the projector sulked at first)"): what they say is not about the talk. */
const ASIDE = /\([^()]{0,300}\)/g;

/**
 * A negation (an apology, a cancellation, a prize) vetoes a talk sentence only when it is about the talk:
 * not inside a bracketed aside, and never when the sentence has a title link and a timestamp.
 */
export function negationVetoes(text: string, titleLinked: boolean, timed: boolean): boolean {
  if (titleLinked && timed) return false;
  return NEGATIVE.test(text.replace(ASIDE, ' '));
}

export interface TalkDraft {
  title: string | null;
  speakers: (ParsedSpeaker & { companyMissing: boolean })[];
  link: string | null;
  startSeconds: number | null;
  slidesUrl: string | null;
  takeaways: string[];
  line: number;
  /** The text after the talk sentence in its paragraph (the takeaways' lead-in). */
  leadIn: string;
  /** The rule that found the talk (parsed-post.types.ts ParseRule). */
  rule: string;
}

export interface SentenceContext extends SpeakerContext {
  host: string | null;
}

export const PLACEHOLDER = '\uE000';

export function isClock(text: string): boolean {
  return parseClock(text.replace(/^\s*(?:(?:watch\s+)?(?:starting|starts|from)\s+(?:at\s+)?|watch\s+)?/i, '')) !== null;
}

/** Words that may open a timestamp parenthetical: "(starting at 1:02:03)", "(from 12:30)", "(watch from 9:58)". */
export const CLOCK_LEAD =
  '(?:starting|starts|start|from|at|begins|begin|watch|video|timestamp)(?:\\s+(?:at|from|it\\s+from|it\\s+at))?';

export interface Timestamp {
  seconds: number | null;
  url: string | null;
}

/**
 * Removes "(starting at [1:02:03](url))", "(starting 09:30)", "(no video …)" and bare "[12:30](url)" links.
 * A timestamp's text and URL hold no brackets, which keeps the search linear on text full of them.
 */
export function takeTimestamps(text: string): { text: string; timestamp: Timestamp | null } {
  let timestamp: Timestamp | null = null;
  let s = text.replace(
    new RegExp(`\\(\\s*(?:${CLOCK_LEAD}\\s*)?\\[([^\\][()]+)\\]\\(([^()\\s]+)(?:\\s[^)]*)?\\)\\s*\\)`, 'gi'),
    (all: string, clock: string, url: string) => {
      // "([slides](…))" is a bracketed link, not a timestamp: the text must be a clock or the URL an offset.
      if (!isClock(clock) && parseTimeParam(url) === null) return all;
      timestamp ??= { seconds: parseTimeParam(url) ?? parseClock(clock), url };
      return ' ';
    },
  );
  const plainClock = (_all: string, clock: string) => {
    timestamp ??= { seconds: parseClock(clock), url: null };
    return ' ';
  };
  s = s.replace(new RegExp(`\\(\\s*(?:${CLOCK_LEAD}\\s+)?(\\d{1,2}(?::\\d{2}){1,2})\\s*\\)`, 'gi'), plainClock);
  // Starts only where a run of blanks starts, so that a long run is not re-scanned from each of its characters.
  s = s.replace(/(?<![\s,]),?\s*\b(?:starting|starts)\s+(?:at\s+)?(\d{1,2}(?::\d{2}){1,2})\b/gi, plainClock);
  s = s.replace(/\(\s*(?:no video|video unavailable|video not available)[^)]*\)/gi, ' ');
  s = replaceLinks(s, (link) => {
    if (!link.image && isClock(link.text)) {
      const clock = link.text.replace(/^\s*(?:(?:watch\s+)?(?:starting|starts|from)\s+(?:at\s+)?|watch\s+)/i, '');
      timestamp ??= { seconds: parseTimeParam(link.url) ?? parseClock(clock), url: link.url };
      return ' ';
    }
    return s.slice(link.start, link.end);
  });
  // "Watch from 12:05" written out, without brackets (after the links: "[Watch from 12:05](…)" is a link).
  s = s.replace(/(?<![\s,]),?\s*\bwatch(?:\s+it)?\s+(?:from|at)\s+(\d{1,2}(?::\d{2}){1,2})\b/gi, plainClock);
  return { text: s.replace(/\s{2,}/g, ' '), timestamp };
}

export function cleanTitle(raw: string): string | null {
  let t = collapseSpaces(toPlainText(raw));
  t = stripQuotes(t);
  for (let i = 0; i < 3; i++) t = t.replace(TITLE_FILLER, '');
  t = t.replace(/\s+[-–—]\s*$/, '');
  t = trimTrailingPunctuation(t);
  t = stripQuotes(t);
  return t || null;
}

export const PROSE_END =
  /,\s*(?:and\s+)?(?:his|her|their|my|our)\s|,\s*and\s+(?:in|left|he|she|they|then|gave|shared)\s|,\s*[a-z]+ing\b|\s+[-–—]\s+(?:his|her|their)\s/u;

/** The prose title after the speaker: after a cue such as "talked about", or (with a timestamp) the first capitalised word. */
export function proseTitle(after: string, allowBare: boolean): { title: string | null; cue: boolean } {
  const text = after.replace(/\s+/g, ' ');
  let start = -1;
  let cue = false;
  for (const word of text.matchAll(/\S+/g)) {
    const pos = word.index ?? 0;
    let best = 0;
    for (const re of TITLE_CUES) {
      re.lastIndex = pos;
      const m = re.exec(text);
      if (m && m[0].length > best) best = m[0].length;
    }
    if (best > 0) {
      start = pos + best;
      cue = true;
      break;
    }
  }
  if (start < 0 && allowBare) {
    const m = /(^|\s)([\p{Lu}\p{N}"“‘])/u.exec(text);
    if (m) start = (m.index ?? 0) + (m[1] ?? '').length;
  }
  if (start < 0) return { title: null, cue: false };
  let body = text.slice(start);
  const end = PROSE_END.exec(body);
  if (end) body = body.slice(0, end.index);
  return { title: cleanTitle(body), cue };
}

export function classifyLink(link: InlineLink, series: string): 'image' | 'person' | 'slides' | 'generic' | 'title' {
  if (link.image) return 'image';
  if (PROFILE_URL.test(link.url) && looksLikePersonName(toPlainText(link.text), series)) return 'person';
  if (SLIDES_WORD.test(link.text)) return 'slides';
  if (/^(?:here|this|link|this link|view|download|watch|video|website)$/i.test(toPlainText(link.text)))
    return 'generic';
  return 'title';
}

export interface SentenceReading {
  talk: TalkDraft | null;
  /** Speakers the sentence names, even when it does not introduce a talk ("Next up was X from Acme."). */
  speakers: Speaker[] | null;
  /** Where the title came from. */
  titleSource: 'link' | 'quote' | 'prose' | null;
  /** A timestamp, a linked or a quoted title: enough to start a second talk in one paragraph. */
  strong: boolean;
}

export const NO_READING: SentenceReading = { talk: null, speakers: null, titleSource: null, strong: false };

/** Words that tie a speaker to the title that follows ("X from Acme talked about [Title]"). */
export const TALK_WORD = new RegExp(
  `\\b(?:talked|talking|talks|discuss(?:ed|ing|es)?|explain(?:ed|ing|s)?|explor(?:ed|ing|es)|present(?:ed|ing|s)?|` +
    `describ(?:ed|ing|es)|gave|giving|gives|shar(?:ed|ing|es)|told|telling|tell|spoke|speaking|ask(?:ed|ing|s)?|` +
    `introduc(?:ed|ing|es)|demo(?:ed|ing)?|demonstrat(?:ed|ing)|walk(?:ed|ing)|took|taking|show(?:ed|ing|s)|` +
    `cover(?:ed|ing|s)|help(?:ed|ing|s)|invit(?:ed|ing)|saying|said|look(?:ed|ing)|takeaways?|${TALK_NOUNS})\\b`,
  'u',
);

/** Words that may stand between a speaker and a linked title without a talk word ("X from Acme on [Title]"). */
export const CONNECTORS = new Set('on about with and the a an his her their us to who which then also'.split(' '));

export const SUBJECT = new RegExp(
  `(?:^|[\\s,;])(I|He|She|They)\\s+(?:then\\s+|also\\s+)?(?=(?:${SPEAKER_VERBS.replace(/\|was\|is\|with\|who/, '')}|went on|followed)\\b)`,
  'u',
);

/**
 * Who "I", "He", "She" or "They" is: "I" is the person in the photo, else the host. A third person is the
 * speaker named in full earlier in the same paragraph, else the person in the photo, else the speakers
 * carried from before the paragraph (a talk heading's).
 */
export function pronounSpeakers(
  pronoun: string,
  ctx: SentenceContext,
  carried: Speaker[] | null,
  namedHere: Speaker[] | null = null,
): Speaker[] | null {
  const one = (name: string | null): Speaker[] | null =>
    name ? [{ name, company: ctx.people.companyOf(name), companyMissing: false }] : null;
  if (pronoun === 'I') return one(ctx.photo ?? ctx.host);
  const inParagraph = namedHere?.length && namedHere.every((s) => /\s/.test(s.name)) ? namedHere : null;
  return (inParagraph ?? null)?.map((s) => ({ ...s })) ?? one(ctx.photo) ?? carried?.map((s) => ({ ...s })) ?? null;
}

/**
 * Reads one sentence (or heading) as a talk; `carried` are speakers named before the paragraph (a talk
 * heading's) and `namedHere` those named earlier in the same paragraph, for "She talked about …".
 */
export function readTalkSentence(
  sentence: string,
  line: number,
  ctx: SentenceContext,
  carried: Speaker[] | null = null,
  namedHere: Speaker[] | null = null,
): SentenceReading {
  const { text: noTimes, timestamp } = takeTimestamps(unglueCue(sentence));
  const linkedTitle = findLinks(noTimes).some((l) => classifyLink(l, ctx.series) === 'title');
  if (negationVetoes(noTimes, linkedTitle, timestamp !== null)) return NO_READING;
  if (!timestamp && THANKS.test(noTimes)) return NO_READING;
  let titleLink: InlineLink | null = null;
  let slidesUrl: string | null = null;
  let work = replaceLinks(noTimes, (link) => {
    const kind = classifyLink(link, ctx.series);
    if (kind === 'image') return ' ';
    if (kind === 'slides') {
      slidesUrl ??= link.url;
      return ' ';
    }
    const before = noTimes.slice(0, link.start);
    const after = noTimes.slice(link.end);
    const companyLink = /\bfrom\s+(?:the\s+)?$|\(\s*$/i.test(before);
    const personLink =
      looksLikePersonName(toPlainText(link.text), ctx.series) && /^(?:\s+(?:and|&|from)\s|\s*,|\s*\()/.test(after);
    if (kind === 'title' && !titleLink && !companyLink && !personLink) {
      titleLink = link;
      return PLACEHOLDER;
    }
    return link.text;
  });
  let title: string | null = null;
  let titleSource: SentenceReading['titleSource'] = null;
  const link = titleLink as InlineLink | null;
  if (link) {
    title = cleanTitle(link.text);
    titleSource = 'link';
  } else {
    const q = /(^|[\s(:,-])["“]([^"“”]{2,}?)["”]/u.exec(work);
    if (q) {
      title = cleanTitle(q[2] ?? '');
      titleSource = 'quote';
      const at = (q.index ?? 0) + (q[1] ?? '').length;
      work = `${work.slice(0, at)}${PLACEHOLDER}${work.slice(at + q[0].length - (q[1] ?? '').length)}`;
    }
  }
  const placeholderAt = work.indexOf(PLACEHOLDER);
  let region = placeholderAt >= 0 ? work.slice(0, placeholderAt) : work;
  let mention = findSpeakers(region, ctx);
  let speakerAfterTitle = false;
  if (!mention && placeholderAt >= 0 && !SUBJECT.test(region)) {
    region = work.slice(placeholderAt + 1);
    mention = findSpeakers(region, ctx, true);
    speakerAfterTitle = mention !== null;
  }
  // "Our speakers were X from A and Y from B": a roster, not a talk.
  if (mention && /\bspeakers\b/i.test(region.slice(0, mention.start))) return NO_READING;
  let proseCue = false;
  if (mention && !title) {
    const p = proseTitle(work.slice(mention.end), timestamp !== null);
    title = p.title;
    proseCue = p.cue;
    if (title) titleSource = 'prose';
  }
  let speakers: Speaker[] = mention?.speakers ?? [];
  if (!speakers.length) {
    const subject = SUBJECT.exec(region);
    const who = subject ? pronounSpeakers(subject[1] ?? '', ctx, carried, namedHere) : null;
    if (who?.length && who.every((s) => s.name)) {
      speakers = who;
      if (!title) {
        const p = proseTitle(region.slice((subject?.index ?? 0) + (subject?.[0].length ?? 0)), timestamp !== null);
        title = p.title;
        proseCue = p.cue;
        if (title) titleSource = 'prose';
      }
    }
  }
  if (!speakers.length) return NO_READING;

  // A linked or quoted title counts only when a talk word ties it to the speaker.
  let titled = titleSource === 'link' || titleSource === 'quote';
  if (titled && mention && !speakerAfterTitle && timestamp === null) {
    const between = work.slice(mention.end, placeholderAt);
    const words = between.toLowerCase().match(/[\p{L}']+/gu) ?? [];
    if (!TALK_WORD.test(between) && words.some((w) => !CONNECTORS.has(w))) titled = false;
  }
  const photoMatch = ctx.photo !== null && speakers.some((s) => personKey(s.name) === personKey(ctx.photo ?? ''));
  const evidence = timestamp !== null || titled || (titleSource === 'prose' && proseCue) || photoMatch;
  for (const s of speakers) {
    if (!s.company && !s.companyMissing) s.company = ctx.people.companyOf(s.name);
  }
  const lone = speakers.length === 1 ? speakers[0] : undefined;
  if (lone && !lone.company) {
    const known = ctx.people.knownCompanies();
    lone.company = atPostCompany(work, known);
    const opening = lone.company || titleSource !== 'prose' || !title ? null : companyOpeningTitle(title, known);
    if (opening) [lone.company, title] = [opening.company, opening.title];
  }
  if (!evidence) return { ...NO_READING, speakers };
  if (mention && speakers.every((s) => !s.company)) {
    const possessive = possessiveCompany(work.slice(mention.end));
    if (possessive) for (const s of speakers) s.company = possessive;
  }

  const linkUrl = link?.url ?? null;
  const seconds = timestamp?.url ? (parseTimeParam(timestamp.url) ?? timestamp.seconds) : null;
  return {
    talk: {
      title,
      speakers,
      link: linkUrl ?? timestamp?.url ?? null,
      startSeconds: seconds ?? (linkUrl ? parseTimeParam(linkUrl) : null) ?? timestamp?.seconds ?? null,
      slidesUrl,
      takeaways: [],
      line,
      leadIn: '',
      rule: 'talks/talk-sentence',
    },
    speakers,
    titleSource,
    strong: timestamp !== null || titled,
  };
}
