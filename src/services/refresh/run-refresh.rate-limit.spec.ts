import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { done, HOSTS, makeItems, progressLog, rateLimited, recordingCheck } from './fixtures.js';
import { runRefresh } from './run-refresh.js';
import type { Settlement } from './types.js';

const START = Date.parse('2026-05-01T12:00:00Z');
const at = (ms: number) => new Date(START + ms);

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

describe('runRefresh under rate limits', () => {
  it('pauses only the rate-limited host, lets its in-flight checks finish, and resumes at retryAt', async () => {
    const items = makeItems({ github: 10, gitlab: 10 });
    const { check, recorder } = recordingCheck(
      (item, attempt) => (item.id === 'github-0' && attempt === 1 ? rateLimited(at(5_000)) : done()),
      (item) => (item.id === 'github-1' ? 30 : 10),
    );
    const { events, onProgress } = progressLog();
    const summary = await finish(runRefresh(items, check, { perHostConcurrency: 2, onProgress }));

    expect(summary).toMatchObject({ checked: 20, rateLimited: [], stale: [] });
    const github = recorder.calls.filter((call) => call.host === HOSTS.github).map((call) => call.at - START);
    // github-0 and github-1 start together; github-0 is rate-limited at 10 ms, github-1 (in flight)
    // still finishes at 30 ms; nothing else starts on GitHub until 5 s, when github-0 goes first.
    expect(github.slice(0, 2)).toEqual([0, 0]);
    expect(github.slice(2).every((t) => t >= 5_000)).toBe(true);
    expect(recorder.endedAt.get('github-1')! - START).toBe(30);
    expect(recorder.calls.find((call) => call.id === 'github-0' && call.at - START === 5_000)).toBeDefined();
    // GitLab never noticed: ⌈10 / 2⌉ × 10 ms.
    const gitlabEnd = Math.max(
      ...[...recorder.endedAt].filter(([id]) => id.startsWith('gitlab')).map(([, t]) => t),
    );
    expect(gitlabEnd - START).toBe(50);
    expect(summary.byHost[HOSTS.github]?.pausedMs).toBe(4_990);

    const paused = events.find((event) => event.byHost[HOSTS.github]?.paused);
    expect(paused?.byHost[HOSTS.github]).toMatchObject({ paused: true, resumesAt: at(5_000).toISOString() });
    expect(paused?.byHost[HOSTS.gitlab]?.paused).toBe(false);
    const resumed = events.findIndex(
      (event, i) => i > events.indexOf(paused!) && !event.byHost[HOSTS.github]?.paused,
    );
    expect(resumed).toBeGreaterThan(0);
  });

  it('waits the default pause when the forge does not say until when', async () => {
    const { check, recorder } = recordingCheck((item, attempt) =>
      item.id === 'gitlab-0' && attempt === 1 ? rateLimited(null) : done(),
    );
    await finish(
      runRefresh(makeItems({ gitlab: 3 }), check, { perHostConcurrency: 1, defaultRateLimitPauseMs: 2_000 }),
    );

    expect(recorder.calls.map((call) => [call.id, call.at - START])).toEqual([
      ['gitlab-0', 0],
      ['gitlab-0', 2_010],
      ['gitlab-1', 2_020],
      ['gitlab-2', 2_030],
    ]);
  });

  it('extends a pause when an in-flight check brings a later retryAt', async () => {
    const { check, recorder } = recordingCheck(
      (item, attempt) => {
        if (attempt > 1) return done();
        if (item.id === 'github-0') return rateLimited(at(1_000));
        if (item.id === 'github-1') return rateLimited(at(3_000));
        return done();
      },
      (item) => (item.id === 'github-1' ? 20 : 10),
    );
    const summary = await finish(runRefresh(makeItems({ github: 4 }), check, { perHostConcurrency: 2 }));

    expect(recorder.calls.slice(2).every((call) => call.at - START >= 3_000)).toBe(true);
    expect(summary.checked).toBe(4);
  });

  it('gives up on a host whose rate limit outlasts the budget, leaving other hosts alone', async () => {
    const items = makeItems({ github: 50, bitbucket: 5 });
    const { check, recorder } = recordingCheck((item) =>
      item.forge === 'github' ? rateLimited(at(2 * 3_600_000)) : done(),
    );
    const settled: Settlement[] = [];
    const promise = runRefresh(items, check, {
      perHostConcurrency: 5,
      maxRateLimitPauseMs: 60_000,
      onSettled: (s) => settled.push(s),
    });
    await vi.advanceTimersByTimeAsync(100);
    const summary = await promise;

    expect(summary.rateLimited).toHaveLength(50);
    expect(summary.checked).toBe(5);
    expect(summary.byHost[HOSTS.github]).toMatchObject({ gaveUp: true, rateLimited: 50, pausedMs: 0 });
    expect(recorder.calls.filter((call) => call.host === HOSTS.github)).toHaveLength(5); // only the first wave
    const ended = settled.find((s) => s.item.id === 'github-40');
    expect(ended).toMatchObject({ outcome: 'rate_limited', attempts: 0, error: { code: 'rate_limited' } });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('gives up once the pauses of a host add up past the budget', async () => {
    let next = 0;
    const { check } = recordingCheck(() => {
      next += 400;
      return rateLimited(new Date(Date.now() + 400));
    });
    const summary = await finish(
      runRefresh(makeItems({ gitlab: 20 }), check, {
        perHostConcurrency: 1,
        maxRateLimitPauseMs: 1_000,
        maxRateLimitRetries: 100,
        backoffMs: 100, // the least pause is one backoff step; keep it below the forge's 400 ms
      }),
    );
    expect(summary.byHost[HOSTS.gitlab]).toMatchObject({ gaveUp: true, pausedMs: 800, rateLimited: 20 });
    expect(next).toBe(1_200);
  });

  it('bounds how often one item is re-queued after a rate limit', async () => {
    const { check, recorder } = recordingCheck((item) =>
      item.id === 'github-0' ? rateLimited(new Date(Date.now() + 100)) : done(),
    );
    const summary = await finish(
      runRefresh(makeItems({ github: 3 }), check, { perHostConcurrency: 1, maxRateLimitRetries: 2 }),
    );

    expect(recorder.calls.filter((call) => call.id === 'github-0')).toHaveLength(3);
    expect(summary).toMatchObject({ checked: 2, rateLimited: ['github-0'] });
    expect(summary.byHost[HOSTS.github]?.gaveUp).toBe(false);
  });
  it('pauses at least one backoff step when the forge names a time already past', async () => {
    const { check, recorder } = recordingCheck((item, attempt) =>
      attempt === 1 && item.id === 'github-0' ? rateLimited(at(-60_000)) : done(),
    );
    await finish(runRefresh(makeItems({ github: 2 }), check, { perHostConcurrency: 1, backoffMs: 300 }));

    expect(recorder.calls.map((call) => call.at - START)).toEqual([0, 310, 320]);
  });

  it('waits on an injected clock and sleep, and does not spin on a frozen clock', async () => {
    vi.useRealTimers();
    const slept: number[] = [];
    const { check } = recordingCheck(
      (_item, attempt) => (attempt === 1 ? rateLimited(new Date(1_000 + 7_000)) : done()),
      () => 0,
    );
    const summary = await runRefresh(makeItems({ gitlab: 1 }), check, {
      now: () => 1_000, // frozen: the engine must not spin waiting for it to move
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(summary).toMatchObject({ checked: 1, durationMs: 0 });
    expect(slept).toContain(7_000);
  });
});
