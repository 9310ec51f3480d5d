import { describe, expect, it } from 'vitest';
import { type AccountsFixture, ADMIN, failure, HOUR, must } from './accounts-fixture.js';

export function usersSuite(get: () => AccountsFixture): void {
  describe('users and invitations', () => {
    it('lets administrators, and only them, create and list users; usernames ignore case', async () => {
      const { accounts, store, signUp, asAdmin } = get();
      const admin = await asAdmin();
      const { auth } = await signUp();
      const input = { username: `Ada-${Date.now()}`, password: 'analytical engine', displayName: 'Ada L.' };
      expect(failure(await accounts.createUser(auth.principal, input)).code).toBe('forbidden');
      const ada = must(await accounts.createUser(admin.principal, input));
      expect(ada).toMatchObject({
        username: input.username,
        displayName: 'Ada L.',
        role: 'user',
        status: 'active',
      });
      // Every user is an owner of tokens, with the same id.
      expect(must(await store.owners.get(ada.ownerId))).toMatchObject({ id: ada.id, kind: 'user' });

      const clash = failure(
        await accounts.createUser(admin.principal, { ...input, username: input.username.toUpperCase() }),
      );
      expect(clash.code).toBe('conflict');
      for (const username of ['', ' spaced', 'a b', 'ädmin', 'x'.repeat(65)]) {
        expect(failure(await accounts.createUser(admin.principal, { ...input, username })).code).toBe(
          'invalid_input',
        );
      }
      expect(
        failure(
          await accounts.createUser(admin.principal, {
            ...input,
            username: 'twelve-chars',
            password: 'TWELVE-CHARS',
          }),
        ).code,
      ).toBe('password_too_weak');

      const users = must(await accounts.listUsers(admin.principal));
      expect(users.map((u) => u.username)).toContain(input.username);
      expect(users.map((u) => u.username)).toContain(ADMIN.username);
      expect(JSON.stringify(users)).not.toContain('argon2');
      expect(failure(await accounts.listUsers(auth.principal)).code).toBe('forbidden');
    });

    it('invites a user, who sets their own password once with the code', async () => {
      const { accounts, asAdmin, ip, target } = get();
      const admin = await asAdmin();
      const username = `invitee-${Date.now()}`;
      const invitation = must(await accounts.invite(admin.principal, { username, role: 'admin' }));
      expect(invitation.user).toMatchObject({
        username,
        role: 'admin',
        status: 'invited',
        passwordChangedAt: null,
      });
      const code = invitation.code.reveal();
      expect(await target.contents()).not.toContain(code.replace(/-/g, ''));

      // Invited, no password yet: cannot sign in, and says so like any wrong password.
      expect(failure(await accounts.login({ username, password: 'anything at all', ip: ip() })).code).toBe(
        'invalid_credentials',
      );
      expect(failure(await accounts.redeemInvite({ code, password: username })).code).toBe(
        'password_too_weak',
      );
      expect(failure(await accounts.redeemInvite({ code: 'ABCD', password: 'my own password' })).code).toBe(
        'invite_invalid',
      );
      const redeemed = must(await accounts.redeemInvite({ code, password: 'my own password' }));
      expect(redeemed.status).toBe('active');
      expect(failure(await accounts.redeemInvite({ code, password: 'another password' })).code).toBe(
        'invite_invalid',
      );
      const login = must(await accounts.login({ username, password: 'my own password', ip: ip() }));
      expect(login.user.role).toBe('admin');

      expect(failure(await accounts.invite(admin.principal, { username })).code).toBe('conflict');
    });

    it('replaces an unredeemed invitation, and lets invitations expire', async () => {
      const { accounts, asAdmin, advance } = get();
      const admin = await asAdmin();
      const username = `late-${Date.now()}`;
      const first = must(await accounts.invite(admin.principal, { username }));
      const second = must(await accounts.invite(admin.principal, { username }));
      expect(second.user.id).toBe(first.user.id);
      expect(
        failure(await accounts.redeemInvite({ code: first.code.reveal(), password: 'a fine password' })).code,
      ).toBe('invite_invalid');
      advance(7 * 24 * HOUR + 1_000);
      expect(
        failure(await accounts.redeemInvite({ code: second.code.reveal(), password: 'a fine password' }))
          .code,
      ).toBe('invite_invalid');
    });

    it('disables users: their sessions end and they cannot sign in until enabled', async () => {
      const { accounts, asAdmin, signUp, ip } = get();
      const admin = await asAdmin();
      const { user, password, login } = await signUp();
      expect(failure(await accounts.disableUser(admin.principal, admin.principal.userId)).code).toBe(
        'conflict',
      );
      expect(failure(await accounts.disableUser((await signUp()).auth.principal, user.id)).code).toBe(
        'forbidden',
      );

      expect(must(await accounts.disableUser(admin.principal, user.id)).status).toBe('disabled');
      expect(failure(await accounts.authenticateSession(login.sessionToken.reveal())).code).toBe(
        'unauthenticated',
      );
      expect(failure(await accounts.login({ username: user.username, password, ip: ip() })).code).toBe(
        'invalid_credentials',
      );
      expect(must(await accounts.enableUser(admin.principal, user.id)).status).toBe('active');
      must(await accounts.login({ username: user.username, password, ip: ip() }));
      expect(failure(await accounts.disableUser(admin.principal, 'nobody')).code).toBe('not_found');
    });

    it('gives each user a principal for their own owner only', async () => {
      const { accounts, signUp } = get();
      const [a, b] = [await signUp(), await signUp()];
      expect(a.auth.principal.ownerId).toBe(a.user.id);
      expect(b.auth.principal.ownerId).toBe(b.user.id);
      expect(a.auth.principal.ownerId).not.toBe(b.auth.principal.ownerId);
      const key = must(await accounts.createApiKey(b.auth.principal, { name: 'b', scopes: ['tokens:use'] }));
      expect(must(await accounts.authenticateApiKey(key.key.reveal())).ownerId).toBe(b.user.id);
      expect(must(await accounts.listApiKeys(a.auth.principal))).toEqual([]);
    });
  });
}
