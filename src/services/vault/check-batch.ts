import type { Store } from '../../store/index.js';
import type { CheckWrite } from './check.js';

/** A batch is written once it holds this many checks… */
export const CHECK_BATCH_SIZE = 50;
/** …or this long after its first check finished, whichever comes first. */
export const CHECK_BATCH_DELAY_MS = 100;

/**
 * The writes of finished checks, committed in batches: one transaction per ~50 checks instead of one
 * per check (each commit is a journal write, and on SQLite with `synchronous = FULL` an fsync).
 *
 * What it costs: a write is in the database up to `CHECK_BATCH_DELAY_MS` after its check finished.
 * A crash (or kill) in that window loses at most the batch not yet committed, and that only means
 * those tokens keep their previous status and `lastCheckedAt` — as if they had not been checked in
 * this run; the next refresh checks them again. Each batch is one transaction: it lands whole or not
 * at all, and a record is never half-written.
 *
 * A token deleted since its check read it is skipped (nothing to record, as a single check gives up
 * on it). When a batch's transaction fails as a whole (the database busy past the store's retries,
 * unavailable), its checks are written again one transaction each, so a failure costs only its own
 * write; a check whose write still fails leaves its token as it was.
 */
export class CheckBatch {
  readonly #store: Store;
  readonly #size: number;
  readonly #delayMs: number;
  #pending: CheckWrite[] = [];
  #timer: NodeJS.Timeout | null = null;
  /** Batches are written one after another, in the order they were cut. */
  #writing: Promise<void> = Promise.resolve();

  constructor(store: Store, options: { size?: number; delayMs?: number } = {}) {
    this.#store = store;
    this.#size = options.size ?? CHECK_BATCH_SIZE;
    this.#delayMs = options.delayMs ?? CHECK_BATCH_DELAY_MS;
  }

  add(write: CheckWrite): void {
    this.#pending.push(write);
    if (this.#pending.length >= this.#size) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#delayMs);
  }

  /** Starts writing what is pending now (at the end of a run, or when it is cancelled). */
  flush(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    // A write that throws (not a store error result: a bug, a closed store) must not stop later batches.
    this.#writing = this.#writing.then(() => writeBatch(this.#store, batch)).catch(() => undefined);
  }

  /** Writes what is pending and resolves once every batch so far is written. */
  async drain(): Promise<void> {
    this.flush();
    await this.#writing;
  }
}

async function writeBatch(store: Store, batch: readonly CheckWrite[]): Promise<void> {
  // In (owner, id) order: each write locks its token row and, on PostgreSQL, its owner's row (the
  // `tokens_version` trigger, migration 0004), so batches of two processes take their locks in the
  // same order instead of deadlocking (which PostgreSQL would break by failing one of them).
  const ordered = [...batch].sort(byOwnerAndId);
  // Each token updated and its audit event appended, the batch in one transaction — on SQLite on a
  // connection of its own beside the event loop (`Store.recordChecks`).
  const saved = await store.recordChecks(ordered);
  if (saved.ok || batch.length === 1) return;
  for (const write of ordered) await store.recordChecks([write]);
}

function byOwnerAndId(a: CheckWrite, b: CheckWrite): number {
  if (a.ownerId !== b.ownerId) return a.ownerId < b.ownerId ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
