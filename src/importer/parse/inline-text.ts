// Text-level helpers for the roundup parser: inline links, plain-text
// conversion and timestamps (mojibake repair is in mojibake.ts, sentence
// splitting in sentences.ts). Everything here is pure and knows nothing about
// meetups.
// ---------------------------------------------------------------------------
// Inline links.

export interface InlineLink {
  text: string;
  url: string;
  /** Offsets of the whole link (including `!`, brackets and parentheses) in the source string. */
  start: number;
  end: number;
  image: boolean;
  /** True when the Markdown was broken (a missing `[` or `(`) and the link was recovered. */
  repaired: boolean;
}

/**
 * For every `open` character, the index of the `close` that balances it (-1 when none), in one pass: the
 * same answer as counting depth forward from each bracket, without rescanning the rest of the text per bracket.
 */
function bracketPairs(s: string, open: number, close: number): Int32Array {
  const pairs = new Int32Array(s.length);
  pairs.fill(-1);
  const stack = new Int32Array(s.length);
  let top = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === open) stack[top++] = i;
    else if (c === close && top > 0) pairs[stack[--top] as number] = i;
  }
  return pairs;
}

function pairOf(pairs: Int32Array, at: number): number {
  return at >= 0 && at < pairs.length ? (pairs[at] as number) : -1;
}

function isSpace(c: string | undefined): boolean {
  return c !== undefined && /\s/.test(c);
}

/** The word (run of non-space characters) that ends at `end`, not reaching back before `floor`. */
export function wordBefore(s: string, end: number, floor = 0): { word: string; start: number } {
  let start = end;
  while (start > floor && !isSpace(s[start - 1])) start--;
  return { word: s.slice(start, end), start };
}

/** Start of the link text when `[` is missing: the capitalised words right before `](`. */
function recoverLinkTextStart(s: string, closeAt: number, floor: number): number {
  let start = closeAt;
  let words = 0;
  while (words < 5) {
    let end = start;
    while (end > floor && isSpace(s[end - 1])) end--;
    const { word, start: wordStart } = wordBefore(s, end, floor);
    if (!word) break;
    if (!/^[\p{Lu}\p{N}]/u.test(word) || /[,;:()[\]]/.test(word.slice(0, -1))) break;
    start = wordStart;
    words++;
    if (/[,;:]$/.test(word)) break;
  }
  return words > 0 ? start : -1;
}

/**
 * Inline Markdown links and images, in order. Also recovers two common
 * breakages: `Name](url)` with the `[` missing, and `[text]https://url)` with
 * the `(` missing.
 */
export function findLinks(s: string): InlineLink[] {
  const links: InlineLink[] = [];
  if (!s.includes('[') && !s.includes('](')) return links;
  const squares = bracketPairs(s, 0x5b, 0x5d);
  const rounds = bracketPairs(s, 0x28, 0x29);
  // Positions of every "[" and every "](", visited in order (no search from each position).
  const opens: number[] = [];
  const orphans: number[] = [];
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === 0x5b) opens.push(k);
    else if (c === 0x5d && s.charCodeAt(k + 1) === 0x28) orphans.push(k);
  }
  let o = 0;
  let r = 0;
  let i = 0;
  while (i < s.length) {
    while (o < opens.length && (opens[o] as number) < i) o++;
    while (r < orphans.length && (orphans[r] as number) < i) r++;
    const open = o < opens.length ? (opens[o] as number) : -1;
    const orphan = r < orphans.length ? (orphans[r] as number) : -1;
    if (orphan >= 0 && (open < 0 || orphan < open)) {
      const close = pairOf(rounds, orphan + 1);
      const start = recoverLinkTextStart(s, orphan, i);
      if (close > 0 && start >= 0) {
        const url =
          s
            .slice(orphan + 2, close)
            .trim()
            .split(/\s+/)[0] ?? '';
        links.push({ text: s.slice(start, orphan).trim(), url, start, end: close + 1, image: false, repaired: true });
        i = close + 1;
        continue;
      }
      if (open < 0) break;
    }
    if (open < 0) break;
    const closeBracket = pairOf(squares, open);
    if (closeBracket < 0) {
      // A stray "[" that is never closed: links after it still count.
      i = open + 1;
      continue;
    }
    const image = open > 0 && s[open - 1] === '!';
    const text = s.slice(open + 1, closeBracket);
    if (s[closeBracket + 1] === '(') {
      const closeParen = pairOf(rounds, closeBracket + 1);
      if (closeParen > 0) {
        const url =
          s
            .slice(closeBracket + 2, closeParen)
            .trim()
            .split(/\s+/)[0] ?? '';
        links.push({
          text,
          url,
          start: image ? open - 1 : open,
          end: closeParen + 1,
          image,
          repaired: false,
        });
        i = closeParen + 1;
        continue;
      }
    }
    const bare = /^(https?:\/\/[^\s)]+)\)?/.exec(s.slice(closeBracket + 1, closeBracket + 2049));
    if (bare?.[1]) {
      links.push({
        text,
        url: bare[1],
        start: image ? open - 1 : open,
        end: closeBracket + 1 + bare[0].length,
        image,
        repaired: true,
      });
      i = closeBracket + 1 + bare[0].length;
      continue;
    }
    i = open + 1;
  }
  return links;
}

