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

/**
 * A 256-bit master key. `id` is derived from the key (see `keyIdOf`), so the same key always has
 * the same id and no id has to be stored beside the key material. Keys made by `master-key.ts`
 * print as `MasterKey(<id>)`; never log `key`.
 */
export interface MasterKey {
  readonly id: string;
  readonly key: Uint8Array;
}

/**
 * The master keys this process holds: the `active` one seals and wraps; older ones stay loaded
 * during a rotation so rows still wrapped by them open and can be rewrapped.
 */
export interface KeyRing {
  readonly active: MasterKey;
  /** Ids of every loaded key, the active one first. */
  readonly ids: readonly string[];
  get(id: string): MasterKey | undefined;
}

/** A key wrapped by master key `keyId` (AES-256-GCM; `wrappedKey` = nonce | ciphertext | tag). */
export interface WrappedKey {
  keyId: string;
  wrappedKey: Uint8Array;
}
