import { randomBytes } from 'node:crypto';
import { type FkError, fkError } from '../domain/errors/error.js';
import { err, ok, type Result } from '../domain/result.js';
import { Secret } from '../domain/secret.js';
import { tokenAad } from './aad.js';
import { gcmDecrypt, gcmEncrypt, KEY_BYTES, NONCE_BYTES, TAG_BYTES, unwrapKey, wrapKey } from './aead.js';
import type { KeyRing, SealContext, SealedSecret } from './types.js';

/**
 * Envelope encryption (DESIGN principle 2). Each token gets a random 256-bit data key; the token is
 * sealed with it (AES-256-GCM, fresh 96-bit nonce) and the data key is wrapped by the ring's active
 * master key (AES-256-GCM, its own nonce). One associated-data value binding token id, owner and
 * forge authenticates both, so a ciphertext or a wrapped key copied to another row fails to open.
 * Rotation unwraps and rewraps the data key only; the token ciphertext never changes.
 */

/** Why a token did not open; in `details.reason`, for operators. Never carries key or token bytes. */
export type UndecryptableReason = 'key_not_loaded' | 'malformed' | 'key_unwrap_failed' | 'ciphertext_failed';

const RANDOM_BYTES = KEY_BYTES + 2 * NONCE_BYTES;

export function seal(secret: Secret, context: SealContext, ring: KeyRing): SealedSecret {
  const text = secret.reveal();
  // Node encodes lone surrogates as U+FFFD, so such a string would not come back as it went in.
  // No token format allows them; refusing beats silently storing a different token.
  if (!isWellFormed(text)) throw new TypeError('A token must be well-formed Unicode text.');
  // One call to the CSPRNG for the data key and both nonces: it costs as much as an AES-GCM call.
  const material = randomBytes(RANDOM_BYTES);
  try {
    const dataKey = material.subarray(0, KEY_BYTES);
    const nonce = material.subarray(KEY_BYTES, KEY_BYTES + NONCE_BYTES);
    const wrapNonce = material.subarray(KEY_BYTES + NONCE_BYTES);
    const aad = tokenAad(context);
    const master = ring.active;
    return {
      keyId: master.id,
      wrappedKey: wrapKey(master.key, wrapNonce, aad, dataKey),
      nonce: Buffer.from(nonce),
      ciphertext: gcmEncrypt(dataKey, nonce, aad, text),
    };
  } finally {
    material.fill(0);
  }
}

/** `token_undecryptable` on any failure; never throws. */
export function open(sealed: SealedSecret, context: SealContext, ring: KeyRing): Result<Secret, FkError> {
  const unwrapped = unwrapDataKey(sealed, context, ring);
  if (!unwrapped.ok) return unwrapped;
  const { dataKey, aad } = unwrapped.value;
  try {
    const plaintext = gcmDecrypt(dataKey, sealed.nonce, aad, sealed.ciphertext);
    const secret = new Secret(plaintext.toString('utf8'));
    plaintext.fill(0);
    return ok(secret);
  } catch {
    return err(undecryptable(sealed.keyId, 'ciphertext_failed'));
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Re-wraps the data key under master key `toKeyId`, for rotation. The token ciphertext and nonce
 * are returned as they were (same arrays): only `keyId` and `wrappedKey` change, so a store
 * updates two columns. The wrap is checked against `context` on the way, as in `open`.
 */
export function rewrap(
  sealed: SealedSecret,
  context: SealContext,
  ring: KeyRing,
  toKeyId: string,
): Result<SealedSecret, FkError> {
  const target = ring.get(toKeyId);
  if (target === undefined) {
    return err(
      fkError('invalid_input', {
        message: `Cannot rewrap to master key ${toKeyId}: it is not loaded.`,
        remediation: 'Load the new master key (as the active key) before rewrapping tokens to it.',
        details: { keyId: toKeyId, loadedKeyIds: ring.ids },
      }),
    );
  }
  const unwrapped = unwrapDataKey(sealed, context, ring);
  if (!unwrapped.ok) return unwrapped;
  const { dataKey, aad } = unwrapped.value;
  try {
    const wrappedKey = wrapKey(target.key, randomBytes(NONCE_BYTES), aad, dataKey);
    return ok({ keyId: target.id, wrappedKey, nonce: sealed.nonce, ciphertext: sealed.ciphertext });
  } finally {
    dataKey.fill(0);
  }
}

/** The data key (the caller zeroes it) and the AAD it was checked against. */
function unwrapDataKey(
  sealed: SealedSecret,
  context: SealContext,
  ring: KeyRing,
): Result<{ dataKey: Buffer; aad: Buffer }, FkError> {
  const master = ring.get(sealed.keyId);
  if (master === undefined) return err(keyNotLoaded(sealed.keyId, ring));
  if (!hasValidShape(sealed)) return err(undecryptable(sealed.keyId, 'malformed'));
  try {
    const aad = tokenAad(context);
    return ok({ dataKey: unwrapKey(master.key, aad, sealed.wrappedKey), aad });
  } catch {
    return err(undecryptable(sealed.keyId, 'key_unwrap_failed'));
  }
}

function hasValidShape(sealed: SealedSecret): boolean {
  return (
    sealed.nonce instanceof Uint8Array &&
    sealed.nonce.length === NONCE_BYTES &&
    sealed.ciphertext instanceof Uint8Array &&
    sealed.ciphertext.length >= TAG_BYTES &&
    sealed.wrappedKey instanceof Uint8Array
  );
}

function keyNotLoaded(keyId: string, ring: KeyRing): FkError {
  return fkError('token_undecryptable', {
    message: `This token was sealed with master key ${keyId}, which is not loaded.`,
    remediation: `Start Forgekeeper with master key ${keyId} in its key ring (the key used before the last rotation, from your backup), then finish the rotation.`,
    details: { keyId, reason: 'key_not_loaded' satisfies UndecryptableReason, loadedKeyIds: ring.ids },
  });
}

function undecryptable(keyId: string, reason: UndecryptableReason): FkError {
  return fkError('token_undecryptable', { details: { keyId, reason } });
}

/** `String.prototype.isWellFormed` (Node 20+), which the ES2023 lib typings do not declare yet. */
function isWellFormed(text: string): boolean {
  return (text as string & { isWellFormed(): boolean }).isWellFormed();
}