/** Replaces every link with its text (images with nothing) and returns the new string. */
export function replaceLinks(
  s: string,
  replace: (link: InlineLink) => string = (l) => (l.image ? '' : l.text),
): string {
  let out = '';
  let at = 0;
  for (const link of findLinks(s)) {
    out += s.slice(at, link.start) + replace(link);
    at = link.end;
  }
  return out + s.slice(at);
}

// ---------------------------------------------------------------------------
// Plain text.

/** Markdown inline text → plain text: links to their text, no images, emphasis, code marks or HTML tags. */
export function toPlainText(md: string): string {
  let s = replaceLinks(md);
  // Each pattern stops at the next delimiter, so an unclosed `<`, `**` or `__` costs one scan, not one per character.
  s = s.replace(/<\/?[a-zA-Z][^<>]*>/g, ' ');
  s = s.replace(/\*\*(?=\S)((?:[^*]|\*(?!\*))*?\S)\*\*/g, '$1');
  s = s.replace(/__(?=\S)((?:[^_]|_(?!_))*?\S)__/g, '$1');
  s = s.replace(/(^|[\s([{"“'‘])([*_])(?=\S)([^*_]*?\S)\2(?=$|[\s)\]}.,!?:;"”'’])/g, '$1$3');
  s = s.replace(/`([^`]*)`/g, '$1');
  return collapseSpaces(s);
}

export function collapseSpaces(s: string): string {
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Removes one pair of surrounding quotes, and an opening quote's partner inside (`“A” - B` → `A - B`). */
export function stripQuotes(s: string): string {
  let t = s.trim();
  const doubleOpen = '"“”„';
  const doubleClose = '"”“';
  if (t.length > 1 && doubleOpen.includes(t[0] as string)) {
    t = t.slice(1);
    const close = [...t].findIndex((c) => doubleClose.includes(c));
    if (close >= 0) t = t.slice(0, close) + t.slice(close + 1);
    return t.trim();
  }
  if (t.length > 1 && /^['‘].*['’]$/u.test(t)) return t.slice(1, -1).trim();
  return t;
}

// ---------------------------------------------------------------------------
// Time offsets.

/** `9:30` → 570, `1:24:50` → 5090 (fields counted from the right). */
export function parseClock(text: string): number | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), m[3] === undefined ? null : Number(m[3])];
  if (c === null) return b < 60 ? a * 60 + b : null;
  return b < 60 && c < 60 ? a * 3600 + b * 60 + c : null;
}

/** The offset of a video URL (`t=538`, `t=538s`, `t=1h2m3s`, `#t=2m`, embed `start=538`), or null. */
export function parseTimeParam(url: string): number | null {
  const start = /[?&#]start=(\d+)(?:&|#|$)/i.exec(url);
  if (start?.[1]) return Number(start[1]);
  const m = /[?&#]t=([0-9hms]+)/i.exec(url);
  if (!m?.[1]) return null;
  const v = m[1].toLowerCase();
  if (/^\d+s?$/.test(v)) return Number.parseInt(v, 10);
  const parts = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(v);
  if (!parts || v === '') return null;
  return Number(parts[1] ?? 0) * 3600 + Number(parts[2] ?? 0) * 60 + Number(parts[3] ?? 0);
}
