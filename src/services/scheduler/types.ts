import type { FkError } from '../../domain/errors/error.js';
import type { Result } from '../../domain/result.js';

/** The durable state of one scheduled job, shared by every process on the database. */
export interface JobState {
  /** ISO 8601; the run is due from then on. */
  nextRunAt: string;
  /** Who runs it now and until when their claim holds; null when nobody does. */
  holder: string | null;
  leaseUntil: string | null;
  lastRun: { startedAt: string; finishedAt: string; outcome: string; holder: string } | null;
}

/** A claim on one run of a job, held until `until` unless renewed. */
export interface Lease {
  job: string;
  holder: string;
  startedAt: string;
  until: string;
}

type R<T> = Promise<Result<T, FkError>>;

/**
 * Makes each due run of a job execute once across every process that shares one database. A run is
 * claimed with a lease (a process that dies mid-run loses its claim when the lease runs out, and
 * another process takes the run over); the holder renews the lease while it works and, when done,
 * sets the next run and releases it.
 */
export interface RunLock {
  /** Claims `job` when it is due and nobody holds a live lease on it; null when not claimed. */
  claim(job: string, holder: string, now: Date, leaseMs: number, firstRunAt: Date): R<Lease | null>;
  /** Extends the lease; false when it was lost (it ran out and another process took the run). */
  renew(lease: Lease, now: Date, leaseMs: number): R<boolean>;
  /** Records the run's outcome, sets when the next run is due and releases the lease. */
  complete(lease: Lease, outcome: string, nextRunAt: Date, now: Date): R<boolean>;
}

/** What a job's run reports: `ok: false` schedules a retry sooner than the next regular run. */
export interface JobOutcome {
  ok: boolean;
  /** A short word for logs and state: completed, partial, failed, cancelled… */
  outcome: string;
  /** Run again at once rather than after `retryMs` (the run was interrupted, not broken). */
  releaseNow?: boolean;
}

export interface ScheduledJob {
  /** Unique, stable: the key of the job's state in the database. `[a-z0-9_.-]` only. */
  name: string;
  /** Time from one run's start to the next. */
  everyMs: number;
  /** Up to this much is added at random to each next run, so processes and instances spread out. */
  jitterMs?: number;
  /** After a failed run, the next try comes this soon. Default: an hour (capped at `everyMs`). */
  retryMs?: number;
  /** When the job has never run: due this long after the first process starts. Default 0. */
  firstDelayMs?: number;
  /** The work. `signal` aborts on shutdown and when the lease is lost. */
  run(signal: AbortSignal): Promise<JobOutcome>;
}

export type SchedulerEvent =
  | { type: 'started'; job: string }
  | { type: 'finished'; job: string; outcome: string; ok: boolean; durationMs: number; nextRunAt: string }
  | { type: 'lease_lost'; job: string }
  | { type: 'error'; job: string; error: FkError | { code: 'job_threw'; message: string } };
