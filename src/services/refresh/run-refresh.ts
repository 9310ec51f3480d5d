import { setMaxListeners } from 'node:events';
import { fkError } from '../../domain/errors/error.js';
import { backoffDelay } from './backoff.js';
import { CHECK_FAILED, normalizeOutcome } from './check-outcome.js';
import { type Entry, groupByHost, type HostQueue } from './host-queue.js';
import { type RefreshConfig, resolveOptions } from './options.js';
import { ProgressThrottle } from './progress-throttle.js';
import type {
  CheckOutcome,
  ItemOutcome,
  RefreshCheck,
  RefreshItem,
  RefreshOptions,
  RefreshProgress,
  RefreshSummary,
  Settlement,
} from './types.js';

/*
 * Refresh All: re-check many items against many forge hosts.
 *
 * Each host gets its own queue and `perHostConcurrency` workers; a worker takes one item at a time
 * and stays with it until it ends (retries included), so a host never has more checks in flight than
 * it has workers, and hosts never wait for each other. A transient failure keeps its worker through
 * the backoff, which makes a failing host be asked less often rather than more. A rate limit pauses
 * the host's workers (in-flight checks finish) until the forge's `retryAt`, within a per-host pause
 * budget; past the budget the host's remaining items end `rate_limited`. Nothing here ever calls a
 * token invalid: `stale` and `rate_limited` mean "not known now".
 */

/**
 * Runs `check` over `items`, per-host bounded, and resolves once every item has ended (or, after a
 * cancel, once in-flight checks finished or `cancelGraceMs` passed). Never rejects for a failing
 * check; rejects only for invalid options (RangeError).
 */
export async function runRefresh<I extends RefreshItem, R = unknown>(
  items: readonly I[],
  check: RefreshCheck<I, R>,
  options: RefreshOptions<I, R> = {},
): Promise<RefreshSummary> {
  return new RefreshRun(items, check, resolveOptions(options)).start();
}

class RefreshRun<I extends RefreshItem, R> {
  readonly #hosts: Map<string, HostQueue<I>>;
  /** Aborted on cancel: the signal every check gets. */
  readonly #stop = new AbortController();
  /** Aborted on cancel and at the end: ends backoff waits. */
  readonly #timers = new AbortController();
  /** Aborted at the end: ends the cancel grace period when the last check returns in time. */
  readonly #grace = new AbortController();
  readonly #throttle: ProgressThrottle;
  readonly #startedAt: number;
  readonly #stale: string[] = [];
  readonly #rateLimited: string[] = [];
  readonly #cancelled: string[] = [];
  #settled = 0;
  #checked = 0;
  #last: RefreshProgress['last'];
  #cancelling = false;
  #finished = false;
  #resolve: (summary: RefreshSummary) => void = () => {};

