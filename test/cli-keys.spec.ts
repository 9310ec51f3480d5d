import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMasterKey, generateMasterKey } from '../src/crypto/index.js';
import { type RunningSandbox, startSandbox } from '../src/sandbox/index.js';
import {
  expectEveryTokenOpens,
  type Seeded,
  seedTokens,
  unwrapOk,
} from '../src/services/keys/testing/rotation-fixture.js';
import { openVault } from '../src/services/vault/index.js';
import { runCli } from './support/cli.js';

let sandbox: RunningSandbox;
const dirs: string[] = [];
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'fk-cli-keys-'));
  dirs.push(dir);
  return dir;
};
const HERMETIC = {
  FORGEKEEPER_DATABASE_URL: undefined,
  FORGEKEEPER_MASTER_KEY: undefined,
  FORGEKEEPER_MASTER_KEY_FILE: undefined,
  FORGEKEEPER_MASTER_KEY_PREVIOUS: undefined,
  FORGEKEEPER_DATA_DIR: undefined,
};

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox?.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function seed(dataDir: string, env: Record<string, string>, count: number): Promise<Seeded[]> {
  const vault = unwrapOk(await openVault({ dataDir, env }));
  try {
    return await seedTokens(vault, sandbox, count);
  } finally {
    await vault.close();
  }
}

describe('forgekeeper keys (the built CLI)', () => {
  it('rotates a key the operator supplies (FORGEKEEPER_MASTER_KEY), never printing key material', async () => {
    const dataDir = fresh();
    const oldText = encodeMasterKey(generateMasterKey());
    const newText = encodeMasterKey(generateMasterKey());
    const seeded = await seed(dataDir, { FORGEKEEPER_MASTER_KEY: oldText }, 4);
    const env = { ...HERMETIC, FORGEKEEPER_MASTER_KEY: oldText, NEW_KEY: newText };

    const run = await runCli(
      ['keys', 'rotate', '--data-dir', dataDir, '--new-key-env', 'NEW_KEY', '--json'],
      { env },
    );
    expect(run.code, run.stderr).toBe(0);
    const outcome = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(outcome).toMatchObject({ mode: 'configured', finished: true, done: 4, files: null });
    for (const text of [oldText, newText]) expect(`${run.stdout}${run.stderr}`).not.toContain(text);

    const human = await runCli(['keys', 'status', '--data-dir', dataDir], {
      env: { ...HERMETIC, FORGEKEEPER_MASTER_KEY: newText },
    });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/retired\s+0\s.*not loaded/);
    expect(human.stdout).toMatch(/active\s+4\s.*FORGEKEEPER_MASTER_KEY/);
    expect(human.stdout).toMatch(/finished .*4 tokens rewrapped/);

    const vault = unwrapOk(await openVault({ dataDir, env: { FORGEKEEPER_MASTER_KEY: newText } }));
    try {
      expect(await expectEveryTokenOpens(vault, seeded)).toBe(4);
    } finally {
      await vault.close();
    }
  });

  it('takes the new key from a file, and refuses one readable by others', async () => {
    const dataDir = fresh();
    const oldText = encodeMasterKey(generateMasterKey());
    await seed(dataDir, { FORGEKEEPER_MASTER_KEY: oldText }, 1);
    const keyFile = join(fresh(), 'new.key');
    writeFileSync(keyFile, `${encodeMasterKey(generateMasterKey())}\n`, { mode: 0o644 });
    const env = { ...HERMETIC, FORGEKEEPER_MASTER_KEY: oldText };
    const args = ['keys', 'rotate', '--data-dir', dataDir, '--new-key-file', keyFile];
    const insecure = await runCli(args, { env });
    expect(insecure.code).toBe(1);
    expect(insecure.stderr).toMatch(/master_key_insecure/);
    writeFileSync(keyFile, `${encodeMasterKey(generateMasterKey())}\n`, { mode: 0o600 });
    chmodSync(keyFile, 0o600);
    const done = await runCli(args, { env });
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/Now give every process the new key/);
  });

  it('says what is wrong with the invocation: exit 2', async () => {
    const dataDir = fresh();
    const oldText = encodeMasterKey(generateMasterKey());
    await seed(dataDir, { FORGEKEEPER_MASTER_KEY: oldText }, 1);
    const env = { ...HERMETIC, FORGEKEEPER_MASTER_KEY: oldText };
    const both = await runCli(
      ['keys', 'rotate', '--data-dir', dataDir, '--new-key-env', 'A', '--new-key-file', 'b'],
      {
        env,
      },
    );
    expect(both.code).toBe(2);
    const none = await runCli(['keys', 'rotate', '--data-dir', dataDir, '--json'], { env });
    expect(none.code).toBe(2);
    expect(JSON.parse(none.stdout)).toMatchObject({ error: { code: 'invalid_input' } });
    const nowhere = await runCli(['keys', 'status', '--data-dir', join(fresh(), 'absent')], {
      env: HERMETIC,
    });
    expect(nowhere.code).toBe(0);
    expect(nowhere.stdout).toMatch(/no Forgekeeper database/);
  });
});
