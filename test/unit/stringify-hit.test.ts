import { describe, expect, it } from 'vitest';
import { stringifyHit } from '../../src/cache/cache-status.ts';

// A hit's body is what JSON.stringify gives, and the stored data is
// serialised once however often it is served.

describe('stringifyHit', () => {
  it('gives the bytes JSON.stringify gives', () => {
    const data = { stats: { totals: { meetups: 3, talks: 7 } }, list: [1, 'two', null] };
    expect(stringifyHit({ data })).toBe(JSON.stringify({ data }));
    expect(stringifyHit({ data, extensions: undefined })).toBe(JSON.stringify({ data }));
    const withExtensions = { data, extensions: { cost: 3 } };
    expect(stringifyHit(withExtensions)).toBe(JSON.stringify(withExtensions));
    const withErrors = { data: null, errors: [{ message: 'no' }] };
    expect(stringifyHit(withErrors)).toBe(JSON.stringify(withErrors));
  });

  it('serialises the same stored data once', () => {
    const data = { count: 1 };
    expect(stringifyHit({ data })).toBe('{"data":{"count":1}}');
    // Stored data is never changed; were it changed, the kept JSON shows that it is the one served.
    data.count = 2;
    expect(stringifyHit({ data })).toBe('{"data":{"count":1}}');
    expect(stringifyHit({ data: { count: 2 } })).toBe('{"data":{"count":2}}');
  });
});
