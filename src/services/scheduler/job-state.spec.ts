import { describe, expect, it } from 'vitest';
import type { Result } from '../../domain/result.js';
import { memoryJobStates, runLockOver } from './job-state.js';

const T0 = new Date('2026-06-01T03:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE = 60_000;

function value<T>(result: Result<T, unknown>): T {
  if (!result.ok) throw new Error('expected ok');
  return result.value;
}

describe('run lock rules', () => {
  it('keeps a never-run job until its first run time, then lets one holder claim it', async () => {
    const states = memoryJobStates();
    const lock = runLockOver(states);
    expect(value(await lock.claim('job', 'a', T0, LEASE, at(1_000)))).toBeNull();
    // The first run time is stored: a restart does not push it back.
    expect(states.peek('job')?.nextRunAt).toBe(at(1_000).toISOString());
    expect(value(await lock.claim('job', 'b', at(500), LEASE, at(5_000)))).toBeNull();

    const lease = value(await lock.claim('job', 'a', at(1_000), LEASE, at(5_000)));
    expect(lease).toMatchObject({ job: 'job', holder: 'a', until: at(1_000 + LEASE).toISOString() });
    expect(value(await lock.claim('job', 'b', at(2_000), LEASE, at(5_000)))).toBeNull();
  });

  it('sets the next run and releases on completion; only then is the job due again', async () => {
    const states = memoryJobStates();
    const lock = runLockOver(states);
    const lease = value(await lock.claim('job', 'a', T0, LEASE, T0));
    if (lease === null) throw new Error('not claimed');
    expect(value(await lock.complete(lease, 'completed', at(86_400_000), at(10_000)))).toBe(true);
    expect(states.peek('job')).toMatchObject({
      holder: null,
      leaseUntil: null,
      nextRunAt: at(86_400_000).toISOString(),
      lastRun: { outcome: 'completed', holder: 'a', startedAt: T0.toISOString() },
    });
    expect(value(await lock.claim('job', 'b', at(20_000), LEASE, T0))).toBeNull();
    expect(value(await lock.claim('job', 'b', at(86_400_000), LEASE, T0))).toMatchObject({ holder: 'b' });
  });

  it('lets another holder take over a run whose lease ran out, and the old holder learns it lost', async () => {
    const lock = runLockOver(memoryJobStates());
    const first = value(await lock.claim('job', 'a', T0, LEASE, T0));
    if (first === null) throw new Error('not claimed');
    expect(value(await lock.renew(first, at(30_000), LEASE))).toBe(true);
    expect(first.until).toBe(at(90_000).toISOString());
    expect(value(await lock.claim('job', 'b', at(80_000), LEASE, T0))).toBeNull();

    const second = value(await lock.claim('job', 'b', at(90_001), LEASE, T0));
    expect(second).toMatchObject({ holder: 'b' });
    expect(value(await lock.renew(first, at(90_002), LEASE))).toBe(false);
    expect(value(await lock.complete(first, 'completed', at(1e9), at(90_003)))).toBe(false);
  });

  it('keeps jobs apart', async () => {
    const lock = runLockOver(memoryJobStates());
    expect(value(await lock.claim('one', 'a', T0, LEASE, T0))).not.toBeNull();
    expect(value(await lock.claim('two', 'b', T0, LEASE, T0))).not.toBeNull();
  });
});
