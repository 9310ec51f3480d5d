/** The public surface of `src/crypto`: envelope encryption, key ring, master-key sources, fingerprints. */
export { type AadPurpose, encodeAad, tokenAad } from './aad.js';
export { open, rewrap, seal, type UndecryptableReason } from './envelope.js';
export {
  FingerprintKey,
  fingerprint,
  generateFingerprintKey,
  unwrapFingerprintKey,
  wrapFingerprintKey,
} from './fingerprint.js';
export { createKeyRing } from './key-ring.js';
export {
  DEFAULT_KEY_FILE,
  type LoadedMasterKey,
  type LoadMasterKeyOptions,
  loadMasterKey,
  MASTER_KEY_ENV,
  MASTER_KEY_FILE_ENV,
  type MasterKeySource,
} from './key-source.js';
export {
  encodeMasterKey,
  generateMasterKey,
  keyCheck,
  keyIdOf,
  MASTER_KEY_BYTES,
  masterKeyFromBase64,
  masterKeyFromBytes,
  verifyKeyCheck,
} from './master-key.js';
export type { KeyRing, MasterKey, SealContext, SealedSecret, WrappedKey } from './types.js';
