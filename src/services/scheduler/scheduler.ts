import { hostname } from 'node:os';
import type { JobOutcome, Lease, RunLock, ScheduledJob, SchedulerEvent } from './types.js';

export interface SchedulerOptions {
  lock: RunLock;
  jobs: readonly ScheduledJob[];
  /** This process's name in the job state. Default: host, pid and a random suffix. */
  holder?: string;
  now?: () => Date;
  /** How often due jobs are looked for, with up to 10% jitter. Default 60 s. */
  pollMs?: number;
  /** The first look, after start. Default: a random moment within one poll interval. */
  firstPollMs?: number;
  /** How long a claim holds without renewal; renewed every third of it. Default 10 min. */
  leaseMs?: number;
  random?: () => number;
  onEvent?: (event: SchedulerEvent) => void;
}

export interface Scheduler {
  /** Starts polling. Idempotent. */
  start(): void;
  /** Looks for due jobs now and starts the ones this process claims (tests, and each poll). */
  poll(): Promise<void>;
  /** Resolves when the runs started so far have finished (tests). */
  idle(): Promise<void>;
  /**
   * Stops polling, aborts running jobs and waits up to `graceMs` for them to end (their leases are
   * released so another process can take the run over). Idempotent.
   */
  stop(graceMs?: number): Promise<void>;
}

const DEFAULT_RETRY_MS = 3_600_000;

/**
 * Runs each job when it is due, once across all processes sharing the `RunLock`'s database. Polling
 * (not one long timer) keeps it right across sleeps, clock changes and other processes' runs; the
 * lease keeps a crashed process from holding a run forever.
 */
export function createScheduler(options: SchedulerOptions): Scheduler {
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const pollMs = options.pollMs ?? 60_000;
  const leaseMs = options.leaseMs ?? 600_000;
  const holder = options.holder ?? `${hostname()}:${process.pid}:${random().toString(36).slice(2, 8)}`;
  const emit = (event: SchedulerEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A broken log sink must not stop the schedule.
    }
  };
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  const startedAt = now();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let polling: Promise<void> | null = null;

  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(() => {
      polling = poll().finally(() => {
        polling = null;
        schedule(pollMs * (1 + 0.1 * random()));
      });
    }, ms);
    // The server keeps the process alive; the scheduler alone must not.
    timer.unref();
  };

  async function poll(): Promise<void> {
    for (const job of options.jobs) {
      if (stopped || running.has(job.name)) continue;
      const firstRunAt = new Date(startedAt.getTime() + (job.firstDelayMs ?? 0));
      const claimed = await options.lock.claim(job.name, holder, now(), leaseMs, firstRunAt);
      if (!claimed.ok) {
        emit({ type: 'error', job: job.name, error: claimed.error });
        continue;
      }
      if (claimed.value !== null && !stopped) start(job, claimed.value);
    }
  }

  function start(job: ScheduledJob, lease: Lease): void {
    const controller = new AbortController();
    emit({ type: 'started', job: job.name });
    const renewal = setInterval(async () => {
      const renewed = await options.lock.renew(lease, now(), leaseMs);
      if (renewed.ok && !renewed.value) {
        emit({ type: 'lease_lost', job: job.name });
        controller.abort();
      }
    }, leaseMs / 3);
    renewal.unref();
    const done = execute(job, controller.signal)
      .then((outcome) => finish(job, lease, outcome))
      .finally(() => {
        clearInterval(renewal);
        running.delete(job.name);
      });
    running.set(job.name, { controller, done });
  }

  async function finish(job: ScheduledJob, lease: Lease, outcome: JobOutcome): Promise<void> {
    const end = now();
    const retryMs = Math.min(job.retryMs ?? DEFAULT_RETRY_MS, job.everyMs);
    const nextRunAt = outcome.releaseNow
      ? end
      : outcome.ok
        ? new Date(Date.parse(lease.startedAt) + job.everyMs + random() * (job.jitterMs ?? 0))
        : new Date(end.getTime() + retryMs);
    const completed = await options.lock.complete(lease, outcome.outcome, nextRunAt, end);
    if (!completed.ok) emit({ type: 'error', job: job.name, error: completed.error });
    else if (!completed.value) emit({ type: 'lease_lost', job: job.name });
    emit({
      type: 'finished',
      job: job.name,
      outcome: outcome.outcome,
      ok: outcome.ok,
      durationMs: end.getTime() - Date.parse(lease.startedAt),
      nextRunAt: nextRunAt.toISOString(),
    });
  }

  async function execute(job: ScheduledJob, signal: AbortSignal): Promise<JobOutcome> {
    try {
      return await job.run(signal);
    } catch (error) {
      // Only the type: a job's error message is not known to be free of anything sensitive.
      const message = error instanceof Error ? error.name : typeof error;
      emit({ type: 'error', job: job.name, error: { code: 'job_threw', message } });
      return { ok: false, outcome: 'failed' };
    }
  }

  return {
    start() {
      if (timer !== null || stopped) return;
      schedule(options.firstPollMs ?? pollMs * random());
    },
    poll,
    async idle() {
      await Promise.all([...running.values()].map((run) => run.done));
    },
    async stop(graceMs = 5_000) {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      await polling;
      for (const run of running.values()) run.controller.abort();
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...running.values()].map((run) => run.done)),
        new Promise((resolve) => {
          grace = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(grace);
    },
  };
}
