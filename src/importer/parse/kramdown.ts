// Jekyll posts are kramdown, not CommonMark. A few things kramdown reads one
// way and a CommonMark parser another are rewritten here, line by line, before
// the post reaches mdast-util-from-markdown. Every rewrite keeps the line count
// and each line's place, so that source lines stay true:
//
// 1. Liquid in a link or image destination: `({{ site.baseurl }}/images/x.jpg)`
//    becomes the site-relative `(/images/x.jpg)`. With blanks inside the
//    braces CommonMark does not see a link at all.
// 2. An image destination with spaces: `![](/images/Our meetup.png)` becomes
//    `![](/images/Our%20meetup.png)`; kramdown accepts the spaces, CommonMark
//    does not.
// 3. `*item` with no space after the star, on a line right after a bullet item:
//    kramdown's authors meant another bullet (and the rendered post showed
//    one), CommonMark reads it as text glued onto the item before.

const LIQUID_IN_DESTINATION = /\]\(\s*\{\{[^{}\n]{0,200}\}\}/g;
const IMAGE_WITH_SPACES = /!\[([^\]\n]{0,500})\]\(([^()\n"']{1,500}?)\)/g;
const BULLET_LINE = /^\s{0,12}[*+-][ \t]+\S/;
const GLUED_STAR_ITEM = /^(\s{0,12})\*(?=[^\s*])/;

/** Rule 1: Liquid expressions at the start of a destination are dropped, leaving the site-relative path. */
export function dropLiquidInDestinations(line: string): string {
  if (!line.includes('{{')) return line;
  return line.replace(LIQUID_IN_DESTINATION, '](');
}

/** Rule 2: spaces inside an image destination are percent-encoded. */
export function encodeImageSpaces(line: string): string {
  if (!line.includes('![')) return line;
  return line.replace(IMAGE_WITH_SPACES, (all, alt: string, url: string) => {
    const trimmed = url.trim();
    return /\s/.test(trimmed) ? `![${alt}](${trimmed.replace(/\s+/g, '%20')})` : all;
  });
}

/** Rule 3: `*item` on the line after a bullet item is a bullet item too. */
export function splitGluedBullet(line: string, previous: string | undefined): string {
  if (previous === undefined || !BULLET_LINE.test(previous)) return line;
  const m = GLUED_STAR_ITEM.exec(line);
  if (!m) return line;
  // `*emphasis* rest` is emphasis, not a bullet.
  const closing = line.indexOf('*', (m[1] ?? '').length + 1);
  if (closing > 0 && /\S/.test(line[closing - 1] ?? '')) return line;
  const at = (m[1] ?? '').length + 1;
  return `${line.slice(0, at)} ${line.slice(at)}`;
}

/** The kramdown pre-pass over a whole post (front matter lines pass unchanged: none of the rules match YAML). */
export function kramdownPrepass(lines: readonly string[]): string[] {
  const out: string[] = [];
  let previous: string | undefined;
  for (const raw of lines) {
    const line = splitGluedBullet(encodeImageSpaces(dropLiquidInDestinations(raw)), previous);
    out.push(line);
    if (line.trim()) previous = line;
  }
  return out;
}
