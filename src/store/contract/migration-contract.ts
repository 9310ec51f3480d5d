import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../migrations/index.js';
import type { ContractContext } from '../store.contract.js';
import type { Store } from '../store.js';
import { errorCode, makeOwner, makeToken, unwrap } from '../testing/factories.js';
import { LOCAL_OWNER_ID } from '../types.js';

const migrationNames = async (store: Store) =>
  Object.keys(await migrationProvider(store.dialect).getMigrations()).sort();

export function migrationContract(get: () => ContractContext): void {
  describe('migrations', () => {
    it('applies every migration once, and opening again applies nothing and keeps the data', async () => {
      const { store, target } = get();
      const applied = unwrap(await store.migrations());
      expect(applied).toEqual(await migrationNames(store));
      expect(applied[0]).toBe('0001-initial');
      const owner = await makeOwner(store);
      const token = unwrap(await store.tokens.insert(makeToken(store, owner.id)));

      const again = await target.open();
      try {
        expect(unwrap(await again.migrations())).toEqual(applied);
        expect(unwrap(await again.tokens.get(owner.id, token.id))).toEqual(token);
      } finally {
        await again.close();
      }
    });

    it('lets several stores open a fresh database at the same moment', async () => {
      const { makeTarget } = get();
      const fresh = await makeTarget();
      try {
        const stores = await Promise.all([fresh.open(), fresh.open(), fresh.open()]);
        try {
          for (const store of stores) {
            expect(unwrap(await store.migrations())).toEqual(await migrationNames(store));
          }
          const [first, second] = stores;
          const owner = await makeOwner(first!);
          const token = unwrap(await first!.tokens.insert(makeToken(first!, owner.id)));
          expect(unwrap(await second!.tokens.get(owner.id, token.id)).id).toBe(token.id);
        } finally {
          await Promise.all(stores.map((s) => s.close()));
        }
      } finally {
        await fresh.dispose();
      }
    });

    it('creates the local owner the CLI acts as', async () => {
      const { store } = get();
      const local = unwrap(await store.owners.get(LOCAL_OWNER_ID));
      expect(local).toMatchObject({ id: 'local', kind: 'local' });
    });

    it('ensures owners idempotently', async () => {
      const { store } = get();
      const id = `user-${store.newId()}`;
      const results = await Promise.all(
        Array.from({ length: 5 }, () => store.owners.ensure({ id, name: 'Ada', kind: 'user' })),
      );
      const owners = results.map(unwrap);
      expect(new Set(owners.map((o) => o.createdAt)).size).toBe(1);
      expect(owners[0]).toMatchObject({ id, name: 'Ada', kind: 'user' });
      expect(errorCode(await store.owners.get('nobody'))).toBe('not_found');
    });

    it('keeps settings', async () => {
      const { store } = get();
      const key = `test.${store.newId()}`;
      expect(unwrap(await store.settings.get(key))).toBeNull();
      unwrap(await store.settings.set(key, 'one'));
      unwrap(await store.settings.set(key, 'two'));
      expect(unwrap(await store.settings.get(key))).toBe('two');
    });
  });
}
