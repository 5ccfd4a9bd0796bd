// The sponsor thank-you sentence.
import { describe, expect, it } from 'vitest';
import { isRoleNoun, splitTopLevel, sponsorsIn } from '../../../src/importer/parse/sponsors.ts';

const names = (s: string) => sponsorsIn(s, 1)?.map((x) => x.name) ?? null;

describe('the thank-you sentence', () => {
  it('reads the names after "thanks to" whatever adverbs come between', () => {
    expect(names('Thanks yet again, as always, to our sponsors Kelp and Brindle.')).toEqual(['Kelp', 'Brindle']);
    expect(names('Thank you very much once again to our sponsors Kelp and Brindle.')).toEqual(['Kelp', 'Brindle']);
  });

  it('reads "sponsored by" and the sponsors noun', () => {
    expect(names('This month was sponsored by [Kelp](https://k.example) and Brindle Labs!')).toEqual([
      'Kelp',
      'Brindle Labs',
    ]);
    expect(names('Huge thanks to our sponsors this month: Kelp, Brindle and Quartzline.')).toEqual([
      'Kelp',
      'Brindle',
      'Quartzline',
    ]);
  });

  it('rejects role nouns: generic thanks are not sponsors', () => {
    expect(names('Thanks to our sponsors and to everyone: speakers, sponsors, and the door staff.')).toBeNull();
    expect(isRoleNoun('the door staff')).toBe(true);
    expect(isRoleNoun('Brindle')).toBe(false);
  });

  it('splits a list at commas and "and" outside brackets', () => {
    expect(splitTopLevel('A, B (and C), and D & E')).toEqual(['A', 'B (and C)', 'D & E']);
  });
});
