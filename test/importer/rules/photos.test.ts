// Each post's photo convention, and who a pronoun stands for.
import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../../../src/importer/parse/markdown.ts';
import { namesPerson, photoConvention, photoFor } from '../../../src/importer/parse/photos.ts';
import { PostCompanies } from '../../../src/importer/parse/post-companies.ts';
import { tagSections } from '../../../src/importer/parse/sections.ts';
import { pronounSpeakers } from '../../../src/importer/parse/talk-sentence.ts';
import { context, post, SERIES } from './helpers.ts';

const PHOTO_AFTER = [
  'Ben Ode from Quartzline opened with [Paging Without Tears](https://v.example/1) (starting at 5:00).',
  '![Ben Ode](/img/ben.jpg)',
  'She explained Why Queues Fill Up (starting at 40:00).',
  '![Ada Quill](/img/ada.jpg)',
].join('\n\n');

const PHOTO_BEFORE = [
  '![Ben Ode](/img/ben.jpg)',
  'Ben Ode from Quartzline opened with [Paging Without Tears](https://v.example/1) (starting at 5:00).',
  '![Ada Quill](/img/ada.jpg)',
  'She explained Why Queues Fill Up (starting at 40:00).',
].join('\n\n');

const blocks = (md: string) => tagSections(readMarkdown(md).blocks);

describe("the post's photo convention", () => {
  it('is "photo-after" when photos follow the paragraph that names the person', () => {
    expect(photoConvention(blocks(PHOTO_AFTER), SERIES, new PostCompanies())).toBe('photo-after');
  });

  it('is "photo-before" when photos precede it, and on a tie', () => {
    expect(photoConvention(blocks(PHOTO_BEFORE), SERIES, new PostCompanies())).toBe('photo-before');
    expect(photoConvention(blocks('Just prose.'), SERIES, new PostCompanies())).toBe('photo-before');
  });

  it('gives a paragraph the photo on its side', () => {
    const main = blocks(PHOTO_AFTER);
    expect(photoFor(main, 2, 'photo-after', SERIES, new PostCompanies())).toBe('Ada Quill');
    expect(photoFor(main, 2, 'photo-before', SERIES, new PostCompanies())).toBe('Ben Ode');
  });

  it('matches a person by first name or full name, as a whole word', () => {
    expect(namesPerson("Ada's talk was great", 'Ada Quill')).toBe(true);
    expect(namesPerson('Adamant about it', 'Ada Quill')).toBe(false);
  });

  it('in a whole post: "She" is the person in the photo after the paragraph, when photos follow', () => {
    expect(post(PHOTO_AFTER).talks.map((t) => t.speakers[0]?.name)).toEqual(['Ben Ode', 'Ada Quill']);
    expect(post(PHOTO_BEFORE).talks.map((t) => t.speakers[0]?.name)).toEqual(['Ben Ode', 'Ada Quill']);
  });
});

describe('who a pronoun stands for', () => {
  const ctx = { ...context({ 'Ada Quill': 'Brindle', 'Ben Ode': 'Quartzline' }), photo: 'Ben Ode' };
  const ada = [{ name: 'Ada Quill', company: 'Brindle', companyMissing: false }];

  it('prefers a full name named earlier in the same paragraph over the photo', () => {
    expect(pronounSpeakers('She', ctx, null, ada)?.map((s) => s.name)).toEqual(['Ada Quill']);
  });

  it('falls back to the photo, then to the speakers carried from before the paragraph', () => {
    expect(pronounSpeakers('She', ctx, ada)?.map((s) => s.name)).toEqual(['Ben Ode']);
    expect(pronounSpeakers('She', { ...ctx, photo: null }, ada)?.map((s) => s.name)).toEqual(['Ada Quill']);
  });

  it('reads "I" as the person in the photo, else the host', () => {
    expect(pronounSpeakers('I', { ...ctx, photo: null, host: 'Priya Ravensworth' }, ada)?.[0]?.name).toBe(
      'Priya Ravensworth',
    );
  });

  it('in a whole post: a full name in the paragraph beats a photo of someone else above it', () => {
    const p = post(
      [
        '![Ben Ode](/img/ben.jpg)',
        'Ben Ode from Quartzline opened with [Paging Without Tears](https://v.example/1) (starting at 5:00).',
        '![Ben Ode](/img/ben2.jpg)',
        'Next up was Ada Quill from Brindle. She explained Why Queues Fill Up (starting at 40:00).',
      ].join('\n\n'),
    );
    expect(p.talks.map((t) => t.speakers[0]?.name)).toEqual(['Ben Ode', 'Ada Quill']);
  });
});
