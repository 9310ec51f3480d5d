import { sleep as defaultSleep } from './sleep.js';
import type { RefreshItem, RefreshOptions, RefreshProgress, Settlement, Sleep } from './types.js';

export const REFRESH_DEFAULTS = {
  perHostConcurrency: 8,
  maxAttempts: 3,
  backoffMs: 500,
  maxRateLimitRetries: 5,
  defaultRateLimitPauseMs: 60_000,
  maxRateLimitPauseMs: 60_000,
  cancelGraceMs: 200,
  progressIntervalMs: 50,
} as const;

/** Options with every default filled in and every number checked. */
export interface RefreshConfig<I extends RefreshItem, R> {
  perHostConcurrency: number;
  maxAttempts: number;
  backoffMs: number;
  maxRateLimitRetries: number;
  defaultRateLimitPauseMs: number;
  maxRateLimitPauseMs: number;
  cancelGraceMs: number;
  progressIntervalMs: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: RefreshProgress) => void) | undefined;
  onSettled: ((settlement: Settlement<I, R>) => void) | undefined;
  now: () => number;
  sleep: Sleep;
  random: () => number;
}

type NumericOption = keyof typeof REFRESH_DEFAULTS;

/** The least each number may be: a run needs one slot and one attempt; waits may be zero. */
const MINIMUM: Record<NumericOption, number> = {
  perHostConcurrency: 1,
  maxAttempts: 1,
  backoffMs: 0,
  maxRateLimitRetries: 0,
  defaultRateLimitPauseMs: 0,
  maxRateLimitPauseMs: 0,
  cancelGraceMs: 0,
  progressIntervalMs: 0,
};

/** Fills in defaults; throws a RangeError for a number that cannot work (a caller's bug, not data). */
export function resolveOptions<I extends RefreshItem, R>(options: RefreshOptions<I, R>): RefreshConfig<I, R> {
  const numbers = { ...REFRESH_DEFAULTS } as Record<NumericOption, number>;
  for (const key of Object.keys(REFRESH_DEFAULTS) as NumericOption[]) {
    const value = options[key];
    if (value === undefined) continue;
    const integer = key === 'perHostConcurrency' || key === 'maxAttempts' || key === 'maxRateLimitRetries';
    if (!Number.isFinite(value) || value < MINIMUM[key] || (integer && !Number.isInteger(value))) {
      throw new RangeError(
        `refresh option ${key} must be ${integer ? 'an integer' : 'a number'} ≥ ${MINIMUM[key]}`,
      );
    }
    numbers[key] = value;
  }
  return {
    ...(numbers as { [K in NumericOption]: number }),
    signal: options.signal,
    onProgress: options.onProgress,
    onSettled: options.onSettled,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
  };
}
