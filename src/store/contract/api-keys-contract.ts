import { describe, expect, it } from 'vitest';
import type { ContractContext } from '../store.contract.js';
import { makeApiKey, makeUser } from '../testing/account-factories.js';
import { errorCode, unwrap } from '../testing/factories.js';

export function apiKeysContract(get: () => ContractContext): void {
  describe('API keys', () => {
    it('stores a key’s metadata and hash, and finds it by its public id', async () => {
      const { store } = get();
      const user = await makeUser(store);
      const input = makeApiKey(store, user.id, {
        scopes: ['tokens:read', 'tokens:use'],
        createdAt: '2026-01-01T00:00:00Z',
        expiresAt: '2027-01-01T00:00:00Z',
      });
      const key = unwrap(await store.apiKeys.insert(input));
      expect(key).toEqual({
        ...input,
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: '2027-01-01T00:00:00.000Z',
        lastUsedAt: null,
        revokedAt: null,
      });
      expect(unwrap(await store.apiKeys.findByPublicId(input.publicId))).toEqual(key);
      expect(unwrap(await store.apiKeys.findByPublicId('nope'))).toBeNull();
      expect(unwrap(await store.apiKeys.get(key.id))).toEqual(key);
      expect(errorCode(await store.apiKeys.get('nope'))).toBe('not_found');
      expect(errorCode(await store.apiKeys.insert(makeApiKey(store, 'nobody')))).toBe('not_found');
    });

    it('lists a user’s keys oldest first, and only theirs', async () => {
      const { store } = get();
      const [user, other] = [await makeUser(store), await makeUser(store)];
      const a = unwrap(await store.apiKeys.insert(makeApiKey(store, user.id)));
      const b = unwrap(await store.apiKeys.insert(makeApiKey(store, user.id)));
      unwrap(await store.apiKeys.insert(makeApiKey(store, other.id)));
      expect(unwrap(await store.apiKeys.listForUser(user.id))).toEqual([a, b]);
    });

    it('keeps live key names unique per user; a revoked key’s name is free again', async () => {
      const { store } = get();
      const [user, other] = [await makeUser(store), await makeUser(store)];
      const first = unwrap(await store.apiKeys.insert(makeApiKey(store, user.id, { name: 'jenkins' })));
      expect(errorCode(await store.apiKeys.insert(makeApiKey(store, user.id, { name: 'jenkins' })))).toBe(
        'conflict',
      );
      unwrap(await store.apiKeys.insert(makeApiKey(store, other.id, { name: 'jenkins' })));
      expect(
        errorCode(await store.apiKeys.insert(makeApiKey(store, other.id, { publicId: first.publicId }))),
      ).toBe('conflict');

      const revoked = unwrap(await store.apiKeys.revoke(first.id, '2026-02-01T00:00:00Z'));
      expect(revoked.revokedAt).toBe('2026-02-01T00:00:00.000Z');
      // Revoking again keeps the first time.
      expect(unwrap(await store.apiKeys.revoke(first.id, '2026-03-01T00:00:00Z')).revokedAt).toBe(
        '2026-02-01T00:00:00.000Z',
      );
      unwrap(await store.apiKeys.insert(makeApiKey(store, user.id, { name: 'jenkins' })));
      expect(errorCode(await store.apiKeys.revoke('nope', '2026-03-01T00:00:00Z'))).toBe('not_found');
    });

    it('writes last-used at most once per interval', async () => {
      const { store } = get();
      const user = await makeUser(store);
      const key = unwrap(await store.apiKeys.insert(makeApiKey(store, user.id)));
      const touch = (at: string, ifBefore: string) => store.apiKeys.touch(key.id, at, ifBefore);
      expect(unwrap(await touch('2026-01-01T00:00:00Z', '2025-12-31T23:59:00Z'))).toBe(true);
      expect(unwrap(await touch('2026-01-01T00:00:30Z', '2025-12-31T23:59:30Z'))).toBe(false);
      expect(unwrap(await touch('2026-01-01T00:01:00Z', '2026-01-01T00:00:00.001Z'))).toBe(true);
      expect(unwrap(await store.apiKeys.get(key.id)).lastUsedAt).toBe('2026-01-01T00:01:00.000Z');
    });
  });
}
