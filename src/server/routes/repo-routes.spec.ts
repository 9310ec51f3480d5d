import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { githubChecksum } from '../../domain/tokens/github-checksum.js';
import { githubClassic } from '../../sandbox/testing/factories.js';
import { useSandbox } from '../../sandbox/testing/sandbox-fixture.js';
import { must } from '../../services/accounts/testing/accounts-fixture.js';
import { type ApiCaller, call, codeOf, program, signIn } from '../testing/api-client.js';
import { useApp } from '../testing/app-fixture.js';

/*
 * The repository routes (docs/repos.md) through the app and the sandbox forges: owner isolation,
 * API-key scopes, the commit route's own body limit, base64, the secret scan's refusal, webhook
 * secrets never echoed, and the OpenAPI document. The whole flow per forge is test/repos-e2e.spec.ts.
 */

describe('repository routes', () => {
  const fixture = useSandbox();
  const app = useApp({ deps: { logger: false } });
  const secrets: string[] = [];
  let people = 0;

  async function person(): Promise<{ browser: ApiCaller; key: (scopes: string[]) => Promise<ApiCaller> }> {
    const state = must(await app.accounts.setupState());
    if (state === 'needs_setup') {
      const code = must(await app.accounts.issueSetupCode()).code.reveal();
      must(await app.accounts.completeSetup({ code, username: 'root', password: 'root password long' }));
    }
    const root = await signIn(app.app, 'root', 'root password long');
    const username = `person-${people++}`;
    await call(app.app, 'POST', '/api/v1/users', {
      as: root,
      body: { username, password: `${username} pw long` },
    });
    const browser = await signIn(app.app, username, `${username} pw long`);
    const key = async (scopes: string[]) => {
      const made = await call(app.app, 'POST', '/api/v1/api-keys', {
        as: browser,
        body: { name: scopes.join('+'), scopes },
      });
      return program((made.json() as { key: string }).key);
    };
    return { browser, key };
  }

  async function storedToken(as: ApiCaller, scopes = ['repo']): Promise<string> {
    const issued = await fixture.sandbox.control.createToken(githubClassic({ scopes }));
    secrets.push(issued.token);
    const response = await call(app.app, 'POST', '/api/v1/tokens', {
      as,
      body: { forge: 'github', token: issued.token, apiUrl: fixture.sandbox.urls.github.api },
      secrets,
    });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { token: { id: string } }).token.id;
  }

  async function seed(name: string): Promise<void> {
    await fixture.sandbox.control.createRepo({ forge: 'github', creator: 'octo', name, initialize: true });
  }

  it('acts only on the caller’s own tokens, with the key scope each route needs', async () => {
    const alice = await person();
    const bob = await person();
    const aliceKey = await alice.key(['tokens:read', 'tokens:use']);
    const id = await storedToken(aliceKey);
    await seed('app');
    const routes: [method: 'GET' | 'POST', path: string, body?: unknown][] = [
      ['GET', `/api/v1/tokens/${id}/repos`],
      ['GET', `/api/v1/tokens/${id}/branches?repo=octo/app`],
      ['POST', `/api/v1/tokens/${id}/repos`, { name: 'made' }],
      [
        'POST',
        `/api/v1/tokens/${id}/commits`,
        {
          repo: 'octo/app',
          branch: 'main',
          message: 'm',
          files: [{ path: 'a', content: 'a', encoding: 'utf-8' }],
        },
      ],
      ['POST', `/api/v1/tokens/${id}/pulls`, { repo: 'octo/app', title: 't', head: 'main', base: 'main' }],
      ['POST', `/api/v1/tokens/${id}/hooks`, { repo: 'octo/app', url: 'http://127.0.0.1:9/h' }],
    ];
    const bobKey = await bob.key(['tokens:read', 'tokens:use']);
    const readOnly = await alice.key(['tokens:read']);
    for (const [method, path, body] of routes) {
      // Another owner's token is unknown, whatever the body (even an invalid one).
      expect(codeOf(await call(app.app, method, path, { as: bobKey, body, secrets })), path).toBe(
        'not_found',
      );
      expect((await call(app.app, method, path, { as: bobKey, body: {}, secrets })).statusCode, path).toBe(
        404,
      );
      if (method === 'POST') {
        expect(codeOf(await call(app.app, method, path, { as: readOnly, body, secrets })), path).toBe(
          'forbidden',
        );
      }
    }
    const listed = await call(app.app, 'GET', `/api/v1/tokens/${id}/repos`, { as: readOnly, secrets });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({
      items: [expect.objectContaining({ fullName: 'octo/app' })],
      nextCursor: null,
    });
  });

  it('takes a commit far above the API-wide body limit, and refuses bad base64', async () => {
    const { key } = await person();
    const as = await key(['tokens:read', 'tokens:use']);
    const id = await storedToken(as);
    await seed('big');
    const big = randomBytes(600 * 1024);
    const files = [
      { path: 'data/big.bin', content: big.toString('base64'), encoding: 'base64' },
      { path: 'README.md', content: '# big\n', encoding: 'utf-8' },
    ];
    const body = { repo: 'octo/big', branch: 'main', message: 'big', files };
    const committed = await call(app.app, 'POST', `/api/v1/tokens/${id}/commits`, { as, body, secrets });
    expect(committed.statusCode, committed.body).toBe(201);
    expect(committed.json()).toMatchObject({
      branch: 'main',
      branchCreated: false,
      sha: expect.stringMatching(/^[0-9a-f]{40}$/),
    });

    const bad = await call(app.app, 'POST', `/api/v1/tokens/${id}/commits`, {
      as,
      body: { ...body, files: [{ path: 'x.bin', content: 'not base64!', encoding: 'base64' }] },
      secrets,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_input', details: { path: 'x.bin' } } });
  });

  it('refuses content holding a token with file and line, unless allowSecrets', async () => {
    const { key } = await person();
    const as = await key(['tokens:read', 'tokens:use']);
    const id = await storedToken(as);
    await seed('leaky');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const tokenBody = [...randomBytes(30)].map((byte) => alphabet[byte % alphabet.length]).join('');
    const generated = `ghp_${tokenBody}${githubChecksum(tokenBody)}`;
    const body = {
      repo: 'octo/leaky',
      branch: 'main',
      message: 'config',
      files: [{ path: 'config/.env', content: `A=1\nGH_TOKEN=${generated}\n`, encoding: 'utf-8' }],
    };
    const refused = await call(app.app, 'POST', `/api/v1/tokens/${id}/commits`, {
      as,
      body,
      secrets: [...secrets, generated],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      error: { code: 'secret_detected', message: expect.stringContaining('config/.env:2') },
    });
    const allowed = await call(app.app, 'POST', `/api/v1/tokens/${id}/commits`, {
      as,
      body: { ...body, allowSecrets: true },
      secrets,
    });
    expect(allowed.statusCode, allowed.body).toBe(201);
  });

  it('creates a webhook and never echoes its secret', async () => {
    const { key } = await person();
    const as = await key(['tokens:read', 'tokens:use']);
    const id = await storedToken(as);
    await seed('hooked');
    const hookSecret = `whsec-${randomBytes(12).toString('hex')}`;
    const response = await call(app.app, 'POST', `/api/v1/tokens/${id}/hooks`, {
      as,
      body: { repo: 'octo/hooked', url: 'http://127.0.0.1:9/hook', secret: hookSecret, events: ['push'] },
      secrets: [...secrets, hookSecret],
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      url: 'http://127.0.0.1:9/hook',
      events: ['push'],
      active: true,
    });
  });

  it('answers repo_exists with 409 and reuse with 200', async () => {
    const { key } = await person();
    const as = await key(['tokens:read', 'tokens:use']);
    const id = await storedToken(as);
    const create = (body: unknown) =>
      call(app.app, 'POST', `/api/v1/tokens/${id}/repos`, { as, body, secrets });
    expect((await create({ name: 'twice', private: false })).statusCode).toBe(201);
    const taken = await create({ name: 'twice' });
    expect([taken.statusCode, codeOf(taken)]).toEqual([409, 'repo_exists']);
    const reused = await create({ name: 'twice', ifExists: 'reuse' });
    expect(reused.statusCode).toBe(200);
    expect(reused.json()).toMatchObject({
      created: false,
      repository: { fullName: 'octo/twice', private: false },
    });
  });

  it('publishes the routes and shapes in the OpenAPI document', async () => {
    const response = await call(app.app, 'GET', '/api/v1/openapi.json');
    const document = response.json() as {
      paths: Record<string, Record<string, unknown>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const path of ['repos', 'branches', 'commits', 'pulls', 'hooks']) {
      expect(Object.keys(document.paths), path).toContain(`/api/v1/tokens/{id}/${path}`);
    }
    for (const schema of ['Repository', 'Branch', 'CommitResult', 'PullRequest', 'Webhook']) {
      expect(document.components.schemas, schema).toHaveProperty(schema);
    }
    expect(JSON.stringify(document.components.schemas.Webhook)).not.toContain('secret"');
  });
});
