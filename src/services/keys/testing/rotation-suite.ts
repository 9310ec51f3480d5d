import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeMasterKey, generateMasterKey, masterKeyFromBase64 } from '../../../crypto/index.js';
import { useSandbox } from '../../../sandbox/testing/sandbox-fixture.js';
import { openVault } from '../../vault/open-vault.js';
import type { Vault } from '../../vault/types.js';
import type { MakeVaultTarget, VaultTarget } from '../../vault/testing/vault-target.js';
import { stageNextKey } from '../key-files.js';
import { keyStatus } from '../key-status.js';
import { rotateMasterKey } from '../rotate-master-key.js';
import type { RotationProgress } from '../types.js';
import {
  expectEveryTokenOpens,
  failed,
  keyText,
  rawStore,
  rotationOptions,
  seedTokens,
  unwrapOk,
} from './rotation-fixture.js';

const idOf = (text: string) => unwrapOk(masterKeyFromBase64(text)).id;

/**
 * Master-key rotation against a real store and the sandbox forges: the round trip, resuming, a
 * concurrent writer behind the rotation, and what a process left with a retired key gets. Each
 * store's spec calls this once; every test has a database of its own.
 */
export function describeKeyRotation(name: string, makeTarget: MakeVaultTarget): void {
  describe(`master-key rotation: ${name}`, () => {
    const fixture = useSandbox();
    let target: VaultTarget;
    const vaults: Vault[] = [];
    const open = async (env: Record<string, string> = {}) => {
      const vault = await target.open({ env });
      vaults.push(vault);
      return vault;
    };
    beforeEach(async () => {
      target = await makeTarget();
    });
    afterEach(async () => {
      for (const vault of vaults.splice(0)) await vault.close();
      await target.dispose();
    });

    it('rewraps every token: the new key alone opens them all, fingerprints stay, the old key is retired', async () => {
      const vault = await open();
      const seeded = await seedTokens(vault, fixture.sandbox, 25);
      const oldId = idOf(keyText(target.dataDir));
      const store = await rawStore(target.options());
      const fingerprints = async () =>
        (await Promise.all(['t-owner-0', 't-owner-1', 't-owner-2'].map((o) => store.tokens.list(o))))
          .flatMap((listed) => unwrapOk(listed))
          .map((record) => `${record.id}:${record.fingerprint}`)
          .sort();
      const before = await fingerprints();

      const steps: RotationProgress[] = [];
      const outcome = unwrapOk(
        await rotateMasterKey(
          rotationOptions(target.options(), { batchSize: 4, onProgress: (p) => void steps.push(p) }),
        ),
      );
      expect(outcome).toMatchObject({ finished: true, interrupted: false, done: 25, total: 25, resumed: false });
      expect(steps.map((step) => step.step)).toEqual([
        'started',
        'promoted',
        ...Array<string>(7).fill('batch'),
        'retired',
      ]);
      const newText = keyText(target.dataDir);
      expect(idOf(newText)).toBe(outcome.toKeyId);
      expect(outcome.fromKeyId).toBe(oldId);
      expect(readdirSync(target.dataDir).filter((file) => file.startsWith('master.key')).sort()).toEqual([
        'master.key',
        `master.key.${oldId}.retired`,
      ]);
      expect(idOf(keyText(target.dataDir, `master.key.${oldId}.retired`))).toBe(oldId);

      const keys = unwrapOk(await store.keys.list());
      expect(keys.map((key) => `${key.id}:${key.state}`)).toEqual([`${oldId}:retired`, `${outcome.toKeyId}:active`]);
      expect(keys[0]?.retiredAt).not.toBeNull();
      expect(unwrapOk(await store.tokens.countSealed(oldId))).toBe(0);
      expect(await fingerprints()).toEqual(before);
      await store.close();

      // Only the new key, as FORGEKEEPER_MASTER_KEY: nothing from the data directory is loaded.
      const fresh = await open({ FORGEKEEPER_MASTER_KEY: newText });
      expect(await expectEveryTokenOpens(fresh, seeded)).toBe(25);
      // The fingerprint key survived: the same token is recognised as stored already.
      const again = unwrapOk(
        await fresh.add({
          ownerId: seeded[0]!.ownerId,
          raw: seeded[0]!.token,
          apiUrl: fixture.sandbox.urls.github.api,
          actor: 'test',
        }),
      );
      expect(again.created).toBe(false);
    });

    it('resumes an interrupted rotation from its cursor, never with a third key', async () => {
      const vault = await open();
      const seeded = await seedTokens(vault, fixture.sandbox, 20);
      const oldId = idOf(keyText(target.dataDir));
      const controller = new AbortController();
      let batches = 0;
      const first = unwrapOk(
        await rotateMasterKey(
          rotationOptions(target.options(), {
            batchSize: 3,
            signal: controller.signal,
            onProgress: (p) => {
              if (p.step === 'batch' && ++batches === 2) controller.abort();
            },
          }),
        ),
      );
      expect(first).toMatchObject({ interrupted: true, finished: false, done: 6, total: 20 });
      expect(existsSync(join(target.dataDir, `master.key.${oldId}.previous`))).toBe(true);
      const midway = unwrapOk(await keyStatus(rotationOptions(target.options())));
      expect(midway.rotation).toMatchObject({ state: 'in_progress', done: 6, remaining: 14 });
      expect(midway.keys.map((key) => [key.state, key.tokens, key.source])).toEqual([
        ['retiring', 14, `master.key.${oldId}.previous`],
        ['active', 6, 'master.key'],
      ]);
      // Midway, a process started now loads both keys and opens every token.
      expect(await expectEveryTokenOpens(await open(), seeded)).toBe(20);

      const steps: RotationProgress[] = [];
      const second = unwrapOk(
        await rotateMasterKey(rotationOptions(target.options(), { batchSize: 3, onProgress: (p) => void steps.push(p) })),
      );
      expect(steps[0]).toMatchObject({ step: 'started', resumed: true, done: 6 });
      expect(second).toMatchObject({ resumed: true, finished: true, done: 20, toKeyId: first.toKeyId });
      const status = unwrapOk(await keyStatus(rotationOptions(target.options())));
      expect(status.keys.map((key) => key.state)).toEqual(['retired', 'active']);
      expect(await expectEveryTokenOpens(await open(), seeded)).toBe(20);
    });

    it('uses the new key an interrupted run staged before registering it', async () => {
      const vault = await open();
      await seedTokens(vault, fixture.sandbox, 3);
      const staged = unwrapOk(await stageNextKey(target.dataDir));
      const outcome = unwrapOk(await rotateMasterKey(rotationOptions(target.options())));
      expect(outcome.toKeyId).toBe(staged.id);
    });

    it('rewraps the rows a process behind the rotation writes under the old key meanwhile', async () => {
      const oldText = encodeMasterKey(generateMasterKey());
      const newText = encodeMasterKey(generateMasterKey());
      const oldId = idOf(oldText);
      const newId = idOf(newText);
      const vault = await open({ FORGEKEEPER_MASTER_KEY: oldText });
      const seeded = await seedTokens(vault, fixture.sandbox, 15);
      // `behind` holds only the old key; `both` was given the new key in advance (docs/keys.md).
      const behind = await open({ FORGEKEEPER_MASTER_KEY: oldText });
      const both = await open({ FORGEKEEPER_MASTER_KEY: oldText, FORGEKEEPER_MASTER_KEY_PREVIOUS: newText });
      const added: typeof seeded = [];
      let batches = 0;
      const outcome = unwrapOk(
        await rotateMasterKey(
          rotationOptions(target.options(), {
            env: { FORGEKEEPER_MASTER_KEY: oldText, NEW_KEY: newText },
            newKey: { env: 'NEW_KEY' },
            batchSize: 4,
            onProgress: async (p) => {
              if (p.step !== 'batch' || ++batches > 2) return;
              added.push(...(await seedTokens(behind, fixture.sandbox, 2, { prefix: `behind${batches}`, owners: 1 })));
              added.push(...(await seedTokens(both, fixture.sandbox, 1, { prefix: `both${batches}`, owners: 1 })));
            },
          }),
        ),
      );
      // The 4 rows `behind` sealed under the old key were rewrapped; `both` sealed its 2 under the new one.
      expect(outcome).toMatchObject({ finished: true, mode: 'configured', files: null, done: 19 });
      const store = await rawStore(target.options());
      const keyOf = async (entry: (typeof seeded)[number]) =>
        unwrapOk(await store.tokens.get(entry.ownerId, entry.id)).keyId;
      for (const entry of added) expect(await keyOf(entry)).toBe(newId);
      expect(unwrapOk(await store.tokens.countSealed(oldId))).toBe(0);
      await store.close();
      const fresh = await open({ FORGEKEEPER_MASTER_KEY: newText });
      expect(await expectEveryTokenOpens(fresh, [...seeded, ...added])).toBe(21);

      // The process behind the rotation: its key is retired now. It refuses to seal, clearly…
      const token = await fixture.sandbox.control.createToken({ forge: 'github', kind: 'classic', login: 'late' });
      const refused = failed(
        await behind.add({ ownerId: 'late', raw: token.token, apiUrl: fixture.sandbox.urls.github.api, actor: 'test' }),
      );
      expect(refused.code).toBe('master_key_mismatch');
      expect(refused.message).toMatch(/retired/);
      // …cannot open rewrapped tokens, and does not mark them undecryptable for everybody else.
      const first = seeded[0]!;
      const read = failed(await behind.withToken(first.ownerId, { id: first.id }, 'test', async () => 1));
      expect(read.code).toBe('token_undecryptable');
      const view = unwrapOk(await fresh.show(first.ownerId, first.id));
      expect(view.status).toBe('active');
      // A process started with only the old key is refused at start-up.
      const stale = failed(await openVault(target.options({ env: { FORGEKEEPER_MASTER_KEY: oldText } })));
      expect(stale.code).toBe('master_key_mismatch');
      expect(stale.message).toMatch(/retired/);
    });

    // PostgreSQL only: there, READ COMMITTED lets a writer and the retirement interleave unless the
    // key fence orders them. SQLite's BEGIN IMMEDIATE serialises them anyway, and two connections in
    // one process (this test's writers and rotation) stall each other for the busy timeout.
    it.runIf(name !== 'SQLite')('never leaves a row under the retired key when writers behind the rotation race its end', async () => {
      const oldText = encodeMasterKey(generateMasterKey());
      const newText = encodeMasterKey(generateMasterKey());
      const vault = await open({ FORGEKEEPER_MASTER_KEY: oldText });
      const seeded = await seedTokens(vault, fixture.sandbox, 10);
      const behind = await open({ FORGEKEEPER_MASTER_KEY: oldText });
      let rotating = true;
      const stored: typeof seeded = [];
      const refusals: string[] = [];
      // Four writers add a token every few milliseconds until a little after the rotation ended, as a
      // busy server would: some land during the rewrapping, some right at the retirement, some after.
      const writers = [0, 1, 2, 3].map(async (writer) => {
        const ownerId = `racer-${writer}`;
        for (let index = 0, after = 0; index < 60 && after < 3; index += 1) {
          if (!rotating) after += 1;
          const login = `racer-${writer}-${index}`;
          const { token: raw } = await fixture.sandbox.control.createToken({ forge: 'github', kind: 'classic', login });
          const added = await behind.add({ ownerId, raw, apiUrl: fixture.sandbox.urls.github.api, actor: 'test' });
          if (added.ok) stored.push({ ownerId, id: added.value.record.id, label: login, token: raw });
          else refusals.push(added.error.code);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      });
      const outcome = unwrapOk(
        await rotateMasterKey(
          rotationOptions(target.options(), {
            env: { FORGEKEEPER_MASTER_KEY: oldText, NEW_KEY: newText },
            newKey: { env: 'NEW_KEY' },
            batchSize: 10,
            pauseMs: 2,
          }),
        ),
      );
      rotating = false;
      await Promise.all(writers);
      expect(outcome.finished).toBe(true);
      expect(new Set(refusals)).toEqual(new Set(refusals.length > 0 ? ['master_key_mismatch'] : []));
      const store = await rawStore(target.options());
      expect(unwrapOk(await store.tokens.countSealed(outcome.fromKeyId))).toBe(0);
      await store.close();
      const fresh = await open({ FORGEKEEPER_MASTER_KEY: newText });
      const byOwner = async (ownerId: string) => unwrapOk(await fresh.list(ownerId)).map((view) => view.id);
      const racers = (await Promise.all([0, 1, 2, 3].map((w) => byOwner(`racer-${w}`)))).flat();
      expect(racers.sort()).toEqual(stored.map((entry) => entry.id).sort());
      for (const entry of stored) {
        const same = await fresh.withToken(entry.ownerId, { id: entry.id }, 'test', async (s) => s.reveal() === entry.token);
        expect(same).toEqual({ ok: true, value: true });
      }
      expect(await expectEveryTokenOpens(fresh, seeded)).toBe(10);
    });

    it('lets a running process that uses the data directory follow the rotation by itself', async () => {
      const running = await open();
      const seeded = await seedTokens(running, fixture.sandbox, 6);
      const during: typeof seeded = [];
      const outcome = unwrapOk(
        await rotateMasterKey(
          rotationOptions(target.options(), {
            batchSize: 2,
            onProgress: async (p) => {
              if (p.step === 'batch' && p.done === 2) {
                during.push(...(await seedTokens(running, fixture.sandbox, 2, { prefix: 'during', owners: 1 })));
              }
            },
          }),
        ),
      );
      expect(outcome.finished).toBe(true);
      const store = await rawStore(target.options());
      for (const entry of during) {
        expect(unwrapOk(await store.tokens.get(entry.ownerId, entry.id)).keyId).toBe(outcome.toKeyId);
      }
      await store.close();
      expect(await expectEveryTokenOpens(running, [...seeded, ...during])).toBe(8);
      const after = await seedTokens(running, fixture.sandbox, 1, { prefix: 'after', owners: 1 });
      expect(await expectEveryTokenOpens(await open(), [...seeded, ...during, ...after])).toBe(9);
    });

    it('says what is missing: no new key in configured mode, a supplied key in data-dir mode', async () => {
      const oldText = encodeMasterKey(generateMasterKey());
      await open({ FORGEKEEPER_MASTER_KEY: oldText });
      const env = { FORGEKEEPER_MASTER_KEY: oldText };
      expect(failed(await rotateMasterKey(rotationOptions(target.options(), { env }))).code).toBe('invalid_input');
      const same = { ...env, SAME: oldText };
      const reused = failed(
        await rotateMasterKey(rotationOptions(target.options(), { env: same, newKey: { env: 'SAME' } })),
      );
      expect(reused.message).toMatch(/never used before/);
      const dataDirMode = failed(
        await rotateMasterKey(rotationOptions(target.options(), { newKey: { env: 'SAME' }, env: { SAME: oldText } })),
      );
      expect(dataDirMode.code).toBe('invalid_input');
    });
  });
}