  constructor(
    private readonly items: readonly I[],
    private readonly check: RefreshCheck<I, R>,
    private readonly config: RefreshConfig<I, R>,
  ) {
    this.#hosts = groupByHost(items);
    this.#startedAt = config.now();
    this.#throttle = new ProgressThrottle(config.progressIntervalMs, config.now, config.sleep, () =>
      this.#emit(false),
    );
  }

  start(): Promise<RefreshSummary> {
    const done = new Promise<RefreshSummary>((resolve) => {
      this.#resolve = resolve;
    });
    this.#throttle.force();
    if (this.config.signal?.aborted) this.#cancel();
    if (this.#settled === this.items.length) {
      this.#finish();
      return done;
    }
    this.config.signal?.addEventListener('abort', this.#onAbort, { once: true });
    // Every in-flight check listens on the shared stop signal — as many times as it has requests in
    // flight (a GitLab check asks two endpoints at once), which only the check knows — and every
    // backoff on the timer signal. Listeners come and go with the checks, bounded by the workers
    // times requests per check: expected, not a leak, so Node's leak warning is turned off (0).
    setMaxListeners(0, this.#stop.signal, this.#timers.signal);
    for (const host of this.#hosts.values()) {
      for (let i = Math.min(this.config.perHostConcurrency, host.total); i > 0; i--) void this.#work(host);
    }
    return done;
  }

  readonly #onAbort = (): void => {
    this.#cancel();
    if (this.#settled < this.items.length) void this.#graceThenFinish();
  };

  async #work(host: HostQueue<I>): Promise<void> {
    for (let entry = host.next(); entry && !this.#finished; entry = host.next()) {
      await this.#process(host, entry);
    }
  }

  /** Takes one item from its first attempt to its end. */
  async #process(host: HostQueue<I>, entry: Entry<I>): Promise<void> {
    const { item } = entry;
    for (;;) {
      while (host.paused) await host.resumed;
      if (entry.settled || this.#finished) return;
      if (this.#cancelling) return this.#settleCancelled(host, entry);
      if (host.gaveUp) return this.#settleRateLimited(host, entry);

      const outcome = await this.#attempt(host, entry);
      if (entry.settled || this.#finished) return; // the run already ended without this late answer
      const { attempts } = entry;
      if (outcome.kind === 'done') {
        return this.#settle(host, entry, { item, outcome: 'done', result: outcome.result, attempts });
      }
      // A cancelled run or a given-up host ends the item at the top of the loop, not as a failure.
      if (this.#cancelling || host.gaveUp) continue;
      if (outcome.kind === 'transient') {
        entry.failures++;
        if (entry.failures >= this.config.maxAttempts) {
          return this.#settle(host, entry, { item, outcome: 'stale', error: outcome.error, attempts });
        }
        const delay = backoffDelay(entry.failures, this.config.backoffMs, this.config.random);
        await this.config.sleep(delay, this.#timers.signal);
        continue;
      }
      entry.rateLimitHits++;
      host.lastRateLimitError = outcome.error;
      if (entry.rateLimitHits > this.config.maxRateLimitRetries) return this.#settleRateLimited(host, entry);
      this.#pause(host, outcome.retryAt);
    }
  }

  async #attempt(host: HostQueue<I>, entry: Entry<I>): Promise<CheckOutcome<R>> {
    entry.attempts++;
    host.inFlight++;
    try {
      return normalizeOutcome(await this.check(entry.item, this.#stop.signal));
    } catch {
      return { kind: 'transient', error: CHECK_FAILED };
    } finally {
      host.inFlight--;
    }
  }

  /**
   * Pauses `host` until `retryAt` (never shorter than one backoff step, to be polite to a forge that
   * keeps answering 429 with a past reset), or gives the host up when its pause budget would be
   * exceeded. A later `retryAt` from another in-flight item extends the current pause.
   */
  #pause(host: HostQueue<I>, retryAt: Date | null): void {
    const now = this.config.now();
    const wanted = retryAt ? retryAt.getTime() : now + this.config.defaultRateLimitPauseMs;
    const until = Math.max(wanted, now + this.config.backoffMs);
    const extension = Math.max(0, until - (host.paused ? host.resumeAt : now));
    if (host.pausedMs + extension > this.config.maxRateLimitPauseMs) {
      this.#giveUp(host);
      return;
    }
    host.pausedMs += extension;
    host.resumeAt = Math.max(host.resumeAt, until);
    if (host.paused) return;
    host.paused = true;
    host.wake = new AbortController();
    host.resumed = this.#waitOut(host, host.wake.signal);
    this.#throttle.force();
  }

  /** Sleeps until `resumeAt`, then on by however much later pauses extended it (no clock re-reads). */
  async #waitOut(host: HostQueue<I>, wake: AbortSignal): Promise<void> {
    let until = host.resumeAt;
    await this.config.sleep(until - this.config.now(), wake);
    while (!wake.aborted && host.resumeAt > until) {
      const more = host.resumeAt - until;
      until = host.resumeAt;
      await this.config.sleep(more, wake);
    }
    host.paused = false;
    if (!this.#finished) this.#throttle.force();
  }

  /** The host's rate limit outlasts the budget: end what is queued now, wake the waiting workers. */
  #giveUp(host: HostQueue<I>): void {
    host.gaveUp = true;
    host.wake.abort();
    for (let entry = host.next(); entry; entry = host.next()) this.#settleRateLimited(host, entry);
    this.#throttle.force();
  }

  #cancel(): void {
    if (this.#cancelling) return;
    this.#cancelling = true;
    this.#stop.abort();
    this.#timers.abort();
    for (const host of this.#hosts.values()) {
      host.wake.abort();
      for (let entry = host.next(); entry; entry = host.next()) this.#settleCancelled(host, entry);
    }
    this.#throttle.force();
  }

  /** In-flight checks get `cancelGraceMs` to honour their aborted signal; then the run ends without them. */
  async #graceThenFinish(): Promise<void> {
    await this.config.sleep(this.config.cancelGraceMs, this.#grace.signal);
    if (!this.#finished) this.#finish();
  }

  #settleCancelled(host: HostQueue<I>, entry: Entry<I>): void {
    this.#settle(host, entry, { item: entry.item, outcome: 'cancelled', attempts: entry.attempts });
  }

  #settleRateLimited(host: HostQueue<I>, entry: Entry<I>): void {
    const error = host.lastRateLimitError ?? fkError('rate_limited');
    this.#settle(host, entry, { item: entry.item, outcome: 'rate_limited', error, attempts: entry.attempts });
  }

  #settle(host: HostQueue<I>, entry: Entry<I>, settlement: Settlement<I, R>): void {
    if (entry.settled) return;
    entry.settled = true;
    this.#settled++;
    host.count(settlement.outcome);
    this.#record(entry.item.id, settlement.outcome);
    try {
      this.config.onSettled?.(settlement);
    } catch {
      // A caller's bookkeeping error must not stall the run; see RefreshOptions.onSettled.
    }
    if (this.#finished) return;
    if (this.#settled === this.items.length) this.#finish();
    else this.#throttle.request();
  }

  #record(id: string, outcome: ItemOutcome): void {
    this.#last = { id, outcome };
    if (outcome === 'done') this.#checked++;
    else if (outcome === 'stale') this.#stale.push(id);
    else if (outcome === 'rate_limited') this.#rateLimited.push(id);
    else this.#cancelled.push(id);
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    // Only after a cancel's grace period can items still be open: the checks that ignored the signal.
    for (const host of this.#hosts.values()) {
      for (const entry of host.entries) {
        if (!entry.settled) this.#settleCancelled(host, entry);
      }
      host.wake.abort();
    }
    this.#timers.abort();
    this.#grace.abort();
    this.#stop.abort();
    this.config.signal?.removeEventListener('abort', this.#onAbort);
    this.#throttle.close();
    this.#emit(true);
    this.#resolve(this.#summary());
  }

  #emit(finished: boolean): void {
    const onProgress = this.config.onProgress;
    if (!onProgress) return;
    const byHost: RefreshProgress['byHost'] = {};
    for (const [key, host] of this.#hosts) byHost[key] = host.progress();
    const progress: RefreshProgress = { total: this.items.length, done: this.#settled, byHost, finished };
    if (this.#last) progress.last = this.#last;
    try {
      onProgress(progress);
    } catch {
      // A broken progress display must not break the run.
    }
  }

  #summary(): RefreshSummary {
    const byHost: RefreshSummary['byHost'] = {};
    for (const [key, host] of this.#hosts) byHost[key] = host.summary();
    return {
      total: this.items.length,
      checked: this.#checked,
      stale: this.#stale,
      rateLimited: this.#rateLimited,
      cancelled: this.#cancelled,
      aborted: this.config.signal?.aborted === true,
      durationMs: this.config.now() - this.#startedAt,
      byHost,
    };
  }
}
