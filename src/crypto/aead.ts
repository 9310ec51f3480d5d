import { createCipheriv, createDecipheriv } from 'node:crypto';

/**
 * AES-256-GCM, one call per message, straight on node:crypto: envelope encryption runs two of these
 * per seal and per open, so each one allocates only what Node itself returns plus one output buffer.
 */
export const KEY_BYTES = 32;
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;

const ALGORITHM = 'aes-256-gcm';

/** Length of a wrapped 256-bit key: nonce | ciphertext | tag. */
export const WRAPPED_KEY_BYTES = NONCE_BYTES + KEY_BYTES + TAG_BYTES;

/**
 * Encrypts `plaintext` (a string is encoded as UTF-8 inside Node, so no plaintext Buffer is made
 * here) and returns `ciphertext | tag`, or `nonce | ciphertext | tag` when `prefixNonce` is set.
 */
export function gcmEncrypt(
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  plaintext: string | Uint8Array,
  prefixNonce = false,
): Buffer {
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
  cipher.final();
  const tag = cipher.getAuthTag();
  const prefix = prefixNonce ? nonce.length : 0;
  const out = Buffer.allocUnsafe(prefix + body.length + TAG_BYTES);
  if (prefixNonce) out.set(nonce, 0);
  out.set(body, prefix);
  out.set(tag, prefix + body.length);
  return out;
}

/**
 * Decrypts `ciphertext | tag` and throws when the tag does not verify. The tag length is pinned to
 * 16 bytes: without `authTagLength` Node accepts truncated tags, which would make forgery cheap.
 */
export function gcmDecrypt(key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, sealed: Uint8Array): Buffer {
  if (sealed.length < TAG_BYTES) throw new RangeError('ciphertext shorter than its tag');
  const bodyLength = sealed.length - TAG_BYTES;
  const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(bodyLength));
  const plaintext = decipher.update(sealed.subarray(0, bodyLength));
  try {
    decipher.final();
  } catch (error) {
    plaintext.fill(0);
    throw error;
  }
  return plaintext;
}

/** Wraps a 256-bit key under `masterKey`: `nonce | ciphertext | tag`, WRAPPED_KEY_BYTES long. */
export function wrapKey(masterKey: Uint8Array, nonce: Uint8Array, aad: Uint8Array, key: Uint8Array): Buffer {
  return gcmEncrypt(masterKey, nonce, aad, key, true);
}

/** Unwraps what `wrapKey` made; throws on a wrong length, a wrong master key or other AAD. */
export function unwrapKey(masterKey: Uint8Array, aad: Uint8Array, wrapped: Uint8Array): Buffer {
  if (wrapped.length !== WRAPPED_KEY_BYTES) throw new RangeError('wrapped key has the wrong length');
  return gcmDecrypt(masterKey, wrapped.subarray(0, NONCE_BYTES), aad, wrapped.subarray(NONCE_BYTES));
}
