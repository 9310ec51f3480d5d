import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceCrc32 } from './__fixtures__/make-token.js';
import { crc32 } from './crc32.js';

describe('crc32', () => {
  it('matches the standard check values of CRC-32/ISO-HDLC (zlib)', () => {
    expect(crc32('')).toBe(0);
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('a')).toBe(0xe8b7be43);
    expect(crc32('The quick brown fox jumps over the lazy dog')).toBe(0x414fa339);
  });

  it('matches the worked example of forges.md §1.1', () => {
    expect(crc32('ZJDeVREhkptGF7Wvep0NwJWlPEQP7a')).toBe(813367171);
  });

  it('is unsigned even when the top bit is set', () => {
    expect(crc32('123456789')).toBeGreaterThan(0x7fffffff);
  });

  it('gives the same value for a string and its bytes, and uses UTF-8 for non-ASCII', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32('é')).toBe(crc32(new Uint8Array([0xc3, 0xa9])));
  });

  it('agrees with the bitwise reference on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => crc32(s) === referenceCrc32(s)),
    );
  });
});
