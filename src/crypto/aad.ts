import type { SealContext } from './types.js';

/**
 * Associated data for AES-GCM. The encoding is canonical and unambiguous: a version byte, then each
 * field as a 4-byte big-endian UTF-8 byte length followed by its bytes. Length prefixes make
 * ("ab", "c") and ("a", "bc") differ, which a separator would not guarantee for ids that may
 * contain it. The first field names the purpose, so a key wrapped for one purpose (a token's data
 * key) cannot be passed off as another (the fingerprint key).
 */
export const AAD_VERSION = 1;

export type AadPurpose = 'token' | 'fingerprint-key';

export function encodeAad(purpose: AadPurpose, fields: readonly string[]): Buffer {
  let size = 1 + 4 + Buffer.byteLength(purpose, 'utf8');
  for (const field of fields) size += 4 + Buffer.byteLength(field, 'utf8');
  const out = Buffer.allocUnsafe(size);
  out[0] = AAD_VERSION;
  let offset = writeField(out, 1, purpose);
  for (const field of fields) offset = writeField(out, offset, field);
  return out;
}

/** Binds a token's ciphertext and its wrapped data key to its row, owner and forge. */
export function tokenAad(context: SealContext): Buffer {
  return encodeAad('token', [context.tokenId, context.ownerId, context.forge]);
}

function writeField(out: Buffer, offset: number, field: string): number {
  const length = out.write(field, offset + 4, 'utf8');
  out.writeUInt32BE(length, offset);
  return offset + 4 + length;
}
