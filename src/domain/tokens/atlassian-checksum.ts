import { constantTimeEqual } from './constant-time.js';
import { crc32 } from './crc32.js';
import { toHex8 } from './encoding.js';

const HEX_LENGTH = 8;

/**
 * Atlassian API tokens (`ATATT3…`) and Bitbucket access tokens (`ATCTT3…`) end in `=` and 8
 * uppercase hex digits: the CRC-32 of everything up to and including that last `=` (forges.md §3.2).
 * The caller has checked the shape (`…=XXXXXXXX`).
 */
export function isAtlassianChecksumValid(token: string): boolean {
  const head = token.slice(0, -HEX_LENGTH);
  if (!head.endsWith('=')) return false;
  return constantTimeEqual(toHex8(crc32(head)), token.slice(-HEX_LENGTH));
}

/**
 * Bitbucket app passwords (`ATBB` + 32 characters) end in 8 uppercase hex digits: the CRC-32 of
 * `ATBB` and the 24 characters before them, i.e. of everything before them (forges.md §3.2).
 */
export function isAppPasswordChecksumValid(token: string): boolean {
  const head = token.slice(0, -HEX_LENGTH);
  return constantTimeEqual(toHex8(crc32(head)), token.slice(-HEX_LENGTH));
}
