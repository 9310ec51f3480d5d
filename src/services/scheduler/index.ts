/**
 * Scheduled jobs (the daily Refresh All) that run once across every process sharing one database:
 * a `RunLock` over the store's settings (`storeRunLock`), or in memory for tests (`memoryRunLock`).
 */
import type { Store } from '../../store/index.js';
import { memoryJobStates, runLockOver } from './job-state.js';
import { storeJobStates } from './store-job-states.js';
import type { RunLock } from './types.js';

export { type JobStates, memoryJobStates, runLockOver } from './job-state.js';
export {
  REFRESH_JOB,
  type RefreshJobOptions,
  type RefreshRunOutcome,
  refreshJob,
  SCHEDULER_ACTOR,
} from './refresh-job.js';
export { createScheduler, type Scheduler, type SchedulerOptions } from './scheduler.js';
export { storeJobStates } from './store-job-states.js';
export type { JobOutcome, JobState, Lease, RunLock, ScheduledJob, SchedulerEvent } from './types.js';

/** The lock for `serve`: durable, shared by every process on the store's database. */
export function storeRunLock(store: Pick<Store, 'transaction'>): RunLock {
  return runLockOver(storeJobStates(store));
}

/** One process only (tests). */
export function memoryRunLock(): RunLock {
  return runLockOver(memoryJobStates());
}
