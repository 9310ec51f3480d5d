import { Secret } from '../domain/secret.js';
import { createKeyRing } from './key-ring.js';
import { generateMasterKey } from './master-key.js';
import type { KeyRing, MasterKey, SealContext } from './types.js';

/** Test factories for `src/crypto` specs. Tokens here are made up and never leave memory. */
export function makeContext(overrides: Partial<SealContext> = {}): SealContext {
  return { tokenId: 'tok_01', ownerId: 'usr_01', forge: 'github', ...overrides };
}

export function makeSecret(text = 'ghp_FAKEfakeFAKEfakeFAKEfakeFAKEfake0000'): Secret {
  return new Secret(text);
}

export function makeRing(active: MasterKey = generateMasterKey(), older: MasterKey[] = []): KeyRing {
  return createKeyRing(active, older);
}
