import { describe, expect, it } from 'vitest';
import { createApiKeyCache } from './api-key-cache.js';
import { scopesForRole } from './principal.js';

const principal = {
  userId: 'u1',
  ownerId: 'u1',
  username: 'ci',
  role: 'user' as const,
  via: 'api_key' as const,
  apiKeyId: 'k1',
  scopes: scopesForRole('user'),
};
const entry = (expiresAtMs: number | null = null) => ({
  principal,
  keyId: 'k1',
  userId: 'u1',
  expiresAtMs,
  touchedAtMs: 0,
});

describe('the API key cache', () => {
  it('keeps a verified key for its time to live, and never past the key’s own expiry', () => {
    const cache = createApiKeyCache(5_000);
    cache.put('d1', entry(), 0, cache.generation());
    expect(cache.get('d1', 4_999)?.principal).toBe(principal);
    expect(cache.get('d1', 5_000)).toBeNull();
    cache.put('d2', entry(1_000), 0, cache.generation());
    expect(cache.get('d2', 999)).not.toBeNull();
    expect(cache.get('d2', 1_000)).toBeNull();
  });

  it('forgets a revoked key or a disabled user at once', () => {
    const cache = createApiKeyCache(5_000);
    cache.put('d1', entry(), 0, cache.generation());
    cache.forgetKey('k1');
    expect(cache.get('d1', 1)).toBeNull();
    cache.put('d1', entry(), 0, cache.generation());
    cache.forgetUser('u1');
    expect(cache.get('d1', 1)).toBeNull();
  });

  it('does not keep an answer read before a revocation that landed meanwhile', () => {
    const cache = createApiKeyCache(5_000);
    const before = cache.generation();
    cache.forgetKey('k1');
    cache.put('d1', entry(), 0, before);
    expect(cache.get('d1', 1)).toBeNull();
  });

  it('is off with a time to live of 0, and bounded in size', () => {
    const off = createApiKeyCache(0);
    off.put('d1', entry(), 0, off.generation());
    expect(off.get('d1', 0)).toBeNull();
    const small = createApiKeyCache(5_000, 2);
    for (const digest of ['a', 'b', 'c']) small.put(digest, entry(), 0, small.generation());
    expect(small.get('a', 1)).toBeNull();
    expect(small.get('c', 1)).not.toBeNull();
  });
});
