import { randomBytes } from 'node:crypto';
import type { SealedSecret } from '../../crypto/types.js';

/** Random bytes standing in for a sealed token: the store never interprets them. */
export function makeSealed(keyId = 'key-1'): SealedSecret {
  return {
    keyId,
    wrappedKey: new Uint8Array(randomBytes(60)),
    nonce: new Uint8Array(randomBytes(12)),
    ciphertext: new Uint8Array(randomBytes(56)),
  };
}
