import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { maskToken, Secret } from './secret.js';

const token = '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';

describe('Secret', () => {
  it('prints only its mask, however it is printed', () => {
    const secret = new Secret(token);
    const printed = [
      String(secret),
      `${secret}`,
      JSON.stringify({ secret }),
      inspect(secret),
      inspect({ nested: { secret } }, { depth: 5 }),
    ];
    for (const text of printed) {
      expect(text).not.toContain(token);
      expect(text).toContain('ghp_…2nxL');
    }
  });

  it('reveals the token only when asked', () => {
    expect(new Secret(token).reveal()).toBe(token);
    expect(new Secret(token).equals(new Secret(token))).toBe(true);
    expect(new Secret(token).equals(new Secret(`${token}x`))).toBe(false);
  });

  it('masks with the prefix and the last four, and less of short values', () => {
    expect(maskToken('glpat-bzoxYWFhYWFhYWFhYWFhYWFhYRA.0r18iwxmj')).toBe('glpat-…wxmj');
    expect(maskToken('0123456789abcdef0123456789abcdef01234567')).toBe('…4567');
    expect(maskToken('glpat-short')).toBe('glpat-…rt');
  });
});
