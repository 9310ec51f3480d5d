import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { githubClassic } from '../src/sandbox/testing/factories.js';
import { useSandbox } from '../src/sandbox/testing/sandbox-fixture.js';
import { type ApiCaller, call, program, signIn } from '../src/server/testing/api-client.js';
import { useApp } from '../src/server/testing/app-fixture.js';
import {
  cleanEnv,
  HELPER,
  helper,
  requestFor,
  requireBuiltHelper,
  roundTrip,
  tempDir,
} from './git-helper-fixture.js';
import { findLeaks } from './support/leaks.js';

/** The helper in remote mode: a running Forgekeeper server (temp SQLite vault) and an API key. */
const context = useSandbox();
const fixture = useApp();
const secrets: string[] = [];

const must = <T>(result: { ok: true; value: T } | { ok: false; error: { code: string } }): T => {
  if (!result.ok) throw new Error(result.error.code);
  return result.value;
};

describe('git credential helper: remote mode', () => {
  let baseUrl = '';
  let admin: ApiCaller;

  beforeAll(async () => {
    requireBuiltHelper();
    const { app, accounts } = fixture;
    const code = must(await accounts.issueSetupCode()).code.reveal();
    must(await accounts.completeSetup({ code, username: 'root', password: 'root password long' }));
    admin = await signIn(app, 'root', 'root password long');
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    baseUrl = `http://127.0.0.1:${address.port}`;
  });

  async function apiKey(scopes: string[]): Promise<string> {
    const created = await call(fixture.app, 'POST', '/api/v1/api-keys', {
      as: admin,
      body: { name: `git-${scopes.join('-')}-${secrets.length}`, scopes },
    });
    expect(created.statusCode).toBe(201);
    return (created.json() as { key: string }).key;
  }

  /** A config file with the server and key, mode 0600 unless told otherwise. */
  function configEnv(key: string, mode = 0o600): Record<string, string> {
    const path = join(tempDir('fk-config-'), 'config.json');
    writeFileSync(path, JSON.stringify({ server: { url: baseUrl, apiKey: key } }), { mode });
    chmodSync(path, mode);
    return cleanEnv({
      FORGEKEEPER_CONFIG: path,
      FORGEKEEPER_AGENT_SOCK: join(tempDir('fk-none-'), 'none.sock'),
    });
  }

  it('clones, pushes and fetches with the token the server selects; the server never logs it', async () => {
    const { sandbox } = context;
    const key = await apiKey(['tokens:use']);
    const issued = await sandbox.control.createToken(githubClassic({ login: 'octo', scopes: ['repo'] }));
    secrets.push(issued.token);
    const added = await call(fixture.app, 'POST', '/api/v1/tokens', {
      as: program(key),
      body: { forge: 'github', token: issued.token, apiUrl: sandbox.urls.github.api, label: 'remote' },
      secrets,
    });
    expect(added.statusCode).toBe(201);
    const repo = await sandbox.control.createRepo({
      forge: 'github',
      creator: 'octo',
      name: 'remote',
      private: true,
    });
    const env = configEnv(key);
    await roundTrip(repo.cloneUrl ?? '', env);

    const answer = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/git/credential',
      headers: { authorization: `Bearer ${key}` },
      payload: { action: 'get', ...parts(repo.cloneUrl ?? '') },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.json()).toMatchObject({
      username: 'x-access-token',
      password: issued.token,
      expiresAt: null,
    });
    const nothing = await fixture.app.inject({
      method: 'POST',
      url: '/api/v1/git/credential',
      headers: { authorization: `Bearer ${key}` },
      payload: { action: 'get', protocol: 'https', host: 'nowhere.example' },
    });
    expect(nothing.statusCode).toBe(204);
    expect(findLeaks(fixture.log.text, secrets)).toEqual([]);
    const audit = await call(fixture.app, 'GET', '/api/v1/audit?action=use', { as: admin, secrets });
    expect(
      (audit.json() as { items: { target: string }[] }).items.some((event) =>
        event.target.startsWith('git http://'),
      ),
    ).toBe(true);
  });

  it('needs tokens:use; refuses a config file others can read; says so in one line and gives nothing', async () => {
    const reader = await apiKey(['tokens:read']);
    const url = `${context.sandbox.urls.github.web}/octo/remote.git`;
    const refused = await helper('get', requestFor(url), configEnv(reader));
    expect(refused).toMatchObject({ code: 0, stdout: '' });
    expect(refused.stderr).toMatch(/^forgekeeper: the server refused: .*\(forbidden\)\n$/);

    const open = await helper('get', requestFor(url), configEnv(await apiKey(['tokens:use']), 0o644));
    expect(open).toMatchObject({ code: 0, stdout: '' });
    expect(open.stderr).toMatch(/^forgekeeper: .*mode 0644.*chmod 600.*\n$/);

    const down = configEnv('fk_x_y');
    const unreachable = await helper('get', requestFor(url), {
      ...down,
      FORGEKEEPER_CONFIG: writeConfig({ server: { url: 'http://127.0.0.1:1', apiKey: 'fk_x_y' } }),
    });
    expect(unreachable).toMatchObject({ code: 0, stdout: '' });
    expect(unreachable.stderr).toContain('cannot reach the server');
    expect(HELPER).toMatch(/git-credential-forgekeeper\.cjs$/);
  });
});

function parts(url: string) {
  const parsed = new URL(url);
  return { protocol: parsed.protocol.slice(0, -1), host: parsed.host, path: parsed.pathname.slice(1) };
}

function writeConfig(config: object): string {
  const path = join(tempDir('fk-config-'), 'config.json');
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}
