// Sentences: where prose splits into sentences (never inside brackets, after
// initials or abbreviations, or at a "!" or "?" inside a title).

import { wordBefore } from './inline-text.ts';

const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'st',
  'inc',
  'ltd',
  'co',
  'corp',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'no',
  'jr',
  'sr',
  'prof',
  'approx',
]);

/** True when the word (without its final `.`) is an abbreviation or an initial. */
export function isAbbreviation(word: string): boolean {
  const w = word.replace(/\.$/, '').replace(/^[("'“‘]+/, '');
  if (/^\p{Lu}$/u.test(w)) return true;
  if (/^(?:\p{L}\.)+\p{L}$/u.test(w)) return true;
  return ABBREVIATIONS.has(w.toLowerCase());
}

/** A bracketed timestamp: "(starting at 31:00)", "(from [12:30](…))". */
const CLOCK_AHEAD = /^\(\s*(?:(?:starting|starts|from|watch)\s+)?(?:at\s+|from\s+)?\[?\d{1,2}:\d{2}/i;

/** Short words a title keeps in lower case ("Ship It! Delivering Faster with Less Toil"). */
const TITLE_SMALL_WORDS = new Set('a an and as at but by for from in into of on or per the to vs via with'.split(' '));

/**
 * Whether the text from `at` reads as the rest of a title rather than a new sentence: two or more words (one
 * before a timestamp) up to the next sentence mark or bracket, every one capitalised but the small words a title keeps in lower case.
 * A "!" or "?" before such text is inside a title ("Ship It! Delivering Faster …"), not the end of a sentence.
 */
export function continuesTitle(text: string, at: number): boolean {
  const rest = text.slice(at, at + 200);
  const stop = rest.search(/[.!?([]/);
  const words = (stop < 0 ? rest : rest.slice(0, stop)).trim().split(/\s+/).filter(Boolean);
  // One word is enough when a timestamp follows it at once ("Harmful? Mostly (starting at 31:00)").
  const timed = stop >= 0 && CLOCK_AHEAD.test(rest.slice(stop));
  if (words.length < (timed ? 1 : 2)) return false;
  return words.every((w) => /^[\p{Lu}\p{N}"“‘]/u.test(w) || TITLE_SMALL_WORDS.has(w.toLowerCase()));
}

export interface Sentence {
  text: string;
  /** Offset of the sentence in the split string. */
  start: number;
}

/**
 * Splits prose into sentences at `.`, `!` or `?` followed by a space and a
 * capital, digit, quote or link — never inside `[...]` or `(...)`, and not
 * after initials or abbreviations (`Ada B. Quill`, `Widgets, Inc.`).
 */
export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let square = 0;
  let round = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') square++;
    else if (c === ']') square = Math.max(0, square - 1);
    else if (c === '(') round++;
    else if (c === ')') round = Math.max(0, round - 1);
    if (square > 0 || round > 0 || (c !== '.' && c !== '!' && c !== '?')) continue;
    let j = i + 1;
    while (j < text.length && '.!?'.includes(text[j] as string)) j++;
    // The rest of a run such as "?!" or "..." ends the same way as its first mark: skip it.
    if (j < text.length && !/\s/.test(text[j] as string)) {
      i = j - 1;
      continue;
    }
    let k = j;
    while (k < text.length && /\s/.test(text[k] as string)) k++;
    if (k < text.length && !/[\p{Lu}\p{N}[“"‘'*_!]/u.test(text[k] as string)) {
      i = k - 1;
      continue;
    }
    if (c === '.' && j === i + 1 && isAbbreviation(wordBefore(text, i, start).word)) continue;
    if (c !== '.' && continuesTitle(text, k)) continue;
    const piece = text.slice(start, j);
    if (piece.trim()) out.push({ text: piece.trim(), start: start + (piece.length - piece.trimStart().length) });
    start = k;
    i = k - 1;
  }
  const rest = text.slice(start);
  if (rest.trim()) out.push({ text: rest.trim(), start: start + (rest.length - rest.trimStart().length) });
  return out;
}
