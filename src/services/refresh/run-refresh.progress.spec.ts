import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { done, HOSTS, makeItems, progressLog, recordingCheck, transient } from './fixtures.js';
import { runRefresh } from './run-refresh.js';
import type { RefreshProgress } from './types.js';

const START = Date.parse('2026-05-01T12:00:00Z');

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

async function finish<T>(promise: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return promise;
}

function sum(event: RefreshProgress, key: 'total' | 'done'): number {
  return Object.values(event.byHost).reduce((total, host) => total + host[key], 0);
}

describe('runRefresh progress', () => {
  it('keeps totals consistent, never goes backwards, and ends with done === total', async () => {
    const items = makeItems({ github: 40, gitlab: 25, bitbucket: 7 });
    const { check } = recordingCheck(
      (item, attempt) => (item.id.endsWith('3') && attempt < 3 ? transient() : done()),
      (item) => 3 + (item.id.length % 5),
    );
    const { events, onProgress } = progressLog();
    const summary = await finish(
      runRefresh(items, check, { perHostConcurrency: 3, backoffMs: 10, onProgress }),
    );

    expect(events.length).toBeGreaterThan(2);
    expect(events[0]).toMatchObject({ total: 72, done: 0, finished: false });
    let previous = -1;
    for (const event of events) {
      expect(event.total).toBe(72);
      expect(sum(event, 'total')).toBe(72);
      expect(sum(event, 'done')).toBe(event.done);
      for (const host of Object.values(event.byHost)) {
        expect(host.checked + host.stale + host.rateLimited + host.cancelled).toBe(host.done);
        expect(host.inFlight).toBeLessThanOrEqual(3);
      }
      expect(event.done).toBeGreaterThanOrEqual(previous);
      previous = event.done;
    }
    const last = events.at(-1)!;
    expect(last).toMatchObject({ done: 72, total: 72, finished: true });
    expect(events.filter((event) => event.finished)).toHaveLength(1);
    expect(last.byHost[HOSTS.bitbucket]).toMatchObject({
      forge: 'bitbucket',
      total: 7,
      done: 7,
      inFlight: 0,
    });
    expect(last.last?.outcome).toBe('done');
    expect(summary.checked).toBe(72);
  });

  it('throttles completion events to about one per interval, with a trailing one', async () => {
    // 2,000 items, 10 at a time, 1 ms each: 2,000 completions over 200 ms.
    const { check } = recordingCheck(undefined, () => 1);
    const { events, onProgress } = progressLog();
    await finish(
      runRefresh(makeItems({ gitlab: 2_000 }), check, {
        perHostConcurrency: 10,
        progressIntervalMs: 50,
        onProgress,
      }),
    );

    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events.length).toBeLessThanOrEqual(8); // start, ~4 in 200 ms, final
    const times: number[] = [];
    const { events: timed, onProgress: record } = progressLog();
    await finish(
      runRefresh(makeItems({ gitlab: 500 }), check, {
        perHostConcurrency: 5,
        progressIntervalMs: 50,
        onProgress: (p) => {
          times.push(Date.now());
          record(p);
        },
      }),
    );
    const gaps = times.slice(1, -1).map((t, i) => t - (times[i] ?? 0));
    expect(gaps.every((gap) => gap >= 50)).toBe(true);
    expect(timed.at(-1)?.finished).toBe(true);
  });

  it('sends a held-back event once the interval passes, even when nothing else happens', async () => {
    // Two completions 10 ms apart, then a long backoff: the second must not wait for the end.
    const { check } = recordingCheck((item, attempt) =>
      item.id === 'github-2' && attempt === 1 ? transient() : done(),
    );
    const { events, onProgress } = progressLog();
    const promise = runRefresh(makeItems({ github: 3 }), check, {
      perHostConcurrency: 1,
      backoffMs: 10_000,
      random: () => 0,
      onProgress,
    });
    await vi.advanceTimersByTimeAsync(100);
    expect(events.at(-1)?.done).toBe(2);
    await finish(promise);
    expect(events.at(-1)).toMatchObject({ done: 3, finished: true });
  });
});
