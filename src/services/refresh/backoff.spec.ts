import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles per failure with equal jitter, capped at 10 s', () => {
    expect([1, 2, 3].map((n) => backoffDelay(n, 500, () => 0))).toEqual([250, 500, 1_000]);
    expect([1, 2, 3].map((n) => backoffDelay(n, 500, () => 0.999_999))).toEqual([500, 1_000, 2_000]);
    expect(backoffDelay(20, 500, () => 0.5)).toBe(7_500);
    expect(backoffDelay(1, 0, () => 0.5)).toBe(0);
  });
});
