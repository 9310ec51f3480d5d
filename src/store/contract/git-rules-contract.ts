import { describe, expect, it } from 'vitest';
import type { ContractContext } from '../store.contract.js';
import { errorCode, makeOwner, makeToken, unwrap } from '../testing/factories.js';

export function gitRulesContract(get: () => ContractContext): void {
  describe('git rules', () => {
    it('adds, lists oldest first, and deletes an owner’s rules', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const token = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      const first = unwrap(
        await store.gitRules.insert({
          id: store.newId(),
          ownerId: owner.id,
          pattern: 'github.com/acme/*',
          tokenId: token.id,
          createdAt: '2026-01-01T00:00:00.000Z',
        }),
      );
      expect(first).toEqual({
        id: first.id,
        ownerId: owner.id,
        pattern: 'github.com/acme/*',
        tokenId: token.id,
        createdAt: '2026-01-01T00:00:00.000Z',
      });
      const second = unwrap(
        await store.gitRules.insert({
          id: store.newId(),
          ownerId: owner.id,
          pattern: 'github.com',
          tokenId: token.id,
        }),
      );
      expect(unwrap(await store.gitRules.list(owner.id)).map((rule) => rule.id)).toEqual([
        first.id,
        second.id,
      ]);
      expect(unwrap(await store.gitRules.delete(owner.id, first.id))).toEqual(first);
      expect(unwrap(await store.gitRules.list(owner.id))).toEqual([second]);
      expect(errorCode(await store.gitRules.delete(owner.id, first.id))).toBe('not_found');
    });

    it('keeps one rule per pattern and owner; other owners have their own', async () => {
      const { store } = get();
      const [alice, bob] = [await makeOwner(store), await makeOwner(store)];
      const aliceToken = unwrap(await store.tokens.insert(makeToken(store, alice.id)));
      const bobToken = unwrap(await store.tokens.insert(makeToken(store, bob.id)));
      const rule = (ownerId: string, tokenId: string) => ({
        id: store.newId(),
        ownerId,
        pattern: 'gitlab.com/acme/*',
        tokenId,
      });
      unwrap(await store.gitRules.insert(rule(alice.id, aliceToken.id)));
      expect(errorCode(await store.gitRules.insert(rule(alice.id, aliceToken.id)))).toBe('conflict');
      unwrap(await store.gitRules.insert(rule(bob.id, bobToken.id)));
      expect(unwrap(await store.gitRules.list(alice.id))).toHaveLength(1);
      const bobs = unwrap(await store.gitRules.list(bob.id));
      expect(bobs.map((r) => r.tokenId)).toEqual([bobToken.id]);
      // Another owner's rule is not found, like an unknown one, and stays.
      expect(errorCode(await store.gitRules.delete(alice.id, bobs[0]?.id ?? ''))).toBe('not_found');
      expect(unwrap(await store.gitRules.list(bob.id))).toHaveLength(1);
    });

    it('refuses a token that is missing or another owner’s', async () => {
      const { store } = get();
      const [alice, bob] = [await makeOwner(store), await makeOwner(store)];
      const bobToken = unwrap(await store.tokens.insert(makeToken(store, bob.id)));
      const rule = (tokenId: string) => ({
        id: store.newId(),
        ownerId: alice.id,
        pattern: 'github.com',
        tokenId,
      });
      expect(errorCode(await store.gitRules.insert(rule('missing')))).toBe('not_found');
      expect(errorCode(await store.gitRules.insert(rule(bobToken.id)))).toBe('not_found');
      expect(unwrap(await store.gitRules.list(alice.id))).toEqual([]);
    });

    it('deletes a token’s rules with the token, and rolls back with a failed transaction', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const kept = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      const gone = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      const add = (pattern: string, tokenId: string) =>
        store.gitRules.insert({ id: store.newId(), ownerId: owner.id, pattern, tokenId });
      unwrap(await add('github.com/kept/*', kept.id));
      unwrap(await add('github.com/gone/*', gone.id));
      unwrap(await store.tokens.delete(owner.id, gone.id));
      expect(unwrap(await store.gitRules.list(owner.id)).map((r) => r.pattern)).toEqual([
        'github.com/kept/*',
      ]);

      const failed = await store.transaction(async (tx) => {
        const added = await tx.gitRules.insert({
          id: store.newId(),
          ownerId: owner.id,
          pattern: 'github.com/rolled-back/*',
          tokenId: kept.id,
        });
        if (!added.ok) return added;
        return tx.gitRules.insert({ id: store.newId(), ownerId: owner.id, pattern: 'x', tokenId: 'missing' });
      });
      expect(failed.ok).toBe(false);
      expect(unwrap(await store.gitRules.list(owner.id)).map((r) => r.pattern)).toEqual([
        'github.com/kept/*',
      ]);
    });
  });
}
