import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import { makePostgresTarget, requirePostgres } from '../../store/testing/postgres-target.js';
import { createScheduler, storeRunLock } from './index.js';
import type { ScheduledJob } from './types.js';

const DAY = 86_400_000;

/**
 * Store handles on one database for two "processes". PostgreSQL: a pool each, as two server
 * processes have. SQLite: one handle shared — the way the lock is meant to run there (through the
 * vault's own connection): two better-sqlite3 connections in one process deadlock, since a second
 * connection's BEGIN IMMEDIATE blocks the thread the first transaction needs to finish.
 */
interface TwoProcesses {
  open(): Promise<Store>;
  dispose(): Promise<void>;
}

async function sqliteDatabase(): Promise<TwoProcesses> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fk-scheduler-'));
  let shared: Store | null = null;
  return {
    async open() {
      if (shared !== null) return shared;
      const store = await openStore({ dataDir, env: {} });
      if (!store.ok) throw new Error(store.error.message);
      shared = store.value;
      return shared;
    },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresDatabase(): Promise<TwoProcesses> {
  const target = await makePostgresTarget();
  return { open: () => target.open(), dispose: () => target.dispose() };
}

describe.each([
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
] as const)('the store run lock on %s', (name, makeDatabase) => {
  const opened: Store[] = [];
  let database: TwoProcesses | undefined;

  beforeAll(async () => {
    if (name === 'PostgreSQL') await requirePostgres();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((store) => store.close()));
    await database?.dispose();
  });

  async function twoStores(): Promise<[Store, Store]> {
    database = await makeDatabase();
    const a = await database.open();
    const b = await database.open();
    opened.push(a, b);
    return [a, b];
  }

  it('lets exactly one of many concurrent claims win', async () => {
    const stores = await twoStores();
    const locks = stores.map(storeRunLock);
    const now = new Date();
    const claims = await Promise.all(
      Array.from({ length: 16 }, (_, i) => locks[i % 2]!.claim('race', `p${i}`, now, 60_000, now)),
    );
    const winners = claims.filter((claim) => claim.ok && claim.value !== null);
    expect(claims.every((claim) => claim.ok)).toBe(true);
    expect(winners).toHaveLength(1);
  });

  it('runs a due job once with two schedulers polling at the same time, then once per interval', async () => {
    const stores = await twoStores();
    let ms = Date.now();
    const now = () => new Date(ms);
    let runs = 0;
    const job: ScheduledJob = {
      name: 'daily',
      everyMs: DAY,
      async run() {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
        return { ok: true, outcome: 'completed' };
      },
    };
    const schedulers = stores.map((store, i) =>
      createScheduler({ lock: storeRunLock(store), jobs: [job], now, holder: `process-${i}` }),
    );
    const pollAll = async () => {
      await Promise.all(schedulers.flatMap((scheduler) => [scheduler.poll(), scheduler.poll()]));
      await Promise.all(schedulers.map((scheduler) => scheduler.idle()));
    };
    await pollAll();
    await pollAll();
    expect(runs).toBe(1);
    ms += DAY + 1;
    await pollAll();
    expect(runs).toBe(2);
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
  });

  it('keeps the schedule across restarts (a new process sees the last run)', async () => {
    const [first] = await twoStores();
    const now = new Date();
    const lock = storeRunLock(first);
    const lease = await lock.claim('kept', 'p1', now, 60_000, now);
    if (!lease.ok || lease.value === null) throw new Error('not claimed');
    await lock.complete(lease.value, 'completed', new Date(now.getTime() + DAY), now);
    const restarted = await database!.open();
    opened.push(restarted);
    const again = await storeRunLock(restarted).claim(
      'kept',
      'p2',
      new Date(now.getTime() + 1_000),
      60_000,
      now,
    );
    expect(again).toEqual({ ok: true, value: null });
  });
});
