import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../secrets.js';
import { type AccountsFixture, failure, HOUR, MINUTE, must } from './accounts-fixture.js';

export function sessionsSuite(get: () => AccountsFixture): void {
  describe('sessions, CSRF and passwords', () => {
    it('ends a session after an hour idle, and keeps a busy one alive', async () => {
      const { accounts, signUp, advance } = get();
      const { login } = await signUp();
      const token = login.sessionToken.reveal();
      for (let i = 0; i < 3; i += 1) {
        advance(50 * MINUTE);
        must(await accounts.authenticateSession(token));
      }
      advance(HOUR + 1_000);
      const ended = failure(await accounts.authenticateSession(token));
      expect(ended.code).toBe('unauthenticated');
      expect(failure(await accounts.authenticateSession(token)).code).toBe('unauthenticated');
    });

    it('ends a session 12 hours after sign-in however busy, and writes last-seen at most once a minute', async () => {
      const { accounts, signUp, advance } = get();
      const { login } = await signUp();
      const token = login.sessionToken.reveal();
      advance(30_000);
      expect(must(await accounts.authenticateSession(token)).session.lastSeenAt).toBe(
        must(await accounts.authenticateSession(token)).session.createdAt,
      );
      advance(31_000);
      const touched = must(await accounts.authenticateSession(token)).session;
      expect(touched.lastSeenAt).not.toBe(touched.createdAt);
      expect(Date.parse(touched.idleExpiresAt) - Date.parse(touched.lastSeenAt)).toBe(HOUR);

      for (let elapsed = 0; elapsed < 12 * HOUR - 50 * MINUTE; elapsed += 50 * MINUTE) {
        advance(50 * MINUTE);
        must(await accounts.authenticateSession(token));
      }
      advance(50 * MINUTE);
      expect(failure(await accounts.authenticateSession(token)).code).toBe('unauthenticated');
    });

    it('logs out, twice harmlessly; refuses malformed and unknown tokens', async () => {
      const { accounts, signUp } = get();
      const { login } = await signUp();
      const token = login.sessionToken.reveal();
      must(await accounts.logout(token));
      must(await accounts.logout(token));
      expect(failure(await accounts.authenticateSession(token)).code).toBe('unauthenticated');
      for (const bad of ['', 'x', `${token}x`, 'A'.repeat(43)]) {
        expect(failure(await accounts.authenticateSession(bad)).code).toBe('unauthenticated');
      }
    });

    it('verifies the CSRF token of the session only', async () => {
      const { accounts, signUp } = get();
      const [a, b] = [await signUp(), await signUp()];
      must(accounts.verifyCsrf(a.auth, a.login.csrfToken));
      // After a reload the page gets the same token from the session.
      const again = must(await accounts.authenticateSession(a.login.sessionToken.reveal()));
      must(accounts.verifyCsrf(again, again.csrfToken));
      for (const bad of [b.login.csrfToken, '', null, undefined, a.login.csrfToken.slice(1)]) {
        expect(failure(accounts.verifyCsrf(a.auth, bad)).code).toBe('csrf_failed');
      }
      expect(a.login.csrfToken).not.toContain(a.login.sessionToken.reveal());
    });

    it('changes a password with the current one and ends every other session', async () => {
      const { accounts, signUp, ip } = get();
      const { user, password, login, auth } = await signUp();
      const other = must(await accounts.login({ username: user.username, password, ip: ip() }));
      const newPassword = 'a much better passphrase';

      expect(
        failure(await accounts.changePassword(auth, { currentPassword: 'wrong one!', newPassword })).code,
      ).toBe('invalid_credentials');
      for (const weak of ['short', user.username.toUpperCase()]) {
        const refused = failure(
          await accounts.changePassword(auth, { currentPassword: password, newPassword: weak }),
        );
        expect(refused.code).toBe('password_too_weak');
      }
      get().advance(1_000);
      const changed = must(await accounts.changePassword(auth, { currentPassword: password, newPassword }));
      expect(changed).toEqual({ revokedSessions: 1 });

      must(await accounts.authenticateSession(login.sessionToken.reveal()));
      expect(failure(await accounts.authenticateSession(other.sessionToken.reveal())).code).toBe(
        'unauthenticated',
      );
      expect(failure(await accounts.login({ username: user.username, password, ip: ip() })).code).toBe(
        'invalid_credentials',
      );
      const relogin = must(
        await accounts.login({ username: user.username, password: newPassword, ip: ip() }),
      );
      expect(relogin.user.passwordChangedAt).toBe(get().now().toISOString());
    });

    it('upgrades an old password hash at the next login', async () => {
      const { store, serviceOver, signUp, ip } = get();
      const { user, password } = await signUp();
      const stronger = serviceOver(store, {
        passwordHashing: { memoryCost: 2048, timeCost: 2, parallelism: 1 },
      });
      expect(must(await store.users.passwordHash(user.id))).toContain('$m=1024,t=1,p=1$');
      must(await stronger.login({ username: user.username, password, ip: ip() }));
      expect(must(await store.users.passwordHash(user.id))).toContain('$m=2048,t=2,p=1$');
      must(await stronger.login({ username: user.username, password, ip: ip() }));
    });

    it('prunes ended sessions', async () => {
      const { accounts, store, signUp, advance } = get();
      const { login } = await signUp();
      advance(13 * HOUR);
      const pruned = must(await accounts.pruneExpired());
      expect(pruned.sessions).toBeGreaterThanOrEqual(1);
      expect(must(await store.sessions.findByTokenHash(sha256Hex(login.sessionToken.reveal())))).toBeNull();
    });
  });
}
