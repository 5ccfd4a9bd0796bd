// Sponsors: the thank-you sentence that names the evening's sponsors, and the
// list splitting it shares with the next-meetup announcement.
import { personKey } from '../names.ts';
import type { ParsedSponsor } from '../parsed-post.types.ts';
import { collapseSpaces, findLinks, toPlainText } from './inline-text.ts';
import type { ListItem } from './markdown.ts';
import type { MainSentence, Tagged } from './sections.ts';
import { BLANKS, THANKS, trimEndOf, trimTrailingPunctuation } from './vocabulary.ts';

const SPONSOR_RULE = 'sponsors/thank-you-sentence';

/** People thanked by their role ("speakers, sponsors, and the door staff"), not companies. */
const ROLE_NOUN =
  /^(?:(?:all|all of|each of|every one of)\s+)?(?:you|you all|everyone|everybody|all|(?:our\s+|the\s+)?(?:(?:wonderful|amazing|great|lovely|fantastic)\s+)?(?:speakers?|sponsors?|hosts?|organi[sz]ers?|volunteers?|attendees?|audience|staff|door staff|team|crew|community|members?|helpers?|presenters?|panellists?|panelists?|guests?))$/i;

export function isRoleNoun(text: string): boolean {
  return ROLE_NOUN.test(text.trim());
}

/** "Harbour Analytics Group (HAG)": the bracketed acronym is another name of the same item, not a new one. */
export function withoutAcronym(name: string): string {
  return name.replace(/\s*\((?:\p{Lu}[\p{Lu}\p{N}&.-]{1,9})\)$/u, '').trim();
}

export const AND_SEPARATOR = /\s+and\s+/y;

/** Splits a list at commas and "and" outside brackets and parentheses ("&" stays: "Brindle & Co"). */
export function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < list.length; i++) {
    const c = list[i] as string;
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth = Math.max(0, depth - 1);
    if (depth === 0) {
      if (c === ',' || c === ';') {
        parts.push(current);
        current = '';
        continue;
      }
      AND_SEPARATOR.lastIndex = i;
      const sep = AND_SEPARATOR.exec(list);
      if (sep && /\s/.test(c)) {
        parts.push(current);
        current = '';
        i += sep[0].length - 1;
        continue;
      }
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** End of a list that starts at `start`: the first terminator outside brackets. */
export function listEnd(s: string, start: number, terminators: RegExp): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i] as string;
    if (depth === 0) {
      terminators.lastIndex = i;
      if (terminators.test(s)) return i;
    }
    if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth = Math.max(0, depth - 1);
  }
  return s.length;
}

export const SPONSOR_LIST_END =
  /\s+for\s|,?\s+plus\s|,?\s+who\s|,?\s+which\s|,?\s+as\s+(?:always|ever|well)\b|!|\?|;|\.(?:\s|$)|\s+[-–—]\s/y;

export function sponsorsIn(sentence: string, line: number): ParsedSponsor[] | null {
  const by = /\bsponsored by\s+/i.exec(sentence);
  if (!by && (!/\bsponsor/i.test(sentence) || !THANKS.test(sentence))) return null;
  let start = -1;
  const noun =
    /\bsponsors?\b(?:\s+(?:this month|this time|tonight|for (?:the|this|tonight['’]s) (?:evening|night|meetup|event)))?(?:\s+(?:are|were|was|is|include|included|including))?\s*[:,]?\s*/i.exec(
      sentence,
    );
  if (by) {
    start = by.index + by[0].length;
  } else if (noun && /^[[\p{Lu}\p{N}]|^(?:the|our)\s/u.test(sentence.slice(noun.index + noun[0].length))) {
    start = noun.index + noun[0].length;
  } else {
    const to =
      /\b(?:thanks?|thank you|grateful|gratitude|shout-?outs?|appreciat\w*|kudos)(?:\s+(?:\p{Ll}+ly|also|again|once|as|always|ever|so|much|very)){0,4}?\s+(?:to|for)\s+/iu.exec(
        sentence,
      );
    if (to) start = to.index + to[0].length;
  }
  if (start < 0) return null;
  const end = listEnd(sentence, start, SPONSOR_LIST_END);
  const sponsors: ParsedSponsor[] = [];
  for (const piece of splitTopLevel(sentence.slice(start, end))) {
    const link = findLinks(piece).find((l) => !l.image);
    if (link) {
      const name = trimTrailingPunctuation(collapseSpaces(toPlainText(link.text))).replace(/\.$/, '');
      if (name) sponsors.push({ name, url: link.url || null, line, rule: SPONSOR_RULE });
      continue;
    }
    let plain = toPlainText(piece);
    for (let i = 0; i < 3; i++) plain = plain.replace(/^(?:and|also|especially|the|our|to|of course)\s+/i, '');
    plain = trimEndOf(plain, `.!,;:${BLANKS}`);
    plain = withoutAcronym(plain);
    if (!plain || !/^[\p{Lu}\p{N}]/u.test(plain) || plain.split(/\s+/).length > 6 || isRoleNoun(plain)) continue;
    sponsors.push({ name: plain, url: null, line, rule: SPONSOR_RULE });
  }
  return sponsors.length ? sponsors : null;
}

/** A list under a Sponsors heading: one sponsor per item, its link text (or its words) and link. */
export function sponsorsInList(items: ListItem[]): ParsedSponsor[] {
  const out: ParsedSponsor[] = [];
  for (const item of items) {
    const text = item.lines.map((l) => l.text).join(' ');
    const link = findLinks(text).find((l) => !l.image);
    const raw = link ? link.text : (text.split(/\s+[-–—:]\s+|[,;(]/)[0] ?? '');
    const name = withoutAcronym(trimTrailingPunctuation(collapseSpaces(toPlainText(raw))));
    if (!name || !/^[\p{Lu}\p{N}]/u.test(name) || isRoleNoun(name)) continue;
    out.push({ name, url: link?.url || null, line: item.line, rule: 'sponsors/sponsor-list' });
  }
  return out;
}

/**
 * The evening's sponsors, one entry per name, in the order the post gives them: lists under a Sponsors
 * heading, and the thank-you sentences that are not talk sentences.
 */
export function readSponsors(main: Tagged[], sentences: MainSentence[], talkSentences: Set<string>): ParsedSponsor[] {
  const found: ParsedSponsor[] = [];
  for (const { block, heading } of main) {
    if (block.kind === 'list' && heading && /\bsponsor/i.test(heading.text)) found.push(...sponsorsInList(block.items));
  }
  for (const s of sentences) {
    if (!talkSentences.has(`${s.line}:${s.si}`)) found.push(...(sponsorsIn(s.text, s.line) ?? []));
  }
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.line - b.line)
    .filter((sp) => {
      const k = personKey(sp.name);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
}
