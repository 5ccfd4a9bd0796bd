// Sentence splitting and the words a prose title starts with.
import { describe, expect, it } from 'vitest';
import { continuesTitle, splitSentences } from '../../../src/importer/parse/sentences.ts';
import { cleanTitle } from '../../../src/importer/parse/titles.ts';
import { post } from './helpers.ts';

describe('"!" or "?" inside a title', () => {
  it('does not end the sentence when title-case words follow', () => {
    const text = 'Ada Quill told us about Ship It! Delivering Faster with Less Toil (starting at 1:00). She was great.';
    expect(splitSentences(text).map((s) => s.text)).toEqual([
      'Ada Quill told us about Ship It! Delivering Faster with Less Toil (starting at 1:00).',
      'She was great.',
    ]);
    expect(continuesTitle('Why Not? Because Queues Fill Up', 9)).toBe(true);
  });

  it('still ends a sentence before an ordinary one', () => {
    expect(splitSentences('What a night! Next up was Ben.').map((s) => s.text)).toEqual([
      'What a night!',
      'Next up was Ben.',
    ]);
    expect(continuesTitle('Great! Thanks everyone', 7)).toBe(false);
  });

  it('in a whole post: one talk with the whole title, and no speaker called "Delivering Faster"', () => {
    const p = post(
      'Ada Quill from Brindle was telling us about Ship It! Delivering Faster with Less Toil (starting at 1:00).',
    );
    expect(p.talks.map((t) => [t.title, t.speakers.map((s) => s.name)])).toEqual([
      ['Ship It! Delivering Faster with Less Toil', ['Ada Quill']],
    ]);
  });
});

describe('words before a prose title', () => {
  it('drops a leading "being" with the other sentence words', () => {
    expect(cleanTitle('being Stateful Without Tears')).toBe('Stateful Without Tears');
    expect(cleanTitle('how to Tame Your Pager')).toBe('Tame Your Pager');
  });
});

describe('a one-word title continuation', () => {
  it('counts when a bracket follows it at once', () => {
    expect(continuesTitle('Harmful? Mostly (starting at 31:00).', 9)).toBe(true);
    expect(continuesTitle('Harmful? Mostly.', 9)).toBe(false);
  });
});
