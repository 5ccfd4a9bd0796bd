// Text-level helpers for the roundup parser: mojibake repair, inline links,
// plain-text conversion, sentence splitting and timestamps.
// Everything here is pure and knows nothing about meetups.

// ---------------------------------------------------------------------------
// Mojibake: UTF-8 bytes that were decoded as MacRoman or as Windows-1252.

/** Unicode characters for bytes 0x80–0xFF in MacRoman (Apple's 1998+ table, 0xDB = €). */
const MAC_ROMAN_HIGH =
  'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø' +
  '¿¡¬√ƒ≈∆«»…\u00a0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uf8ffÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';

/** Unicode characters for bytes 0x80–0x9F in Windows-1252 (undefined bytes decode to C1 controls). */
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function reverseTable(high: string): Map<string, number> {
  const map = new Map<string, number>();
  [...high].forEach((ch, i) => {
    map.set(ch, 0x80 + i);
  });
  return map;
}

const MAC_ROMAN = reverseTable(MAC_ROMAN_HIGH);
const CP1252 = (() => {
  const map = reverseTable(CP1252_80_9F);
  // UTF-8 read as ISO-8859-1 leaves C1 control characters where Windows-1252 has symbols.
  for (let b = 0x80; b <= 0x9f; b++) map.set(String.fromCharCode(b), b);
  for (let b = 0xa0; b <= 0xff; b++) map.set(String.fromCharCode(b), b);
  return map;
})();

/** Exposed for tests: the byte a character stands for in each misreading. */
export const mojibakeTables = { macRoman: MAC_ROMAN, cp1252: CP1252 } as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Characters a misread UTF-8 sequence may legitimately stand for. Limiting the
 * repair to Latin letters and common punctuation keeps genuine text such as
 * `«É` or `“é` (which also look like lead + continuation bytes) untouched.
 */
function plausibleRepair(cp: number, byteCount: number): boolean {
  if (byteCount === 2) return cp >= 0xa0 && cp <= 0x17f;
  if (byteCount === 3) {
    return (
      (cp >= 0x1e00 && cp <= 0x1eff) ||
      (cp >= 0x2000 && cp <= 0x206f) ||
      cp === 0x20ac ||
      cp === 0x2122 ||
      (cp >= 0x2190 && cp <= 0x21ff)
    );
  }
  return false;
}

function repairWith(text: string, table: Map<string, number>): { text: string; count: number; firstIndex: number } {
  const chars = [...text];
  let out = '';
  let count = 0;
  let firstIndex = -1;
  let offset = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i] as string;
    const lead = table.get(ch);
    const need = lead === undefined ? 0 : lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : 0;
    if (lead !== undefined && need > 0 && i + need < chars.length) {
      const bytes = [lead];
      for (let k = 1; k <= need; k++) {
        const b = table.get(chars[i + k] as string);
        if (b === undefined || b < 0x80 || b > 0xbf) break;
        bytes.push(b);
      }
      if (bytes.length === need + 1) {
        let decoded: string | null = null;
        try {
          decoded = utf8.decode(new Uint8Array(bytes));
        } catch {
          decoded = null;
        }
        const cp = decoded?.codePointAt(0);
        if (decoded && cp !== undefined && [...decoded].length === 1 && plausibleRepair(cp, bytes.length)) {
          out += decoded;
          if (firstIndex < 0) firstIndex = offset;
          count++;
          for (let k = 0; k <= need; k++) offset += (chars[i + k] as string).length;
          i += need;
          continue;
        }
      }
    }
    out += ch;
    offset += ch.length;
  }
  return { text: out, count, firstIndex };
}

export interface MojibakeRepair {
  text: string;
  /** Number of repaired sequences. */
  count: number;
  /** Offset (in the input) of the first repaired sequence, -1 when none. */
  firstIndex: number;
}

/** Characters that stand for a UTF-8 lead byte (0xC2–0xEF) in either misreading: no repair is possible without one. */
const LEAD_CHARS = new Set(
  [...MAC_ROMAN, ...CP1252].filter(([, byte]) => byte >= 0xc2 && byte <= 0xef).map(([ch]) => ch),
);

function mayNeedRepair(text: string): boolean {
  for (const ch of text) if (LEAD_CHARS.has(ch)) return true;
  return false;
}

/**
 * Repairs UTF-8 text that was decoded as MacRoman (`Caf√© Systems`) or as
 * Windows-1252/ISO-8859-1 (`CafÃ© Systems`), sequence by sequence.
 */
export function repairMojibake(text: string): MojibakeRepair {
  if (!mayNeedRepair(text)) return { text, count: 0, firstIndex: -1 };
  const mac = repairWith(text, MAC_ROMAN);
  const win = repairWith(mac.text, CP1252);
  const firsts = [mac.firstIndex, win.firstIndex].filter((i) => i >= 0);
  return { text: win.text, count: mac.count + win.count, firstIndex: firsts.length ? Math.min(...firsts) : -1 };
}

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
// Sentences.

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

/** Short words a title keeps in lower case ("Ship It! Delivering Faster with Less Toil"). */
const TITLE_SMALL_WORDS = new Set('a an and as at but by for from in into of on or per the to vs via with'.split(' '));

/**
 * Whether the text from `at` reads as the rest of a title rather than a new sentence: two or more words, up
 * to the next sentence mark or bracket, every one capitalised but the small words a title keeps in lower case.
 * A "!" or "?" before such text is inside a title ("Ship It! Delivering Faster …"), not the end of a sentence.
 */
export function continuesTitle(text: string, at: number): boolean {
  const rest = text.slice(at, at + 200);
  const stop = rest.search(/[.!?([]/);
  const words = (stop < 0 ? rest : rest.slice(0, stop)).trim().split(/\s+/).filter(Boolean);
  if (words.length < 2) return false;
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
