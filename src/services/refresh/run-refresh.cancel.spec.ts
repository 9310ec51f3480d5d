import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { done, makeItems, progressLog, rateLimited, recordingCheck, transient, wait } from './fixtures.js';
import { runRefresh } from './run-refresh.js';
import type { CheckOutcome, RefreshSummary, Settlement } from './types.js';

const START = Date.parse('2026-05-01T12:00:00Z');

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Advances the fake clock until `promise` settles, returning when (ms after START) it did. */
async function settleTime(
  promise: Promise<RefreshSummary>,
): Promise<{ summary: RefreshSummary; at: number }> {
  let at = -1;
  void promise.then(() => {
    at = Date.now() - START;
  });
  for (let i = 0; i < 10_000 && at < 0; i++) await vi.advanceTimersByTimeAsync(1);
  return { summary: await promise, at };
}

describe('runRefresh cancelled', () => {
  it('stops starting checks, aborts those in flight, resolves at once and lists the rest', async () => {
    const items = makeItems({ github: 100, gitlab: 100 });
    const { check, recorder } = recordingCheck(undefined, () => 100);
    const controller = new AbortController();
    const settled: Settlement[] = [];
    const promise = runRefresh(items, check, {
      perHostConcurrency: 5,
      signal: controller.signal,
      onSettled: (s) => settled.push(s),
    });
    await vi.advanceTimersByTimeAsync(250);
    const callsAtCancel = recorder.calls.length;
    controller.abort();
    const { summary, at } = await settleTime(promise);

    expect(at).toBeLessThanOrEqual(251); // in-flight checks honoured their signal
    expect(callsAtCancel).toBe(30); // 3 waves × 5 × 2 hosts
    await vi.runAllTimersAsync();
    expect(recorder.calls).toHaveLength(callsAtCancel);
    expect(summary.aborted).toBe(true);
    expect(summary.checked).toBe(20);
    expect(summary.cancelled).toHaveLength(180);
    expect(summary.stale).toEqual([]); // an aborted check is cancelled, not stale
    expect(
      new Set([...summary.cancelled, ...settled.filter((s) => s.outcome === 'done').map((s) => s.item.id)])
        .size,
    ).toBe(200);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps answers that arrive during the grace period, then ends without the late ones', async () => {
    const items = makeItems({ bitbucket: 4 });
    // Checks that ignore the signal: bitbucket-0 answers 50 ms after the cancel, the rest much later.
    const check = async (item: { id: string }): Promise<CheckOutcome> => {
      await wait(item.id === 'bitbucket-0' ? 150 : 5_000);
      return done();
    };
    const controller = new AbortController();
    const settled: Settlement[] = [];
    const promise = runRefresh(items, check, {
      perHostConcurrency: 4,
      cancelGraceMs: 200,
      signal: controller.signal,
      onSettled: (s) => settled.push(s),
    });
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    const { summary, at } = await settleTime(promise);

    expect(at).toBe(300);
    expect(summary.checked).toBe(1);
    expect([...summary.cancelled].sort()).toEqual(['bitbucket-1', 'bitbucket-2', 'bitbucket-3']);
    await vi.runAllTimersAsync(); // the late answers arrive and are ignored
    expect(settled).toHaveLength(4);
  });

  it('cancels promptly while a host is paused or an item is backing off', async () => {
    const items = makeItems({ github: 3, gitlab: 3 });
    const { check } = recordingCheck((item) =>
      item.forge === 'github' ? rateLimited(new Date(START + 50_000)) : transient(),
    );
    const controller = new AbortController();
    const promise = runRefresh(items, check, {
      signal: controller.signal,
      backoffMs: 10_000,
      maxRateLimitPauseMs: 120_000,
    });
    await vi.advanceTimersByTimeAsync(1_000);
    controller.abort();
    const { summary, at } = await settleTime(promise);

    expect(at).toBe(1_000);
    expect(summary.cancelled).toHaveLength(6);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('checks nothing when cancelled before it starts', async () => {
    const { check, recorder } = recordingCheck();
    const { events, onProgress } = progressLog();
    const summary = await runRefresh(makeItems({ github: 3 }), check, {
      signal: AbortSignal.abort(),
      onProgress,
    });

    expect(recorder.calls).toEqual([]);
    expect(summary).toMatchObject({
      checked: 0,
      cancelled: ['github-0', 'github-1', 'github-2'],
      aborted: true,
    });
    expect(events.at(-1)).toMatchObject({ done: 3, total: 3, finished: true });
  });

  it('ignores a cancel after the run ended', async () => {
    const controller = new AbortController();
    const promise = runRefresh(makeItems({ gitlab: 2 }), recordingCheck().check, {
      signal: controller.signal,
    });
    await vi.runAllTimersAsync();
    const summary = await promise;
    controller.abort();
    expect(summary).toMatchObject({ checked: 2, cancelled: [], aborted: false });
  });
});
