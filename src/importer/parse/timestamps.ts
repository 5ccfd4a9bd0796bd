// Timestamps: the video offset a sentence gives ("(starting at [1:02:03](url))",
// "(from 12:30)", "[12:30](url)", "Watch from 12:05").
import { parseClock, parseTimeParam, replaceLinks } from './inline-text.ts';

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
