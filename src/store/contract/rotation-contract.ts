import { describe, expect, it } from 'vitest';
import type { ContractContext } from '../store.contract.js';
import { makeOwner, makeSealed, makeToken, unwrap } from '../testing/factories.js';
import type { SealedTokenRow } from '../types.js';

export function rotationContract(get: () => ContractContext): void {
  describe('batches across owners', () => {
    it('listSealedBatch pages through one master key’s tokens, across owners, in id order', async () => {
      const { store } = get();
      const keyId = `key-${store.newId()}`;
      const owners = [await makeOwner(store), await makeOwner(store), await makeOwner(store)];
      const expected: string[] = [];
      for (let i = 0; i < 8; i += 1) {
        const token = makeToken(store, owners[i % 3]!.id, { sealed: makeSealed(keyId) });
        unwrap(await store.tokens.insert(token));
        expected.push(token.id);
        unwrap(
          await store.tokens.insert(makeToken(store, owners[i % 3]!.id, { sealed: makeSealed('key-other') })),
        );
      }
      expect(unwrap(await store.tokens.countSealed(keyId))).toBe(8);

      const seen: string[] = [];
      let afterId: string | null = null;
      for (;;) {
        const batch: SealedTokenRow[] = unwrap(await store.tokens.listSealedBatch(afterId, 3, keyId));
        if (batch.length === 0) break;
        for (const row of batch) expect(row.sealed.keyId).toBe(keyId);
        seen.push(...batch.map((row) => row.id));
        afterId = batch.at(-1)!.id;
      }
      expect(seen).toEqual([...expected].sort());
      const first = unwrap(await store.tokens.listSealedBatch(null, 1, keyId))[0]!;
      expect(first.ownerId).toBe(owners[0]!.id);
      expect(first.forge).toBe('github');
    });

    it('rewrap is a compare-and-set: a token changed meanwhile is left alone', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const original = makeSealed('key-old');
      const token = unwrap(await store.tokens.insert(makeToken(store, owner.id, { sealed: original })));
      const rewrapped = { ...original, keyId: 'key-new', wrappedKey: makeSealed().wrappedKey };

      // A writer re-sealed the token under the same old key: the wrapped key differs now.
      const resealed = makeSealed('key-old');
      unwrap(await store.tokens.update(owner.id, token.id, { sealed: resealed }));
      const stale = { keyId: 'key-old', wrappedKey: original.wrappedKey };
      expect(unwrap(await store.tokens.rewrap(token.id, stale, rewrapped))).toBe(false);
      expect(unwrap(await store.tokens.getSealed(owner.id, token.id))).toEqual(resealed);

      const current = { keyId: 'key-old', wrappedKey: resealed.wrappedKey };
      const next = { ...resealed, keyId: 'key-new', wrappedKey: makeSealed().wrappedKey };
      expect(unwrap(await store.tokens.rewrap(token.id, current, next))).toBe(true);
      expect(unwrap(await store.tokens.getSealed(owner.id, token.id))).toEqual(next);
      // Done already: the key id no longer matches.
      expect(unwrap(await store.tokens.rewrap(token.id, { keyId: 'key-old' }, rewrapped))).toBe(false);
      expect(unwrap(await store.tokens.rewrap('missing', { keyId: 'key-new' }, rewrapped))).toBe(false);
      expect(unwrap(await store.tokens.get(owner.id, token.id)).keyId).toBe('key-new');
    });

    it('listForRefresh pages across owners, by last check and status', async () => {
      const { store } = get();
      const status = `refresh-${store.newId()}`; // keeps this test's tokens apart from the rest
      const [a, b] = [await makeOwner(store), await makeOwner(store)];
      const never = makeToken(store, a.id, { status, email: 'a@example.com' });
      const old = makeToken(store, b.id, { status, lastCheckedAt: '2026-01-01T00:00:00Z' });
      const recent = makeToken(store, a.id, { status, lastCheckedAt: '2026-01-03T00:00:00Z' });
      const other = makeToken(store, b.id, { status: 'invalid' });
      for (const t of [never, old, recent, other]) unwrap(await store.tokens.insert(t));

      const page1 = unwrap(await store.tokens.listForRefresh({ limit: 2, statuses: [status] }));
      const page2 = unwrap(
        await store.tokens.listForRefresh({ limit: 2, statuses: [status], afterId: page1.at(-1)!.id }),
      );
      expect([...page1, ...page2].map((c) => c.id)).toEqual([never.id, old.id, recent.id]);
      expect(page1[0]).toEqual({
        id: never.id,
        ownerId: a.id,
        forge: 'github',
        apiUrl: never.apiUrl,
        kind: 'classic',
        email: 'a@example.com',
        expiresAt: never.expiresAt,
        status,
        lastCheckedAt: null,
      });
      const due = unwrap(
        await store.tokens.listForRefresh({
          limit: 10,
          statuses: [status],
          checkedBefore: '2026-01-02T00:00:00Z',
        }),
      );
      expect(due.map((c) => c.id)).toEqual([never.id, old.id]);
    });
  });
}
