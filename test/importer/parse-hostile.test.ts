// The parser stays linear on hostile input: each input is parsed at two sizes,
// and the time at four times the size must stay far below the sixteen times a
// quadratic reading would take. Growth is asserted rather than a wall-clock
// limit, so that a loaded machine does not fail the test (the benchmark
// measures absolute speed).
import { describe, expect, it } from 'vitest';
import { parsePost } from '../../src/importer/parse-post.ts';
import { PostParseError } from '../../src/importer/parsed-post.types.ts';

const PATH = '_posts/2032-06-02-platform-tinkerers-leeds-june-2032.md';
const post = (body: string, title = 'Platform Tinkerers Leeds June 2032') =>
  `---\nlayout: post\ntitle: ${JSON.stringify(title)}\n---\n\n${body}\n`;

function parseOrReject(text: string): void {
  try {
    parsePost(text, { path: PATH });
  } catch (error) {
    if (!(error instanceof PostParseError)) throw error;
  }
}

/** The quicker of two rounds of parses of the body, as a paragraph, one word a line, and in the title. */
function cost(body: string): number {
  let best = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 2; run++) {
    const started = performance.now();
    parseOrReject(post(body));
    parseOrReject(post(body.replace(/ /g, '\n')));
    parseOrReject(post('Thanks to our sponsors [Acme](https://a.example).', `Platform Tinkerers Leeds ${body}`));
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

const SMALL = 3_000;
const repeat = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length));

// Each of these once took from seconds to minutes at 100 kB, in our own rules or in micromark.
const hostile: [string, (size: number) => string][] = [
  ['one long capitalised word', (n) => repeat('A', n)],
  ['a long run of digits after "to"', (n) => `Thanks to ${repeat('7', n)} who hosted us.`],
  ['a long list of names with ", and" and no "from"', (n) => repeat('Ab, and ', n)],
  ['a long list of names joined with "&"', (n) => repeat('Ab & ', n)],
  ['many "Name from" mentions', (n) => repeat('Ab Cd from ', n)],
  ['a long blank run inside a heading', (n) => `## A${repeat(' ', n)}x`],
  ['an image line that is never closed', (n) => `![a](${repeat('b', n)}`],
  [
    'an unclosed tag, "**" and "__"',
    (n) => `${repeat('<a ', n / 3)} **${repeat('a ', n / 3)} ${repeat('__a ', n / 3)}`,
  ],
  ['nested link openings', (n) => repeat('[a](', n)],
  ['labels that are never links', (n) => repeat('[a]', n)],
  ['closing brackets with no opening', (n) => repeat('a](\n', n)],
  ['alternating emphasis', (n) => repeat('*a*b', n)],
  ['a run of strikethrough marks', (n) => repeat('~a', n)],
  ['a run of code marks', (n) => repeat('`a ', n)],
  ['a run of full stops', (n) => `${repeat('.', n)}x`],
  ['a run of punctuation after a sponsor list', (n) => `Thanks to our sponsors Acme and Foo${repeat('.!', n)}x`],
  ['many abbreviations and initials', (n) => repeat('A. Inc. ', n)],
  ['a long sponsor list', (n) => `Thanks to our sponsors ${repeat('Acme, ', n)}`],
  ['many "full" before a video', (n) => repeat('full ', n)],
  ['one long list', (n) => repeat('* [a](b) *c* ~d~ from Acme\n', n)],
];

// A shared machine can stall one measurement; a truly quadratic reading fails every retry.
describe('the parser on hostile input', { retry: 2 }, () => {
  it.each(hostile)('stays linear on %s', (_label, make) => {
    cost(make(SMALL)); // warm up
    // Grow the input until one round takes long enough to measure.
    let size = SMALL;
    let small = cost(make(size));
    while (small < 40 && size < 96_000) {
      size *= 2;
      small = cost(make(size));
    }
    const large = cost(make(size * 4));
    // Linear is about 4x; quadratic 16x. Small inputs carry a fixed cost, so 4x often shows as less.
    expect(
      large / small,
      `${size} characters: ${small.toFixed(0)} ms; four times as many: ${large.toFixed(0)} ms`,
    ).toBeLessThan(9);
  });
});
