import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { done, HOSTS, progressLog, rateLimited, transient, wait } from './fixtures.js';
import { runRefresh } from './run-refresh.js';
import type { CheckOutcome, ItemOutcome, RefreshItem, Settlement } from './types.js';

const START = Date.parse('2026-05-01T12:00:00Z');

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(START);
});
afterEach(() => {
  vi.useRealTimers();
});

/** What one call of the check does: answer after `latency`, or throw, possibly ignoring a cancel. */
const answerArb = fc.record({
  kind: fc.constantFrom('done', 'transient', 'rate_limited', 'rate_limited_no_time', 'throw'),
  latency: fc.integer({ min: 0, max: 40 }),
  retryInMs: fc.integer({ min: -100, max: 3_000 }),
  ignoresSignal: fc.boolean(),
});

const scenarioArb = fc.record({
  hosts: fc.array(fc.constantFrom(...(Object.keys(HOSTS) as (keyof typeof HOSTS)[])), {
    minLength: 1,
    maxLength: 40,
  }),
  /** Answers per item, call after call; the last one repeats. */
  scripts: fc.array(fc.array(answerArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 40 }),
  perHostConcurrency: fc.integer({ min: 1, max: 4 }),
  maxAttempts: fc.integer({ min: 1, max: 3 }),
  maxRateLimitRetries: fc.integer({ min: 0, max: 3 }),
  maxRateLimitPauseMs: fc.constantFrom(0, 1_000, 5_000),
  cancelAtMs: fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: null }),
  cancelGraceMs: fc.constantFrom(0, 15, 200),
});

describe('runRefresh (property)', () => {
  it('ends every item exactly once, in exactly one outcome, within the per-host bound', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        vi.setSystemTime(START);
        const items: RefreshItem[] = scenario.hosts.map((forge, i) => ({
          id: `item-${i}`,
          host: HOSTS[forge],
          forge,
        }));
        const calls = new Map<string, number>();
        const inFlight = new Map<string, number>();
        let overLimit = false;
        let callsAfterCancel = 0;
        const controller = new AbortController();

        const check = async (item: RefreshItem, signal: AbortSignal): Promise<CheckOutcome> => {
          if (signal.aborted) callsAfterCancel++;
          const call = calls.get(item.id) ?? 0;
          calls.set(item.id, call + 1);
          const script = scenario.scripts[Number(item.id.slice(5)) % scenario.scripts.length]!;
          const answer = script[Math.min(call, script.length - 1)]!;
          inFlight.set(item.host, (inFlight.get(item.host) ?? 0) + 1);
          if ((inFlight.get(item.host) ?? 0) > scenario.perHostConcurrency) overLimit = true;
          try {
            const finished = await wait(answer.latency, answer.ignoresSignal ? undefined : signal);
            if (!finished) return transient();
            if (answer.kind === 'throw') throw new Error('boom');
            if (answer.kind === 'done') return done(item.id);
            if (answer.kind === 'transient') return transient();
            return rateLimited(
              answer.kind === 'rate_limited' ? new Date(Date.now() + answer.retryInMs) : null,
            );
          } finally {
            inFlight.set(item.host, (inFlight.get(item.host) ?? 1) - 1);
          }
        };

        const settled: Settlement[] = [];
        const { events, onProgress } = progressLog();
        if (scenario.cancelAtMs !== null) setTimeout(() => controller.abort(), scenario.cancelAtMs);
        const promise = runRefresh(items, check, {
          perHostConcurrency: scenario.perHostConcurrency,
          maxAttempts: scenario.maxAttempts,
          maxRateLimitRetries: scenario.maxRateLimitRetries,
          maxRateLimitPauseMs: scenario.maxRateLimitPauseMs,
          defaultRateLimitPauseMs: 500,
          backoffMs: 20,
          cancelGraceMs: scenario.cancelGraceMs,
          signal: controller.signal,
          onSettled: (s) => settled.push(s),
          onProgress,
        });
        await vi.runAllTimersAsync();
        const summary = await promise;
        const settledAtEnd = settled.length;
        await vi.runAllTimersAsync(); // checks that ignored the cancel answer late, and are ignored
        expect(settled).toHaveLength(settledAtEnd);

        // Exactly once, in exactly one list.
        const byOutcome: Record<ItemOutcome, string[]> = {
          done: settled.filter((s) => s.outcome === 'done').map((s) => s.item.id),
          stale: summary.stale,
          rate_limited: summary.rateLimited,
          cancelled: summary.cancelled,
        };
        const all = Object.values(byOutcome).flat();
        expect(all.sort()).toEqual(items.map((item) => item.id).sort());
        expect(settled).toHaveLength(items.length);
        expect(summary.checked).toBe(byOutcome.done.length);
        for (const s of settled) expect(byOutcome[s.outcome]).toContain(s.item.id);

        // Within the bounds.
        expect(overLimit).toBe(false);
        expect(callsAfterCancel).toBe(0);
        for (const s of settled) {
          expect(s.attempts).toBeLessThanOrEqual(scenario.maxAttempts + scenario.maxRateLimitRetries);
        }
        for (const host of Object.values(summary.byHost)) {
          expect(host.pausedMs).toBeLessThanOrEqual(scenario.maxRateLimitPauseMs);
        }
        if (scenario.cancelAtMs === null) expect(summary.cancelled).toEqual([]);

        // Progress ends complete, and nothing is left running.
        expect(events.at(-1)).toMatchObject({ done: items.length, total: items.length, finished: true });
        expect(vi.getTimerCount()).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
