// Structure first: talks a post lays out structurally are read from the
// structure, before any prose rule:
// - a heading per talk: "Title — Name (Company)", "Name, Company: Title",
//   "Lightning talk: Title - Name";
// - a table of talks, its columns named by the header in any order;
// - labelled fields: "**Speaker:** Name (Company)", "**Talk:** Title",
//   "**Video:** url", "**Slides:** url";
// - "NAME's takeaways:" before a list gives the list to NAME's talk.
import { personKey } from '../names.ts';
import { findLinks, parseTimeParam, toPlainText } from './inline-text.ts';
import type { SourceLine, TableRow } from './markdown.ts';
import { type Speaker, type SpeakerContext, withoutHonorific } from './people.ts';
import type { TalkDraft } from './talk-sentence.ts';
import { cleanTitle } from './titles.ts';
import { DISCOURSE, NAME, NAME_GROUP, NAME_SEP, trimTrailingPunctuation } from './vocabulary.ts';

const TALK_PREFIX =
  /^(?:(?:lightning|keynote|opening|closing|main|first|second|third|fourth|final)\s+)?(?:talk|session|keynote|demo)(?:\s+(?:\d+|one|two|three|four))?\s*[:–—-]\s*/i;
const HEADING_SEPARATOR = /\s+[—–-]\s+|:\s+|\s+\|\s+|\s+by\s+/;
const WITH_PAREN = new RegExp(`^(${NAME_GROUP})\\s*\\(([^()]{1,80})\\)$`, 'u');
const WITH_COMMA = new RegExp(`^(${NAME})\\s*,\\s*(\\p{Lu}[^,]{0,79})$`, 'u');
const WITH_FROM = new RegExp(`^(${NAME_GROUP})\\s+(?:from|at|@)\\s+(\\p{Lu}.{0,79})$`, 'u');
const NAMES_ONLY = new RegExp(`^${NAME_GROUP}$`, 'u');

function names(group: string): string[] {
  return group
    .split(new RegExp(NAME_SEP, 'u'))
    .map((n) => withoutHonorific(n.trim().split(/\s+/)).join(' '))
    .filter(Boolean);
}

function isPersonName(text: string, ctx: SpeakerContext): boolean {
  const words = text.split(/\s+/);
  if (words.length < 2 || words.length > 5 || DISCOURSE.has((words[0] as string).toLowerCase())) return false;
  return !(ctx.series && personKey(text).includes(personKey(ctx.series)));
}

/**
 * The speakers a part of a heading or a field names: "Name (Company)", "Name, Company", "Name from Company",
 * or names alone; `named` tells whether a company came with them (which makes the reading certain).
 */
export function speakerPart(text: string, ctx: SpeakerContext): { speakers: Speaker[]; named: boolean } | null {
  const plain = trimTrailingPunctuation(toPlainText(text));
  for (const re of [WITH_PAREN, WITH_COMMA, WITH_FROM]) {
    const m = re.exec(plain);
    if (!m?.[1] || !m[2]) continue;
    const group = names(m[1]);
    if (!group.every((n) => isPersonName(n, ctx))) continue;
    const company = trimTrailingPunctuation(m[2].trim());
    return { speakers: group.map((name) => ({ name, company, companyMissing: false })), named: true };
  }
  if (!NAMES_ONLY.test(plain)) return null;
  const group = names(plain);
  if (!group.every((n) => isPersonName(n, ctx))) return null;
  return {
    speakers: group.map((name) => ({ name, company: ctx.people.companyOf(name), companyMissing: false })),
    named: false,
  };
}

function draft(title: string, speakers: Speaker[], line: number, rule: string): TalkDraft {
  const link = findLinks(title).find((l) => !l.image) ?? null;
  return {
    title: cleanTitle(title),
    speakers,
    link: link?.url ?? null,
    startSeconds: link ? parseTimeParam(link.url) : null,
    slidesUrl: null,
    takeaways: [],
    line,
    leadIn: '',
    rule,
  };
}

/** A heading that titles one talk and names its speaker, in either order; null when it is not one. */
export function headingTalk(text: string, line: number, ctx: SpeakerContext): TalkDraft | null {
  const prefixed = TALK_PREFIX.test(toPlainText(text));
  const rest = text.replace(TALK_PREFIX, '');
  const parts = rest.split(HEADING_SEPARATOR).map((p) => p.trim());
  if (parts.length !== 2) return null;
  const [a, b] = parts as [string, string];
  const first = speakerPart(a, ctx);
  const second = speakerPart(b, ctx);
  // Which part is the speaker: the one with a company; else the one the post names elsewhere; else the last.
  let speakers: Speaker[];
  let title: string;
  if (first?.named && !second?.named) [speakers, title] = [first.speakers, b];
  else if (second?.named && !first?.named) [speakers, title] = [second.speakers, a];
  else if (second && !second.named && (prefixed || !first || ctx.people.companyOf(second.speakers[0]?.name ?? '')))
    [speakers, title] = [second.speakers, a];
  else if (first && !first.named && !second && ctx.people.companyOf(first.speakers[0]?.name ?? ''))
    [speakers, title] = [first.speakers, b];
  else return null;
  if (!toPlainText(title)) return null;
  return draft(title, speakers, line, 'talks/talk-heading');
}

