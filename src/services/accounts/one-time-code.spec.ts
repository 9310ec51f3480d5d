import { describe, expect, it } from 'vitest';
import { newOneTimeCode, normalizeOneTimeCode, oneTimeCodeHash } from './one-time-code.js';

describe('one-time codes', () => {
  it('are 8 groups of 4 Crockford base32 characters (160 bits)', () => {
    const code = newOneTimeCode();
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(Array.from({ length: 20 }, newOneTimeCode)).size).toBe(20);
  });

  it('forgive case, spaces, dashes and the letters that look like digits', () => {
    const code = newOneTimeCode();
    const canonical = code.replace(/-/g, '');
    expect(normalizeOneTimeCode(code)).toBe(canonical);
    expect(normalizeOneTimeCode(` ${code.toLowerCase().replace(/-/g, ' ')} `)).toBe(canonical);
    expect(normalizeOneTimeCode('O'.repeat(16) + 'I'.repeat(8) + 'l'.repeat(8))).toBe(
      '0'.repeat(16) + '1'.repeat(16),
    );
    expect(oneTimeCodeHash(canonical)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuse what cannot be a code', () => {
    for (const bad of ['', 'ABCD', `${'A'.repeat(31)}U`, 'A'.repeat(33)])
      expect(normalizeOneTimeCode(bad)).toBeNull();
  });
});
