import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { type FkError, fkError } from '../domain/errors/error.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Secret } from '../domain/secret.js';
import { encodeAad } from './aad.js';
import { KEY_BYTES, NONCE_BYTES, unwrapKey, wrapKey } from './aead.js';
import type { KeyRing, MasterKey, WrappedKey } from './types.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Fingerprints find duplicate tokens without decrypting them: HMAC-SHA256 of the token under a
 * fingerprint key, never a plain hash (a hash of a token is a guessable lookup key).
 *
 * The fingerprint key is random and independent of the master key; the store keeps it only wrapped
 * by a master key (one wrap per master-key row, beside that key's check value). Why not derive it
 * from the master key: then every rotation would have to decrypt every token to recompute its
 * fingerprint, rotation would no longer be "rewrap data keys only", and while it ran, rows would
 * carry fingerprints under two keys, so a duplicate check would have to try both. With a random key
 * fingerprints never change; rotation rewraps one more 32-byte key (unwrap with the old master key,
 * `wrapFingerprintKey` with the new one).
 *
 * The HMAC key is HKDF-SHA256(stored key, info "forgekeeper fingerprint v1") rather than the stored
 * bytes themselves: a new fingerprint scheme gets a new info string without a new stored key.
 */
const FINGERPRINT_INFO = 'forgekeeper fingerprint v1';
const WRAP_AAD = encodeAad('fingerprint-key', []);

export class FingerprintKey {
  readonly #root: Buffer;
  readonly #hmacKey: Buffer;

  private constructor(root: Uint8Array) {
    this.#root = Buffer.alloc(KEY_BYTES);
    this.#root.set(root);
    this.#hmacKey = Buffer.from(hkdfSync('sha256', this.#root, Buffer.alloc(0), FINGERPRINT_INFO, KEY_BYTES));
  }

  /** A new random key, for a store that has none yet. */
  static generate(): FingerprintKey {
    const root = randomBytes(KEY_BYTES);
    try {
      return new FingerprintKey(root);
    } finally {
      root.fill(0);
    }
  }

  /** `master_key_mismatch` when no loaded master key unwraps it: the store was set up with another key. */
  static unwrap(wrapped: WrappedKey, ring: KeyRing): Result<FingerprintKey, FkError> {
    const master = ring.get(wrapped.keyId);
    if (master === undefined) {
      return err(
        fkError('master_key_mismatch', {
          message: `The fingerprint key is wrapped by master key ${wrapped.keyId}, which is not loaded.`,
          details: { keyId: wrapped.keyId, loadedKeyIds: ring.ids },
        }),
      );
    }
    let root: Buffer;
    try {
      root = unwrapKey(master.key, WRAP_AAD, wrapped.wrappedKey);
    } catch {
      return err(fkError('master_key_mismatch', { details: { keyId: wrapped.keyId } }));
    }
    try {
      return ok(new FingerprintKey(root));
    } finally {
      root.fill(0);
    }
  }

  wrap(master: MasterKey): WrappedKey {
    return {
      keyId: master.id,
      wrappedKey: wrapKey(master.key, randomBytes(NONCE_BYTES), WRAP_AAD, this.#root),
    };
  }

  /** 64 hex characters. */
  fingerprint(secret: Secret): string {
    return createHmac('sha256', this.#hmacKey).update(secret.reveal(), 'utf8').digest('hex');
  }

  toString(): string {
    return 'FingerprintKey(…)';
  }

  toJSON(): string {
    return this.toString();
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}

export function generateFingerprintKey(): FingerprintKey {
  return FingerprintKey.generate();
}

export function wrapFingerprintKey(key: FingerprintKey, master: MasterKey): WrappedKey {
  return key.wrap(master);
}

export function unwrapFingerprintKey(wrapped: WrappedKey, ring: KeyRing): Result<FingerprintKey, FkError> {
  return FingerprintKey.unwrap(wrapped, ring);
}

/** HMAC-SHA256(HKDF(fingerprint key), token) in hex: equal tokens give equal fingerprints. */
export function fingerprint(secret: Secret, key: FingerprintKey): string {
  return key.fingerprint(secret);
}
