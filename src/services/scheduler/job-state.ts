import { z } from 'zod';
import type { FkError } from '../../domain/errors/error.js';
import { ok, type Result } from '../../domain/result.js';
import type { JobState, Lease, RunLock } from './types.js';

/**
 * A place that can read-modify-write one job's state atomically: no other `update` of the same job
 * runs between the read and the write, in this process or any other on the same database.
 * `change` is pure; it returns the new state (or null to leave it) and the answer.
 */
export interface JobStates {
  update<T>(
    job: string,
    change: (state: JobState | null) => { next: JobState | null; answer: T },
  ): Promise<Result<T, FkError>>;
}

export const jobStateSchema = z.object({
  nextRunAt: z.string(),
  holder: z.string().nullable(),
  leaseUntil: z.string().nullable(),
  lastRun: z
    .object({ startedAt: z.string(), finishedAt: z.string(), outcome: z.string(), holder: z.string() })
    .nullable(),
});

/** The claim rules, once, over any `JobStates` (in memory, or the store's settings). */
export function runLockOver(states: JobStates): RunLock {
  return {
    claim(job, holder, now, leaseMs, firstRunAt) {
      return states.update(job, (stored) => {
        const state = stored ?? freshState(firstRunAt);
        if (!isDue(state, now) || holdsLease(state, now))
          return { next: stored === null ? state : null, answer: null };
        const lease: Lease = {
          job,
          holder,
          startedAt: now.toISOString(),
          until: new Date(now.getTime() + leaseMs).toISOString(),
        };
        return { next: { ...state, holder, leaseUntil: lease.until }, answer: lease };
      });
    },
    async renew(lease, now, leaseMs) {
      const until = new Date(now.getTime() + leaseMs).toISOString();
      const renewed = await states.update(lease.job, (state) => {
        if (state === null || state.holder !== lease.holder) return { next: null, answer: false };
        return { next: { ...state, leaseUntil: until }, answer: true };
      });
      if (renewed.ok && renewed.value) lease.until = until;
      return renewed;
    },
    complete(lease, outcome, nextRunAt, now) {
      return states.update(lease.job, (state) => {
        // Lost meanwhile: the new holder's state is theirs to write.
        if (state === null || state.holder !== lease.holder) return { next: null, answer: false };
        const lastRun = {
          startedAt: lease.startedAt,
          finishedAt: now.toISOString(),
          outcome,
          holder: lease.holder,
        };
        return {
          next: { nextRunAt: nextRunAt.toISOString(), holder: null, leaseUntil: null, lastRun },
          answer: true,
        };
      });
    },
  };
}

function freshState(firstRunAt: Date): JobState {
  return { nextRunAt: firstRunAt.toISOString(), holder: null, leaseUntil: null, lastRun: null };
}

function isDue(state: JobState, now: Date): boolean {
  return Date.parse(state.nextRunAt) <= now.getTime();
}

function holdsLease(state: JobState, now: Date): boolean {
  return state.leaseUntil !== null && Date.parse(state.leaseUntil) > now.getTime();
}

/** Job states in this process only: for tests, and never for several processes (they would each run). */
export function memoryJobStates(): JobStates & { peek(job: string): JobState | null } {
  const states = new Map<string, JobState>();
  return {
    async update(job, change) {
      const { next, answer } = change(states.get(job) ?? null);
      if (next !== null) states.set(job, next);
      return ok(answer);
    },
    peek: (job) => states.get(job) ?? null,
  };
}
