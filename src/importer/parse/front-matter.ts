// Front matter and date: the post's lines as read (mojibake repaired, NFC),
// its YAML block (from the syntax tree's `yaml` node), and the meetup date
// from the file name, the front matter or the month the title names.

import { parseDocument } from 'yaml';
import { PostParseError } from '../parsed-post.types.ts';
import { toPlainText } from './inline-text.ts';
import type { MarkdownDocument } from './markdown.ts';
import { repairMojibake } from './mojibake.ts';
import type { SentenceRef } from './sections.ts';
import { MONTH_WORD, monthIndex } from './vocabulary.ts';

export interface FrontMatter {
  data: Record<string, unknown>;
  keyLines: Map<string, number>;
  /** 1-based file line of the first body line. */
  bodyLine: number;
}

/** The part of a YAML error message that says what is wrong (its own "at line …" and excerpt dropped). */
export function yamlReason(message: string): string {
  return (
    message
      .split('\n')[0]
      ?.replace(/\s+at line \d+, column \d+:?\s*$/, '')
      .trim() ?? message
  );
}

export function readFrontMatter(doc: MarkdownDocument, lines: string[]): FrontMatter {
  if (!doc.frontMatter) {
    if (/^---\s*$/.test(lines[0] ?? '')) {
      throw new PostParseError(1, 'the YAML front matter is never closed: no second "---" line');
    }
    throw new PostParseError(1, 'no YAML front matter: a roundup post must start with a "---" line');
  }
  const { value, firstLine } = doc.frontMatter;
  const yamlLines = value.split('\n');
  // yaml's pretty errors quote the source around the error, which is quadratic on a very long line:
  // the position is turned into a line and column here instead.
  const yaml = parseDocument(value, { prettyErrors: false });
  const error = yaml.errors[0];
  if (error) {
    const before = value.slice(0, error.pos[0]);
    const yamlLine = before.split('\n').length;
    const column = error.pos[0] - before.lastIndexOf('\n');
    const source = (yamlLines[yamlLine - 1] ?? '').trim().slice(0, 120);
    const where = ` (column ${column}${source ? ` of "${source}"` : ''})`;
    throw new PostParseError(
      firstLine - 1 + yamlLine,
      `broken YAML front matter: ${yamlReason(error.message)}${where}`,
    );
  }
  const data: unknown = yaml.toJS();
  if (data === null || data === undefined) throw new PostParseError(1, 'the YAML front matter is empty');
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new PostParseError(firstLine, 'the YAML front matter is not a mapping of keys to values');
  }
  const keyLines = new Map<string, number>();
  yamlLines.forEach((l, i) => {
    const key = /^([A-Za-z_][\w-]*)\s*:/.exec(l)?.[1];
    if (key && !keyLines.has(key)) keyLines.set(key, firstLine + i);
  });
  return { data: data as Record<string, unknown>, keyLines, bodyLine: firstLine + yamlLines.length + 1 };
}

export function fmString(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  if (value instanceof Date) return value.toISOString();
  return null;
}

export function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function validDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m && t.getUTCDate() === d;
}

/** "December 2019", "[Dec 2018]" → the first of that month. */
export function monthOfText(text: string | null): string | null {
  const m = new RegExp(`\\b(${MONTH_WORD})\\b[\\s,.-]{0,3}((?:19|20)\\d{2})\\b`).exec(text ?? '');
  return m?.[1] && m[2] ? isoDate(Number(m[2]), monthIndex(m[1]), 1) : null;
}

export function readIsoDate(text: string | null): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text ?? '');
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]) - 1, Number(m[3])];
  return validDate(y, mo, d) ? isoDate(y, mo, d) : null;
}

export type Warn = (line: number, code: string, message: string) => void;

/** Lines with mojibake repaired and NFC applied, line by line (so line numbers hold). */
export function readLines(text: string, warn: Warn): string[] {
  let repairedLine = 0;
  let repairs = 0;
  const lines = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l, i) => {
      const r = repairMojibake(l);
      if (r.count && !repairedLine) repairedLine = i + 1;
      repairs += r.count;
      return r.text.normalize('NFC');
    });
  if (repairs) warn(repairedLine, 'mojibake-repaired', `repaired ${repairs} mis-decoded character sequence(s)`);
  return lines;
}

/** The meetup date: the file name's, else the front matter's, else (an early draft) the month the title names. */
export function readDate(
  fm: FrontMatter,
  path: string | undefined,
  title: string,
  description: string | null,
  warn: Warn,
): { date: string; monthOnly: boolean } {
  const titleLine = fm.keyLines.get('title') ?? 1;
  const dateLine = fm.keyLines.get('date') ?? 1;
  const fmDateText = fmString(fm.data.date);
  const fmDate = readIsoDate(fmDateText);
  const fileName = (path ?? '').split(/[\\/]/).pop() ?? '';
  const fileDate = readIsoDate(/^\d{4}-\d{2}-\d{2}/.exec(fileName)?.[0] ?? null);
  if (fmDateText && !fmDate) {
    if (!fileDate) throw new PostParseError(dateLine, `the front-matter date "${fmDateText}" is not a YYYY-MM-DD date`);
    warn(dateLine, 'date-invalid', `ignoring the unreadable front-matter date "${fmDateText}"`);
  }
  const monthOnly = fileDate || fmDate ? null : (monthOfText(title) ?? monthOfText(description));
  const date = fileDate ?? fmDate ?? monthOnly;
  if (!date) {
    throw new PostParseError(
      dateLine,
      'no date: the front matter has no "date", the file name does not start with YYYY-MM-DD, and the title names no month and year',
    );
  }
  if (monthOnly) {
    warn(
      titleLine,
      'date-month-only',
      `only the month is known (${monthOnly.slice(0, 7)}): no date in the file name or front matter`,
    );
  }
  if (fileDate && fmDate && fileDate !== fmDate) {
    warn(
      dateLine,
      'date-conflict',
      `front-matter date ${fmDate} differs from the file name's ${fileDate}; using the file name's`,
    );
  }
  const titleMonth = new RegExp(`\\b${MONTH_WORD}\\b`).exec(title)?.[0];
  if (titleMonth && monthIndex(titleMonth) !== Number(date.slice(5, 7)) - 1) {
    warn(titleLine, 'title-month-mismatch', `the title says ${titleMonth} but the meetup date is ${date}`);
  }
  return { date, monthOnly: monthOnly !== null };
}

const CALLS_ITSELF = new RegExp(
  `\\b(?:our|the)\\s+(${MONTH_WORD})\\b(?:\\s+\\d{4})?\\s+(?:[\\w-]+\\s+){0,4}?meetup\\b`,
);

/** "our August meetup" in a post dated September: warned about, the date stands. */
export function checkBodyMonth(lead: SentenceRef[], date: string, warn: Warn): void {
  for (const s of lead) {
    const said = CALLS_ITSELF.exec(toPlainText(s.text));
    if (said?.[1] && monthIndex(said[1]) !== Number(date.slice(5, 7)) - 1) {
      warn(s.line, 'body-month-mismatch', `the post calls this the ${said[1]} meetup but its date is ${date}`);
      return;
    }
  }
}
