/** Longest single backoff pause, whatever the attempt number. */
const MAX_BACKOFF_MS = 10_000;

/**
 * Exponential backoff with "equal jitter": half of `base·2^(failure-1)` fixed, half random, so the
 * items of a 5xx burst that failed together do not come back together. `failure` counts from 1.
 * (Same shape as the forge HTTP pipeline's; kept here so the engine depends on the domain only.)
 */
export function backoffDelay(failure: number, baseMs: number, random: () => number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, failure - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
