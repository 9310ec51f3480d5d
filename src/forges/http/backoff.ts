/** Longest single backoff pause, whatever the attempt number. */
const MAX_BACKOFF_MS = 10_000;

/**
 * Exponential backoff with "equal jitter": half of `base·2^(retry-1)` fixed, half random, so
 * concurrent clients that failed together do not come back together (the shape of Octokit's
 * plugin-retry and AWS's backoff advice). `retry` counts from 1.
 */
export function backoffDelay(retry: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** A timer that ends early (resolving) when `signal` aborts; the caller checks `signal.aborted`. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
