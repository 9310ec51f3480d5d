import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type FkError, fkError } from '../domain/errors/error.js';
import { err, ok, type Result } from '../domain/result.js';
import { KEY_BYTES } from './aead.js';
import type { MasterKey } from './types.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Key ids are derived, not random: the first 8 bytes of HMAC-SHA256(key, "forgekeeper key id") in
 * hex. The same key therefore always gets the same id, whichever source it came from (an env
 * variable or a file holds only the key), and nothing beside the key has to be kept in step with
 * it. The id is public (every row stores it); an HMAC output says nothing about the key.
 */
const KEY_ID_LABEL = 'forgekeeper key id';
const KEY_ID_BYTES = 8;

/** A different label from the id's, so the stored check value and the id are independent. */
const KEY_CHECK_LABEL = 'forgekeeper key check';

export const MASTER_KEY_BYTES = KEY_BYTES;

export function keyIdOf(key: Uint8Array): string {
  return createHmac('sha256', key).update(KEY_ID_LABEL).digest().subarray(0, KEY_ID_BYTES).toString('hex');
}

/**
 * Holds its own copy of the key in memory outside Node's shared Buffer pool, and prints only its
 * id: `console.log`, `JSON.stringify` and template literals never show key bytes.
 */
class MaskedMasterKey implements MasterKey {
  readonly id: string;
  readonly #key: Buffer;

  constructor(bytes: Uint8Array) {
    this.#key = Buffer.alloc(bytes.length);
    this.#key.set(bytes);
    this.id = keyIdOf(this.#key);
  }

  get key(): Uint8Array {
    return this.#key;
  }

  toString(): string {
    return `MasterKey(${this.id})`;
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}

/** Copies `bytes` (the caller may zero its own buffer afterwards) after checking the length. */
export function masterKeyFromBytes(bytes: Uint8Array): Result<MasterKey, FkError> {
  if (bytes.length !== MASTER_KEY_BYTES) {
    return err(
      fkError('master_key_invalid', {
        message: `The master key is ${bytes.length} bytes long; it must be exactly ${MASTER_KEY_BYTES} bytes, base64-encoded.`,
        details: { bytes: bytes.length },
      }),
    );
  }
  return ok(new MaskedMasterKey(bytes));
}

const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/**
 * Parses base64 (standard or URL-safe, padding optional, surrounding whitespace ignored). Node's
 * own decoder skips characters it does not know, so the alphabet is checked first: a typo must not
 * silently turn into a different key. Error messages never repeat the input.
 */
export function masterKeyFromBase64(text: string): Result<MasterKey, FkError> {
  const trimmed = text.trim();
  if (!BASE64.test(trimmed) || trimmed.replace(/=+$/, '').length % 4 === 1) {
    return err(
      fkError('master_key_invalid', {
        message: 'The master key is not valid base64; it must be 32 random bytes, base64-encoded.',
      }),
    );
  }
  const bytes = Buffer.from(trimmed, 'base64');
  try {
    return masterKeyFromBytes(bytes);
  } finally {
    bytes.fill(0);
  }
}

export function generateMasterKey(): MasterKey {
  const bytes = randomBytes(MASTER_KEY_BYTES);
  try {
    return new MaskedMasterKey(bytes);
  } finally {
    bytes.fill(0);
  }
}

/** Base64 of the key, for writing a key file or showing a user once. Never log it. */
export function encodeMasterKey(key: MasterKey): string {
  return Buffer.from(key.key.buffer, key.key.byteOffset, key.key.byteLength).toString('base64');
}

/**
 * The value a store keeps for each master key: HMAC-SHA256(key, "forgekeeper key check"). At
 * start-up it tells "this key does not belong to this database" without decrypting any token. It
 * is a full 32-byte MAC rather than the 8-byte id, so matching it is proof, not a likely guess.
 */
export function keyCheck(key: MasterKey): Uint8Array {
  return createHmac('sha256', key.key).update(KEY_CHECK_LABEL).digest();
}

/** `master_key_mismatch` unless `stored` is the check value of `key`; constant-time comparison. */
export function verifyKeyCheck(key: MasterKey, stored: Uint8Array): Result<MasterKey, FkError> {
  const actual = keyCheck(key);
  if (stored.length === actual.length && timingSafeEqual(stored, actual)) return ok(key);
  return err(fkError('master_key_mismatch', { details: { keyId: key.id } }));
}
