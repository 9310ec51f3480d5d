import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Session tokens, API keys and one-time codes are random values with 160–256 bits of entropy, so
 * they are stored as plain SHA-256 digests. A slow, salted hash (argon2) protects guessable
 * secrets like passwords against offline guessing; a 256-bit random value cannot be guessed at any
 * hash speed, and a slow hash on every API request would only cost CPU and memory (a
 * denial-of-service lever). An unsalted digest can also be looked up by an index.
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Compares two hex digests without stopping at the first difference. Both come from `sha256Hex`,
 * so their lengths are equal unless one is corrupt.
 */
export function digestsEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** 256 random bits as base64url (43 characters): session tokens. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * `length` characters drawn uniformly from `alphabet`: bytes ≥ the largest multiple of the
 * alphabet's size are dropped, so no character is likelier than another.
 */
export function randomString(length: number, alphabet: string = BASE62): string {
  const limit = 256 - (256 % alphabet.length);
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}
