import type { FkError } from '../../domain/errors/error.js';
import type { ForgeId } from '../../domain/forge.js';
import type { HostProgress, HostSummary, ItemOutcome, RefreshItem } from './types.js';

/** One item's journey through a run. */
export interface Entry<I extends RefreshItem> {
  item: I;
  /** Calls of `check` so far. */
  attempts: number;
  /** Transient failures so far (drives backoff and `stale`). */
  failures: number;
  /** Rate-limit answers so far (bounded apart from `failures`: a rate limit is not the item's fault). */
  rateLimitHits: number;
  settled: boolean;
}

/**
 * One host's queue and counters. The queue is an array read through a moving head, so taking the
 * next item is O(1) (no `shift`), and nothing is ever inserted in the middle.
 */
export class HostQueue<I extends RefreshItem> {
  readonly entries: Entry<I>[] = [];
  #head = 0;
  inFlight = 0;
  checked = 0;
  stale = 0;
  rateLimited = 0;
  cancelled = 0;
  /** Waiting out a rate limit until `resumeAt`; `resumed` settles when the wait ends. */
  paused = false;
  resumeAt = 0;
  resumed: Promise<void> = Promise.resolve();
  /** Ends the current pause early (give-up, cancel, finish). */
  wake: AbortController = new AbortController();
  /** Pause time granted so far, checked against `maxRateLimitPauseMs`. */
  pausedMs = 0;
  gaveUp = false;
  lastRateLimitError: FkError | null = null;

  constructor(
    readonly key: string,
    readonly forge: ForgeId,
  ) {}

  get total(): number {
    return this.entries.length;
  }

  get done(): number {
    return this.checked + this.stale + this.rateLimited + this.cancelled;
  }

  push(item: I): void {
    this.entries.push({ item, attempts: 0, failures: 0, rateLimitHits: 0, settled: false });
  }

  /** The next item not yet handed to a worker, or undefined when the queue is drained. */
  next(): Entry<I> | undefined {
    while (this.#head < this.entries.length) {
      const entry = this.entries[this.#head++];
      if (entry && !entry.settled) return entry;
    }
    return undefined;
  }

  count(outcome: ItemOutcome): void {
    if (outcome === 'done') this.checked++;
    else if (outcome === 'stale') this.stale++;
    else if (outcome === 'rate_limited') this.rateLimited++;
    else this.cancelled++;
  }

  progress(): HostProgress {
    return {
      forge: this.forge,
      total: this.total,
      done: this.done,
      checked: this.checked,
      stale: this.stale,
      rateLimited: this.rateLimited,
      cancelled: this.cancelled,
      inFlight: this.inFlight,
      paused: this.paused,
      resumesAt: this.paused ? new Date(this.resumeAt).toISOString() : null,
      gaveUp: this.gaveUp,
    };
  }

  summary(): HostSummary {
    return {
      forge: this.forge,
      total: this.total,
      checked: this.checked,
      stale: this.stale,
      rateLimited: this.rateLimited,
      cancelled: this.cancelled,
      pausedMs: this.pausedMs,
      gaveUp: this.gaveUp,
    };
  }
}

/** Groups items by host, keeping their order; each host's forge is that of its first item. */
export function groupByHost<I extends RefreshItem>(items: readonly I[]): Map<string, HostQueue<I>> {
  const hosts = new Map<string, HostQueue<I>>();
  for (const item of items) {
    let host = hosts.get(item.host);
    if (!host) {
      host = new HostQueue<I>(item.host, item.forge);
      hosts.set(item.host, host);
    }
    host.push(item);
  }
  return hosts;
}
