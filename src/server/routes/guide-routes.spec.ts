import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiCaller, call, codeOf, signIn } from '../testing/api-client.js';
import { useApp } from '../testing/app-fixture.js';

const ADMIN = { username: 'root', password: 'a long admin password' };

describe('GET /api/v1/guides', () => {
  const fixture = useApp({ deps: { logger: false, webRoot: false } });
  let me: ApiCaller;

  beforeAll(async () => {
    const issued = await fixture.accounts.issueSetupCode();
    if (!issued.ok) throw new Error(issued.error.code);
    const setup = await call(fixture.app, 'POST', '/api/v1/setup', {
      body: { code: issued.value.code.reveal(), ...ADMIN },
    });
    expect(setup.statusCode).toBe(201);
    me = await signIn(fixture.app, ADMIN.username, ADMIN.password);
  });

  it('needs a caller', async () => {
    const response = await call(fixture.app, 'GET', '/api/v1/guides?forge=github');
    expect(response.statusCode).toBe(401);
  });

  it('answers the creation guide: the pre-filled link, the steps and the scopes to tick', async () => {
    const response = await call(
      fixture.app,
      'GET',
      '/api/v1/guides?forge=github&require=read,push,workflows',
      {
        as: me,
      },
    );
    expect(response.statusCode).toBe(200);
    const guide = response.json();
    expect(guide).toMatchObject({ forge: 'github', kind: 'classic' });
    expect(guide.url).toMatch(/^https:\/\/github\.com\//);
    expect(guide.scopes).toEqual(expect.arrayContaining(['repo', 'workflow']));
    expect(guide.steps.length).toBeGreaterThan(2);
  });

  it('builds the link on a self-hosted forge', async () => {
    const response = await call(
      fixture.app,
      'GET',
      '/api/v1/guides?forge=gitlab&require=read&apiUrl=https://gitlab.example.com/api/v4',
      { as: me },
    );
    expect(response.statusCode).toBe(200);
    expect(response.json().url).toMatch(/^https:\/\/gitlab\.example\.com\//);
  });

  it('guides Bitbucket users to an API token with scopes', async () => {
    const response = await call(fixture.app, 'GET', '/api/v1/guides?forge=bitbucket&require=read,push', {
      as: me,
    });
    expect(response.json()).toMatchObject({ kind: 'api_token' });
    expect(response.json().scopes.length).toBeGreaterThan(0);
  });

  it('refuses an unknown kind or capability with invalid_input', async () => {
    for (const url of [
      '/api/v1/guides?forge=gitlab&kind=classic',
      '/api/v1/guides?forge=github&require=fly',
    ]) {
      const response = await call(fixture.app, 'GET', url, { as: me });
      expect(response.statusCode, url).toBe(400);
      expect(codeOf(response), url).toBe('invalid_input');
    }
  });
});
