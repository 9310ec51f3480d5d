import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSandbox } from '../../sandbox/testing/sandbox-fixture.js';
import { openStore, type Store } from '../../store/index.js';
import { requirePostgres, TEST_DATABASE_URL } from '../../store/testing/postgres-target.js';
import type { Vault } from '../vault/index.js';
import {
  makePostgresVaultTarget,
  makeSqliteVaultTarget,
  type VaultTarget,
} from '../vault/testing/vault-target.js';
import { createScheduler, type RefreshRunOutcome, refreshJob, storeRunLock } from './index.js';

const DAY_MS = 86_400_000;

describe('the daily refresh job', () => {
  const fixture = useSandbox();
  let target: VaultTarget;
  let vault: Vault;

  beforeAll(async () => {
    target = await makeSqliteVaultTarget();
    vault = await target.open();
  });
  afterAll(async () => {
    await vault?.close();
    await target?.dispose();
  });

  async function addToken(ownerId: string): Promise<void> {
    const created = await fixture.sandbox.control.createToken({
      forge: 'gitlab',
      kind: 'personal',
      login: `login-${ownerId}`,
      expiresAt: new Date(Date.now() + 90 * DAY_MS).toISOString(),
    });
    const added = await vault.add({
      ownerId,
      raw: created.token,
      apiUrl: fixture.sandbox.urls.gitlab.api,
      actor: 'test',
    });
    if (!added.ok) throw new Error(added.error.code);
  }

  function recordingJob() {
    const runs: { outcome: RefreshRunOutcome; total: number | null }[] = [];
    const job = refreshJob(vault, {
      onRun: (outcome, summary) => runs.push({ outcome, total: summary?.total ?? null }),
    });
    return { job, runs };
  }

  it('re-checks every owner’s tokens as the scheduler', async () => {
    await addToken('owner-a');
    await addToken('owner-b');
    const { job, runs } = recordingJob();
    expect(await job.run(new AbortController().signal)).toEqual({
      ok: true,
      outcome: 'completed',
      releaseNow: false,
    });
    expect(runs).toEqual([{ outcome: 'completed', total: 2 }]);
    const audit = await vault.audit('owner-a', { action: 'check' });
    expect(audit.ok && audit.value.items.map((event) => event.actor)).toEqual(['scheduler']);
  });

  it('reports partial when the forge could not be asked (tokens stale, never invalid)', async () => {
    await addToken('owner-c');
    await fixture.sandbox.control.addFault({ forge: 'gitlab', type: 'status', status: 503 });
    const { job, runs } = recordingJob();
    const outcome = await job.run(new AbortController().signal);
    expect(outcome).toMatchObject({ ok: true, outcome: 'partial' });
    expect(runs[0]?.outcome).toBe('partial');
    const listed = await vault.list('owner-c');
    expect(listed.ok && listed.value.map((token) => token.status)).toEqual(['stale']);
  });

  it('reports cancelled, to be released at once, when stopped', async () => {
    await addToken('owner-d');
    const { job } = recordingJob();
    const controller = new AbortController();
    controller.abort();
    expect(await job.run(controller.signal)).toEqual({ ok: false, outcome: 'cancelled', releaseNow: true });
  });
});

describe('two server processes on one PostgreSQL', () => {
  const fixture = useSandbox();
  let target: VaultTarget;
  const vaults: Vault[] = [];
  const stores: Store[] = [];

  beforeAll(async () => {
    await requirePostgres();
    target = await makePostgresVaultTarget();
    const schema = target.options().store?.schema;
    for (let i = 0; i < 2; i++) {
      vaults.push(await target.open());
      const store = await openStore({
        databaseUrl: TEST_DATABASE_URL,
        env: {},
        ...(schema ? { schema } : {}),
      });
      if (!store.ok) throw new Error(store.error.message);
      stores.push(store.value);
    }
  });
  afterAll(async () => {
    await Promise.all([...vaults, ...stores].map((part) => part.close()));
    await target?.dispose();
  });

  it('run the due refresh once: one run, one check per token', async () => {
    for (const owner of ['p1', 'p2', 'p3']) {
      const created = await fixture.sandbox.control.createToken({
        forge: 'github',
        kind: 'classic',
        login: owner,
      });
      const added = await vaults[0]!.add({
        ownerId: owner,
        raw: created.token,
        apiUrl: fixture.sandbox.urls.github.api,
        actor: 'test',
      });
      expect(added.ok).toBe(true);
    }
    const outcomes: RefreshRunOutcome[] = [];
    const schedulers = vaults.map((vault, i) =>
      createScheduler({
        lock: storeRunLock(stores[i]!),
        holder: `process-${i}`,
        jobs: [refreshJob(vault, { firstDelayMs: 0, onRun: (outcome) => outcomes.push(outcome) })],
      }),
    );
    await Promise.all(schedulers.flatMap((scheduler) => [scheduler.poll(), scheduler.poll()]));
    await Promise.all(schedulers.map((scheduler) => scheduler.idle()));
    await Promise.all(schedulers.map((scheduler) => scheduler.poll()));
    await Promise.all(schedulers.map((scheduler) => scheduler.idle()));
    expect(outcomes).toEqual(['completed']);
    for (const owner of ['p1', 'p2', 'p3']) {
      const checks = await vaults[1]!.audit(owner, { action: 'check' });
      expect(checks.ok && checks.value.items).toHaveLength(1);
    }
    await Promise.all(schedulers.map((scheduler) => scheduler.stop()));
  });
});
