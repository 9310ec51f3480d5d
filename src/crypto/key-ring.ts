import { MASTER_KEY_BYTES } from './master-key.js';
import type { KeyRing, MasterKey } from './types.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * Rotation without downtime, in the order that keeps every row readable at every moment:
 * 1. load the new key as active and the old one beside it: `createKeyRing(next, [previous])`;
 * 2. record the new key (its `keyCheck`, the fingerprint key wrapped under it) in the store;
 * 3. `rewrap` each row still wrapped by the old key (data keys only, tokens are not re-encrypted);
 * 4. once no row names the old key, mark it `retired` in the store (see docs/keys.md); processes stop loading it.
 * New tokens are sealed under the active key from step 1 on.
 */
class Ring implements KeyRing {
  readonly active: MasterKey;
  readonly ids: readonly string[];
  readonly #keys: ReadonlyMap<string, MasterKey>;

  constructor(active: MasterKey, older: readonly MasterKey[]) {
    const keys = new Map<string, MasterKey>();
    for (const key of [active, ...older]) {
      // A wrong-length key is a programming error (sources check lengths); fail before first use.
      if (key.key.length !== MASTER_KEY_BYTES) throw new RangeError(`master key ${key.id} is not 32 bytes`);
      if (!keys.has(key.id)) keys.set(key.id, key);
    }
    this.active = active;
    this.ids = [...keys.keys()];
    this.#keys = keys;
  }

  get(id: string): MasterKey | undefined {
    return this.#keys.get(id);
  }

  toString(): string {
    return `KeyRing(active ${this.active.id}; ${this.ids.join(', ')})`;
  }

  toJSON(): { active: string; ids: readonly string[] } {
    return { active: this.active.id, ids: this.ids };
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}

/** A ring whose active key seals and wraps; `older` keys only open and unwrap. */
export function createKeyRing(active: MasterKey, older: readonly MasterKey[] = []): KeyRing {
  return new Ring(active, older);
}
