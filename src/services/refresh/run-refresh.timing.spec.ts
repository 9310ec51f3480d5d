import { describe, expect, it } from 'vitest';
import { makeItems, recordingCheck } from './fixtures.js';
import { runRefresh } from './run-refresh.js';

/*
 * Real timers. The benchmark (bench/) measures the real ratio against the ideal; here the bound is
 * loose (2× ideal) so a loaded 2-core CI machine does not make the suite flaky.
 */

const timeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('runRefresh timing (real clock)', () => {
  it('runs 600 items over 3 hosts close to ⌈200 / 10⌉ × 20 ms', async () => {
    const items = makeItems({ github: 200, gitlab: 200, bitbucket: 200 });
    const { check, recorder } = recordingCheck(undefined, () => 20);
    const before = timeouts();
    const started = performance.now();
    const summary = await runRefresh(items, check, { perHostConcurrency: 10, onProgress: () => {} });
    const elapsed = performance.now() - started;

    const ideal = Math.ceil(200 / 10) * 20;
    expect(summary.checked).toBe(600);
    expect(recorder.calls).toHaveLength(600);
    expect(elapsed).toBeGreaterThanOrEqual(ideal * 0.95);
    expect(elapsed).toBeLessThan(ideal * 2);
    expect(timeouts()).toBeLessThanOrEqual(before); // no timer left behind
  });

  it('resolves a cancel well under a second with real timers, leaving no timer', async () => {
    const controller = new AbortController();
    const { check } = recordingCheck(undefined, () => 5_000);
    const before = timeouts();
    const promise = runRefresh(makeItems({ github: 50, gitlab: 50 }), check, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const started = performance.now();
    const summary = await promise;

    expect(performance.now() - started).toBeLessThan(500);
    expect(summary.cancelled).toHaveLength(100);
    expect(timeouts()).toBeLessThanOrEqual(before);
  });
});
