// A paragraph packed with delimiters, defused before parsing (see below).

// micromark resolves emphasis, strikethrough and link brackets by looking back
// over every earlier delimiter of the same paragraph: fine for prose, quadratic
// for a paragraph holding thousands of them (`*a*b*a…` of 80 kB took a minute).
// No roundup paragraph needs more than a few dozen, so above DELIMITER_LIMIT
// a paragraph's delimiters of that kind are read as literal characters
// (backslash-escaped), which keeps parsing linear; the link reader still finds
// `[text](url)` in the literal text.
const DELIMITER_LIMIT = 128;
const DELIMITERS = ['*', '_', '~', '[', ']', '`'] as const;

function escapeAll(line: string, c: string): string {
  let out = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    // A bullet marker at the start of a line stays a bullet.
    const bullet = ch === '*' && /^\s*$/.test(line.slice(0, i)) && /\s/.test(line[i + 1] ?? ' ');
    out += ch === c && line[i - 1] !== '\\' && !bullet ? `\\${ch}` : ch;
  }
  return out;
}

/** Escapes the delimiters of each run of non-blank lines that holds more than DELIMITER_LIMIT of one kind. */
export function defuseDenseMarkup(lines: readonly string[]): string[] {
  const out = [...lines];
  let start = 0;
  while (start < out.length) {
    while (start < out.length && !(out[start] as string).trim()) start++;
    let end = start;
    const counts = new Map<string, number>();
    while (end < out.length && (out[end] as string).trim()) {
      for (const ch of out[end] as string) {
        if ((DELIMITERS as readonly string[]).includes(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
      }
      end++;
    }
    for (const [ch, n] of counts) {
      if (n <= DELIMITER_LIMIT) continue;
      for (let i = start; i < end; i++) out[i] = escapeAll(out[i] as string, ch);
    }
    start = end;
  }
  return out;
}
