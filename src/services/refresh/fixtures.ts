import { fkError } from '../../domain/errors/error.js';
import type { ForgeId } from '../../domain/forge.js';
import type { CheckOutcome, RefreshItem, RefreshProgress } from './types.js';

/* Test factories for the refresh engine. Checks wait on `setTimeout`, so they run under fake timers. */

export const HOSTS = {
  github: 'github https://api.github.com',
  gitlab: 'gitlab https://gitlab.com/api/v4',
  bitbucket: 'bitbucket https://api.bitbucket.org/2.0',
} as const satisfies Record<ForgeId, string>;

/** `count` items per forge, ids like `github-7`, on that forge's public host. */
export function makeItems(counts: Partial<Record<ForgeId, number>>): RefreshItem[] {
  const items: RefreshItem[] = [];
  for (const [forge, count] of Object.entries(counts) as [ForgeId, number][]) {
    for (let i = 0; i < count; i++) items.push({ id: `${forge}-${i}`, host: HOSTS[forge], forge });
  }
  return items;
}

export const done = (result: unknown = 'ok'): CheckOutcome => ({ kind: 'done', result });
export const transient = (): CheckOutcome => ({ kind: 'transient', error: fkError('forge_unreachable') });
export const rateLimited = (retryAt: Date | null): CheckOutcome => ({
  kind: 'rate_limited',
  error: fkError('rate_limited', { details: { retryAt: retryAt?.toISOString() ?? null } }),
  retryAt,
});

/** Resolves after `ms`, or at once when `signal` aborts (as an aborted `fetch` would end). */
export function wait(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface Recorder {
  /** Every call, in order, with the clock at its start. */
  calls: { id: string; host: string; at: number }[];
  /** Highest number of checks in flight at once, per host. */
  maxInFlight: Map<string, number>;
  /** Clock when each id's last check ended. */
  endedAt: Map<string, number>;
}

/**
 * An instrumented check: takes `latency(item)` ms (honouring the abort signal) and answers
 * `answer(item, attempt)` (attempt counts from 1), recording calls and concurrency.
 */
export function recordingCheck(
  answer: (item: RefreshItem, attempt: number) => CheckOutcome = () => done(),
  latency: (item: RefreshItem) => number = () => 10,
): { check: (item: RefreshItem, signal: AbortSignal) => Promise<CheckOutcome>; recorder: Recorder } {
  const recorder: Recorder = { calls: [], maxInFlight: new Map(), endedAt: new Map() };
  const inFlight = new Map<string, number>();
  const attempts = new Map<string, number>();
  const check = async (item: RefreshItem, signal: AbortSignal): Promise<CheckOutcome> => {
    recorder.calls.push({ id: item.id, host: item.host, at: Date.now() });
    const attempt = (attempts.get(item.id) ?? 0) + 1;
    attempts.set(item.id, attempt);
    const now = (inFlight.get(item.host) ?? 0) + 1;
    inFlight.set(item.host, now);
    recorder.maxInFlight.set(item.host, Math.max(now, recorder.maxInFlight.get(item.host) ?? 0));
    try {
      const finished = await wait(latency(item), signal);
      return finished ? answer(item, attempt) : transient();
    } finally {
      inFlight.set(item.host, (inFlight.get(item.host) ?? 1) - 1);
      recorder.endedAt.set(item.id, Date.now());
    }
  };
  return { check, recorder };
}

/** Collects progress events. */
export function progressLog(): { events: RefreshProgress[]; onProgress: (p: RefreshProgress) => void } {
  const events: RefreshProgress[] = [];
  return { events, onProgress: (progress) => events.push(progress) };
}
