// The next meetup: the section (or sentence) announcing it, its date (year
// rolled over after December, the heading's month and the weekday trusted
// over a contradicting day), the companies announced and the RSVP link.

import type { ParsedAnnouncement } from '../parsed-post.types.ts';
import { isoDate, validDate, type Warn } from './front-matter.ts';
import { collapseSpaces, findLinks, toPlainText, wordBefore } from './inline-text.ts';
import { type MainSentence, sentencesOf, type Tagged } from './sections.ts';
import { isAbbreviation } from './sentences.ts';
import { listEnd, splitTopLevel, withoutAcronym } from './sponsors.ts';
import {
  COMPANY_SUFFIX,
  MONTH_WORD,
  monthIndex,
  monthName,
  trimEndOf,
  trimTrailingPunctuation,
  WEEKDAY_WORD,
  weekdayIndex,
} from './vocabulary.ts';

const weekdayOf = (y: number, m: number, d: number): number => new Date(Date.UTC(y, m, d)).getUTCDay();

/**
 * The one weekday rule: when a written day and weekday disagree, the day of that month with the stated
 * weekday nearest the written day (the earlier on a tie). From the 1st, that is the month's first such day.
 */
export function dayWithWeekday(year: number, month: number, near: number, weekday: number): number {
  let best = -1;
  for (let d = 1; validDate(year, month, d); d++) {
    if (weekdayOf(year, month, d) !== weekday) continue;
    if (best < 0 || Math.abs(d - near) < Math.abs(best - near)) best = d;
  }
  return best;
}

/**
 * The one rule for a written day and weekday, in every path that reads an announced date: the written day
 * when it exists and is that weekday (or no weekday is stated); else the day of that month with the stated
 * weekday nearest the written day; a day past the month's end with no weekday is the month's last day.
 */
export function dayOfWeekday(year: number, month: number, day: number, weekday: number): number {
  if (weekday < 0) {
    let d = day;
    while (d > 28 && !validDate(year, month, d)) d--;
    return d;
  }
  if (validDate(year, month, day) && weekdayOf(year, month, day) === weekday) return day;
  return dayWithWeekday(year, month, day, weekday);
}

export function readAnnouncedDate(
  text: string,
  postDate: string,
  headingMonth: number,
  line: number,
  warn: (line: number, code: string, message: string) => void,
): { date: string | null; written: string | null } {
  const dayFirst = new RegExp(
    `(?:\\b(${WEEKDAY_WORD}),?\\s+(?:the\\s+)?)?\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_WORD})\\b(?:,?\\s+(\\d{4}))?`,
  );
  const monthFirst = new RegExp(
    `(?:\\b(${WEEKDAY_WORD}),?\\s+)?\\b(${MONTH_WORD})\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`,
  );
  const a = dayFirst.exec(text);
  const b = monthFirst.exec(text);
  let weekday: string | undefined;
  let day: number;
  let monthWord: string;
  let yearWord: string | undefined;
  let written: string;
  if (a && (!b || a.index <= b.index)) {
    [written, weekday, , monthWord, yearWord] = [a[0], a[1], a[2], a[3] ?? '', a[4]];
    day = Number(a[2]);
  } else if (b) {
    [written, weekday, monthWord, , yearWord] = [b[0], b[1], b[2] ?? '', b[3], b[4]];
    day = Number(b[3]);
  } else {
    return { date: null, written: null };
  }
  const [py, pm] = [Number(postDate.slice(0, 4)), Number(postDate.slice(5, 7)) - 1];
  let month = monthIndex(monthWord);
  const conflict = headingMonth >= 0 && headingMonth !== month;
  if (conflict) {
    warn(
      line,
      'next-date-conflict',
      `the next-meetup heading names ${monthName(headingMonth)} but the text says "${written.trim()}"; reading it as ${monthName(headingMonth)}`,
    );
    month = headingMonth;
  }
  let year = yearWord ? Number(yearWord) : month < pm ? py + 1 : py;
  const wantWeekday = weekday ? weekdayIndex(weekday) : -1;
  // A day that is the stated weekday only next year (an announcement a year ahead) moves the year, not the day.
  const nextYear = !yearWord && !conflict && wantWeekday >= 0 && month <= pm;
  if (nextYear && validDate(year, month, day) && weekdayOf(year, month, day) !== wantWeekday) {
    if (validDate(year + 1, month, day) && weekdayOf(year + 1, month, day) === wantWeekday) year += 1;
  }
  const d = dayOfWeekday(year, month, day, wantWeekday);
  if (d !== day && wantWeekday >= 0 && !conflict) {
    warn(
      line,
      'next-date-weekday-mismatch',
      `"${written.trim()}" is not a ${weekday} in ${year}; reading it as the ${weekday} nearest the ${day}th, ${isoDate(year, month, d)}`,
    );
  }
  return { date: isoDate(year, month, d), written: written.trim() };
}

