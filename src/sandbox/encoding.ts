import { randomBytes } from 'node:crypto';

/** Digits, then UPPER, then lower: GitHub's base62 alphabet (forges.md §1.1, not Go's `0-9a-z-A-Z`). */
export const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const UPPER_DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** GitLab legacy `glpat-` bodies: `[0-9A-Za-z_-]` (forges.md §2.1). */
export const URL_SAFE = `${BASE62}_-`;

/** Unsigned integer in base62 with GitHub's alphabet, left-padded with `0` to `width`. */
export function base62(value: number, width: number): string {
  let n = value;
  let out = '';
  do {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  } while (n > 0);
  return out.padStart(width, '0');
}

/** Unsigned integer in lowercase base36 (Ruby's `Integer#to_s(36)`), left-padded with `0`. */
export function base36(value: number, width = 0): string {
  return value.toString(36).padStart(width, '0');
}

/** Uppercase hex, left-padded to 8 digits: how Atlassian tokens spell their CRC32 (forges.md §3.2). */
export function hex8(value: number): string {
  return value.toString(16).toUpperCase().padStart(8, '0');
}

/** Base64url without padding (Ruby's `Base64.urlsafe_encode64(…, padding: false)`). */
export function base64UrlNoPad(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url');
}

/**
 * `length` characters drawn uniformly from `alphabet` (≤ 256 symbols) by rejection sampling, so no
 * character is more likely than another.
 */
export function randomString(length: number, alphabet: string): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte >= limit) continue;
      out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}
