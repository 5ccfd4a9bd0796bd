// The Markdown layer under the roundup rules: mdast-util-from-markdown with GFM
// and front matter, the kramdown pre-pass, and what the rules see of each
// construct. Fixtures are written for the project.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defuseDenseMarkup } from '../../src/importer/parse/dense-markup.ts';
import { restoreLiterals } from '../../src/importer/parse/inline-markdown.ts';
import {
  dropLiquidInDestinations,
  encodeImageSpaces,
  kramdownPrepass,
  splitGluedBullet,
} from '../../src/importer/parse/kramdown.ts';
import { type Block, readMarkdown } from '../../src/importer/parse/markdown.ts';
import { parsePost } from '../../src/importer/parse-post.ts';
import { type ParsedPost, PostParseError } from '../../src/importer/parsed-post.types.ts';

const FIXTURE = join(
  import.meta.dirname,
  '..',
  'fixtures',
  'markdown',
  '2033-04-06-platform-tinkerers-leeds-april-2033.md',
);
const PATH = '_posts/2033-04-06-platform-tinkerers-leeds-april-2033.md';

const blocks = (md: string): Block[] => readMarkdown(md).blocks;
const post = (body: string) =>
  `---\nlayout: post\ntitle: "Platform Tinkerers Leeds April 2033"\ndescription: "hosted by Priya Ravensworth, Organiser at Lanternfish"\n---\n\n${body}\n`;
const parse = (body: string): ParsedPost => parsePost(post(body), { path: PATH });

describe('the kramdown pre-pass', () => {
  it('drops a Liquid expression at the start of a destination, leaving the site-relative path', () => {
    expect(dropLiquidInDestinations('![Crowd]({{ site.baseurl }}/images/crowd.jpg)')).toBe(
      '![Crowd](/images/crowd.jpg)',
    );
    expect(dropLiquidInDestinations('[deck]({{site.baseurl}}/slides/a.pdf) and {{ page.title }}')).toBe(
      '[deck](/slides/a.pdf) and {{ page.title }}',
    );
  });

  it('percent-encodes spaces in an image destination', () => {
    expect(encodeImageSpaces('![Crowd](/images/Our April crowd.png)')).toBe(
      '![Crowd](/images/Our%20April%20crowd.png)',
    );
    expect(encodeImageSpaces('![Crowd](/images/crowd.png)')).toBe('![Crowd](/images/crowd.png)');
  });

  it('reads "*item" right after a bullet item as another bullet, and leaves emphasis alone', () => {
    expect(splitGluedBullet('*Second point', '* First point')).toBe('* Second point');
    expect(splitGluedBullet('*Second point', 'A paragraph.')).toBe('*Second point');
    expect(splitGluedBullet('*really* important', '* First point')).toBe('*really* important');
    expect(splitGluedBullet('**Bold** lead', '* First point')).toBe('**Bold** lead');
  });

  it('keeps the number of lines, and a glued bullet becomes a list item with its own line', () => {
    const lines = ['Her takeaways:', '', '* Measure first', '*Then cut', '*And tidy up'];
    const out = kramdownPrepass(lines);
    expect(out).toHaveLength(lines.length);
    const list = blocks(out.join('\n')).find((b) => b.kind === 'list');
    expect(list?.kind === 'list' && list.items.map((i) => [i.lines[0]?.text, i.line])).toEqual([
      ['Measure first', 3],
      ['Then cut', 4],
      ['And tidy up', 5],
    ]);
  });

  it('makes an image with Liquid and spaces in its path a photo block', () => {
    const md = kramdownPrepass(['![Ada Quill]({{ site.baseurl }}/images/Ada on stage.jpg)']).join('\n');
    expect(blocks(md)).toEqual([{ kind: 'image', alt: 'Ada Quill', url: '/images/Ada%20on%20stage.jpg', line: 1 }]);
  });
});

