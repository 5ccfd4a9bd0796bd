// Lists of talks, one talk per item: a bold speaker or an italic or linked
// title, the speaker's company in brackets, after a comma or "from", and the
// item's nested bullets as the talk's takeaways. Also the text of a list item
// read as a takeaway (its slides link taken out).
import { findLinks, parseTimeParam, toPlainText } from './inline-text.ts';
import type { ListItem } from './markdown.ts';
import type { Speaker, SpeakerContext } from './people.ts';
import { speakerPart } from './structure.ts';
import type { TalkDraft } from './talk-sentence.ts';
import { takeTimestamps } from './timestamps.ts';
import { cleanTitle } from './titles.ts';
import { SLIDES_WORD, trimTrailingPunctuation } from './vocabulary.ts';

export function isSlidesSentence(text: string): string | null {
  if (!SLIDES_WORD.test(toPlainText(text))) return null;
  const link = findLinks(text).find((l) => !l.image && l.url);
  return link?.url ?? null;
}

export function itemText(item: ListItem, onSlides: (url: string) => void): string {
  const parts: string[] = [];
  for (const [i, l] of item.lines.entries()) {
    const slides = i > 0 ? isSlidesSentence(l.text) : null;
    if (slides) onSlides(slides);
    else parts.push(l.text);
  }
  let text = toPlainText(parts.join(' '));
  const children = item.children.map((c) => itemText(c, onSlides)).filter(Boolean);
  if (children.length) text = `${text} ${children.join('; ')}`.trim();
  return text;
}

const STRONG = /\*\*([^*]+)\*\*/;
const EMPHASIS = /(?<!\*)\*([^*\s][^*]*)\*(?!\*)/;
/** What separates a list item's speaker part from its title part. */
const ITEM_SEPARATOR = /^\s*(?:[:–—|-]|\bby\b|\bon\b|\bwith\b)\s*|\s*(?:[:–—|-]|\bby\b)\s*$/gi;

/** The speaker part left of a list item once its title is taken out: "**Ada Quill** (Brindle)", "by Ada Quill, Brindle". */
function itemSpeakers(rest: string, ctx: SpeakerContext): Speaker[] | null {
  const part = trimTrailingPunctuation(toPlainText(rest).replace(ITEM_SEPARATOR, '').trim());
  return part ? (speakerPart(part, ctx)?.speakers ?? null) : null;
}

/**
 * One list item as a talk: a bold speaker ("**Ada Quill** (Brindle): Tiny Clusters") or an italic or linked
 * title ("*Tiny Clusters* by Ada Quill from Brindle"); its nested bullets are the takeaways. Null when the
 * item has neither, or names no speaker.
 */
export function listItemTalk(item: ListItem, ctx: SpeakerContext): TalkDraft | null {
  const { text, timestamp } = takeTimestamps(item.lines.map((l) => l.text).join(' '));
  const links = findLinks(text).filter((l) => !l.image);
  const slides = links.find((l) => SLIDES_WORD.test(l.text));
  const titleLink = links.find((l) => l !== slides && !/^https?:\/\//.test(l.text));
  const emphasis = EMPHASIS.exec(text);
  const strong = STRONG.exec(text);
  let title: string | null = null;
  let speakers: Speaker[] | null = null;
  let link: string | null = null;
  const without = (start: number, end: number) => `${text.slice(0, start)} \u0000 ${text.slice(end)}`;
  if (strong) {
    const after = text.slice(strong.index + strong[0].length);
    const company =
      /^\s*(\([^()]{1,80}\)|,\s*[^:–—|*[]{1,60}?(?=\s*[:–—|]|$)|\s+(?:from|of|at)\s+[^:–—|*[]{1,60}?(?=\s*[:–—|]|$))/u.exec(
        after,
      );
    speakers = itemSpeakers(`${strong[1]}${company?.[1] ?? ''}`, ctx);
    const rest = after.slice(company?.[0].length ?? 0);
    if (emphasis) title = cleanTitle(emphasis[1] ?? '');
    else if (titleLink) [title, link] = [cleanTitle(titleLink.text), titleLink.url];
    else title = cleanTitle(toPlainText(rest).replace(ITEM_SEPARATOR, ''));
  } else if (emphasis || titleLink) {
    const [start, end] = emphasis
      ? [emphasis.index, emphasis.index + emphasis[0].length]
      : [titleLink?.start ?? 0, titleLink?.end ?? 0];
    title = cleanTitle(emphasis ? (emphasis[1] ?? '') : (titleLink?.text ?? ''));
    if (!emphasis) link = titleLink?.url ?? null;
    const rest = without(start, end).split('\u0000');
    speakers = itemSpeakers(rest[1] ?? '', ctx) ?? itemSpeakers(rest[0] ?? '', ctx);
  }
  if (!speakers?.length || !title) return null;
  const takeaways: string[] = [];
  let slidesUrl = slides?.url ?? null;
  for (const child of item.children) {
    const t = itemText(child, (url) => {
      slidesUrl ??= url;
    });
    if (t) takeaways.push(t);
  }
  return {
    title,
    speakers,
    link: link ?? timestamp?.url ?? null,
    startSeconds: timestamp?.seconds ?? (link ? parseTimeParam(link) : null),
    slidesUrl,
    takeaways,
    line: item.line,
    leadIn: '',
    rule: 'talks/talk-per-item-list',
  };
}

/** A list whose every item is one talk: its talks, in order; empty when any item is not a talk. */
export function listTalks(items: ListItem[], ctx: SpeakerContext): TalkDraft[] {
  const talks: TalkDraft[] = [];
  for (const item of items) {
    const talk = listItemTalk(item, ctx);
    if (!talk) return [];
    talks.push(talk);
  }
  return talks;
}
