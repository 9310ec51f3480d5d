import { describe, expect, it } from 'vitest';
import { memoryJobStates, runLockOver } from './job-state.js';
import { createScheduler } from './scheduler.js';
import type { JobOutcome, RunLock, ScheduledJob, SchedulerEvent } from './types.js';

const DAY = 86_400_000;

function clock(start = Date.parse('2026-06-01T03:00:00Z')) {
  let ms = start;
  return {
    now: () => new Date(ms),
    advance(by: number) {
      ms += by;
    },
  };
}

function countingJob(
  overrides: Partial<ScheduledJob> = {},
  outcome: JobOutcome = { ok: true, outcome: 'completed' },
) {
  const job = {
    runs: 0,
    name: 'count',
    everyMs: DAY,
    async run() {
      job.runs += 1;
      return outcome;
    },
    ...overrides,
  };
  return job;
}

describe('scheduler', () => {
  it('runs a due job once per interval, with the next run measured from the start', async () => {
    const time = clock();
    const states = memoryJobStates();
    const job = countingJob();
    const events: SchedulerEvent[] = [];
    const scheduler = createScheduler({
      lock: runLockOver(states),
      jobs: [job],
      now: time.now,
      random: () => 0,
      onEvent: (event) => events.push(event),
    });
    await scheduler.poll();
    await scheduler.idle();
    expect(job.runs).toBe(1);
    time.advance(DAY - 1);
    await scheduler.poll();
    await scheduler.idle();
    expect(job.runs).toBe(1);
    time.advance(1);
    await scheduler.poll();
    await scheduler.idle();
    expect(job.runs).toBe(2);
    expect(events.map((event) => event.type)).toEqual(['started', 'finished', 'started', 'finished']);
    await scheduler.stop();
  });

  it('waits firstDelayMs after the first start before a never-run job is due, and adds jitter', async () => {
    const time = clock();
    const states = memoryJobStates();
    const job = countingJob({ firstDelayMs: 60_000, jitterMs: 1_000 });
    const scheduler = createScheduler({
      lock: runLockOver(states),
      jobs: [job],
      now: time.now,
      random: () => 0.5,
    });
    await scheduler.poll();
    expect(job.runs).toBe(0);
    time.advance(60_000);
    await scheduler.poll();
    await scheduler.idle();
    expect(job.runs).toBe(1);
    expect(states.peek('count')?.nextRunAt).toBe(new Date(time.now().getTime() + DAY + 500).toISOString());
    await scheduler.stop();
  });

  it('retries a failed run after retryMs, not a day later', async () => {
    const time = clock();
    const states = memoryJobStates();
    const job = countingJob({ retryMs: 600_000 }, { ok: false, outcome: 'failed' });
    const scheduler = createScheduler({ lock: runLockOver(states), jobs: [job], now: time.now });
    await scheduler.poll();
    await scheduler.idle();
    expect(states.peek('count')).toMatchObject({
      nextRunAt: new Date(time.now().getTime() + 600_000).toISOString(),
      lastRun: { outcome: 'failed' },
    });
    await scheduler.stop();
  });

  it('treats a job that throws as failed and keeps going', async () => {
    const events: SchedulerEvent[] = [];
    const job: ScheduledJob = {
      name: 'boom',
      everyMs: DAY,
      run: async () => {
        throw new Error('secret detail');
      },
    };
    const states = memoryJobStates();
    const scheduler = createScheduler({
      lock: runLockOver(states),
      jobs: [job],
      onEvent: (e) => events.push(e),
    });
    await scheduler.poll();
    await scheduler.idle();
    expect(events).toContainEqual({
      type: 'error',
      job: 'boom',
      error: { code: 'job_threw', message: 'Error' },
    });
    expect(states.peek('boom')?.lastRun?.outcome).toBe('failed');
    await scheduler.stop();
  });

  it('on stop, aborts a running job and releases it to run again at once', async () => {
    const states = memoryJobStates();
    let aborted = false;
    const job: ScheduledJob = {
      name: 'long',
      everyMs: DAY,
      run: (signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve({ ok: false, outcome: 'cancelled', releaseNow: true });
          });
        }),
    };
    const time = clock();
    const scheduler = createScheduler({ lock: runLockOver(states), jobs: [job], now: time.now });
    await scheduler.poll();
    await scheduler.stop(1_000);
    expect(aborted).toBe(true);
    expect(states.peek('long')).toMatchObject({
      holder: null,
      nextRunAt: time.now().toISOString(),
      lastRun: { outcome: 'cancelled' },
    });
  });

  it('aborts its run when the lease is lost to another process', async () => {
    const inner = runLockOver(memoryJobStates());
    const lock: RunLock = { ...inner, renew: async () => ({ ok: true, value: false }) };
    const events: SchedulerEvent[] = [];
    const job: ScheduledJob = {
      name: 'held',
      everyMs: DAY,
      run: (signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () =>
            resolve({ ok: false, outcome: 'cancelled', releaseNow: true }),
          );
        }),
    };
    const scheduler = createScheduler({ lock, jobs: [job], leaseMs: 30, onEvent: (e) => events.push(e) });
    await scheduler.poll();
    await scheduler.idle();
    expect(events.map((event) => event.type)).toContain('lease_lost');
    await scheduler.stop();
  });

  it('polls on its own once started, and stops polling when stopped', async () => {
    const job = countingJob();
    const scheduler = createScheduler({
      lock: runLockOver(memoryJobStates()),
      jobs: [job],
      pollMs: 20,
      firstPollMs: 0,
    });
    scheduler.start();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await scheduler.stop();
    expect(job.runs).toBe(1);
  });
});
