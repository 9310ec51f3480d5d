import { randomString, sha256Hex } from './secrets.js';

/**
 * Setup and invitation codes are read off a log line or a message and typed or pasted by a person,
 * so they use Crockford's base32 (no I, L, O, U) in groups of four: 32 characters, 160 random bits.
 * Input is forgiving: case, spaces and dashes do not matter, and O/I/L read as 0/1/1.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 32;

export function newOneTimeCode(): string {
  return randomString(CODE_LENGTH, CROCKFORD).replace(/(.{4})(?!$)/g, '$1-');
}

/** The canonical form of a typed code, or null when it cannot be one of ours. */
export function normalizeOneTimeCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== CODE_LENGTH) return null;
  for (const char of code) if (!CROCKFORD.includes(char)) return null;
  return code;
}

/** What is stored: the digest of the canonical form. */
export function oneTimeCodeHash(normalized: string): string {
  return sha256Hex(normalized);
}
