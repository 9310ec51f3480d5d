import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../src/sandbox/index.js';
import { type KeyStatus, keyStatus } from '../src/services/keys/index.js';
import {
  expectEveryTokenOpens,
  type Seeded,
  seedTokens,
  unwrapOk,
} from '../src/services/keys/testing/rotation-fixture.js';
import { openVault } from '../src/services/vault/index.js';
import { kill, randomMs, sleep, startCli } from './support/crash.js';

const TOKENS = 300;
const ROTATE = ['keys', 'rotate', '--batch-size', '5', '--pause', '8'];

let sandbox: RunningSandbox;
let dataDir: string;
let seeded: Seeded[];

beforeAll(async () => {
  sandbox = await startSandbox();
  dataDir = mkdtempSync(join(tmpdir(), 'fk-crash-rotate-'));
  const vault = unwrapOk(await openVault({ dataDir, env: {} }));
  try {
    seeded = await seedTokens(vault, sandbox, TOKENS, { owners: 6, concurrency: 16 });
  } finally {
    await vault.close();
  }
});

afterAll(async () => {
  await sandbox?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A fresh vault on the data directory, as a restarted server would open it; every token must open. */
async function expectIntact(): Promise<void> {
  const vault = unwrapOk(await openVault({ dataDir, env: {} }));
  try {
    expect(await expectEveryTokenOpens(vault, seeded)).toBe(TOKENS);
  } finally {
    await vault.close();
  }
}

async function status(): Promise<KeyStatus> {
  return unwrapOk(await keyStatus({ dataDir, env: {} }));
}

describe('crash: SIGKILL during `forgekeeper keys rotate`', () => {
  it('leaves every token openable at every kill, resumes, and ends with one new key and nothing lost', async () => {
    const seen: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      const run = startCli([...ROTATE, '--data-dir', dataDir]);
      // The first kill lands anywhere from start-up to registration; the others inside the rewrapping.
      if (round === 0) await sleep(randomMs(80, 500));
      else {
        await run.stderrMatches(/Resuming|Rotating/);
        await sleep(randomMs(0, 450));
      }
      const ended = await kill(run);
      // Ended by itself before the kill: only a finished rotation may do that.
      if (ended.signal !== 'SIGKILL') expect(ended.code, run.stderr()).toBe(0);
      const now = await status();
      seen.push(
        `${ended.signal ?? ended.code}:${now.rotation?.state ?? 'none'}:${now.rotation?.done ?? 0}/${TOKENS}`,
      );
      // Never a third key: every run resumes the one rotation.
      expect(now.keys.length).toBeLessThanOrEqual(2);
      await expectIntact();
      if (now.rotation?.state === 'finished') break;
    }
    // At least one kill hit the middle of the rewrapping, or the test proved nothing.
    const midway = seen.some((entry) => {
      const done = /in_progress:(\d+)\//.exec(entry)?.[1];
      return done !== undefined && Number(done) > 0 && Number(done) < TOKENS;
    });
    expect(midway, `kills: ${seen.join(', ')}`).toBe(true);

    if ((await status()).rotation?.state !== 'finished') {
      const last = startCli([...ROTATE, '--data-dir', dataDir, '--json']);
      const ended = await last.exited;
      expect(ended.code, last.stderr()).toBe(0);
      expect(JSON.parse(last.stdout())).toMatchObject({ finished: true, resumed: true });
    }
    const final = await status();
    expect(final.keys.map((key) => [key.state, key.tokens])).toEqual([
      ['retired', 0],
      ['active', TOKENS],
    ]);
    // Each row was rewrapped exactly once, however often the job was killed.
    expect(final.rotation).toMatchObject({ state: 'finished', done: TOKENS, total: TOKENS, remaining: 0 });
    const oldId = final.keys[0]?.id;
    expect(
      readdirSync(dataDir)
        .filter((file) => file.startsWith('master.key'))
        .sort(),
    ).toEqual(['master.key', `master.key.${oldId}.retired`]);
    await expectIntact();
  }, 40_000);
});
