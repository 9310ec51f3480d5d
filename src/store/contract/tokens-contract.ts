import { describe, expect, it } from 'vitest';
import type { ContractContext } from '../store.contract.js';
import { errorCode, makeOwner, makeSealed, makeToken, unwrap } from '../testing/factories.js';

export function tokensContract(get: () => ContractContext): void {
  describe('tokens', () => {
    it('stores a token and gives back its metadata and, separately, its sealed parts', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const input = makeToken(store, owner.id, {
        forge: 'bitbucket',
        apiUrl: 'https://api.bitbucket.org/2.0',
        kind: 'api_token',
        email: 'ada@example.com',
        label: 'work',
        scopes: null,
        expiresAt: '2030-06-01T12:00:00+02:00',
        statusCode: 'insufficient_scope',
        status: 'insufficient_scope',
      });
      const record = unwrap(await store.tokens.insert(input));
      expect(record).toEqual({
        id: input.id,
        ownerId: owner.id,
        forge: 'bitbucket',
        apiUrl: 'https://api.bitbucket.org/2.0',
        label: 'work',
        account: input.account,
        email: 'ada@example.com',
        kind: 'api_token',
        scopes: null,
        expiresAt: '2030-06-01T10:00:00.000Z',
        status: 'insufficient_scope',
        statusCode: 'insufficient_scope',
        lastCheckedAt: null,
        lastUsedAt: null,
        createdAt: record.createdAt,
        updatedAt: record.createdAt,
        mask: input.mask,
        fingerprint: input.fingerprint,
        isDefault: false,
        keyId: 'key-1',
      });
      expect(record).not.toHaveProperty('sealed');
      expect(unwrap(await store.tokens.get(owner.id, input.id))).toEqual(record);
      expect(unwrap(await store.tokens.getSealed(owner.id, input.id))).toEqual(input.sealed);
      expect(unwrap(await store.tokens.getWithSealed(owner.id, input.id))).toEqual({
        record,
        sealed: input.sealed,
      });
    });

    it('keeps owners apart: owner B never sees, changes or deletes owner A’s token', async () => {
      const { store } = get();
      const [a, b] = [await makeOwner(store), await makeOwner(store)];
      const token = unwrap(await store.tokens.insert(makeToken(store, a.id)));
      unwrap(await store.tokens.insert(makeToken(store, b.id)));

      expect(unwrap(await store.tokens.list(b.id)).map((t) => t.ownerId)).toEqual([b.id]);
      expect(errorCode(await store.tokens.get(b.id, token.id))).toBe('not_found');
      expect(errorCode(await store.tokens.getSealed(b.id, token.id))).toBe('not_found');
      expect(errorCode(await store.tokens.getWithSealed(b.id, token.id))).toBe('not_found');
      expect(errorCode(await store.tokens.update(b.id, token.id, { label: 'mine' }))).toBe('not_found');
      expect(errorCode(await store.tokens.setDefault(b.id, token.id))).toBe('not_found');
      expect(errorCode(await store.tokens.delete(b.id, token.id))).toBe('not_found');
      expect(unwrap(await store.tokens.get(a.id, token.id))).toEqual(token);
    });

    it('lists an owner’s tokens oldest first, filtered by forge, API URL and status', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const at = (minute: number) => `2026-01-01T00:0${minute}:00.000Z`;
      const third = makeToken(store, owner.id, { createdAt: at(3), status: 'expired' });
      const first = makeToken(store, owner.id, { createdAt: at(1) });
      const second = makeToken(store, owner.id, {
        createdAt: at(2),
        forge: 'gitlab',
        kind: 'personal',
        apiUrl: 'https://gitlab.example.com/api/v4',
      });
      for (const t of [third, first, second]) unwrap(await store.tokens.insert(t));
      const ids = async (filter?: Parameters<typeof store.tokens.list>[1]) =>
        unwrap(await store.tokens.list(owner.id, filter)).map((t) => t.id);

      expect(await ids()).toEqual([first.id, second.id, third.id]);
      expect(await ids({ forge: 'github' })).toEqual([first.id, third.id]);
      expect(await ids({ apiUrl: 'https://gitlab.example.com/api/v4' })).toEqual([second.id]);
      expect(await ids({ statuses: ['expired'] })).toEqual([third.id]);
      expect(await ids({ statuses: [] })).toEqual([]);
    });

    it('refuses a second insert of the same token, and a token of an unknown owner', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const token = makeToken(store, owner.id);
      unwrap(await store.tokens.insert(token));
      const again = { ...token, id: store.newId() };
      expect(errorCode(await store.tokens.insert(again))).toBe('conflict');
      expect(errorCode(await store.tokens.insert(makeToken(store, 'no-such-owner')))).toBe('not_found');
      expect(errorCode(await store.tokens.insert({ ...token, expiresAt: 'soon' }))).toBe('invalid_input');
      expect(errorCode(await store.tokens.insert({ ...token, forge: 'gitlab' }))).toBe('invalid_input');
      expect(unwrap(await store.tokens.list(owner.id))).toHaveLength(1);
    });

    it('upserts by fingerprint: the same token twice is one record, keeping id, creation and secret', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const first = makeToken(store, owner.id, { label: 'laptop', email: 'ada@example.com' });
      const created = unwrap(await store.tokens.upsertByFingerprint(first));
      expect(created.created).toBe(true);

      const second = makeToken(store, owner.id, {
        fingerprint: first.fingerprint,
        status: 'expiring',
        scopes: ['repo'],
        lastCheckedAt: '2026-02-01T00:00:00.000Z',
        sealed: makeSealed('key-2'),
      });
      const updated = unwrap(await store.tokens.upsertByFingerprint(second));
      expect(updated.created).toBe(false);
      expect(updated.record).toMatchObject({
        id: first.id,
        createdAt: created.record.createdAt,
        label: 'laptop',
        email: 'ada@example.com',
        status: 'expiring',
        scopes: ['repo'],
        lastCheckedAt: '2026-02-01T00:00:00.000Z',
        keyId: 'key-1',
      });
      // The sealed secret is bound to the first id; the second one's would not open in this row.
      expect(unwrap(await store.tokens.getSealed(owner.id, first.id))).toEqual(first.sealed);
      expect(unwrap(await store.tokens.list(owner.id))).toHaveLength(1);
    });

    it('upserts concurrently: 20 adds of one token leave one record, created once', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const other = await makeOwner(store);
      const fingerprint = makeToken(store, owner.id).fingerprint;
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, () =>
          store.tokens.upsertByFingerprint(makeToken(store, owner.id, { fingerprint })),
        ),
      );
      const values = outcomes.map(unwrap);
      expect(values.filter((o) => o.created)).toHaveLength(1);
      expect(new Set(values.map((o) => o.record.id)).size).toBe(1);
      expect(unwrap(await store.tokens.list(owner.id))).toHaveLength(1);
      // The same token text kept by another owner is that owner's own record.
      unwrap(await store.tokens.upsertByFingerprint(makeToken(store, other.id, { fingerprint })));
      expect(unwrap(await store.tokens.list(other.id))).toHaveLength(1);
    });

    it('updates metadata and the secret, bumping updatedAt', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const token = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      const taken = unwrap(await store.tokens.insert(makeToken(store, owner.id)));
      const sealed = makeSealed('key-2');
      await new Promise((resolve) => setTimeout(resolve, 5));
      const updated = unwrap(
        await store.tokens.update(owner.id, token.id, {
          status: 'invalid',
          statusCode: 'bad_credentials',
          lastCheckedAt: '2026-03-01T10:00:00Z',
          account: null,
          scopes: [],
          sealed,
          fingerprint: 'f'.repeat(64),
          mask: 'ghp_…abcd',
        }),
      );
      expect(updated).toMatchObject({
        status: 'invalid',
        statusCode: 'bad_credentials',
        lastCheckedAt: '2026-03-01T10:00:00.000Z',
        account: null,
        scopes: [],
        keyId: 'key-2',
        mask: 'ghp_…abcd',
        label: token.label,
      });
      expect(updated.updatedAt > token.updatedAt).toBe(true);
      expect(unwrap(await store.tokens.getSealed(owner.id, token.id))).toEqual(sealed);
      const clash = await store.tokens.update(owner.id, token.id, { fingerprint: taken.fingerprint });
      expect(errorCode(clash)).toBe('conflict');
      expect(errorCode(await store.tokens.update(owner.id, 'missing', { label: 'x' }))).toBe('not_found');
    });

    it('deletes a token with its ciphertext', async () => {
      const { store } = get();
      const owner = await makeOwner(store);
      const token = unwrap(
        await store.tokens.insert(makeToken(store, owner.id, { sealed: makeSealed('key-del') })),
      );
      expect(unwrap(await store.tokens.delete(owner.id, token.id))).toEqual(token);
      expect(errorCode(await store.tokens.get(owner.id, token.id))).toBe('not_found');
      expect(errorCode(await store.tokens.getSealed(owner.id, token.id))).toBe('not_found');
      expect(unwrap(await store.tokens.countSealed('key-del'))).toBe(0);
      expect(errorCode(await store.tokens.delete(owner.id, token.id))).toBe('not_found');
    });
  });
}
