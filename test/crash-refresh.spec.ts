import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVaultStatus } from '../src/domain/vault-status.js';
import { type RunningSandbox, startSandbox } from '../src/sandbox/index.js';
import {
  expectEveryTokenOpens,
  rawStore,
  type Seeded,
  seedTokens,
  unwrapOk,
} from '../src/services/keys/testing/rotation-fixture.js';
import { openVault } from '../src/services/vault/index.js';
import { LOCAL_OWNER_ID, type TokenRecord } from '../src/store/index.js';
import { kill, randomMs, sleep, startCli } from './support/crash.js';

const TOKENS = 300;
/** Per forge request: with 8 checks in flight per host, a full Refresh All takes about 2.5 s. */
const LATENCY_MS = 60;

let sandbox: RunningSandbox;
let dataDir: string;
let seeded: Seeded[];

beforeAll(async () => {
  sandbox = await startSandbox();
  dataDir = mkdtempSync(join(tmpdir(), 'fk-crash-refresh-'));
  const vault = unwrapOk(await openVault({ dataDir, env: {} }));
  try {
    // The CLI acts as the local owner: `tokens refresh` checks its tokens.
    seeded = await seedTokens(vault, sandbox, TOKENS, { ownerId: LOCAL_OWNER_ID, concurrency: 16 });
  } finally {
    await vault.close();
  }
  await sandbox.control.setConfig({ latencyMs: LATENCY_MS });
});

afterAll(async () => {
  await sandbox?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function records(): Promise<TokenRecord[]> {
  const store = await rawStore({ dataDir });
  try {
    return unwrapOk(await store.tokens.list(LOCAL_OWNER_ID));
  } finally {
    await store.close();
  }
}

/**
 * After a kill: the same 300 records, each whole — a status the vault knows, and the facts a
 * completed check writes in the same statement — and each token opens in a freshly opened vault.
 */
async function expectIntact(): Promise<TokenRecord[]> {
  const all = await records();
  expect(all).toHaveLength(TOKENS);
  expect(new Set(all.map((record) => record.fingerprint)).size).toBe(TOKENS);
  for (const record of all) {
    expect(isVaultStatus(record.status), `${record.label}: ${record.status}`).toBe(true);
    // Every seeded token is valid at the sandbox: no check may have left another verdict.
    expect(record.status, record.label ?? record.id).toBe('active');
    expect(record.account?.login).toMatch(/^t-user-/);
    expect(record.scopes).toEqual(['repo']);
    expect(record.lastCheckedAt).not.toBeNull();
  }
  const vault = unwrapOk(await openVault({ dataDir, env: {} }));
  try {
    expect(await expectEveryTokenOpens(vault, seeded)).toBe(TOKENS);
  } finally {
    await vault.close();
  }
  return all;
}

/** Resolves once the sandbox has served `count` more forge requests (or the child ended). */
async function requestsServed(count: number, ended: Promise<unknown>): Promise<void> {
  const total = async () => (await sandbox.control.requests({ limit: 1 })).total;
  const target = (await total()) + count;
  let over = false;
  void ended.then(() => {
    over = true;
  });
  while (!over && (await total()) < target) await sleep(15);
}

const checkedSince = (all: TokenRecord[], since: string) =>
  all.filter((record) => record.lastCheckedAt !== null && record.lastCheckedAt > since).length;

describe('crash: SIGKILL during `forgekeeper tokens refresh` (Refresh All)', () => {
  it('keeps every record whole and every token openable, and a later refresh completes', async () => {
    const seen: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const startedAt = new Date().toISOString();
      const run = startCli(['tokens', 'refresh', '--data-dir', dataDir]);
      // Kill at a random point of the run, measured in forge requests served (not wall time, which a
      // loaded machine stretches at start-up): somewhere from the first checks to the last ones.
      await requestsServed(randomMs(40, 260), run.exited);
      const ended = await kill(run);
      // It cannot have finished: fewer requests were awaited than a whole run makes.
      expect(ended.signal, `tokens refresh ended by itself (exit ${ended.code}): ${run.stderr()}`).toBe(
        'SIGKILL',
      );
      const all = await expectIntact();
      seen.push(checkedSince(all, startedAt));
    }
    // At least one kill landed mid-run: some tokens checked by that run, not all.
    expect(
      seen.some((count) => count > 0 && count < TOKENS),
      `tokens checked per killed run: ${seen.join(', ')}`,
    ).toBe(true);

    const startedAt = new Date().toISOString();
    const last = startCli(['tokens', 'refresh', '--data-dir', dataDir, '--json']);
    const ended = await last.exited;
    expect(ended.code, last.stderr()).toBe(0);
    expect(JSON.parse(last.stdout())).toMatchObject({ total: TOKENS });
    const all = await expectIntact();
    expect(checkedSince(all, startedAt)).toBe(TOKENS);
  }, 40_000);
});