const COLUMN = {
  speaker: /^(?:speakers?|presenters?|who|name|by)$/i,
  company: /^(?:company|companies|organi[sz]ations?|org|employer|from|affiliation)$/i,
  title: /^(?:talks?|titles?|topics?|sessions?|what)$/i,
  video: /^(?:video|recording|watch)$/i,
  slides: /^(?:slides?|deck)$/i,
};

/** A table of talks: one talk per row, its columns found by the header's names in any order. */
export function tableTalks(header: TableRow, rows: TableRow[], ctx: SpeakerContext): TalkDraft[] {
  const at = (re: RegExp) => header.cells.findIndex((c) => re.test(toPlainText(c).trim()));
  const speakerCol = at(COLUMN.speaker);
  const titleCol = at(COLUMN.title);
  if (speakerCol < 0 || titleCol < 0) return [];
  const companyCol = at(COLUMN.company);
  const videoCol = at(COLUMN.video);
  const slidesCol = at(COLUMN.slides);
  const out: TalkDraft[] = [];
  for (const row of rows) {
    const cell = (i: number) => (i >= 0 ? (row.cells[i] ?? '') : '');
    const who = speakerPart(cell(speakerCol), ctx);
    if (!who || !toPlainText(cell(titleCol))) continue;
    const company = trimTrailingPunctuation(toPlainText(cell(companyCol))) || null;
    const speakers = who.speakers.map((s) => ({ ...s, company: company ?? s.company }));
    const talk = draft(cell(titleCol), speakers, row.line, 'talks/table-row');
    const video = findLinks(cell(videoCol)).find((l) => !l.image);
    if (video) {
      talk.link ??= video.url;
      talk.startSeconds ??= parseTimeParam(video.url);
    }
    talk.slidesUrl = findLinks(cell(slidesCol)).find((l) => !l.image)?.url ?? null;
    out.push(talk);
  }
  return out;
}

const FIELD = /^\s*\*\*([A-Za-z ]{2,20}?)\s*:?\s*\*\*\s*:?\s*(.*)$/;

/** `**Speaker:** Ada Quill (Pebblestack)` lines: a talk given as labelled fields, or null. */
export function labelledTalk(lines: SourceLine[], ctx: SpeakerContext): TalkDraft | null {
  const fields = new Map<string, string>();
  for (const l of lines) {
    const m = FIELD.exec(l.text);
    if (m?.[1] && !fields.has(m[1].toLowerCase())) fields.set(m[1].toLowerCase().trim(), (m[2] ?? '').trim());
  }
  const field = (re: RegExp) => [...fields.entries()].find(([k]) => re.test(k))?.[1] ?? '';
  const who = speakerPart(field(COLUMN.speaker), ctx);
  const title = field(COLUMN.title);
  if (!who || !toPlainText(title)) return null;
  const talk = draft(title, who.speakers, lines[0]?.line ?? 0, 'talks/labelled-fields');
  const company = trimTrailingPunctuation(toPlainText(field(COLUMN.company)));
  if (company) for (const s of talk.speakers) s.company = company;
  const urlOf = (text: string) =>
    findLinks(text).find((l) => !l.image)?.url ?? /https?:\/\/\S+/.exec(toPlainText(text))?.[0] ?? null;
  const video = urlOf(field(COLUMN.video));
  if (video) {
    talk.link ??= video;
    talk.startSeconds ??= parseTimeParam(video);
  }
  talk.slidesUrl = urlOf(field(COLUMN.slides));
  return talk;
}

const TAKEAWAYS_OF = new RegExp(
  `^(${NAME})['’]s\\s+(?:(?:main|key|top|three|five)\\s+)?(?:takeaways|points|lessons|tips|highlights)\\b[^.!?]*:\\s*$`,
  'u',
);

/** "Ada's takeaways:" → the talk of the speaker with that name (first name or full), among `talks`. */
export function takeawaysOwner(text: string, talks: TalkDraft[]): TalkDraft | null {
  const who = TAKEAWAYS_OF.exec(toPlainText(text))?.[1];
  if (!who) return null;
  const key = personKey(who);
  const matches = talks.filter((t) =>
    t.speakers.some((s) => personKey(s.name) === key || personKey(s.name.split(/\s+/)[0] ?? '') === key),
  );
  return matches.length ? (matches[matches.length - 1] as TalkDraft) : null;
}
