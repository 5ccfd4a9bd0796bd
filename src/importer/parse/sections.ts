// Sections: which heading a block sits under, and whether that section is the
// roundup itself, the next-meetup announcement, or an offer to skip; and the
// sentences of a paragraph, each with its source line.

import { type Block, lineAt, type ParagraphBlock } from './markdown.ts';
import { splitSentences } from './sentences.ts';
import { MONTH_WORD } from './vocabulary.ts';

export type SectionKind = 'main' | 'next' | 'offer';

export interface Tagged {
  block: Block;
  section: SectionKind;
  /** The heading that opened this block's section (null before the first heading). */
  heading: { text: string; line: number; level: number } | null;
}

/** A heading that says "next" or "coming up" ("Next month", "What's next", "Coming up"), but not "Next up: a talk". */
const NEXT_HEADING =
  /\bnext (?:meetup|event|month|time|edition)\b|\bwhat['’]s next\b|^next\b(?!\s+(?:up|was|we)\b)|\bupcoming\b|\bcoming up\b|\bsave the date\b/i;

export function classifyHeading(text: string): SectionKind | null {
  if (/\b(?:offers?|discounts?|invitations?|promo(?:tion)?s?|giveaways?|competitions?|jobs|hiring)\b/i.test(text)) {
    return 'offer';
  }
  if (/\b(?:overview|talks|speakers|recap|round-?up|summary|highlights)\b/i.test(text)) return 'main';
  const plain = text.replace(/[*_`]/g, '').trim();
  if (new RegExp(`\\b${MONTH_WORD}(?:\\s+\\d{4})?\\s*[:!.]?$`).test(plain)) return 'next';
  if (NEXT_HEADING.test(plain)) return 'next';
  return null;
}

export function tagSections(blocks: Block[]): Tagged[] {
  const stack: { level: number; kind: SectionKind; text: string; line: number }[] = [];
  const out: Tagged[] = [];
  for (const block of blocks) {
    if (block.kind === 'heading') {
      while (stack.length && (stack[stack.length - 1]?.level ?? 0) >= block.level) stack.pop();
      const kind = classifyHeading(block.text) ?? stack[stack.length - 1]?.kind ?? 'main';
      stack.push({ level: block.level, kind, text: block.text, line: block.line });
    }
    const top = stack[stack.length - 1];
    out.push({
      block,
      section: top?.kind ?? 'main',
      heading: top ? { text: top.text, line: top.line, level: top.level } : null,
    });
  }
  return out;
}

export interface SentenceRef {
  text: string;
  line: number;
}

export function sentencesOf(p: ParagraphBlock): SentenceRef[] {
  return splitSentences(p.text).map((s) => ({ text: s.text, line: lineAt(p, s.start) }));
}

export interface MainSentence extends SentenceRef {
  /** Index of its block among the main blocks, and of the sentence in its paragraph. */
  bi: number;
  si: number;
}
