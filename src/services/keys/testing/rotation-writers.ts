import { expect, it } from 'vitest';
import { encodeMasterKey, generateMasterKey } from '../../../crypto/index.js';
import { openVault } from '../../vault/open-vault.js';
import { rotateMasterKey } from '../rotate-master-key.js';
import {
  expectEveryTokenOpens,
  failed,
  idOf,
  type RotationTarget,
  rawStore,
  rotationOptions,
  seedTokens,
  unwrapOk,
} from './rotation-fixture.js';

/**
 * Processes that keep writing while a rotation runs: one behind it (only the old key), one given the
 * new key in advance, writers racing the retirement, a data-dir process that follows by itself.
 */
export function writerSuite(get: () => RotationTarget, name: string): void {
  it('rewraps the rows a process behind the rotation writes under the old key meanwhile', async () => {
    const oldText = encodeMasterKey(generateMasterKey());
    const newText = encodeMasterKey(generateMasterKey());
    const oldId = idOf(oldText);
    const newId = idOf(newText);
    const vault = await get().open({ FORGEKEEPER_MASTER_KEY: oldText });
    const seeded = await seedTokens(vault, get().sandbox, 15);
    // `behind` holds only the old key; `both` was given the new key in advance (docs/keys.md).
    const behind = await get().open({ FORGEKEEPER_MASTER_KEY: oldText });
    const both = await get().open({
      FORGEKEEPER_MASTER_KEY: oldText,
      FORGEKEEPER_MASTER_KEY_PREVIOUS: newText,
    });
    const added: typeof seeded = [];
    let batches = 0;
    const outcome = unwrapOk(
      await rotateMasterKey(
        rotationOptions(get().target.options(), {
          env: { FORGEKEEPER_MASTER_KEY: oldText, NEW_KEY: newText },
          newKey: { env: 'NEW_KEY' },
          batchSize: 4,
          onProgress: async (p) => {
            if (p.step !== 'batch' || ++batches > 2) return;
            added.push(
              ...(await seedTokens(behind, get().sandbox, 2, { prefix: `behind${batches}`, owners: 1 })),
            );
            added.push(
              ...(await seedTokens(both, get().sandbox, 1, { prefix: `both${batches}`, owners: 1 })),
            );
          },
        }),
      ),
    );
    // The 4 rows `behind` sealed under the old key were rewrapped; `both` sealed its 2 under the new one.
    expect(outcome).toMatchObject({ finished: true, mode: 'configured', files: null, done: 19 });
    const store = await rawStore(get().target.options());
    const keyOf = async (entry: (typeof seeded)[number]) =>
      unwrapOk(await store.tokens.get(entry.ownerId, entry.id)).keyId;
    for (const entry of added) expect(await keyOf(entry)).toBe(newId);
    expect(unwrapOk(await store.tokens.countSealed(oldId))).toBe(0);
    await store.close();
    const fresh = await get().open({ FORGEKEEPER_MASTER_KEY: newText });
    expect(await expectEveryTokenOpens(fresh, [...seeded, ...added])).toBe(21);

    // The process behind the rotation: its key is retired now. It refuses to seal, clearly…
    const token = await get().sandbox.control.createToken({
      forge: 'github',
      kind: 'classic',
      login: 'late',
    });
    const refused = failed(
      await behind.add({
        ownerId: 'late',
        raw: token.token,
        apiUrl: get().sandbox.urls.github.api,
        actor: 'test',
      }),
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
    const stale = failed(await openVault(get().target.options({ env: { FORGEKEEPER_MASTER_KEY: oldText } })));
    expect(stale.code).toBe('master_key_mismatch');
    expect(stale.message).toMatch(/retired/);
  });

  // Registered for PostgreSQL only (not skipped on SQLite: it does not apply there): READ COMMITTED lets a writer and the retirement interleave unless the
  // key fence orders them. SQLite's BEGIN IMMEDIATE serialises them anyway, and two connections in
  // one process (this test's writers and rotation) stall each other for the busy timeout.
  if (name !== 'SQLite')
    it('never leaves a row under the retired key when writers behind the rotation race its end', async () => {
      const oldText = encodeMasterKey(generateMasterKey());
      const newText = encodeMasterKey(generateMasterKey());
      const vault = await get().open({ FORGEKEEPER_MASTER_KEY: oldText });
      const seeded = await seedTokens(vault, get().sandbox, 10);
      const behind = await get().open({ FORGEKEEPER_MASTER_KEY: oldText });
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
          const { token: raw } = await get().sandbox.control.createToken({
            forge: 'github',
            kind: 'classic',
            login,
          });
          const added = await behind.add({
            ownerId,
            raw,
            apiUrl: get().sandbox.urls.github.api,
            actor: 'test',
          });
          if (added.ok) stored.push({ ownerId, id: added.value.record.id, label: login, token: raw });
          else refusals.push(added.error.code);
          await new Promise((resolve) => setTimeout(resolve, 25));
        }
      });
      const outcome = unwrapOk(
        await rotateMasterKey(
          rotationOptions(get().target.options(), {
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
      const store = await rawStore(get().target.options());
      expect(unwrapOk(await store.tokens.countSealed(outcome.fromKeyId))).toBe(0);
      await store.close();
      const fresh = await get().open({ FORGEKEEPER_MASTER_KEY: newText });
      const byOwner = async (ownerId: string) => unwrapOk(await fresh.list(ownerId)).map((view) => view.id);
      const racers = (await Promise.all([0, 1, 2, 3].map((w) => byOwner(`racer-${w}`)))).flat();
      expect(racers.sort()).toEqual(stored.map((entry) => entry.id).sort());
      for (const entry of stored) {
        const same = await fresh.withToken(
          entry.ownerId,
          { id: entry.id },
          'test',
          async (s) => s.reveal() === entry.token,
        );
        expect(same).toEqual({ ok: true, value: true });
      }
      expect(await expectEveryTokenOpens(fresh, seeded)).toBe(10);
    });

  it('lets a running process that uses the data directory follow the rotation by itself', async () => {
    const running = await get().open();
    const seeded = await seedTokens(running, get().sandbox, 6);
    const during: typeof seeded = [];
    const outcome = unwrapOk(
      await rotateMasterKey(
        rotationOptions(get().target.options(), {
          batchSize: 2,
          onProgress: async (p) => {
            if (p.step === 'batch' && p.done === 2) {
              during.push(...(await seedTokens(running, get().sandbox, 2, { prefix: 'during', owners: 1 })));
            }
          },
        }),
      ),
    );
    expect(outcome.finished).toBe(true);
    const store = await rawStore(get().target.options());
    for (const entry of during) {
      expect(unwrapOk(await store.tokens.get(entry.ownerId, entry.id)).keyId).toBe(outcome.toKeyId);
    }
    await store.close();
    expect(await expectEveryTokenOpens(running, [...seeded, ...during])).toBe(8);
    const after = await seedTokens(running, get().sandbox, 1, { prefix: 'after', owners: 1 });
    expect(await expectEveryTokenOpens(await get().open(), [...seeded, ...during, ...after])).toBe(9);
  });
}
