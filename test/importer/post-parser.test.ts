import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePost } from '../../src/importer/parse-post.ts';
import { PostParseError } from '../../src/importer/parsed-post.types.ts';
import { ParserThread } from '../../src/importer/post-parser.ts';

// The parser's thread answers exactly what parsing on the calling thread
// answers, reports a post it cannot read as such, and recovers when it stops.

const POST = 'test/fixtures/posts/2030-03-05-platform-tinkerers-leeds-march-2030.md';
const thread = new ParserThread();
afterAll(() => thread.close());

describe('ParserThread', () => {
  it('parses a post to the same result as the calling thread, posts in order', async () => {
    const text = await readFile(POST, 'utf8');
    const [first, second] = await Promise.all([thread.parse(text, POST), thread.parse(text, 'other.md')]);
    expect(first).toEqual(parsePost(text, { path: POST }));
    expect(second).toEqual(parsePost(text, { path: 'other.md' }));
  });

  it('rejects a post that cannot be read with its line and reason', async () => {
    const error = await thread.parse('no front matter here\n', 'bad.md').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostParseError);
    expect(error).toMatchObject({ line: expect.any(Number), reason: expect.stringMatching(/front matter/) });
    expect((error as PostParseError).reason).toEqual(
      (() => {
        try {
          parsePost('no front matter here\n', { path: 'bad.md' });
        } catch (inline) {
          return (inline as PostParseError).reason;
        }
      })(),
    );
  });

  it('fails the posts it holds when it stops, and starts again for the next one', async () => {
    const text = await readFile(POST, 'utf8');
    const held = thread.parse(text, POST);
    await thread.close();
    await expect(held).rejects.toThrow(/the parser stopped/);
    expect((await thread.parse(text, POST)).talks.length).toBeGreaterThan(0);
  });
});
