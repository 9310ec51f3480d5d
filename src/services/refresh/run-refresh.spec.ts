import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { done, HOSTS, makeItems, progressLog, recordingCheck, transient } from './fixtures.js';
import { runRefresh } from './run-refresh.js';
import type { CheckOutcome, RefreshItem, Settlement } from './types.js';

const START = Date.parse('2026-05-01T12:00:00Z');

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Runs the fake clock until the run resolves and no timer is left. */
async function finish<T>(promise: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return promise;
}

describe('runRefresh', () => {
  it('checks every item once and hands each result back', async () => {
    const items = makeItems({ github: 5, gitlab: 3 });
    const { check, recorder } = recordingCheck((item) => done(`result of ${item.id}`));
    const settled: Settlement[] = [];
    const summary = await finish(runRefresh(items, check, { onSettled: (s) => settled.push(s) }));

    expect(summary).toMatchObject({
      total: 8,
      checked: 8,
      stale: [],
      rateLimited: [],
      cancelled: [],
      aborted: false,
    });
    expect(summary.byHost[HOSTS.github]).toMatchObject({
      forge: 'github',
      total: 5,
      checked: 5,
      pausedMs: 0,
    });
    expect(summary.byHost[HOSTS.gitlab]).toMatchObject({ forge: 'gitlab', total: 3, checked: 3 });
    expect(recorder.calls).toHaveLength(8);
    expect(settled.map((s) => s.item.id).sort()).toEqual(items.map((item) => item.id).sort());
    expect(settled[0]).toMatchObject({ outcome: 'done', attempts: 1 });
    expect(settled.find((s) => s.item.id === 'gitlab-2')).toMatchObject({ result: 'result of gitlab-2' });
  });

  it('never has more than perHostConcurrency checks in flight on a host, and uses them all', async () => {
    const items = makeItems({ github: 60, gitlab: 40, bitbucket: 3 });
    const latency = (item: RefreshItem) => 5 + ((Number(item.id.split('-')[1]) * 7) % 23);
    const { check, recorder } = recordingCheck(undefined, latency);
    await finish(runRefresh(items, check, { perHostConcurrency: 4 }));

    expect(recorder.maxInFlight.get(HOSTS.github)).toBe(4);
    expect(recorder.maxInFlight.get(HOSTS.gitlab)).toBe(4);
    expect(recorder.maxInFlight.get(HOSTS.bitbucket)).toBe(3);
  });

  it('runs hosts in parallel: a slow host does not delay another', async () => {
    const items = makeItems({ github: 20, gitlab: 20 });
    const { check, recorder } = recordingCheck(undefined, (item) => (item.forge === 'github' ? 1_000 : 10));
    const summary = await finish(runRefresh(items, check, { perHostConcurrency: 2 }));

    const gitlabEnd = Math.max(
      ...items.filter((i) => i.forge === 'gitlab').map((i) => recorder.endedAt.get(i.id) ?? 0),
    );
    expect(gitlabEnd - START).toBe(100); // ⌈20 / 2⌉ × 10 ms, as if GitHub were not there
    expect(summary.durationMs).toBe(10_000); // ⌈20 / 2⌉ × 1 s
  });

  it('retries a transient failure with growing backoff, then ends the item stale', async () => {
    const items = makeItems({ github: 1 });
    const { check, recorder } = recordingCheck(
      () => transient(),
      () => 10,
    );
    const settled: Settlement[] = [];
    const summary = await finish(
      runRefresh(items, check, {
        maxAttempts: 3,
        backoffMs: 100,
        random: () => 0,
        onSettled: (s) => settled.push(s),
      }),
    );

    // Equal jitter with random 0: half of 100, then half of 200.
    expect(recorder.calls.map((call) => call.at - START)).toEqual([0, 10 + 50, 60 + 10 + 100]);
    expect(summary).toMatchObject({ checked: 0, stale: ['github-0'] });
    expect(settled).toEqual([
      expect.objectContaining({
        outcome: 'stale',
        attempts: 3,
        error: expect.objectContaining({ code: 'forge_unreachable' }),
      }),
    ]);
  });

  it('keeps an item whose retry succeeds', async () => {
    const items = makeItems({ gitlab: 4 });
    const { check, recorder } = recordingCheck((item, attempt) =>
      item.id === 'gitlab-1' && attempt < 3 ? transient() : done(),
    );
    const summary = await finish(runRefresh(items, check, { maxAttempts: 3 }));

    expect(summary).toMatchObject({ checked: 4, stale: [] });
    expect(recorder.calls.filter((call) => call.id === 'gitlab-1')).toHaveLength(3);
  });

  it('treats a throwing check as transient and never keeps the exception text', async () => {
    const token = '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';
    const settled: Settlement[] = [];
    const check = async (): Promise<CheckOutcome> => {
      throw new Error(`request with Authorization: token ${token} failed`);
    };
    const summary = await finish(
      runRefresh(makeItems({ github: 2 }), check, { maxAttempts: 2, onSettled: (s) => settled.push(s) }),
    );

    expect([...summary.stale].sort()).toEqual(['github-0', 'github-1']);
    expect(settled[0]).toMatchObject({ outcome: 'stale', error: { code: 'forge_unreachable' } });
    expect(JSON.stringify({ summary, settled })).not.toContain(token);
    expect(JSON.stringify(settled)).not.toContain('Authorization');
  });

  it('treats a synchronous throw or a malformed answer as transient too', async () => {
    const items = makeItems({ bitbucket: 2 });
    const check = ((item: RefreshItem) => {
      if (item.id === 'bitbucket-0') throw new Error('sync');
      return Promise.resolve({ kind: 'valid?' });
    }) as unknown as (item: RefreshItem) => Promise<CheckOutcome>;
    const summary = await finish(runRefresh(items, check, { maxAttempts: 1 }));

    expect(summary.stale).toEqual(['bitbucket-0', 'bitbucket-1']);
  });

  it('survives an onSettled or onProgress that throws', async () => {
    const summary = await finish(
      runRefresh(makeItems({ github: 3 }), recordingCheck().check, {
        onSettled: () => {
          throw new Error('db down');
        },
        onProgress: () => {
          throw new Error('tty gone');
        },
      }),
    );
    expect(summary.checked).toBe(3);
  });

  it('leaves no timer behind', async () => {
    const { check } = recordingCheck((item, attempt) =>
      item.id.endsWith('-1') && attempt === 1 ? transient() : done(),
    );
    await finish(runRefresh(makeItems({ github: 30, gitlab: 30 }), check, { perHostConcurrency: 3 }));
    expect(vi.getTimerCount()).toBe(0);
  });

  it('resolves at once with a final event when there is nothing to do', async () => {
    const { events, onProgress } = progressLog();
    const summary = await runRefresh([], recordingCheck().check, { onProgress });

    expect(summary).toMatchObject({ total: 0, checked: 0, byHost: {} });
    expect(events.at(-1)).toMatchObject({ total: 0, done: 0, finished: true });
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    ['perHostConcurrency', 0],
    ['perHostConcurrency', 1.5],
    ['maxAttempts', 0],
    ['backoffMs', -1],
    ['progressIntervalMs', Number.NaN],
  ])('rejects %s = %s', async (option, value) => {
    await expect(
      runRefresh(makeItems({ github: 1 }), recordingCheck().check, { [option]: value }),
    ).rejects.toThrow(RangeError);
  });
});
