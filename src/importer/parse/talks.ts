// Talks in running order: talk sentences and headings, the takeaway list that
// follows each, slides links, and the old layout of one talk per list item.
import { personKey } from '../names.ts';
import type { ParsedTalk } from '../parsed-post.types.ts';
import type { Warn } from './front-matter.ts';
import { replaceLinks, toPlainText } from './inline-text.ts';
import { isSlidesSentence, itemText, listTalks } from './list-talks.ts';
import type { ListItem, ParagraphBlock, SourceLine } from './markdown.ts';
import { looksLikePersonName, type Speaker } from './people.ts';
import { photoConvention, photoFor } from './photos.ts';
import { classifyHeading, sentencesOf, type Tagged } from './sections.ts';
import { findSpeakers, fromMentions, ROSTER_MENTION_RE } from './speakers.ts';
import { headingTalk, labelledTalk, tableTalks, takeawaysOwner } from './structure.ts';
import { readTalkSentence, type SentenceContext, type TalkDraft } from './talk-sentence.ts';
import { takeTimestamps } from './timestamps.ts';
import { cleanTitle } from './titles.ts';
import { NON_TAKEAWAY_LEAD } from './vocabulary.ts';

/** A lead-in such as "She also brought some offers for members:" introduces a list that is not takeaways. */
export function isNonTakeawayLead(leadIn: string): boolean {
  return NON_TAKEAWAY_LEAD.test(leadIn) && !/\b(?:takeaways?|learn(?:ed|t|ings)|lessons)\b/i.test(leadIn);
}

