import { createKeyRing, type KeyRing, type MasterKey } from '../../crypto/index.js';

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * The key ring of a long-running process, which a rotation in another process changes under it:
 * keys are added (a process never forgets a key it held: rows may name it until retirement) and
 * the sealing key follows the database's active key once it is held. Reads stay synchronous, as
 * `seal` and `open` need; the guarded store does the asynchronous looking.
 */
export class LiveKeyRing implements KeyRing {
  #ring: KeyRing;

  constructor(ring: KeyRing) {
    this.#ring = ring;
  }

  get active(): MasterKey {
    return this.#ring.active;
  }

  get ids(): readonly string[] {
    return this.#ring.ids;
  }

  get(id: string): MasterKey | undefined {
    return this.#ring.get(id);
  }

  /** Adds the keys not held yet; answers whether any was new. */
  add(keys: readonly MasterKey[]): boolean {
    const fresh = keys.filter((key) => this.#ring.get(key.id) === undefined);
    if (fresh.length === 0) return false;
    this.#ring = createKeyRing(this.#ring.active, [...this.#held(), ...fresh]);
    return true;
  }

  /** Seals under `id` from now on, when held; answers whether it is. */
  activate(id: string): boolean {
    const key = this.#ring.get(id);
    if (key === undefined) return false;
    if (this.#ring.active.id !== id) this.#ring = createKeyRing(key, this.#held());
    return true;
  }

  #held(): MasterKey[] {
    return this.#ring.ids.flatMap((id) => {
      const key = this.#ring.get(id);
      return key === undefined ? [] : [key];
    });
  }

  toString(): string {
    return `LiveKeyRing(active ${this.active.id}; ${this.ids.join(', ')})`;
  }

  toJSON(): { active: string; ids: readonly string[] } {
    return { active: this.active.id, ids: this.ids };
  }

  [inspectSymbol](): string {
    return this.toString();
  }
}
