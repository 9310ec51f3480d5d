import type { FkError } from '../../domain/errors/error.js';
import type { ForgeId } from '../../domain/forge.js';

/** One thing to re-check. The engine only reads these three fields; callers may add their own. */
export interface RefreshItem {
  /** Stable id, reported back in the summary lists. */
  id: string;
  /**
   * Queue key: items with the same host share one queue, one concurrency bound and one rate-limit
   * pause. The vault uses `${forge} ${apiUrl}`, so two GitLab instances never hold each other back.
   */
  host: string;
  forge: ForgeId;
}

/**
 * What one check of one item said.
 * - `done`: the forge answered about the token — valid, or a definitive failure such as
 *   `bad_credentials`. `result` is the caller's, handed back in `onSettled`.
 * - `transient`: the forge could not be asked (5xx, timeout, reset): retried with backoff, then
 *   `stale`. Never a verdict on the token.
 * - `rate_limited`: the forge said "later": the item's host pauses until `retryAt` (or a default pause
 *   when the forge gave no time), then the item is tried again.
 */
export type CheckOutcome<R = unknown> =
  | { kind: 'done'; result: R }
  | { kind: 'transient'; error: FkError }
  | { kind: 'rate_limited'; error: FkError; retryAt: Date | null };

/**
 * Checks one item. `signal` aborts when the run is cancelled: pass it on to the forge call so the
 * run can resolve promptly. A check that throws counts as `transient`; its exception text is never
 * kept (it could carry a token).
 */
export type RefreshCheck<I extends RefreshItem = RefreshItem, R = unknown> = (
  item: I,
  signal: AbortSignal,
) => Promise<CheckOutcome<R>>;

/** How an item ended. Every item ends exactly once, in exactly one of these. */
export type ItemOutcome = 'done' | 'stale' | 'rate_limited' | 'cancelled';

/**
 * The end of one item, for callers that persist as they go. `attempts` counts calls of `check`.
 * `rate_limited.error` is the forge's last rate-limit error on that host (the item may never have
 * been tried when its host gave up).
 */
export type Settlement<I extends RefreshItem = RefreshItem, R = unknown> =
  | { item: I; outcome: 'done'; result: R; attempts: number }
  | { item: I; outcome: 'stale'; error: FkError; attempts: number }
  | { item: I; outcome: 'rate_limited'; error: FkError; attempts: number }
  | { item: I; outcome: 'cancelled'; attempts: number };

/** Where one host's queue stands. `done` counts every finished item, whatever its outcome. */
export interface HostProgress {
  forge: ForgeId;
  total: number;
  done: number;
  /** Of `done`: how many the forge answered (outcome `done`). */
  checked: number;
  stale: number;
  rateLimited: number;
  cancelled: number;
  inFlight: number;
  /** Waiting out a rate limit. */
  paused: boolean;
  /** ISO 8601, when a paused queue resumes; null when not paused. */
  resumesAt: string | null;
  /** The rate limit outlasted `maxRateLimitPauseMs`: the rest of this queue ended `rate_limited`. */
  gaveUp: boolean;
}

/** A progress event: emitted at start, on completions (throttled), on pause/resume and at the end. */
export interface RefreshProgress {
  total: number;
  /** Finished items, whatever their outcome; `done === total` in the final event. */
  done: number;
  byHost: Record<string, HostProgress>;
  /** The most recent item to finish, when one has. */
  last?: { id: string; outcome: ItemOutcome };
  /** True only in the final event. */
  finished: boolean;
}

export interface HostSummary {
  forge: ForgeId;
  total: number;
  checked: number;
  stale: number;
  rateLimited: number;
  cancelled: number;
  /** Pause time granted to this host's rate limits (a cancel may have cut the last one short). */
  pausedMs: number;
  gaveUp: boolean;
}

/**
 * What a run did. `total === checked + stale.length + rateLimited.length + cancelled.length`.
 * Items in `stale` and `rateLimited` keep their last known status (the vault marks them stale);
 * nothing here ever means "invalid".
 */
export interface RefreshSummary {
  total: number;
  /** Items the forge answered about (outcome `done`). */
  checked: number;
  /** Ids whose checks kept failing transiently after `maxAttempts`. */
  stale: string[];
  rateLimited: string[];
  cancelled: string[];
  /** True when the caller's signal aborted the run. */
  aborted: boolean;
  durationMs: number;
  byHost: Record<string, HostSummary>;
}

/** An abortable wait: resolves (never rejects) after `ms`, or at once when `signal` aborts. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export interface RefreshOptions<I extends RefreshItem = RefreshItem, R = unknown> {
  /** Checks in flight per host, at most. Default 8. */
  perHostConcurrency?: number;
  /** Calls of `check` per item while it fails transiently, before it ends `stale`. Default 3. */
  maxAttempts?: number;
  /** Base of the exponential, jittered backoff between transient retries. Default 500 ms. */
  backoffMs?: number;
  /** Times one item may be re-queued after a rate limit before it ends `rate_limited`. Default 5. */
  maxRateLimitRetries?: number;
  /** Pause when the forge rate-limits without saying until when. Default 60 s (GitHub's advice). */
  defaultRateLimitPauseMs?: number;
  /**
   * Total time one host may spend paused on rate limits in a run. A pause that would go beyond it
   * ends the host's remaining items as `rate_limited` instead of waiting. Default 60 s.
   */
  maxRateLimitPauseMs?: number;
  /** Cancels the run: no new checks start, in-flight ones see their signal abort. */
  signal?: AbortSignal;
  /** After a cancel, how long in-flight checks may take to finish before the run resolves anyway. Default 200 ms. */
  cancelGraceMs?: number;
  /** Least time between two completion events (pause, resume and the final event are never held back). Default 50 ms. */
  progressIntervalMs?: number;
  onProgress?: (progress: RefreshProgress) => void;
  /** Called once per item as it ends. Must not throw; an exception is dropped so a run cannot stall. */
  onSettled?: (settlement: Settlement<I, R>) => void;
  /** Wall clock in ms (compared with a forge's `retryAt`). Default `Date.now`. */
  now?: () => number;
  /** Waits (backoff, pauses, progress throttling). Must resolve when its signal aborts and never reject. */
  sleep?: Sleep;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: () => number;
}
