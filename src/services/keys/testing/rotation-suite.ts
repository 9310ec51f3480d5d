import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeMasterKey, generateMasterKey } from '../../../crypto/index.js';
import type { MakeVaultTarget } from '../../vault/testing/vault-target.js';
import { stageNextKey } from '../key-files.js';
import { keyStatus } from '../key-status.js';
import { rotateMasterKey } from '../rotate-master-key.js';
import type { RotationProgress } from '../types.js';
import {
  expectEveryTokenOpens,
  failed,
  idOf,
  keyText,
  rawStore,
  rotationOptions,
  seedTokens,
  unwrapOk,
  useRotationTarget,
} from './rotation-fixture.js';
import { writerSuite } from './rotation-writers.js';

/**
 * Master-key rotation against a real store and the sandbox forges: the round trip, resuming, what
 * is refused, and (rotation-writers) processes that keep writing meanwhile. Each store's spec calls
 * this once; every test has a database of its own.
 */
export function describeKeyRotation(name: string, makeTarget: MakeVaultTarget): void {
  describe(`master-key rotation: ${name}`, () => {
    const get = useRotationTarget(makeTarget);
    it('rewraps every token: the new key alone opens them all, fingerprints stay, the old key is retired', async () => {
      const vault = await get().open();
      const seeded = await seedTokens(vault, get().sandbox, 25);
      const oldId = idOf(keyText(get().target.dataDir));
      const store = await rawStore(get().target.options());
      const fingerprints = async () =>
        (await Promise.all(['t-owner-0', 't-owner-1', 't-owner-2'].map((o) => store.tokens.list(o))))
          .flatMap((listed) => unwrapOk(listed))
          .map((record) => `${record.id}:${record.fingerprint}`)
          .sort();
      const before = await fingerprints();

      const steps: RotationProgress[] = [];
      const outcome = unwrapOk(
        await rotateMasterKey(
          rotationOptions(get().target.options(), { batchSize: 4, onProgress: (p) => void steps.push(p) }),
        ),
      );
      expect(outcome).toMatchObject({
        finished: true,
        interrupted: false,
        done: 25,
        total: 25,
        resumed: false,
      });
      expect(steps.map((step) => step.step)).toEqual([
        'started',
        'promoted',
        ...Array<string>(7).fill('batch'),
        'retired',
      ]);
      const newText = keyText(get().target.dataDir);
      expect(idOf(newText)).toBe(outcome.toKeyId);
      expect(outcome.fromKeyId).toBe(oldId);
      expect(
        readdirSync(get().target.dataDir)
          .filter((file) => file.startsWith('master.key'))
          .sort(),
      ).toEqual(['master.key', `master.key.${oldId}.retired`]);
      expect(idOf(keyText(get().target.dataDir, `master.key.${oldId}.retired`))).toBe(oldId);

      const keys = unwrapOk(await store.keys.list());
      expect(keys.map((key) => `${key.id}:${key.state}`)).toEqual([
        `${oldId}:retired`,
        `${outcome.toKeyId}:active`,
      ]);
      expect(keys[0]?.retiredAt).not.toBeNull();
      expect(unwrapOk(await store.tokens.countSealed(oldId))).toBe(0);
      expect(await fingerprints()).toEqual(before);
      await store.close();

      // Only the new key, as FORGEKEEPER_MASTER_KEY: nothing from the data directory is loaded.
      const fresh = await get().open({ FORGEKEEPER_MASTER_KEY: newText });
      expect(await expectEveryTokenOpens(fresh, seeded)).toBe(25);
      // The fingerprint key survived: the same token is recognised as stored already.
      const again = unwrapOk(
        await fresh.add({
          ownerId: seeded[0]!.ownerId,
          raw: seeded[0]!.token,
          apiUrl: get().sandbox.urls.github.api,
          actor: 'test',
        }),
      );
      expect(again.created).toBe(false);
    });

    it('resumes an interrupted rotation from its cursor, never with a third key', async () => {
      const vault = await get().open();
      const seeded = await seedTokens(vault, get().sandbox, 20);
      const oldId = idOf(keyText(get().target.dataDir));
      const controller = new AbortController();
      let batches = 0;
      const first = unwrapOk(
        await rotateMasterKey(
          rotationOptions(get().target.options(), {
            batchSize: 3,
            signal: controller.signal,
            onProgress: (p) => {
              if (p.step === 'batch' && ++batches === 2) controller.abort();
            },
          }),
        ),
      );
      expect(first).toMatchObject({ interrupted: true, finished: false, done: 6, total: 20 });
      expect(existsSync(join(get().target.dataDir, `master.key.${oldId}.previous`))).toBe(true);
      const midway = unwrapOk(await keyStatus(rotationOptions(get().target.options())));
      expect(midway.rotation).toMatchObject({ state: 'in_progress', done: 6, remaining: 14 });
      expect(midway.keys.map((key) => [key.state, key.tokens, key.source])).toEqual([
        ['retiring', 14, `master.key.${oldId}.previous`],
        ['active', 6, 'master.key'],
      ]);
      // Midway, a process started now loads both keys and opens every token.
      expect(await expectEveryTokenOpens(await get().open(), seeded)).toBe(20);

      const steps: RotationProgress[] = [];
      const second = unwrapOk(
        await rotateMasterKey(
          rotationOptions(get().target.options(), { batchSize: 3, onProgress: (p) => void steps.push(p) }),
        ),
      );
      expect(steps[0]).toMatchObject({ step: 'started', resumed: true, done: 6 });
      expect(second).toMatchObject({ resumed: true, finished: true, done: 20, toKeyId: first.toKeyId });
      const status = unwrapOk(await keyStatus(rotationOptions(get().target.options())));
      expect(status.keys.map((key) => key.state)).toEqual(['retired', 'active']);
      expect(await expectEveryTokenOpens(await get().open(), seeded)).toBe(20);
    });

    it('uses the new key an interrupted run staged before registering it', async () => {
      const vault = await get().open();
      await seedTokens(vault, get().sandbox, 3);
      const staged = unwrapOk(await stageNextKey(get().target.dataDir));
      const outcome = unwrapOk(await rotateMasterKey(rotationOptions(get().target.options())));
      expect(outcome.toKeyId).toBe(staged.id);
    });

    it('says what is missing: no new key in configured mode, a supplied key in data-dir mode', async () => {
      const oldText = encodeMasterKey(generateMasterKey());
      await get().open({ FORGEKEEPER_MASTER_KEY: oldText });
      const env = { FORGEKEEPER_MASTER_KEY: oldText };
      expect(failed(await rotateMasterKey(rotationOptions(get().target.options(), { env }))).code).toBe(
        'invalid_input',
      );
      const same = { ...env, SAME: oldText };
      const reused = failed(
        await rotateMasterKey(
          rotationOptions(get().target.options(), { env: same, newKey: { env: 'SAME' } }),
        ),
      );
      expect(reused.message).toMatch(/never used before/);
      const dataDirMode = failed(
        await rotateMasterKey(
          rotationOptions(get().target.options(), { newKey: { env: 'SAME' }, env: { SAME: oldText } }),
        ),
      );
      expect(dataDirMode.code).toBe('invalid_input');
    });

    writerSuite(get, name);
  });
}
