import { describe, expect, it } from 'vitest';
import { maskApiKey, newApiKey, parseApiKey } from './api-key-format.js';

describe('API key format', () => {
  it('makes fk_<12 base62>_<43 base62> keys that parse back to their public id', () => {
    const keys = Array.from({ length: 50 }, newApiKey);
    for (const key of keys) {
      expect(key.text).toMatch(/^fk_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
      expect(parseApiKey(key.text)).toEqual(key);
      expect(key.text.startsWith(`fk_${key.publicId}_`)).toBe(true);
    }
    expect(new Set(keys.map((k) => k.text)).size).toBe(50);
  });

  it('refuses anything else without a lookup', () => {
    const { text } = newApiKey();
    for (const bad of [
      '',
      'fk_',
      text.slice(0, -1),
      `${text}x`,
      text.replace('fk_', 'FK_'),
      `${text.slice(0, -1)}-`,
    ]) {
      expect(parseApiKey(bad)).toBeNull();
    }
  });

  it('masks with the public part only', () => {
    expect(maskApiKey('AbCdEf123456')).toBe('fk_AbCdEf123456_…');
  });
});
