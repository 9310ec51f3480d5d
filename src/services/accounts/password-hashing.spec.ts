import { describe, expect, it } from 'vitest';
import { createPasswordHasher, OWASP_ARGON2ID } from './password-hashing.js';

describe('password hashing', () => {
  it('hashes with argon2id at OWASP’s parameters by default, salted', async () => {
    const hasher = createPasswordHasher();
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(await hasher.hash('correct horse battery staple')).not.toBe(hash);
    expect(await hasher.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse battery stapler')).toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
    expect(OWASP_ARGON2ID).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  });

  it('answers false for a damaged hash, and asks to rehash other parameters', async () => {
    const cheap = createPasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 });
    const hash = await cheap.hash('a password here');
    expect(await cheap.verify('not a hash', 'a password here')).toBe(false);
    expect(createPasswordHasher().needsRehash(hash)).toBe(true);
    expect(cheap.needsRehash('garbage')).toBe(true);
    expect(await cheap.verifyDummy('a password here')).toBe(false);
  });
});
