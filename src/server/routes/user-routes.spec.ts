import { describe, expect, it } from 'vitest';
import { must } from '../../services/accounts/testing/accounts-fixture.js';
import { ANONYMOUS, type ApiCaller, call, codeOf, program, signIn } from '../testing/api-client.js';
import { useApp } from '../testing/app-fixture.js';

const ROOT = { username: 'root', password: 'root password long' };
const HOUR = 3_600_000;

describe('users, invitations and API keys over HTTP', () => {
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const fixture = useApp({ deps: { logger: false }, accountsNow: now });
  let count = 0;

  async function root(): Promise<ApiCaller> {
    const { app, accounts } = fixture;
    if (must(await accounts.setupState()) === 'needs_setup') {
      const code = must(await accounts.issueSetupCode()).code.reveal();
      must(await accounts.completeSetup({ code, ...ROOT }));
    }
    return signIn(app, ROOT.username, ROOT.password);
  }

  async function user(as: ApiCaller): Promise<{ id: string; username: string; password: string }> {
    count += 1;
    const username = `user-${count}`;
    const password = `${username} password long`;
    const made = await call(fixture.app, 'POST', '/api/v1/users', { as, body: { username, password } });
    expect(made.statusCode).toBe(201);
    return { id: (made.json() as { id: string }).id, username, password };
  }

  it('invites a user, who sets a password with the code and is signed in; the code works once', async () => {
    const { app } = fixture;
    const admin = await root();
    const invited = await call(app, 'POST', '/api/v1/users/invite', {
      as: admin,
      body: { username: 'newcomer', role: 'user' },
    });
    expect(invited.statusCode).toBe(201);
    const { code, user } = invited.json() as { code: string; user: { status: string; id: string } };
    expect(user.status).toBe('invited');
    const list = (await call(app, 'GET', '/api/v1/users', { as: admin })).json() as { items: unknown[] };
    expect(JSON.stringify(list)).not.toContain(code);

    const weak = await call(app, 'POST', '/api/v1/invites/redeem', { body: { code, password: 'short' } });
    expect(codeOf(weak)).toBe('password_too_weak');
    const redeemed = await call(app, 'POST', '/api/v1/invites/redeem', {
      body: { code, password: 'newcomer password long' },
      secrets: [code],
    });
    expect(redeemed.statusCode).toBe(201);
    expect(redeemed.json()).toMatchObject({ user: { username: 'newcomer', status: 'active' } });
    expect(redeemed.cookies.some((cookie) => cookie.name === 'fk_session')).toBe(true);
    const again = await call(app, 'POST', '/api/v1/invites/redeem', {
      body: { code, password: 'another password long' },
    });
    expect(codeOf(again)).toBe('invite_invalid');
    await signIn(app, 'newcomer', 'newcomer password long');
    // A username that is taken cannot be invited.
    const taken = await call(app, 'POST', '/api/v1/users/invite', {
      as: admin,
      body: { username: 'newcomer' },
    });
    expect(codeOf(taken)).toBe('conflict');
  });

  it('disables and enables a user; only administrators manage users', async () => {
    const { app } = fixture;
    const admin = await root();
    const someone = await user(admin);
    const them = await signIn(app, someone.username, someone.password);
    for (const [method, url, body] of [
      ['GET', '/api/v1/users', undefined],
      ['POST', '/api/v1/users/invite', { username: 'x' }],
      ['POST', `/api/v1/users/${someone.id}/enable`, undefined],
      ['POST', '/api/v1/users/unlock', { username: 'x' }],
    ] as const) {
      expect(codeOf(await call(app, method, url, { as: them, body })), url).toBe('forbidden');
      expect(codeOf(await call(app, method, url, { as: ANONYMOUS, body })), url).toBe('unauthenticated');
    }
    const disabled = await call(app, 'POST', `/api/v1/users/${someone.id}/disable`, { as: admin });
    expect(disabled.json()).toMatchObject({ status: 'disabled' });
    expect(codeOf(await call(app, 'GET', '/api/v1/me', { as: them }))).toBe('unauthenticated');
    const enabled = await call(app, 'POST', `/api/v1/users/${someone.id}/enable`, { as: admin });
    expect(enabled.json()).toMatchObject({ status: 'active' });
    await signIn(app, someone.username, someone.password);
    expect(codeOf(await call(app, 'POST', '/api/v1/users/nobody/enable', { as: admin }))).toBe('not_found');
  });

  it('unlocks a username locked out by wrong passwords', async () => {
    const { app } = fixture;
    const admin = await root();
    const someone = await user(admin);
    let last = '';
    for (let i = 0; i < 6; i++) {
      last = codeOf(
        await call(app, 'POST', '/api/v1/session', {
          body: { username: someone.username, password: 'wrong' },
        }),
      );
    }
    expect(last).toBe('login_locked');
    const unlocked = await call(app, 'POST', '/api/v1/users/unlock', {
      as: admin,
      body: { username: someone.username },
    });
    expect(unlocked.json()).toEqual({ username: someone.username, unlocked: true });
    await signIn(app, someone.username, someone.password);
  });

  it('answers api_key_expired for a key past its expiry and api_key_revoked for a revoked one', async () => {
    const { app } = fixture;
    const admin = await root();
    const someone = await user(admin);
    const them = await signIn(app, someone.username, someone.password);
    const make = async (name: string, expiresAt?: string) => {
      const made = await call(app, 'POST', '/api/v1/api-keys', {
        as: them,
        body: { name, scopes: ['tokens:read'], ...(expiresAt === undefined ? {} : { expiresAt }) },
      });
      expect(made.statusCode).toBe(201);
      return made.json() as { key: string; apiKey: { id: string } };
    };
    const short = await make('short', new Date(now().getTime() + HOUR).toISOString());
    const revocable = await make('revocable');
    const other = await make('other');
    expect((await call(app, 'GET', '/api/v1/tokens', { as: program(short.key) })).statusCode).toBe(200);
    expect((await call(app, 'GET', '/api/v1/tokens', { as: program(revocable.key) })).statusCode).toBe(200);

    // Revoked in this process: refused at once, even though the key was just used (and cached).
    const revoked = await call(app, 'DELETE', `/api/v1/api-keys/${revocable.apiKey.id}`, { as: them });
    expect(revoked.json()).toMatchObject({ status: 'revoked' });
    const refused = await call(app, 'GET', '/api/v1/tokens', {
      as: program(revocable.key),
      secrets: [revocable.key],
    });
    expect(refused.statusCode).toBe(401);
    expect(codeOf(refused)).toBe('api_key_revoked');

    offsetMs += HOUR;
    const expired = await call(app, 'GET', '/api/v1/tokens', {
      as: program(short.key),
      secrets: [short.key],
    });
    expect(expired.statusCode).toBe(401);
    expect(codeOf(expired)).toBe('api_key_expired');
    // Keys cannot create keys, and a key of a disabled user stops at once (cached or not).
    expect(
      codeOf(
        await call(app, 'POST', '/api/v1/api-keys', {
          as: program(other.key),
          body: { name: 'k', scopes: ['tokens:read'] },
        }),
      ),
    ).toBe('forbidden');
    must(await fixture.accounts.authenticateApiKey(other.key));
    // The sessions went idle with the clock: sign in again.
    const later = await root();
    expect((await call(app, 'POST', `/api/v1/users/${someone.id}/disable`, { as: later })).statusCode).toBe(
      200,
    );
    expect(codeOf(await call(app, 'GET', '/api/v1/tokens', { as: program(other.key) }))).toBe(
      'unauthenticated',
    );
  });
});
