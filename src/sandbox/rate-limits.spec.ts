import { describe, expect, it } from 'vitest';
import { FixedWindowLimiter, RollingWindowLimiter } from './rate-limits.js';

describe('FixedWindowLimiter', () => {
  it('anchored at the first request: reset an hour after it, refused requests not counted', () => {
    const limiter = new FixedWindowLimiter(3_600_000, 'first-request');
    expect(limiter.consume('u', 2, 1_000).state).toEqual({
      limit: 2,
      used: 1,
      remaining: 1,
      resetMs: 3_601_000,
    });
    expect(limiter.consume('u', 2, 2_000).allowed).toBe(true);
    const refused = limiter.consume('u', 2, 3_000);
    expect(refused).toEqual({
      allowed: false,
      state: { limit: 2, used: 2, remaining: 0, resetMs: 3_601_000 },
    });
    expect(limiter.consume('u', 2, 3_601_000).state.used).toBe(1);
  });

  it('aligned to the epoch, counting refused requests (Rack::Attack)', () => {
    const limiter = new FixedWindowLimiter(60_000, 'epoch');
    limiter.consume('u', 1, 61_000, true);
    const refused = limiter.consume('u', 1, 62_000, true);
    expect(refused).toEqual({ allowed: false, state: { limit: 1, used: 2, remaining: 0, resetMs: 120_000 } });
    expect(limiter.consume('u', 1, 120_000, true).allowed).toBe(true);
  });

  it('peek does not spend', () => {
    const limiter = new FixedWindowLimiter(1_000, 'first-request');
    expect(limiter.peek('u', 5, 0).remaining).toBe(5);
    limiter.consume('u', 5, 0);
    expect(limiter.peek('u', 5, 10).remaining).toBe(4);
  });
});

describe('RollingWindowLimiter', () => {
  it('counts the hits of the last period', () => {
    const limiter = new RollingWindowLimiter(1_000);
    expect(limiter.consume('u', 2, 0).allowed).toBe(true);
    expect(limiter.consume('u', 2, 500).allowed).toBe(true);
    expect(limiter.consume('u', 2, 900)).toEqual({
      allowed: false,
      state: { limit: 2, used: 2, remaining: 0, resetMs: 1_000 },
    });
    expect(limiter.consume('u', 2, 1_000).allowed).toBe(true);
    expect(limiter.consume('u', 2, 1_100).allowed).toBe(false);
    expect(limiter.consume('u', 2, 1_500).allowed).toBe(true);
  });

  it('stays bounded over long runs', () => {
    const limiter = new RollingWindowLimiter(100);
    let refused = 0;
    for (let t = 0; t < 50_000; t++) if (!limiter.consume('u', 1_000, t).allowed) refused++;
    expect(refused).toBe(0);
  });
});
