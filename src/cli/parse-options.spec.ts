import { describe, expect, it } from 'vitest';
import { parseDate, parseInteger, parseSince, refuseTokenText } from './parse-options.js';

const now = new Date('2026-06-01T12:00:00Z');

describe('option parsers', () => {
  it('reads --since as a date, a time or a span back from now', () => {
    expect(parseSince('2026-05-01', now)).toBe('2026-05-01T00:00:00.000Z');
    expect(parseSince('2026-05-01T10:00:00+02:00', now)).toBe('2026-05-01T08:00:00.000Z');
    expect(parseSince('24h', now)).toBe('2026-05-31T12:00:00.000Z');
    expect(parseSince('7d', now)).toBe('2026-05-25T12:00:00.000Z');
    expect(parseSince('30m', now)).toBe('2026-06-01T11:30:00.000Z');
    expect(parseSince(undefined, now)).toBeUndefined();
    expect(() => parseSince('yesterday', now)).toThrow(/neither a date nor a span/);
    expect(() => parseSince('12345', now)).toThrow(/neither a date nor a span/);
  });

  it('checks integers and dates', () => {
    expect(parseInteger('--limit', '10', 1, 1000)).toBe(10);
    expect(parseInteger('--limit', undefined, 1, 1000)).toBeUndefined();
    expect(() => parseInteger('--limit', '1.5', 1, 1000)).toThrow(/whole number from 1 to 1000/);
    expect(parseDate('--expires-at', '2027-01-31')).toBe('2027-01-31');
    expect(() => parseDate('--expires-at', '31/01/2027')).toThrow(/YYYY-MM-DD/);
  });

  it('refuses token-shaped text where a name goes, without repeating it', () => {
    const token = `glpat-${'a'.repeat(20)}`;
    expect(() => refuseTokenText('label', token)).toThrow(/looks like a token/);
    try {
      refuseTokenText('label', token);
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('aaaaaaaaaa');
      expect(String((error as Error).message)).not.toContain('aaaaaaaaaa');
    }
    expect(() => refuseTokenText('label', 'work-laptop')).not.toThrow();
  });
});
