// Venue, attendance and format.
import { describe, expect, it } from 'vitest';
import {
  affirmedIn,
  appositionVenue,
  attendeesIn,
  clausesOf,
  LIVESTREAM,
  numberInWords,
  venueIn,
} from '../../../src/importer/parse/setting.ts';
import { post, SERIES } from './helpers.ts';

const setting = (lead: string) => {
  const p = post(
    `${lead}\n\nAda Quill from Brindle presented [Tiny Clusters](https://v.example/1) (starting at 1:00).`,
  );
  return { venue: p.venue, format: p.format };
};

describe('a venue as an apposition or after "gathered at"', () => {
  it('reads "our new home, the Foo offices" without the place noun', () => {
    expect(appositionVenue('We settled into our new home, the Kelp Cloud offices, for the evening')).toBe('Kelp Cloud');
    expect(appositionVenue('Thanks to our hosts for the evening, Saltmarsh Systems.')).toBe('Saltmarsh Systems');
    expect(appositionVenue('our new home, zoom')).toBeNull();
  });

  it('reads the venue after "gathered at" and "met at"', () => {
    expect(venueIn('Around sixty of us gathered at Driftwood Labs in Holborn.', SERIES)).toBe('Driftwood Labs');
    expect(venueIn('We met at the Pebblestack office.', SERIES)).toBe('Pebblestack');
  });

  it('in a whole post', () => {
    expect(setting('This month we were in our new home, the Kelp Cloud offices.')).toEqual({
      venue: 'Kelp Cloud',
      format: 'IN_PERSON',
    });
  });
});

describe('hybrid, with negation scoped per clause', () => {
  it('splits a sentence into clauses at ";" and before "but" or "while"', () => {
    expect(clausesOf('We met in person again, while remote folks joined on Zoom; it was fun')).toEqual([
      'We met in person again',
      'while remote folks joined on Zoom',
      'it was fun',
    ]);
  });

  it('ignores what a clause negates before it, not what another clause says', () => {
    expect(affirmedIn(['There was no livestream this month'], LIVESTREAM)).toBe(false);
    expect(affirmedIn(['The projector did not work', 'and the livestream ran fine'], LIVESTREAM)).toBe(true);
  });

  it('reads "met in person, while remote folks joined on Zoom" as hybrid', () => {
    expect(setting('We met in person again, while remote folks joined on Zoom.').format).toBe('HYBRID');
  });

  it('reads a venue and "no livestream this month" as in person', () => {
    expect(setting('We were at the Foo offices. There was no livestream this month.')).toEqual({
      venue: 'Foo',
      format: 'IN_PERSON',
    });
  });

  it('reads a wish to meet in person as still virtual', () => {
    expect(setting('We met on Zoom again, and hope to meet in person soon.').format).toBe('VIRTUAL');
  });
});

describe('attendance', () => {
  it('reads digits and numbers in words', () => {
    expect(attendeesIn('roughly fifty attendees came along')).toBe(50);
    expect(attendeesIn('over 120 people joined')).toBe(120);
    expect(numberInWords('two hundred and five')).toBe(205);
    expect(attendeesIn('a few people stayed late')).toBeNull();
  });
});

describe('"X hosted us" with any adverbs between', () => {
  it('reads the venue whatever the adverbs', () => {
    expect(venueIn('Kelp Cloud very generously hosted us this month.', SERIES)).toBe('Kelp Cloud');
    expect(venueIn('Thanks as Brindle once again kindly hosted us.', SERIES)).toBe('Brindle');
  });
});

describe('"again at" and "back at"', () => {
  it('read the venue after them', () => {
    expect(venueIn('We met in person again at the Marram studio.', SERIES)).toBe('Marram');
    expect(venueIn('We were back at Kelp Cloud this month.', SERIES)).toBe('Kelp Cloud');
  });
});
