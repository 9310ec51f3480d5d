/**
 * A token sealed by envelope encryption: the token is encrypted with its own data key, and the
 * data key is wrapped by the master key `keyId`. Stores keep the four parts as columns; only
 * `src/crypto` interprets them.
 */
export interface SealedSecret {
  /** Id of the master key that wrapped `wrappedKey`. */
  keyId: string;
  /** The data key, encrypted under the master key (nonce, ciphertext and tag, packed). */
  wrappedKey: Uint8Array;
  /** AES-256-GCM nonce of the token ciphertext. */
  nonce: Uint8Array;
  /** AES-256-GCM ciphertext of the token followed by its 16-byte tag. */
  ciphertext: Uint8Array;
}

/** What a sealed token is bound to: a ciphertext copied to another row, owner or forge fails to open. */
export interface SealContext {
  tokenId: string;
  ownerId: string;
  forge: string;
}
