import { describe, expect, it } from 'vitest';
import { githubClassic } from '../../sandbox/testing/factories.js';
import { useSandbox } from '../../sandbox/testing/sandbox-fixture.js';
import { must } from '../../services/accounts/testing/accounts-fixture.js';
import { type ApiCaller, call, codeOf, program, signIn } from '../testing/api-client.js';
import { useApp } from '../testing/app-fixture.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Valid bodies, so that what answers is the authorisation, not the validation. */
const BODIES: Record<string, unknown> = {
  'POST /api/v1/tokens': { forge: 'github', token: 'ghp_notarealtoken' },
  'PATCH /api/v1/tokens/{id}': { label: 'mine' },
  'POST /api/v1/api-keys': { name: 'k', scopes: ['tokens:read'] },
};

describe('token routes', () => {
  const sandbox = useSandbox();
  const fixture = useApp({ deps: { logger: false } });
  const secrets: string[] = [];

  async function people() {
    const { app, accounts } = fixture;
    const state = must(await accounts.setupState());
    if (state === 'needs_setup') {
      const code = must(await accounts.issueSetupCode()).code.reveal();
      must(await accounts.completeSetup({ code, username: 'root', password: 'root password long' }));
    }
    const root = await signIn(app, 'root', 'root password long');
    const make = async (username: string) => {
      await call(app, 'POST', '/api/v1/users', {
        as: root,
        body: { username, password: `${username} pw long` },
      });
      return signIn(app, username, `${username} pw long`);
    };
    return { root, alice: await make(`alice-${secrets.length}`), bob: await make(`bob-${secrets.length}`) };
  }

  async function addToken(as: ApiCaller) {
    const issued = await sandbox.sandbox.control.createToken(githubClassic({ scopes: ['repo'] }));
    secrets.push(issued.token);
    const apiUrl = sandbox.sandbox.urls.github.api;
    const response = await call(fixture.app, 'POST', '/api/v1/tokens', {
      as,
      body: { forge: 'github', token: issued.token, apiUrl, label: 'work' },
      secrets,
    });
    expect(response.statusCode).toBe(201);
    return (response.json() as { token: { id: string } }).token.id;
  }

  it('adds, lists, shows, checks, labels, audits, refreshes and deletes without showing the token', async () => {
    const { app } = fixture;
    const { alice } = await people();
    const id = await addToken(alice);
    const opts = { as: alice, secrets };
    expect((await call(app, 'GET', '/api/v1/tokens', opts)).json()).toMatchObject({ items: [{ id }] });
    expect((await call(app, 'GET', `/api/v1/tokens/${id}`, opts)).json()).toMatchObject({
      id,
      status: 'active',
    });
    const checked = await call(app, 'POST', `/api/v1/tokens/${id}/check`, opts);
    expect(checked.statusCode, checked.body).toBe(200);
    expect((await call(app, 'POST', `/api/v1/tokens/${id}/default`, opts)).json()).toMatchObject({
      isDefault: true,
    });
    const relabel = await call(app, 'PATCH', `/api/v1/tokens/${id}`, { ...opts, body: { label: 'other' } });
    expect(relabel.json()).toMatchObject({ label: 'other' });
    const started = await call(app, 'POST', '/api/v1/tokens/refresh', opts);
    expect(started.statusCode).toBe(202);
    const jobId = (started.json() as { id: string }).id;
    let job = { finished: false, total: 0 };
    for (let i = 0; i < 100 && !job.finished; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      job = (await call(app, 'GET', `/api/v1/tokens/refresh/${jobId}`, opts)).json();
    }
    expect(job).toMatchObject({ finished: true, total: 1, summary: { checked: 1 } });
    const audit = (await call(app, 'GET', `/api/v1/audit?tokenId=${id}`, opts)).json() as {
      items: unknown[];
    };
    expect(audit.items.length).toBeGreaterThan(0);
    expect((await call(app, 'DELETE', `/api/v1/tokens/${id}`, opts)).statusCode).toBe(200);
    expect(codeOf(await call(app, 'GET', `/api/v1/tokens/${id}`, opts))).toBe('not_found');
  });

  it('lists the same bytes while nothing changed, and the change once something did', async () => {
    const { app } = fixture;
    const { alice, bob } = await people();
    const id = await addToken(alice);
    const opts = { as: alice, secrets };
    const first = await call(app, 'GET', '/api/v1/tokens', opts);
    const again = await call(app, 'GET', '/api/v1/tokens', opts);
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(again.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(again.body).toBe(first.body);
    expect(first.json()).toMatchObject({ items: [{ id, label: 'work', status: 'active' }] });
    // Another owner's list is their own, even right after.
    expect((await call(app, 'GET', '/api/v1/tokens', { as: bob, secrets })).json()).toEqual({ items: [] });

    await call(app, 'PATCH', `/api/v1/tokens/${id}`, { ...opts, body: { label: 'renamed' } });
    const renamed = await call(app, 'GET', '/api/v1/tokens', opts);
    expect(renamed.json()).toMatchObject({ items: [{ id, label: 'renamed' }] });
    // What is sent is exactly what the route's schema makes of it: only the documented fields.
    expect(Object.keys((renamed.json() as { items: object[] }).items[0] ?? {}).sort()).toEqual(
      Object.keys((first.json() as { items: object[] }).items[0] ?? {}).sort(),
    );
  });

  it('does not echo a token sent in an invalid body', async () => {
    const { alice } = await people();
    const issued = await sandbox.sandbox.control.createToken(githubClassic());
    const response = await call(fixture.app, 'POST', '/api/v1/tokens', {
      as: alice,
      body: { forge: 'nowhere', token: issued.token, [issued.token]: 1 },
      secrets: [issued.token],
    });
    expect(response.statusCode).toBe(400);
    expect(codeOf(response)).toBe('invalid_input');
  });

  it('lets API keys write without a CSRF token; keys cannot create keys', async () => {
    const { app } = fixture;
    const { alice } = await people();
    const created = await call(app, 'POST', '/api/v1/api-keys', {
      as: alice,
      body: { name: 'ci', scopes: ['tokens:read', 'tokens:use'] },
    });
    const key = (created.json() as { key: string }).key;
    await addToken(program(key));
    const again = await call(app, 'POST', '/api/v1/api-keys', {
      as: program(key),
      body: BODIES['POST /api/v1/api-keys'],
    });
    expect(codeOf(again)).toBe('forbidden');
    expect(codeOf(await call(app, 'GET', '/api/v1/users', { as: alice }))).toBe('forbidden');
    expect(codeOf(await call(app, 'GET', '/api/v1/tokens', { as: program('fk_nothing_here') }))).toBe(
      'unauthenticated',
    );
  });

  it('isolates owners and scopes on every token, audit and API-key route', async () => {
    const { app } = fixture;
    const { alice, bob } = await people();
    const tokenId = await addToken(alice);
    const aliceKey = await call(app, 'POST', '/api/v1/api-keys', {
      as: alice,
      body: { name: 'mine', scopes: ['tokens:read'] },
    });
    const keyId = (aliceKey.json() as { apiKey: { id: string } }).apiKey.id;
    const jobId = (
      (await call(app, 'POST', '/api/v1/tokens/refresh', { as: alice, secrets })).json() as { id: string }
    ).id;
    const keyOf = async (scopes: string[]) => {
      const made = await call(app, 'POST', '/api/v1/api-keys', {
        as: bob,
        body: { name: scopes.join('+'), scopes },
      });
      return program((made.json() as { key: string }).key);
    };
    const readOnly = await keyOf(['tokens:read']);
    const useOnly = await keyOf(['tokens:use']);

    const paths = Object.entries(app.swagger().paths ?? {}).filter(([path]) =>
      /^\/api\/v1\/(tokens|audit|api-keys)/.test(path),
    );
    const routes = paths.flatMap(([path, item]) =>
      Object.keys(item ?? {}).map((method) => ({ method: method.toUpperCase() as Method, path })),
    );
    expect(routes.length).toBeGreaterThanOrEqual(14);
    for (const { method, path } of routes) {
      const url = path
        .replace('{jobId}', jobId)
        .replace('{id}', path.startsWith('/api/v1/api-keys') ? keyId : tokenId);
      const body = BODIES[`${method} ${path}`] ?? (method === 'GET' || method === 'DELETE' ? undefined : {});
      const what = `${method} ${path}`;
      const asBob = await call(app, method, url, { as: bob, body, secrets });
      // Bob sees nothing of Alice: her ids are unknown to him, her data is in no answer.
      expect(asBob.body.includes(tokenId), what).toBe(false);
      expect(asBob.body.includes(jobId) && path.includes('{jobId}'), what).toBe(false);
      if (path.includes('{')) expect(asBob.statusCode, what).toBe(404);
      if (path.startsWith('/api/v1/api-keys')) continue;
      // A key without the scope the route needs is refused before anything happens.
      const needsUse = method !== 'GET';
      const lacking = await call(app, method, url, { as: needsUse ? readOnly : useOnly, body, secrets });
      expect(lacking.statusCode, what).toBe(403);
      expect(codeOf(lacking), what).toBe('forbidden');
    }
    expect((await call(app, 'GET', `/api/v1/tokens/${tokenId}`, { as: alice })).statusCode).toBe(200);
  });
});
