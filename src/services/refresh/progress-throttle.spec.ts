import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ProgressThrottle } from './progress-throttle.js';
import { sleep } from './sleep.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(0);
});
afterEach(() => {
  vi.useRealTimers();
});

function throttle() {
  const at: number[] = [];
  const t = new ProgressThrottle(50, Date.now, sleep, () => at.push(Date.now()));
  return { t, at };
}

describe('ProgressThrottle', () => {
  it('emits the first request at once and folds a burst into one trailing event', async () => {
    const { t, at } = throttle();
    t.request();
    for (let i = 0; i < 100; i++) t.request();
    expect(at).toEqual([0]);
    await vi.advanceTimersByTimeAsync(50);
    expect(at).toEqual([0, 50]);
    await vi.advanceTimersByTimeAsync(500);
    expect(at).toEqual([0, 50]);
  });

  it('emits forced events at once and drops the trailing one they cover', async () => {
    const { t, at } = throttle();
    t.request();
    await vi.advanceTimersByTimeAsync(10);
    t.request();
    t.force();
    expect(at).toEqual([0, 10]);
    await vi.advanceTimersByTimeAsync(100);
    expect(at).toEqual([0, 10]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('emits nothing after close and leaves no timer', async () => {
    const { t, at } = throttle();
    t.request();
    t.request();
    t.close();
    t.request();
    t.force();
    await vi.advanceTimersByTimeAsync(100);
    expect(at).toEqual([0]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
