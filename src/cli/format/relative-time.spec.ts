import { describe, expect, it } from 'vitest';
import { ago, countdown, utcTime } from './relative-time.js';

const now = new Date('2026-06-01T12:00:00Z');
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();
const HOUR = 3_600_000;

describe('relative times', () => {
  it('counts down to an expiry in days, hours or minutes, and back once it has passed', () => {
    expect(countdown(at(12 * 24 * HOUR + HOUR), now)).toBe('in 12 d');
    expect(countdown(at(5 * HOUR + 10), now)).toBe('in 5 h');
    expect(countdown(at(90_000), now)).toBe('in 1 min');
    expect(countdown(at(-3 * 24 * HOUR), now)).toBe('expired 3 d ago');
    expect(countdown(null, now)).toBe('never');
  });

  it('says how long ago', () => {
    expect(ago(at(-10_000), now)).toBe('just now');
    expect(ago(at(-2 * HOUR), now)).toBe('2 h ago');
    expect(ago(null, now)).toBe('never');
    expect(utcTime('2026-06-01T12:03:04.567Z')).toBe('2026-06-01 12:03:04Z');
  });
});