describe('blocks read from the syntax tree', () => {
  it('never reads a heading inside a fenced code block', () => {
    expect(blocks('```\n## April release\n```\n\n## Real heading').map((b) => b.kind)).toEqual(['code', 'heading']);
  });

  it('reads a setext heading as a heading, not as a rule', () => {
    expect(blocks('Next month\n----------\n\nSee you then.')[0]).toEqual({
      kind: 'heading',
      level: 2,
      text: 'Next month',
      line: 1,
    });
  });

  it('keeps a code fence inside a bullet out of the bullet text', () => {
    const [list] = blocks('* Keep the script short:\n  ```\n  make release\n  ```\n* Tag it.');
    expect(list?.kind === 'list' && list.items.map((i) => i.lines.map((l) => l.text))).toEqual([
      ['Keep the script short:'],
      ['Tag it.'],
    ]);
  });

  it('resolves reference links and writes autolinks and bare URLs as links', () => {
    const [p] = blocks(
      'See [the talk][t], <https://a.example/x> and https://b.example/y.\n\n[t]: https://v.example/?t=90',
    );
    expect(p?.kind === 'paragraph' && p.text).toBe(
      'See [the talk](https://v.example/?t=90), [https://a.example/x](https://a.example/x) and [https://b.example/y](https://b.example/y).',
    );
  });

  it('decodes entities and escapes, and keeps escaped markup characters literal', () => {
    const [p] = blocks('Fish &amp; chips, \\*not\\* emphasis, snake\\_case and *real* emphasis.');
    expect(p?.kind === 'paragraph' && restoreLiterals(p.text)).toBe(
      'Fish & chips, *not* emphasis, snake_case and *real* emphasis.',
    );
  });

  it('leaves a broken link as text for the link reader (a bare URL after "]" is not an autolink)', () => {
    const [p] = blocks('We thank Acme](https://acme.example/) and [Foo Talk]https://v.example/1) today.');
    expect(p?.kind === 'paragraph' && p.text).toBe(
      'We thank Acme](https://acme.example/) and [Foo Talk]https://v.example/1) today.',
    );
  });

  it('reads a GFM table with its header and the line of every row', () => {
    const [t] = blocks(
      '| Time | Talk |\n|---|---|\n| 18:30 | [Tiny Clusters](https://v.example/1) |\n| 19:10 | Huge Clusters |',
    );
    expect(t).toEqual({
      kind: 'table',
      header: { cells: ['Time', 'Talk'], line: 1 },
      rows: [
        { cells: ['18:30', '[Tiny Clusters](https://v.example/1)'], line: 3 },
        { cells: ['19:10', 'Huge Clusters'], line: 4 },
      ],
      line: 1,
    });
  });

  it('gives each line of a paragraph its own source line, and splits off a photo line', () => {
    const [p, img, q] = blocks('First line\nsecond line\n![Ada Quill](/a.jpg)\nAfter the photo.');
    expect(p).toMatchObject({ kind: 'paragraph', text: 'First line second line', starts: [{ line: 1 }, { line: 2 }] });
    expect(img).toEqual({ kind: 'image', alt: 'Ada Quill', url: '/a.jpg', line: 3 });
    expect(q).toMatchObject({ kind: 'paragraph', text: 'After the photo.', line: 4 });
  });

  it('drops struck-through text', () => {
    const [p] = blocks('We had ~~three~~ two talks.');
    expect(p?.kind === 'paragraph' && p.text).toBe('We had two talks.');
  });

  it('escapes the delimiters of a paragraph dense with them, and only those', () => {
    const dense = `* ${'*a*'.repeat(200)}`;
    const [out] = defuseDenseMarkup([dense]);
    expect(out?.startsWith('* \\*a\\*')).toBe(true);
    expect(defuseDenseMarkup(['*a* and [b](c)'])).toEqual(['*a* and [b](c)']);
  });
});

