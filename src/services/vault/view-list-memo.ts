import type { StatusNow } from '../../domain/vault-status.js';
import type { TokenRecord } from '../../store/index.js';
import { viewOf } from './records.js';
import type { TokenView } from './types.js';

interface Entry {
  records: readonly TokenRecord[];
  states: readonly StatusNow[];
  views: readonly TokenView[];
}

/** Lists kept, least recently used first out. */
const CAPACITY = 1000;

/**
 * The last list of views handed out per owner and filter. `list` hands out the same frozen array
 * again while it would be built from the same record objects — the store hands out the same frozen
 * records while the owner's `tokens_version` stands (store/repos/token-list.ts) — and the clock
 * makes the same of each (status, code, days left, computed for this read). So the array equals what
 * a fresh build would give, and a caller may keep what it derives from it by identity: the server
 * keeps the serialized body of `GET /api/v1/tokens`.
 */
export class ViewListMemo {
  readonly #entries = new Map<string, Entry>();

  views(key: string, records: readonly TokenRecord[], states: readonly StatusNow[]): readonly TokenView[] {
    const entry = this.#entries.get(key);
    if (entry !== undefined && sameList(entry, records, states)) return entry.views;
    const views = Object.freeze(
      records.map((record, i) => Object.freeze(viewOf(record, states[i] as StatusNow))),
    );
    this.#entries.delete(key);
    this.#entries.set(key, { records, states, views });
    if (this.#entries.size > CAPACITY) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    return views;
  }
}

function sameList(entry: Entry, records: readonly TokenRecord[], states: readonly StatusNow[]): boolean {
  if (entry.records.length !== records.length) return false;
  for (let i = 0; i < records.length; i++) {
    const before = entry.states[i];
    const now = states[i];
    if (entry.records[i] !== records[i] || before === undefined || now === undefined) return false;
    if (before.status !== now.status || before.code !== now.code || before.daysLeft !== now.daysLeft)
      return false;
  }
  return true;
}
