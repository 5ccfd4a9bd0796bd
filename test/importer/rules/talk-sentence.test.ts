// The talk sentence: title, speakers, timestamp and slides of one sentence.
import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../../../src/importer/parse/markdown.ts';
import { tagSections } from '../../../src/importer/parse/sections.ts';
import { classifyLink, readTalkSentence } from '../../../src/importer/parse/talk-sentence.ts';
import { isNonTakeawayLead, rosterTalks } from '../../../src/importer/parse/talks.ts';
import { isClock, takeTimestamps } from '../../../src/importer/parse/timestamps.ts';
import { proseTitle } from '../../../src/importer/parse/titles.ts';
import { context, SERIES } from './helpers.ts';

const read = (s: string, ctx = context()) => readTalkSentence(s, 3, ctx).talk;

describe('takeTimestamps', () => {
  it('reads "(starting at [h:mm:ss](url))", "(from 12:30)" and a bare clock link', () => {
    expect(takeTimestamps('X (starting at [1:02:03](https://y.example/v?t=3723))').timestamp).toEqual({
      seconds: 3723,
      url: 'https://y.example/v?t=3723',
    });
    expect(takeTimestamps('X (from 12:30)').timestamp).toEqual({ seconds: 750, url: null });
    expect(takeTimestamps('X [12:30](https://y.example/v?t=750)').timestamp?.seconds).toBe(750);
    expect(takeTimestamps('Watch from 12:05 onwards').timestamp?.seconds).toBe(725);
  });

  it('knows a clock from other text', () => {
    expect(isClock('starting at 9:30')).toBe(true);
    expect(isClock('slides')).toBe(false);
  });
});

describe('proseTitle: the title after a cue', () => {
  it('reads the title after "talked about", "told us how to", "walked us through"', () => {
    expect(proseTitle(' talked about Tiny Clusters, and her takeaways were', false).title).toBe('Tiny Clusters');
    expect(proseTitle(' told us how to Tame the Pager', false).title).toBe('Tame the Pager');
    expect(proseTitle(' walked us through Moving House', false)).toEqual({ title: 'Moving House', cue: true });
  });

  it('takes the first capitalised word only when a timestamp allows it', () => {
    expect(proseTitle(' then Tiny Clusters', false).title).toBeNull();
    expect(proseTitle(' then Tiny Clusters', true).title).toBe('Tiny Clusters');
  });
});

describe('classifyLink', () => {
  it('tells a profile, a slides link, a generic link and a title apart', () => {
    const link = (text: string, url: string) => ({ text, url, image: false, start: 0, end: 0, repaired: false });
    expect(classifyLink(link('Ada Quill', 'https://github.com/adaq'), SERIES)).toBe('person');
    expect(classifyLink(link('slides', 'https://s.example/1'), SERIES)).toBe('slides');
    expect(classifyLink(link('here', 'https://s.example/1'), SERIES)).toBe('generic');
    expect(classifyLink(link('Tiny Clusters', 'https://v.example/1'), SERIES)).toBe('title');
  });
});

describe('readTalkSentence', () => {
  it('reads a linked title tied to its speaker by a talk word', () => {
    expect(read('Ada Quill from Brindle presented [Tiny Clusters](https://v.example/1?t=60).')).toMatchObject({
      title: 'Tiny Clusters',
      link: 'https://v.example/1?t=60',
      startSeconds: 60,
      speakers: [{ name: 'Ada Quill', company: 'Brindle' }],
    });
  });

  it('reads a quoted title and a slides link', () => {
    expect(
      read('Ada Quill from Brindle gave a talk called "Tiny Clusters" ([slides](https://s.example/1)).'),
    ).toMatchObject({ title: 'Tiny Clusters', slidesUrl: 'https://s.example/1' });
  });

  it('does not tie a link to a speaker without a talk word between them', () => {
    expect(read('Ada Quill from Brindle wrote [a blog post](https://b.example/1).')).toBeNull();
  });

  it('reads nothing from a thank-you or a negated sentence', () => {
    expect(read('Thanks to Ada Quill from Brindle for the talk on Tiny Clusters.')).toBeNull();
    expect(read('Unfortunately Ada Quill from Brindle could not present Tiny Clusters.')).toBeNull();
  });

  it('reads "She talked about …" with the speaker carried from before', () => {
    const carried = [{ name: 'Ada Quill', company: 'Brindle', companyMissing: false }];
    expect(readTalkSentence('She talked about Tiny Clusters.', 4, context(), carried).talk?.speakers).toEqual(carried);
  });
});

describe('the talks of a post', () => {
  it('a lead-in about offers introduces a list that is not takeaways', () => {
    expect(isNonTakeawayLead('She also brought some discount codes for members:')).toBe(true);
    expect(isNonTakeawayLead('Her takeaways, with links:')).toBe(false);
  });

  it('a roster sentence gives one untitled talk per speaker, "of" as well as "from"', () => {
    const main = tagSections(
      readMarkdown('This month was featuring Ada Quill from Brindle and Ben Ode of Kelp.').blocks,
    );
    expect(rosterTalks(main, context()).map((t) => [t.title, t.speakers[0]?.name, t.speakers[0]?.company])).toEqual([
      [null, 'Ada Quill', 'Brindle'],
      [null, 'Ben Ode', 'Kelp'],
    ]);
  });
});
