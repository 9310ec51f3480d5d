/**
 * Rate-limit counters kept the way each forge keeps them (forges.md §1.7, §2.7, §3.7), all driven by
 * the sandbox clock and O(1) (amortised) per request.
 */

export interface WindowState {
  limit: number;
  used: number;
  remaining: number;
  /** Epoch ms when budget comes back (window end; for rolling windows, when the oldest hit ages out). */
  resetMs: number;
}

export interface Consumed {
  allowed: boolean;
  state: WindowState;
}

/**
 * A fixed window. `first-request` anchors a window at the first request after the previous one ended
 * (GitHub's hourly budget: `x-ratelimit-reset` is an hour after the window opened); `epoch` aligns
 * windows to multiples of the period (Rack::Attack, which GitLab uses: `now / period`).
 */
export class FixedWindowLimiter {
  readonly #windows = new Map<string, { start: number; used: number }>();

  constructor(
    private readonly periodMs: number,
    private readonly align: 'first-request' | 'epoch',
  ) {}

  #current(key: string, now: number): { start: number; used: number } {
    const existing = this.#windows.get(key);
    if (existing && now < existing.start + this.periodMs) return existing;
    const start = this.align === 'epoch' ? now - (now % this.periodMs) : now;
    const fresh = { start, used: 0 };
    this.#windows.set(key, fresh);
    return fresh;
  }

  #state(window: { start: number; used: number }, limit: number): WindowState {
    return {
      limit,
      used: window.used,
      remaining: Math.max(0, limit - window.used),
      resetMs: window.start + this.periodMs,
    };
  }

  /** The state without spending anything (GitHub's `GET /rate_limit` is free). */
  peek(key: string, limit: number, now: number): WindowState {
    const existing = this.#windows.get(key);
    if (existing && now < existing.start + this.periodMs) return this.#state(existing, limit);
    const start = this.align === 'epoch' ? now - (now % this.periodMs) : now;
    return { limit, used: 0, remaining: limit, resetMs: start + this.periodMs };
  }

  /**
   * Spend one request. By default a refused request is not counted (GitHub keeps `used` at the
   * limit); `countRefused` counts it anyway, as Rack::Attack does (GitLab's `RateLimit-Observed`).
   */
  consume(key: string, limit: number, now: number, countRefused = false): Consumed {
    const window = this.#current(key, now);
    if (window.used >= limit) {
      if (countRefused) window.used += 1;
      return { allowed: false, state: this.#state(window, limit) };
    }
    window.used += 1;
    return { allowed: true, state: this.#state(window, limit) };
  }

  clear(): void {
    this.#windows.clear();
  }
}

/** A rolling window (Bitbucket: "rolling 1-hour window", forges.md §3.7): the hits of the last period. */
export class RollingWindowLimiter {
  readonly #hits = new Map<string, { times: number[]; head: number }>();

  constructor(private readonly periodMs: number) {}

  consume(key: string, limit: number, now: number): Consumed {
    let queue = this.#hits.get(key);
    if (!queue) {
      queue = { times: [], head: 0 };
      this.#hits.set(key, queue);
    }
    while (queue.head < queue.times.length && queue.times[queue.head]! <= now - this.periodMs) queue.head++;
    if (queue.head > 1024 && queue.head * 2 > queue.times.length) {
      queue.times = queue.times.slice(queue.head);
      queue.head = 0;
    }
    const used = queue.times.length - queue.head;
    const oldest = queue.times[queue.head];
    const resetMs = (oldest ?? now) + this.periodMs;
    if (used >= limit) return { allowed: false, state: { limit, used, remaining: 0, resetMs } };
    queue.times.push(now);
    return { allowed: true, state: { limit, used: used + 1, remaining: limit - used - 1, resetMs } };
  }

  clear(): void {
    this.#hits.clear();
  }
}
