import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../../domain/errors/catalogue.js';
import { type AccountsFixture, failure, MINUTE, must } from './accounts-fixture.js';

export function loginSuite(get: () => AccountsFixture): void {
  describe('login and lockout', () => {
    it('signs a user in with any case of the username and gives a session and a CSRF token', async () => {
      const { accounts, signUp, ip } = get();
      const { user, password } = await signUp();
      const login = must(await accounts.login({ username: user.username.toUpperCase(), password, ip: ip() }));
      expect(login.user).toEqual(user);
      expect(login.sessionToken.reveal()).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(login.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(login)).not.toContain(login.sessionToken.reveal());
      expect(Date.parse(login.expiresAt) - get().now().getTime()).toBeCloseTo(12 * 60 * MINUTE, -4);

      const auth = must(await accounts.authenticateSession(login.sessionToken.reveal()));
      expect(auth.principal).toMatchObject({
        userId: user.id,
        ownerId: user.id,
        username: user.username,
        role: 'user',
        via: 'session',
        apiKeyId: null,
      });
      expect([...auth.principal.scopes].sort()).toEqual(['tokens:read', 'tokens:use']);
      expect(auth.csrfToken).toBe(login.csrfToken);
    });

    it('answers unknown users and wrong passwords alike', async () => {
      const { accounts, signUp, ip } = get();
      const { user } = await signUp();
      const wrong = failure(
        await accounts.login({ username: user.username, password: 'wrong password!', ip: ip() }),
      );
      const unknown = failure(
        await accounts.login({ username: 'nobody-here', password: 'whatever it is', ip: ip() }),
      );
      expect(wrong).toEqual(unknown);
      expect(wrong).toEqual({
        code: 'invalid_credentials',
        message: CATALOGUE.invalid_credentials.message,
        remediation: CATALOGUE.invalid_credentials.remediation,
      });
    });

    it('locks a username after 5 failures in 15 minutes, releases it after the lockout, then backs off', async () => {
      const { accounts, signUp, ip, advance } = get();
      const { user, password } = await signUp();
      const attempt = (pw: string) => accounts.login({ username: user.username, password: pw, ip: ip() });
      for (let i = 0; i < 4; i += 1)
        expect(failure(await attempt('wrong password!')).code).toBe('invalid_credentials');
      // A success before the limit starts the count again.
      must(await attempt(password));
      for (let i = 0; i < 5; i += 1)
        expect(failure(await attempt('wrong password!')).code).toBe('invalid_credentials');

      const locked = failure(await attempt(password));
      expect(locked.code).toBe('login_locked');
      const retryAt = String(locked.details?.retryAt);
      expect(Date.parse(retryAt) - get().now().getTime()).toBeCloseTo(15 * MINUTE, -4);
      advance(14 * MINUTE);
      expect(failure(await attempt(password)).code).toBe('login_locked');
      advance(MINUTE + 1_000);
      must(await attempt(password));

      // Success forgot the failures; a new series locks for the base again…
      for (let i = 0; i < 5; i += 1) failure(await attempt('wrong password!'));
      advance(15 * MINUTE + 1_000);
      // …and a second lockout without a success in between lasts twice as long.
      for (let i = 0; i < 5; i += 1) failure(await attempt('wrong password!'));
      const second = failure(await attempt(password));
      expect(Date.parse(String(second.details?.retryAt)) - get().now().getTime()).toBeCloseTo(
        30 * MINUTE,
        -4,
      );
    });

    it('locks unknown usernames the same way, so a lockout tells nothing about existence', async () => {
      const { accounts, ip } = get();
      const attempt = () => accounts.login({ username: 'ghost-user', password: 'some password', ip: ip() });
      for (let i = 0; i < 5; i += 1) expect(failure(await attempt()).code).toBe('invalid_credentials');
      expect(failure(await attempt()).code).toBe('login_locked');
    });

    it('locks an address after 20 failures across usernames', async () => {
      const { accounts, signUp, ip } = get();
      const { user, password } = await signUp();
      const address = ip();
      for (let i = 0; i < 20; i += 1) {
        failure(await accounts.login({ username: `spray-${i}`, password: 'password guess', ip: address }));
      }
      expect(failure(await accounts.login({ username: user.username, password, ip: address })).code).toBe(
        'login_locked',
      );
      must(await accounts.login({ username: user.username, password, ip: ip() }));
    });

    it('lets an administrator lift a username’s lockout', async () => {
      const { accounts, signUp, ip, asAdmin } = get();
      const { user, password } = await signUp();
      for (let i = 0; i < 5; i += 1)
        failure(await accounts.login({ username: user.username, password: 'nope nope', ip: ip() }));
      expect(failure(await accounts.login({ username: user.username, password, ip: ip() })).code).toBe(
        'login_locked',
      );
      const admin = await asAdmin();
      const someone = (await signUp()).auth;
      expect(failure(await accounts.clearLoginLockout(someone.principal, user.username)).code).toBe(
        'forbidden',
      );
      must(await accounts.clearLoginLockout(admin.principal, user.username));
      must(await accounts.login({ username: user.username, password, ip: ip() }));
    });

    it('records logins, failed ones included, in the user’s audit log', async () => {
      const { accounts, store, signUp, ip } = get();
      const { user } = await signUp();
      failure(await accounts.login({ username: user.username, password: 'wrong password!', ip: ip() }));
      const events = must(await store.audit.list(user.id, { limit: 10 })).items;
      expect(events.map((e) => `${e.action}:${e.outcome}:${e.errorCode ?? ''}`)).toEqual([
        'login:error:invalid_credentials',
        'login:ok:',
        'user_create:ok:',
      ]);
      expect(events.every((e) => e.ownerId === user.id)).toBe(true);
    });
  });
}