// A bracket ends the list, except a bracketed acronym ("Harbour Analytics Group (HAG), and Foo").
export const NEXT_LIST_END =
  /\[|\((?!\p{Lu}[\p{Lu}\p{N}&.-]{1,9}\))|;|!|\?|\.(?:\s|$)|\s+(?:who|which|to|at|on|in|for|with|as|when|where|so)\s|\s+[-–—]\s(?!\p{Lu})/uy;

export function announcedCompanies(sentence: string): string[] {
  const m =
    /\b(?:speakers?|talks?|presenters?|folks|friends|people|guests)\s+(?:from|at)\s+|\bfeaturing\s+(?:(?:speakers|talks)\s+from\s+)?/i.exec(
      sentence,
    );
  if (!m) return [];
  const start = m.index + m[0].length;
  let end = start;
  for (;;) {
    end = listEnd(sentence, end, NEXT_LIST_END);
    if (sentence[end] !== '.') break;
    const word = wordBefore(sentence, end, start).word;
    if (!isAbbreviation(`${word}.`) || end + 1 >= sentence.length) break;
    end += 1;
  }
  const out: string[] = [];
  for (const piece of splitTopLevel(sentence.slice(start, end))) {
    let name = collapseSpaces(toPlainText(piece)).replace(/^(?:and|the|our friends at)\s+/i, '');
    name = withoutAcronym(trimTrailingPunctuation(trimEndOf(name, '!?')));
    if (!name || /^(?:more|others|many more|lots more|friends|guests|special guests)$/i.test(name)) continue;
    const previous = out[out.length - 1];
    if (previous !== undefined && COMPANY_SUFFIX.test(name)) {
      out[out.length - 1] = `${previous}, ${name}`;
      continue;
    }
    out.push(name);
  }
  return out;
}

export function rsvpIn(text: string): string | null {
  const links = findLinks(text).filter((l) => !l.image && /^https?:\/\//.test(l.url));
  const byText = links.find((l) => /\b(?:rsvp|register|sign ?up|save the date|tickets?|book|join)\b/i.test(l.text));
  const byUrl = links.find((l) => /meetup\.com|eventbrite|lu\.ma|ti\.to|luma\.com/i.test(l.url));
  return byText?.url ?? byUrl?.url ?? null;
}

/** The next meetup: its section ("## … <Month>"), else a sentence about the next event. */
export function readNextMeetup(
  tagged: Tagged[],
  sentences: MainSentence[],
  talkSentences: Set<string>,
  date: string,
  warn: Warn,
): ParsedAnnouncement | null {
  const nextBlocks = tagged.filter((t) => t.section === 'next');
  const heading = nextBlocks[0]?.heading;
  if (heading) {
    const section = nextBlocks.flatMap((t) => (t.block.kind === 'paragraph' ? sentencesOf(t.block) : []));
    const text = section.map((s) => s.text).join(' ');
    const headingMonth = new RegExp(`\\b(${MONTH_WORD})\\b`).exec(heading.text)?.[1];
    const dated = readAnnouncedDate(
      toPlainText(text),
      date,
      headingMonth ? monthIndex(headingMonth) : -1,
      heading.line,
      warn,
    );
    if (!dated.date) warn(heading.line, 'next-date-missing', 'the next-meetup section gives no date');
    return {
      date: dated.date,
      dateAsWritten: dated.written,
      companies: section.map((s) => announcedCompanies(s.text)).find((c) => c.length) ?? [],
      rsvpUrl: rsvpIn(text),
      line: heading.line,
      rule: 'next-meetup/section',
    };
  }
  const mention = sentences.find(
    (s) =>
      /\bnext (?:meetup|event|edition|session)\b/i.test(toPlainText(s.text)) && !talkSentences.has(`${s.line}:${s.si}`),
  );
  if (!mention) return null;
  const plain = toPlainText(mention.text);
  const hasDay = new RegExp(`\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_WORD}|${MONTH_WORD}\\s+\\d{1,2}\\b`).test(
    plain,
  );
  const dated = hasDay ? readAnnouncedDate(plain, date, -1, mention.line, warn) : { date: null, written: null };
  return {
    date: dated.date,
    dateAsWritten: dated.written,
    companies: announcedCompanies(mention.text),
    rsvpUrl: rsvpIn(mention.text) ?? findLinks(mention.text).find((l) => !l.image)?.url ?? null,
    line: mention.line,
    rule: 'next-meetup/sentence',
  };
}