describe('each construct, read in a whole post', () => {
  const p = parsePost(readFileSync(FIXTURE, 'utf8'), { path: PATH });

  it('reads a reference link as the talk title and its t= as the start', () => {
    expect(p.talks[0]).toMatchObject({
      title: 'Shipping on Fridays',
      link: 'https://video.example/watch?v=Zz9&t=250',
      startSeconds: 250,
      line: 9,
    });
  });

  it('keeps the fenced code inside a takeaway bullet out of the takeaways', () => {
    expect(p.talks[0]?.takeaways).toEqual([
      'Release notes are written for the person on call *at 3am*, not for marketing.',
      'Keep the release script short:',
      'Tag & push in one step.',
    ]);
  });

  it('finds an autolinked slides URL', () => {
    expect(p.talks[1]).toMatchObject({
      title: 'Rollbacks Without Fear',
      slidesUrl: 'https://slides.example/ben/rollbacks',
      startSeconds: 3723,
    });
  });

  it('never reads the heading in a fenced code block, and reads the setext "Next month" section', () => {
    expect(p.talks).toHaveLength(2);
    expect(p.next).toEqual({
      date: '2033-05-04',
      dateAsWritten: 'Wednesday 4th May',
      companies: ['Quartzline', 'Fernhill Data'],
      rsvpUrl: 'https://www.meetup.com/platform-tinkerers-leeds/events/300/',
      line: 29,
      rule: 'next-meetup/section',
    });
  });

  it('reads sponsors through a reference link, with entities decoded in the sentence', () => {
    expect(p.sponsors).toEqual([
      { name: 'Lanternfish', url: 'https://lanternfish.example/', line: 7, rule: 'sponsors/thank-you-sentence' },
      { name: 'Kettleworks', url: 'https://kettleworks.example/', line: 7, rule: 'sponsors/thank-you-sentence' },
    ]);
  });

  it('stores entities and escapes decoded in names and titles', () => {
    const q = parse('Cy Vale from Bolt &amp; Nut talked about [Ship It \\*Now\\*](https://v.example/1).');
    expect(q.talks[0]).toMatchObject({
      title: 'Ship It *Now*',
      speakers: [{ name: 'Cy Vale', company: 'Bolt & Nut' }],
    });
  });
});

describe('what is not a roundup', () => {
  const reject = (text: string): PostParseError => {
    try {
      parsePost(text, { path: PATH });
    } catch (error) {
      if (error instanceof PostParseError) return error;
      throw error;
    }
    throw new Error('expected a PostParseError');
  };

  it('rejects a post whose body names no talks, no sponsors and no host, at the body line', () => {
    const error = reject(post('We will publish the photos soon.\n\n* Photos\n* Slides'));
    expect(error.line).toBe(7);
    expect(error.reason).toBe(
      'not a meetup roundup: the body of "Platform Tinkerers Leeds April 2033" names no talks, no sponsors and no host',
    );
  });

  it('reads a body that names only its host, or only its sponsors', () => {
    expect(parse('The evening was hosted by Gwen Lockhart at Marlowe Works.').hosts).toHaveLength(1);
    expect(parse('Thanks to our sponsors [Acme](https://a.example/).').sponsors).toHaveLength(1);
  });

  it('gives the whole reason of a YAML error and the file line it is on', () => {
    const error = reject('---\nlayout: post\ntitle: "Platform Tinkerers: April\ndescription: x\n---\n\nHello.\n');
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.reason).toMatch(/^broken YAML front matter: .{20,}/);
    expect(error.reason).not.toMatch(/at line \d+, column \d+/);
    const nested = reject('---\nlayout: post\ntitle: Leeds: April 2033\n---\n\nHello.\n');
    expect(nested).toMatchObject({
      line: 3,
      reason:
        'broken YAML front matter: Nested mappings are not allowed in compact mappings (column 8 of "title: Leeds: April 2033")',
    });
  });
});

describe('every fact carries its line and the rule that produced it', () => {
  it('names the rule of each talk, sponsor, host and announcement', () => {
    const p = parse(
      [
        'Thanks to our sponsors [Acme](https://a.example/).',
        '',
        '## [Tiny Clusters](https://v.example/1) by Ada Quill',
        '',
        '* One node is enough.',
        '',
        'Ben Ode from Quartzline talked about [Huge Clusters](https://v.example/2).',
        '',
        'Cy Vale from Lanternfish closed the evening. His takeaways:',
        '',
        '* Start small.',
        '',
        '## Coming up',
        '',
        'Join us on Wednesday 4th May.',
      ].join('\n'),
    );
    expect(p.talks.map((t) => [t.line, t.rule])).toEqual([
      [9, 'talks/talk-heading'],
      [13, 'talks/talk-sentence'],
      [15, 'talks/speaker-then-takeaways'],
    ]);
    expect(p.sponsors.map((s) => [s.line, s.rule])).toEqual([[7, 'sponsors/thank-you-sentence']]);
    expect(p.hosts.map((h) => [h.line, h.rule])).toEqual([[4, 'hosts/description-hosted-by']]);
    expect([p.next?.line, p.next?.rule]).toEqual([19, 'next-meetup/section']);
  });
});
