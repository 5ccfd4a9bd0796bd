// The talk sentence: one sentence (or heading) read as a talk, with its
// title (linked, quoted, or prose after a cue such as "talked about"), its
// speakers, its timestamp and slides link.
import { personKey } from '../names.ts';
import type { ParsedSpeaker } from '../parsed-post.types.ts';
import { findLinks, type InlineLink, parseTimeParam, replaceLinks, toPlainText } from './inline-text.ts';
import { looksLikePersonName, type Speaker, type SpeakerContext } from './people.ts';
import { atPostCompany, companyOpeningTitle } from './post-companies.ts';
import { findSpeakers, possessiveCompany } from './speakers.ts';
import { takeTimestamps } from './timestamps.ts';
import { cleanTitle, proseTitle, unglueCue } from './titles.ts';
import { NEGATIVE, PROFILE_URL, SLIDES_WORD, SPEAKER_VERBS, TALK_NOUNS, THANKS } from './vocabulary.ts';

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