/** A talk heading's title: the heading without the part that names the speaker. */
export function headingTitle(text: string, speakers: Speaker[]): string | null {
  const plain = toPlainText(text);
  const parts = plain.split(/\s+[-–—|]\s+|:\s+|\s+by\s+/).map((p) => p.trim());
  const keys = speakers.map((sp) => personKey(sp.name));
  const rest = parts.filter((p) => p && !keys.some((k) => personKey(p).includes(k)) && !/\bfrom\s|\(/.test(p));
  if (rest.length === parts.length) return cleanTitle(plain);
  return rest.length ? cleanTitle(rest.join(': ')) : null;
}

/** A sentence in the first person: the post's writer (its host) speaking. */
const FIRST_PERSON = /(?<![\p{L}\p{N}])(?:I|I['’](?:ve|ll|m)|[Mm]y|me|mine)(?![\p{L}\p{N}])/u;

/**
 * Whether a slides sentence after a talk gives that talk's slides: a sentence in the first person ("My slides
 * are here") is the writer's, so it gives the talk's slides only when the writer (the host) gave the talk.
 */
export function slidesBelongTo(sentence: string, talk: TalkDraft, host: string | null): boolean {
  if (!FIRST_PERSON.test(toPlainText(sentence))) return true;
  return host !== null && talk.speakers.some((s) => personKey(s.name) === personKey(host));
}

export interface TalkReading {
  drafts: TalkDraft[];
  /** `line:sentence-index` of every sentence that introduced a talk. */
  talkSentences: Set<string>;
  /** Index (in the main blocks) of the block holding the first talk, -1 when none. */
  firstTalkBlock: number;
}

const ROSTER_CUE =
  /\b(?:featuring|with talks (?:from|by)|talks (?:from|by)|speakers (?:were|included|this (?:month|time) were)|(?:we )?heard from)\s+/i;

/**
 * Talks known only from a roster sentence ("featuring A from X, B from Y and C of Z"), for a post that
 * describes no talk: one untitled talk per speaker, in the order named.
 */
export function rosterTalks(main: Tagged[], ctx: SentenceContext): (TalkDraft & { block: number })[] {
  for (const [bi, { block }] of main.entries()) {
    if (block.kind !== 'paragraph') continue;
    for (const s of sentencesOf(block)) {
      const cue = ROSTER_CUE.exec(s.text);
      if (!cue || /\bnext\b/i.test(s.text)) continue;
      const people = fromMentions(replaceLinks(s.text.slice(cue.index + cue[0].length)), ctx, ROSTER_MENTION_RE);
      if (!people.length) continue;
      return people.map((p) => ({
        title: null,
        speakers: [{ name: p.name, company: p.company, companyMissing: p.company === null }],
        link: null,
        startSeconds: null,
        slidesUrl: null,
        takeaways: [],
        line: s.line,
        leadIn: '',
        rule: 'talks/roster-sentence',
        block: bi,
      }));
    }
  }
  return [];
}

/** A paragraph's source lines, as written in the canonical text. */
function linesOf(p: ParagraphBlock): SourceLine[] {
  return p.starts.map((s, i) => ({
    text: p.text.slice(s.offset, p.starts[i + 1]?.offset ?? p.text.length).trim(),
    line: s.line,
  }));
}

/** Talks in running order, with their takeaway lists, slides and headings. */
export function readTalks(main: Tagged[], ctx: SentenceContext): TalkReading {
  const drafts: TalkDraft[] = [];
  const talkSentences = new Set<string>();
  let firstTalkBlock = -1;
  let current: TalkDraft | null = null;
  let listBelongsTo: TalkDraft | null = null;
  /** A heading that may title the talk below it ("### Scaling Kubernetes - Jane Doe"). */
  let heading: { text: string; speakers: Speaker[] | null; talk: TalkDraft | null; used: boolean } | null = null;
  const unattachedLists: ListItem[][] = [];
  const sameSpeakers = (a: Speaker[], b: Speaker[]) =>
    a.some((x) => b.some((y) => personKey(x.name) === personKey(y.name)));
  const start = (draft: TalkDraft, bi: number, rule: string) => {
    draft.rule = rule;
    drafts.push(draft);
    if (firstTalkBlock < 0) firstTalkBlock = bi;
  };

  const convention = photoConvention(main, ctx.series, ctx.people.companies);
  for (const [bi, { block }] of main.entries()) {
    if (block.kind === 'heading') {
      ctx.photo = null;
      current = null;
      listBelongsTo = null;
      heading = null;
      if (block.level >= 2 && classifyHeading(block.text) === null) {
        const reading = readTalkSentence(block.text, block.line, ctx);
        heading = { text: block.text, speakers: reading.speakers, talk: null, used: false };
        const talk = reading.talk && reading.strong ? reading.talk : headingTalk(block.text, block.line, ctx);
        if (talk) {
          start(talk, bi, 'talks/talk-heading');
          heading.speakers ??= talk.speakers;
          heading.talk = talk;
          heading.used = true;
          current = talk;
          listBelongsTo = talk;
        }
      }
      continue;
    }
    if (block.kind === 'image') {
      const person = looksLikePersonName(block.alt, ctx.series, ctx.people.companies);
      ctx.photo = convention === 'photo-before' && person ? block.alt : null;
      listBelongsTo = null;
      continue;
    }
    if (block.kind === 'list') {
      if (heading) heading.used = true;
      if (listBelongsTo && !isNonTakeawayLead(listBelongsTo.leadIn)) {
        const owner = listBelongsTo;
        for (const item of block.items) {
          const text = itemText(item, (url) => {
            owner.slidesUrl ??= url;
          });
          if (text) owner.takeaways.push(text);
        }
      } else if (!listBelongsTo) {
        const listed = listTalks(block.items, ctx);
        for (const talk of listed) start(talk, bi, talk.rule);
        if (!listed.length) unattachedLists.push(block.items);
      }
      listBelongsTo = null;
      continue;
    }
    if (block.kind === 'table') {
      for (const talk of tableTalks(block.header, block.rows, ctx)) start(talk, bi, talk.rule);
      listBelongsTo = null;
      continue;
    }
    if (block.kind !== 'paragraph') {
      listBelongsTo = null;
      continue;
    }
    if (convention === 'photo-after') ctx.photo = photoFor(main, bi, convention, ctx.series, ctx.people.companies);
    const labelled = labelledTalk(linesOf(block), ctx);
    if (labelled) {
      start(labelled, bi, labelled.rule);
      current = labelled;
      listBelongsTo = labelled;
      continue;
    }
    const owner = main[bi + 1]?.block.kind === 'list' ? takeawaysOwner(block.text, drafts) : null;
    if (owner) {
      listBelongsTo = owner;
      continue;
    }

    let found: TalkDraft | null = null;
    const fromHeading = heading?.speakers ?? heading?.talk?.speakers ?? null;
    let carried: Speaker[] | null = fromHeading;
    let namedHere: Speaker[] | null = null;
    for (const [si, s] of sentencesOf(block).entries()) {
      const slides = isSlidesSentence(s.text);
      if (slides && !found && current && slidesBelongTo(s.text, current, ctx.host)) {
        current.slidesUrl ??= slides;
        continue;
      }
      // Under a talk's heading, a sentence that only gives the video offset ("Watch from 12:05") is that talk's.
      if (!found && current && current === heading?.talk) {
        const { timestamp } = takeTimestamps(s.text);
        if (timestamp && !readTalkSentence(s.text, s.line, ctx, carried).talk) {
          current.startSeconds ??= timestamp.seconds;
          current.link ??= timestamp.url;
          continue;
        }
      }
      const reading = readTalkSentence(s.text, s.line, ctx, carried, namedHere);
      const draft = reading.talk;
      const another = draft && found && reading.strong && !sameSpeakers(draft.speakers, found.speakers);
      if (draft && (!found || another)) {
        const headed = heading?.talk;
        if (headed && !found && sameSpeakers(draft.speakers, headed.speakers)) {
          // The paragraph under a talk heading repeats its speaker: fill in what the heading lacked.
          headed.title ??= draft.title;
          headed.link ??= draft.link;
          headed.startSeconds ??= draft.startSeconds;
          headed.slidesUrl ??= draft.slidesUrl;
          for (const sp of headed.speakers) {
            sp.company ??= draft.speakers.find((d) => personKey(d.name) === personKey(sp.name))?.company ?? null;
          }
          found = headed;
        } else {
          if (heading && !heading.used && reading.titleSource !== 'link' && reading.titleSource !== 'quote') {
            draft.title = headingTitle(heading.text, draft.speakers) ?? draft.title;
          }
          if (heading) heading.used = true;
          found = draft;
          start(draft, bi, 'talks/talk-sentence');
        }
        talkSentences.add(`${s.line}:${si}`);
        ctx.photo = null;
        carried = found.speakers;
        namedHere = found.speakers;
        continue;
      }
      if (found) {
        if (slides) found.slidesUrl ??= slides;
        found.leadIn += ` ${s.text}`;
        continue;
      }
      if (reading.speakers?.length) {
        carried = reading.speakers;
        namedHere = reading.speakers;
      }
    }
    // "Next up was X from Acme. Her takeaways:" followed by a list: a talk without a title.
    const nextBlock = main[bi + 1]?.block;
    if (!found && carried && carried !== fromHeading && nextBlock?.kind === 'list' && /:\s*$/.test(block.text)) {
      found = {
        title: heading && !heading.used ? headingTitle(heading.text, carried) : null,
        speakers: carried,
        link: null,
        startSeconds: null,
        slidesUrl: null,
        takeaways: [],
        line: block.line,
        leadIn: block.text,
        rule: 'talks/speaker-then-takeaways',
      };
      if (heading) heading.used = true;
      start(found, bi, 'talks/speaker-then-takeaways');
    }
    // A heading titles only the first block under it: a promo paragraph spends it.
    if (heading) heading.used = true;
    if (found) {
      current = found;
      listBelongsTo = found;
    } else if (listBelongsTo && /:\s*$/.test(block.text) && !findSpeakers(replaceLinks(block.text), ctx)) {
      // A separate lead-in paragraph ("Her takeaways were:") between a talk and its list.
      listBelongsTo.leadIn += ` ${block.text}`;
    } else {
      listBelongsTo = null;
    }
  }

  // Old layout: talks given only as list items ('"Title" - Name's talk …').
  if (!drafts.length) {
    for (const items of unattachedLists) {
      for (const item of items) {
        const reading = readTalkSentence(item.lines.map((l) => l.text).join(' '), item.line, { ...ctx, photo: null });
        if (reading.talk && reading.strong) drafts.push({ ...reading.talk, rule: 'talks/talk-list-item' });
      }
    }
  }
  if (!drafts.length) {
    const roster = rosterTalks(main, ctx);
    if (roster.length) {
      drafts.push(...roster);
      firstTalkBlock = roster[0]?.block ?? -1;
    }
  }
  return { drafts, talkSentences, firstTalkBlock };
}

export function toParsedTalks(drafts: TalkDraft[], warn: Warn): ParsedTalk[] {
  return drafts.map((d, i) => {
    if (!d.title) warn(d.line, 'talk-without-title', 'no talk title found in the talk sentence');
    if (!d.takeaways.length) warn(d.line, 'talk-without-takeaways', 'no takeaway list follows this talk');
    for (const s of d.speakers) {
      if (!s.company) warn(d.line, 'speaker-without-company', `no company is written next to ${s.name}`);
      if (!s.name.includes(' ')) warn(d.line, 'speaker-first-name-only', `only a first name is given for ${s.name}`);
    }
    return {
      position: i + 1,
      title: d.title,
      speakers: d.speakers.map((s) => ({ name: s.name, company: s.company })),
      link: d.link,
      startSeconds: d.startSeconds,
      slidesUrl: d.slidesUrl,
      takeaways: d.takeaways,
      line: d.line,
      rule: d.rule,
    };
  });
}
