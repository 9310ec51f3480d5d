import { describe, expect, it } from 'vitest';
import type { ContractContext } from '../store.contract.js';
import { makeNewUser, makeSession, makeUser, randomHash } from '../testing/account-factories.js';
import { errorCode, unwrap } from '../testing/factories.js';

export function usersContract(get: () => ContractContext): void {
  describe('users and sessions', () => {
    it('creates a user as an owner of kind user, and reads it back by id and by any-case username', async () => {
      const { store } = get();
      const input = makeNewUser(store, { role: 'admin', createdAt: '2026-01-02T03:04:05Z' });
      const user = unwrap(await store.users.insert(input));
      expect(user).toEqual({
        id: input.id,
        username: input.username,
        displayName: input.displayName,
        role: 'admin',
        disabled: false,
        hasPassword: true,
        createdAt: '2026-01-02T03:04:05.000Z',
        passwordChangedAt: '2026-01-02T03:04:05.000Z',
      });
      expect(unwrap(await store.owners.get(input.id))).toMatchObject({ kind: 'user', name: input.username });
      expect(unwrap(await store.users.get(input.id))).toEqual(user);

      const found = unwrap(await store.users.credentials(input.username.toUpperCase()));
      expect(found).toEqual({ user, passwordHash: input.passwordHash });
      expect(unwrap(await store.users.credentials(`${input.username}x`))).toBeNull();
      expect(unwrap(await store.users.passwordHash(input.id))).toBe(input.passwordHash);
      expect(errorCode(await store.users.get('nobody'))).toBe('not_found');
    });

    it('keeps usernames unique without regard to case, and writes nothing on a clash', async () => {
      const { store } = get();
      const first = await makeUser(store);
      const clash = makeNewUser(store, { username: first.username.toLowerCase() });
      expect(errorCode(await store.users.insert(clash))).toBe('conflict');
      expect(errorCode(await store.owners.get(clash.id))).toBe('not_found');
    });

    it('keeps an invited user without a password until one is set', async () => {
      const { store } = get();
      const invited = await makeUser(store, { passwordHash: null });
      expect(invited).toMatchObject({ hasPassword: false, passwordChangedAt: null });
      expect(unwrap(await store.users.credentials(invited.username))?.passwordHash).toBeNull();

      const set = unwrap(await store.users.setPassword(invited.id, '$argon2id$new', '2026-03-01T00:00:00Z'));
      expect(set).toMatchObject({ hasPassword: true, passwordChangedAt: '2026-03-01T00:00:00.000Z' });
      expect(unwrap(await store.users.passwordHash(invited.id))).toBe('$argon2id$new');
      expect(errorCode(await store.users.setPassword('nobody', 'x', '2026-03-01T00:00:00Z'))).toBe(
        'not_found',
      );
    });

    it('disables users and counts the active administrators', async () => {
      const { store } = get();
      const before = unwrap(await store.users.countActiveAdmins());
      const admin = await makeUser(store, { role: 'admin' });
      await makeUser(store, { role: 'user' });
      expect(unwrap(await store.users.countActiveAdmins())).toBe(before + 1);
      expect(unwrap(await store.users.setDisabled(admin.id, true)).disabled).toBe(true);
      expect(unwrap(await store.users.countActiveAdmins())).toBe(before);
      expect(unwrap(await store.users.setDisabled(admin.id, false)).disabled).toBe(false);
    });

    it('lists users oldest first', async () => {
      const { store } = get();
      const a = await makeUser(store, { createdAt: '2020-01-01T00:00:00Z' });
      const b = await makeUser(store, { createdAt: '2020-01-02T00:00:00Z' });
      const ids = unwrap(await store.users.list()).map((u) => u.id);
      expect(ids.indexOf(a.id)).toBeGreaterThanOrEqual(0);
      expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
    });

    it('finds sessions by token hash, touches them once per interval and deletes them', async () => {
      const { store } = get();
      const user = await makeUser(store);
      const input = makeSession(store, user.id, { lastSeenAt: '2026-01-01T00:00:00Z' });
      const session = unwrap(await store.sessions.insert(input));
      expect(unwrap(await store.sessions.findByTokenHash(input.tokenHash))).toEqual(session);
      expect(unwrap(await store.sessions.findByTokenHash(randomHash()))).toBeNull();

      expect(
        unwrap(await store.sessions.touch(session.id, '2026-01-01T00:00:30Z', '2025-12-31T23:59:30Z')),
      ).toBe(false);
      expect(
        unwrap(await store.sessions.touch(session.id, '2026-01-01T00:02:00Z', '2026-01-01T00:01:00Z')),
      ).toBe(true);
      expect(unwrap(await store.sessions.findByTokenHash(input.tokenHash))?.lastSeenAt).toBe(
        '2026-01-01T00:02:00.000Z',
      );
      expect(errorCode(await store.sessions.insert({ ...input, id: store.newId() }))).toBe('conflict');
      expect(errorCode(await store.sessions.insert(makeSession(store, 'nobody')))).toBe('not_found');

      expect(unwrap(await store.sessions.delete(session.id))).toBe(true);
      expect(unwrap(await store.sessions.delete(session.id))).toBe(false);
      expect(unwrap(await store.sessions.findByTokenHash(input.tokenHash))).toBeNull();
    });

    it('deletes a user’s other sessions, and expired or idle sessions', async () => {
      const { store } = get();
      const [user, other] = [await makeUser(store), await makeUser(store)];
      const keep = unwrap(await store.sessions.insert(makeSession(store, user.id)));
      for (let i = 0; i < 3; i += 1) unwrap(await store.sessions.insert(makeSession(store, user.id)));
      const others = unwrap(await store.sessions.insert(makeSession(store, other.id)));
      expect(unwrap(await store.sessions.deleteForUser(user.id, keep.id))).toBe(3);
      expect(unwrap(await store.sessions.findByTokenHash(keep.tokenHash))).not.toBeNull();
      expect(unwrap(await store.sessions.findByTokenHash(others.tokenHash))).not.toBeNull();

      const expired = unwrap(
        await store.sessions.insert(makeSession(store, other.id, { expiresAt: '2000-01-01T00:00:00Z' })),
      );
      const idle = unwrap(
        await store.sessions.insert(makeSession(store, other.id, { lastSeenAt: '2000-01-01T00:00:00Z' })),
      );
      const now = new Date();
      const idleBefore = new Date(now.getTime() - 60_000).toISOString();
      expect(
        unwrap(await store.sessions.deleteExpired(now.toISOString(), idleBefore)),
      ).toBeGreaterThanOrEqual(2);
      expect(unwrap(await store.sessions.findByTokenHash(expired.tokenHash))).toBeNull();
      expect(unwrap(await store.sessions.findByTokenHash(idle.tokenHash))).toBeNull();
      expect(unwrap(await store.sessions.findByTokenHash(keep.tokenHash))).not.toBeNull();
    });
  });
}
