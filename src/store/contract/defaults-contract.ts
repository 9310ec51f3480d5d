import { describe, expect, it } from 'vitest';
import type { ContractContext } from '../store.contract.js';
import { errorCode, makeOwner, makeToken, unwrap } from '../testing/factories.js';

export function defaultsContract(get: () => ContractContext): void {
  describe('default token per (owner, forge, API URL)', () => {
    const defaults = async (ownerId: string) =>
      unwrap(await get().store.tokens.list(ownerId))
        .filter((t) => t.isDefault)
        .map((t) => t.id);

    it('setDefault leaves exactly one default, per API URL', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const [a, b, c] = [makeToken(store, owner.id), makeToken(store, owner.id), makeToken(store, owner.id)];
      const enterprise = makeToken(store, owner.id, { apiUrl: 'https://ghe.example.com/api/v3' });
      for (const t of [a, b, c, enterprise]) unwrap(await store.tokens.insert(t));

      expect(unwrap(await store.tokens.setDefault(owner.id, a.id)).isDefault).toBe(true);
      unwrap(await store.tokens.setDefault(owner.id, enterprise.id));
      unwrap(await store.tokens.setDefault(owner.id, b.id));
      expect((await defaults(owner.id)).sort()).toEqual([b.id, enterprise.id].sort());
      // Setting it again is harmless.
      unwrap(await store.tokens.setDefault(owner.id, b.id));
      expect((await defaults(owner.id)).sort()).toEqual([b.id, enterprise.id].sort());
    });

    it('keeps one default when many setDefault calls race', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const tokens = Array.from({ length: 8 }, () => makeToken(store, owner.id));
      for (const t of tokens) unwrap(await store.tokens.insert(t));
      const results = await Promise.all(tokens.map((t) => store.tokens.setDefault(owner.id, t.id)));
      results.forEach(unwrap);
      expect(await defaults(owner.id)).toHaveLength(1);
    });

    it('keeps the old default when setDefault names a missing token', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const token = makeToken(store, owner.id, { isDefault: true });
      unwrap(await store.tokens.insert(token));
      expect(errorCode(await store.tokens.setDefault(owner.id, 'missing'))).toBe('not_found');
      expect(await defaults(owner.id)).toEqual([token.id]);
    });

    it('insert and upsert with isDefault take the default from the previous token', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const first = makeToken(store, owner.id, { isDefault: true });
      const second = makeToken(store, owner.id, { isDefault: true });
      unwrap(await store.tokens.insert(first));
      unwrap(await store.tokens.insert(second));
      expect(await defaults(owner.id)).toEqual([second.id]);

      const again = makeToken(store, owner.id, { fingerprint: first.fingerprint, isDefault: true });
      const outcome = unwrap(await store.tokens.upsertByFingerprint(again));
      expect(outcome).toMatchObject({ created: false, record: { id: first.id, isDefault: true } });
      expect(await defaults(owner.id)).toEqual([first.id]);

      // An upsert without isDefault leaves the record's default as it was.
      unwrap(await store.tokens.upsertByFingerprint({ ...again, isDefault: false }));
      expect(await defaults(owner.id)).toEqual([first.id]);
    });
  });
}
