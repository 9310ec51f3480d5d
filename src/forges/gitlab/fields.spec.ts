import { describe, expect, it } from 'vitest';
import { parseExpiresAt, parseRequiredScopes, parseTimestamp } from './fields.js';

describe('parseExpiresAt (a date: the token stops at 00:00 UTC that day, forges.md §2.3)', () => {
  it.each<[string | null | undefined, string | null]>([
    ['2027-01-01', '2027-01-01T00:00:00.000Z'],
    ['2027-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    [null, null],
    [undefined, null],
    ['never', null],
  ])('%j → %j', (value, expected) => {
    expect(parseExpiresAt(value)).toBe(expected);
  });
});

describe('parseTimestamp', () => {
  it('normalises to ISO UTC', () => {
    expect(parseTimestamp('2021-10-06T17:58:37.550+02:00')).toBe('2021-10-06T15:58:37.550Z');
    expect(parseTimestamp(null)).toBeNull();
  });
});

describe('parseRequiredScopes (the `scope` of insufficient_scope, a string or a list)', () => {
  it.each<[string | string[] | undefined, string[]]>([
    ['api', ['api']],
    ['api read_api', ['api', 'read_api']],
    [
      ['api', 'sudo'],
      ['api', 'sudo'],
    ],
    [undefined, []],
  ])('%j → %j', (value, expected) => {
    expect(parseRequiredScopes(value)).toEqual(expected);
  });
});
