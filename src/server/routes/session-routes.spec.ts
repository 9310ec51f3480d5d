import { describe, expect, it } from 'vitest';
import { ANONYMOUS, browser, call, codeOf, signIn } from '../testing/api-client.js';
import { useApp } from '../testing/app-fixture.js';

const ADMIN = { username: 'root', password: 'a long admin password' };

describe('setup and sessions', () => {
  const fixture = useApp({ deps: { logger: false } });

  it('creates the first administrator once, with the setup code, and signs in', async () => {
    const { app, accounts } = fixture;
    expect((await call(app, 'GET', '/api/v1/setup')).json()).toEqual({ state: 'needs_setup' });
    const issued = await accounts.issueSetupCode();
    if (!issued.ok) throw new Error(issued.error.code);
    const code = issued.value.code.reveal();

    const wrong = await call(app, 'POST', '/api/v1/setup', {
      body: { code: 'not-the-code', ...ADMIN },
      secrets: [code],
    });
    expect(codeOf(wrong)).toBe('setup_code_invalid');

    const done = await call(app, 'POST', '/api/v1/setup', { body: { code, ...ADMIN }, secrets: [code] });
    expect(done.statusCode).toBe(201);
    expect(done.json()).toMatchObject({ user: { username: 'root', role: 'admin' } });
    const cookie = done.cookies.find((c) => c.name === 'fk_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy();

    const again = await call(app, 'POST', '/api/v1/setup', { body: { code, ...ADMIN } });
    expect(codeOf(again)).toBe('setup_complete');
    expect((await call(app, 'GET', '/api/v1/setup')).json()).toEqual({ state: 'ready' });
  });

  it('signs in, tells who is signed in, and signs out', async () => {
    const { app } = fixture;
    const me = await signIn(app, ADMIN.username, ADMIN.password);
    const who = await call(app, 'GET', '/api/v1/me', { as: me });
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({
      username: 'root',
      via: 'session',
      csrfToken: me.headers['x-csrf-token'],
    });

    const out = await call(app, 'DELETE', '/api/v1/session', { as: me });
    expect(out.statusCode).toBe(204);
    expect(codeOf(await call(app, 'GET', '/api/v1/me', { as: me }))).toBe('unauthenticated');
    expect(codeOf(await call(app, 'GET', '/api/v1/me', { as: ANONYMOUS }))).toBe('unauthenticated');
  });

  it('marks the cookie Secure behind a trusted proxy that says HTTPS only when trusted', async () => {
    const { app } = fixture;
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      headers: { 'x-forwarded-proto': 'https' },
      payload: ADMIN,
    });
    // trustProxy is off in this app: the header is not believed.
    expect(response.cookies.find((c) => c.name === 'fk_session')?.secure).toBeFalsy();
  });

  it('refuses cookie writes without the CSRF token', async () => {
    const { app } = fixture;
    const me = await signIn(app, ADMIN.username, ADMIN.password);
    const bare = browser(me.headers.cookie ?? '', null);
    const body = { name: 'ci', scopes: ['tokens:read'] };
    const missing = await call(app, 'POST', '/api/v1/api-keys', { as: bare, body });
    expect(missing.statusCode).toBe(403);
    expect(codeOf(missing)).toBe('csrf_failed');
    const forged = browser(me.headers.cookie ?? '', 'x'.repeat(43));
    expect(codeOf(await call(app, 'POST', '/api/v1/api-keys', { as: forged, body }))).toBe('csrf_failed');
    // Reads need no CSRF token.
    expect((await call(app, 'GET', '/api/v1/api-keys', { as: bare })).statusCode).toBe(200);
  });

  it('changes the password with the current one, never with an API key', async () => {
    const { app } = fixture;
    const me = await signIn(app, ADMIN.username, ADMIN.password);
    const wrong = await call(app, 'POST', '/api/v1/me/password', {
      as: me,
      body: { currentPassword: 'nope nope nope', newPassword: 'another long password' },
    });
    expect(codeOf(wrong)).toBe('invalid_credentials');
    const created = await call(app, 'POST', '/api/v1/api-keys', {
      as: me,
      body: { name: 'ci', scopes: ['tokens:read', 'tokens:use'] },
    });
    expect(created.statusCode).toBe(201);
    const key = (created.json() as { key: string }).key;
    const viaKey = await call(app, 'POST', '/api/v1/me/password', {
      as: { headers: { authorization: `Bearer ${key}` } },
      body: { currentPassword: ADMIN.password, newPassword: 'another long password' },
      secrets: [key],
    });
    expect(codeOf(viaKey)).toBe('forbidden');
    const ok = await call(app, 'POST', '/api/v1/me/password', {
      as: me,
      body: { currentPassword: ADMIN.password, newPassword: 'another long password' },
    });
    expect(ok.statusCode).toBe(200);
    await call(app, 'POST', '/api/v1/me/password', {
      as: me,
      body: { currentPassword: 'another long password', newPassword: ADMIN.password },
    });
  });

  it('answers invalid_credentials, then login_locked with Retry-After', async () => {
    const { app } = fixture;
    const body = { username: 'nobody-here', password: 'wrong password' };
    const first = await call(app, 'POST', '/api/v1/session', { body });
    expect(first.statusCode).toBe(401);
    expect(codeOf(first)).toBe('invalid_credentials');
    let last = first;
    for (let i = 0; i < 6; i++) last = await call(app, 'POST', '/api/v1/session', { body });
    expect(last.statusCode).toBe(429);
    expect(codeOf(last)).toBe('login_locked');
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });
});
