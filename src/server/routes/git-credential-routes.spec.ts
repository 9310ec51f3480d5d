import { describe, expect, it } from 'vitest';
import { githubClassic } from '../../sandbox/testing/factories.js';
import { useSandbox } from '../../sandbox/testing/sandbox-fixture.js';
import { type ApiCaller, call, program, signIn } from '../testing/api-client.js';
import { useApp } from '../testing/app-fixture.js';

const must = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
};

describe('POST /api/v1/git/credential', () => {
  const sandbox = useSandbox();
  const fixture = useApp({ deps: { logger: false } });
  const secrets: string[] = [];

  async function keyFor(scopes: string[]): Promise<ApiCaller> {
    const { app, accounts } = fixture;
    if (must(await accounts.setupState()) === 'needs_setup') {
      const code = must(await accounts.issueSetupCode()).code.reveal();
      must(await accounts.completeSetup({ code, username: 'root', password: 'root password long' }));
    }
    const root = await signIn(app, 'root', 'root password long');
    const created = await call(app, 'POST', '/api/v1/api-keys', {
      as: root,
      body: { name: `k${secrets.length}${scopes.join('')}`, scopes },
    });
    return program((created.json() as { key: string }).key);
  }

  it('stores an approved credential once, lends it for the repository, and marks a rejected one suspect', async () => {
    const { app } = fixture;
    const caller = await keyFor(['tokens:use', 'tokens:read']);
    const issued = await sandbox.sandbox.control.createToken(
      githubClassic({ login: 'octo', scopes: ['repo'] }),
    );
    secrets.push(issued.token);
    const web = new URL(sandbox.sandbox.urls.github.web);
    const where = { protocol: 'http', host: web.host, path: 'github/octo/app.git' };
    // The sandbox's GitHub is not a known host yet: nothing to store it under.
    const unknown = await call(app, 'POST', '/api/v1/git/credential', {
      as: caller,
      body: { action: 'store', ...where, username: 'octo', password: issued.token },
      secrets,
    });
    expect(unknown.statusCode).toBe(204);
    expect((await call(app, 'GET', '/api/v1/tokens', { as: caller })).json()).toEqual({ items: [] });

    must(
      await fixture.vault.addHost({
        forge: 'github',
        apiUrl: sandbox.sandbox.urls.github.api,
        name: 'sandbox-github',
      }),
    );
    for (let i = 0; i < 2; i++) {
      const stored = await call(app, 'POST', '/api/v1/git/credential', {
        as: caller,
        body: { action: 'store', ...where, username: 'octo', password: issued.token },
        secrets,
      });
      expect(stored.statusCode).toBe(204);
    }
    const tokens = (await call(app, 'GET', '/api/v1/tokens', { as: caller })).json() as {
      items: { id: string; status: string }[];
    };
    expect(tokens.items).toHaveLength(1);

    const got = await app.inject({
      method: 'POST',
      url: '/api/v1/git/credential',
      headers: caller.headers,
      payload: { action: 'get', ...where },
    });
    expect(got.statusCode).toBe(200);
    expect(got.headers['cache-control']).toBe('no-store');
    expect(got.json()).toEqual({
      username: 'x-access-token',
      password: issued.token,
      expiresAt: null,
      tokenId: tokens.items[0]?.id,
    });

    const erased = await call(app, 'POST', '/api/v1/git/credential', {
      as: caller,
      body: { action: 'erase', ...where, username: 'x-access-token', password: issued.token },
      secrets,
    });
    expect(erased.statusCode).toBe(204);
    const events = (await call(app, 'GET', '/api/v1/audit?action=git-reject', { as: caller })).json() as {
      items: unknown[];
    };
    expect(events.items).toHaveLength(1);
  });

  it('needs tokens:use, and refuses a malformed attribute without repeating it', async () => {
    const { app } = fixture;
    const reader = await keyFor(['tokens:read']);
    const body = { action: 'get', protocol: 'https', host: 'github.com' };
    expect((await call(app, 'POST', '/api/v1/git/credential', { as: reader, body })).statusCode).toBe(403);
    expect((await call(app, 'POST', '/api/v1/git/credential', { body })).statusCode).toBe(401);
    const user = await keyFor(['tokens:use']);
    const secret = `ghp_${'A'.repeat(36)}`;
    const bad = await call(app, 'POST', '/api/v1/git/credential', {
      as: user,
      body: { action: 'store', protocol: 'https', host: 'github.com', password: `${secret}\nhost=evil` },
      secrets: [secret],
    });
    expect(bad.statusCode).toBe(400);
  });
});
