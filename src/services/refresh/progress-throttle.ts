import type { Sleep } from './types.js';

/**
 * Holds back bursts of progress events: at most one per `intervalMs`, with a trailing event so the
 * last state before a quiet spell is always shown. 10,000 completions become ~20 events a second,
 * not 10,000 renders. `emit` builds the event when it fires, so a held-back event is never stale.
 */
export class ProgressThrottle {
  #lastAt = Number.NEGATIVE_INFINITY;
  #pending = false;
  #trailing: AbortController | null = null;
  #closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
    private readonly sleep: Sleep,
    private readonly emit: () => void,
  ) {}

  /** Something changed; emit now, or once the interval has passed. */
  request(): void {
    if (this.#closed) return;
    const wait = this.#lastAt + this.intervalMs - this.now();
    if (wait <= 0) {
      this.#fire();
      return;
    }
    this.#pending = true;
    if (this.#trailing) return;
    const trailing = new AbortController();
    this.#trailing = trailing;
    void this.sleep(wait, trailing.signal).then(() => {
      if (this.#trailing === trailing) this.#trailing = null;
      if (this.#pending && !this.#closed) this.#fire();
    });
  }

  /** Emit at once (pause, resume, cancel): rare events a user should see without delay. */
  force(): void {
    if (!this.#closed) this.#fire();
  }

  /** Stop for good, ending any trailing timer. */
  close(): void {
    this.#closed = true;
    this.#pending = false;
    this.#trailing?.abort();
    this.#trailing = null;
  }

  #fire(): void {
    this.#pending = false;
    this.#trailing?.abort();
    this.#trailing = null;
    this.#lastAt = this.now();
    this.emit();
  }
}
