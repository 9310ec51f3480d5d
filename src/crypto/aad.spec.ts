import { describe, expect, it } from 'vitest';
import { AAD_VERSION, encodeAad, tokenAad } from './aad.js';
import { makeContext } from './fixtures.js';

describe('encodeAad', () => {
  it('starts with the version byte and length-prefixes every field', () => {
    const aad = encodeAad('token', ['a', 'é']);
    expect(aad[0]).toBe(AAD_VERSION);
    expect([...aad]).toEqual([
      AAD_VERSION,
      ...[0, 0, 0, 5],
      ...Buffer.from('token'),
      ...[0, 0, 0, 1],
      ...Buffer.from('a'),
      ...[0, 0, 0, 2],
      ...Buffer.from('é'),
    ]);
  });

  it('keeps field boundaries: ("ab", "c") differs from ("a", "bc")', () => {
    expect(encodeAad('token', ['ab', 'c']).equals(encodeAad('token', ['a', 'bc']))).toBe(false);
    expect(encodeAad('token', ['a|b', 'c']).equals(encodeAad('token', ['a', 'b|c']))).toBe(false);
    expect(encodeAad('token', ['', 'x']).equals(encodeAad('token', ['x', '']))).toBe(false);
  });

  it('separates purposes', () => {
    expect(encodeAad('token', []).equals(encodeAad('fingerprint-key', []))).toBe(false);
  });
});

describe('tokenAad', () => {
  it('binds token id, owner and forge', () => {
    const base = tokenAad(makeContext());
    expect(tokenAad(makeContext()).equals(base)).toBe(true);
    expect(tokenAad(makeContext({ tokenId: 'tok_02' })).equals(base)).toBe(false);
    expect(tokenAad(makeContext({ ownerId: 'usr_02' })).equals(base)).toBe(false);
    expect(tokenAad(makeContext({ forge: 'gitlab' })).equals(base)).toBe(false);
  });
});
