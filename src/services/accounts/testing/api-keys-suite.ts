import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../policy.js';
import { auditActor, can, requireScope, type Scope } from '../principal.js';
import { type AccountsFixture, failure, HOUR, must } from './accounts-fixture.js';

export function apiKeysSuite(get: () => AccountsFixture): void {
  describe('API keys', () => {
    it('shows a key once, stores only its hash, and authenticates it as the user', async () => {
      const { accounts, signUp, target } = get();
      const { user, auth } = await signUp();
      const created = must(
        await accounts.createApiKey(auth.principal, {
          name: 'jenkins',
          scopes: ['tokens:read', 'tokens:use'],
        }),
      );
      const key = created.key.reveal();
      expect(key).toMatch(/^fk_[0-9A-Za-z]{12}_[0-9A-Za-z]{43}$/);
      expect(created.apiKey).toMatchObject({
        userId: user.id,
        name: 'jenkins',
        scopes: ['tokens:read', 'tokens:use'],
        status: 'active',
        mask: `${key.slice(0, 15)}_…`,
        expiresAt: null,
        lastUsedAt: null,
      });
      expect(JSON.stringify(created)).not.toContain(key);
      const listed = must(await accounts.listApiKeys(auth.principal));
      expect(listed).toEqual([created.apiKey]);
      expect(JSON.stringify(listed)).not.toContain(key.slice(16));

      const contents = await target.contents();
      expect(contents).not.toContain(key);
      expect(contents).not.toContain(key.slice(16));
      expect(contents).toContain(key.slice(3, 15)); // the public id is what finds the row

      const principal = must(await accounts.authenticateApiKey(`Bearer ${key}`));
      expect(principal).toMatchObject({
        userId: user.id,
        ownerId: user.id,
        username: user.username,
        via: 'api_key',
        apiKeyId: created.apiKey.id,
      });
      expect([...principal.scopes].sort()).toEqual(['tokens:read', 'tokens:use']);
      // The audit names the key that acted.
      expect(auditActor(principal)).toBe(created.apiKey.id);
      const events = must(
        await get().store.audit.list(user.id, { action: 'api_key_create', limit: 5 }),
      ).items;
      expect(events).toMatchObject([{ actor: user.id, target: `${created.apiKey.id} jenkins` }]);
    });

    it('refuses wrong, malformed and unknown keys alike', async () => {
      const { accounts, signUp } = get();
      const { auth } = await signUp();
      const key = must(
        await accounts.createApiKey(auth.principal, { name: 'ci', scopes: ['tokens:read'] }),
      ).key.reveal();
      const last = key.at(-1) === 'a' ? 'b' : 'a';
      for (const bad of [
        `${key.slice(0, -1)}${last}`,
        key.slice(0, -1),
        'fk_nope',
        '',
        'Bearer',
        key.replace('fk_', 'gk_'),
      ]) {
        expect(failure(await accounts.authenticateApiKey(bad)).code).toBe('unauthenticated');
      }
      must(await accounts.authenticateApiKey(key));
    });

    it('limits a key to its scopes, and scopes to the user’s role', async () => {
      const { accounts, signUp } = get();
      const user = await signUp();
      const admin = await signUp('admin');
      const readOnly = must(
        await accounts.createApiKey(user.auth.principal, { name: 'reader', scopes: ['tokens:read'] }),
      );
      const principal = must(await accounts.authenticateApiKey(readOnly.key.reveal()));
      expect(can(principal, 'tokens:read')).toBe(true);
      expect(can(principal, 'tokens:use')).toBe(false);
      expect(failure(requireScope(principal, 'tokens:use'))).toMatchObject({
        code: 'forbidden',
        message: 'This API key lacks the scope tokens:use.',
      });
      expect(
        failure(await accounts.createApiKey(user.auth.principal, { name: 'x', scopes: ['admin'] })),
      ).toMatchObject({ code: 'forbidden', details: { scope: 'admin' } });
      for (const scopes of [[], ['repo']]) {
        const input = { name: 'x', scopes: scopes as Scope[] };
        expect(failure(await accounts.createApiKey(user.auth.principal, input)).code).toBe('invalid_input');
      }
      // A key cannot make keys: it would outlive its own expiry and revocation.
      expect(
        failure(await accounts.createApiKey(principal, { name: 'child', scopes: ['tokens:read'] })).code,
      ).toBe('forbidden');

      const adminKey = must(
        await accounts.createApiKey(admin.auth.principal, { name: 'ops', scopes: ['admin'] }),
      );
      const adminPrincipal = must(await accounts.authenticateApiKey(adminKey.key.reveal()));
      expect([...adminPrincipal.scopes]).toEqual(['admin']);
      must(await accounts.listUsers(adminPrincipal));
      expect(failure(await accounts.listUsers(principal)).code).toBe('forbidden');
    });

    it('keeps live key names unique per user', async () => {
      const { accounts, signUp } = get();
      const { auth } = await signUp();
      const first = must(
        await accounts.createApiKey(auth.principal, { name: 'deploy', scopes: ['tokens:use'] }),
      );
      expect(
        failure(await accounts.createApiKey(auth.principal, { name: ' deploy ', scopes: ['tokens:use'] }))
          .code,
      ).toBe('conflict');
      must(await accounts.revokeApiKey(auth.principal, first.apiKey.id));
      must(await accounts.createApiKey(auth.principal, { name: 'deploy', scopes: ['tokens:use'] }));
    });

    it('expires keys at their expiry date', async () => {
      const { accounts, signUp, now, advance } = get();
      const { auth } = await signUp();
      const expiresAt = new Date(now().getTime() + HOUR).toISOString();
      const created = must(
        await accounts.createApiKey(auth.principal, { name: 'short', scopes: ['tokens:read'], expiresAt }),
      );
      expect(created.apiKey.expiresAt).toBe(expiresAt);
      must(await accounts.authenticateApiKey(created.key.reveal()));
      advance(HOUR);
      expect(failure(await accounts.authenticateApiKey(created.key.reveal())).code).toBe('api_key_expired');
      expect(must(await accounts.listApiKeys(auth.principal))[0]?.status).toBe('expired');
      const past = new Date(now().getTime() - 1).toISOString();
      for (const bad of [past, 'tomorrow']) {
        expect(
          failure(
            await accounts.createApiKey(auth.principal, {
              name: 'p',
              scopes: ['tokens:read'],
              expiresAt: bad,
            }),
          ).code,
        ).toBe('invalid_input');
      }
    });

    it('revokes keys: their own user’s, or any for an administrator; others cannot see them', async () => {
      const { accounts, signUp, asAdmin } = get();
      const [owner, stranger] = [await signUp(), await signUp()];
      const one = must(
        await accounts.createApiKey(owner.auth.principal, { name: 'a', scopes: ['tokens:read'] }),
      );
      const two = must(
        await accounts.createApiKey(owner.auth.principal, { name: 'b', scopes: ['tokens:read'] }),
      );
      expect(failure(await accounts.revokeApiKey(stranger.auth.principal, one.apiKey.id)).code).toBe(
        'not_found',
      );
      expect(failure(await accounts.listApiKeys(stranger.auth.principal, owner.user.id)).code).toBe(
        'forbidden',
      );

      const revoked = must(await accounts.revokeApiKey(owner.auth.principal, one.apiKey.id));
      expect(revoked.status).toBe('revoked');
      expect(failure(await accounts.authenticateApiKey(one.key.reveal())).code).toBe('api_key_revoked');
      const admin = await asAdmin();
      must(await accounts.revokeApiKey(admin.principal, two.apiKey.id));
      expect(failure(await accounts.authenticateApiKey(two.key.reveal())).code).toBe('api_key_revoked');
      expect(must(await accounts.listApiKeys(admin.principal, owner.user.id)).map((k) => k.status)).toEqual([
        'revoked',
        'revoked',
      ]);
    });

    it('records last use at most once a minute', async () => {
      const { accounts, signUp, advance, now } = get();
      const { auth } = await signUp();
      const created = must(
        await accounts.createApiKey(auth.principal, { name: 'busy', scopes: ['tokens:read'] }),
      );
      const lastUsed = async () => must(await accounts.listApiKeys(auth.principal))[0]?.lastUsedAt;
      must(await accounts.authenticateApiKey(created.key.reveal()));
      const first = await lastUsed();
      expect(first).toBe(now().toISOString());
      advance(30_000);
      must(await accounts.authenticateApiKey(created.key.reveal()));
      expect(await lastUsed()).toBe(first);
      advance(31_000);
      must(await accounts.authenticateApiKey(created.key.reveal()));
      expect(await lastUsed()).toBe(now().toISOString());
    });

    it('trusts a verified key for apiKeyCacheMs: another process’s revocation applies within it', async () => {
      const { accounts, store, serviceOver, signUp, advance } = get();
      const { auth } = await signUp();
      const created = must(
        await accounts.createApiKey(auth.principal, { name: 'cached', scopes: ['tokens:read'] }),
      );
      const key = created.key.reveal();
      must(await accounts.authenticateApiKey(key));
      // Another server process on the same database revokes it.
      const other = serviceOver(store);
      must(await other.revokeApiKey(auth.principal, created.apiKey.id));
      expect(failure(await other.authenticateApiKey(key)).code).toBe('api_key_revoked');
      // This process saw the key a moment ago: it keeps trusting it only until the entry ends.
      must(await accounts.authenticateApiKey(key));
      advance(DEFAULT_POLICY.apiKeyCacheMs);
      expect(failure(await accounts.authenticateApiKey(key)).code).toBe('api_key_revoked');
      // With the cache off, every request reads the key.
      const exact = serviceOver(store, { policy: { apiKeyCacheMs: 0 } });
      expect(failure(await exact.authenticateApiKey(key)).code).toBe('api_key_revoked');
      // A wrong secret with a cached key's public id is never taken from the cache.
      const forged = `${key.slice(0, -4)}${key.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
      expect(failure(await accounts.authenticateApiKey(forged)).code).toBe('unauthenticated');
    });

    it('stops a disabled user’s keys', async () => {
      const { accounts, signUp, asAdmin } = get();
      const { user, auth } = await signUp();
      const created = must(
        await accounts.createApiKey(auth.principal, { name: 'k', scopes: ['tokens:read'] }),
      );
      const admin = await asAdmin();
      must(await accounts.disableUser(admin.principal, user.id));
      expect(failure(await accounts.authenticateApiKey(created.key.reveal())).code).toBe('unauthenticated');
      must(await accounts.enableUser(admin.principal, user.id));
      must(await accounts.authenticateApiKey(created.key.reveal()));
    });
  });
}
