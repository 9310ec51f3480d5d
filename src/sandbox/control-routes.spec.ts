import { describe, expect, it } from 'vitest';
import { SandboxControlError } from './index.js';
import { basic, call, useSandbox } from './testing/sandbox-fixture.js';

const ctx = useSandbox();
const control = (path: string) => `${ctx.sandbox.urls.control}${path}`;
const post = (path: string, body: unknown) =>
  call(control(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

describe('POST /tokens', () => {
  it('creates a token and its account: 201 with the token and metadata', async () => {
    const answer = await post('/tokens', {
      forge: 'github',
      kind: 'classic',
      login: 'octo',
      scopes: ['repo'],
      expiresAt: '2027-01-01T00:00:00Z',
      state: 'active',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      id: 'github-1',
      forge: 'github',
      kind: 'classic',
      login: 'octo',
      scopes: ['repo'],
      state: 'active',
      status: 'active',
      expiresAt: '2027-01-01T00:00:00Z',
      account: { login: 'octo', email: 'octo@example.com' },
    });
    const { token, hint } = answer.body as { token: string; hint: string };
    expect(token).toMatch(/^ghp_/);
    expect(hint).toBe(`ghp_…${token.slice(-4)}`);
  });

  it.each([
    [{ forge: 'github', kind: 'classic' }, 'login'],
    [{ forge: 'github', kind: 'nope', login: 'octo' }, 'kind'],
    [{ forge: 'gitlab', kind: 'classic', login: 'octo' }, 'forge'],
    [{ forge: 'github', kind: 'classic', login: 'octo', scopes: ['rep'] }, 'unknown classic scope(s): rep'],
    [{ forge: 'github', kind: 'fine-grained', login: 'octo', scopes: ['repo'] }, 'scopes'],
    [{ forge: 'gitlab', kind: 'personal', login: 'octo', scopes: [] }, 'at least one scope'],
    [{ forge: 'bitbucket', kind: 'api_token', login: 'octo', scopes: ['read:user:bitbucket'] }, 'email'],
    [{ forge: 'github', kind: 'classic', login: 'octo', expiresAt: 'tomorrow' }, 'expiresAt'],
    [{ forge: 'github', kind: 'classic', login: 'octo', state: 'paused' }, 'state'],
  ])('refuses %j with a 400 that names the problem (%s)', async (body, words) => {
    const answer = await post('/tokens', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'bad_request', message: expect.stringContaining(words) });
  });

  it('refuses a non-JSON body', async () => {
    const answer = await call(control('/tokens'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{nope',
    });
    expect(answer.status).toBe(400);
  });

  it('409 when an existing account is given another email', async () => {
    await post('/tokens', {
      forge: 'bitbucket',
      kind: 'api_token',
      login: 'bucky',
      email: 'a@example.com',
      scopes: [],
    });
    const answer = await post('/tokens', {
      forge: 'bitbucket',
      kind: 'api_token',
      login: 'bucky',
      email: 'b@example.com',
      scopes: [],
    });
    expect(answer.status).toBe(409);
  });

  it('gives an account the same id after a reset (stable fixtures)', async () => {
    const first = (
      await post('/tokens', { forge: 'gitlab', kind: 'personal', login: 'tanuki', scopes: ['api'] })
    ).body;
    await post('/reset', {});
    const second = (
      await post('/tokens', { forge: 'gitlab', kind: 'personal', login: 'tanuki', scopes: ['api'] })
    ).body;
    expect((second as { account: { id: number } }).account.id).toBe(
      (first as { account: { id: number } }).account.id,
    );
  });

  it('throws SandboxControlError in process', async () => {
    await expect(
      ctx.sandbox.control.createToken({ forge: 'github', kind: 'classic', login: '' }),
    ).rejects.toBeInstanceOf(SandboxControlError);
  });
});

describe('GET and PATCH /tokens/:id', () => {
  it('changes state, scopes and expiry later; lists never show the token', async () => {
    const created = (
      await post('/tokens', { forge: 'gitlab', kind: 'personal', login: 'tanuki', scopes: ['api'] })
    ).body as { id: string; token: string };
    const patched = await call(control(`/tokens/${created.id}`), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'revoked', scopes: ['read_api'], expiresAt: '2027-02-03' }),
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ state: 'revoked', scopes: ['read_api'], expiresOn: '2027-02-03' });
    const list = await call(control('/tokens'));
    expect(list.text).not.toContain(created.token);
    expect((await call(control(`/tokens/${created.id}`))).body).toMatchObject({
      id: created.id,
      state: 'revoked',
    });
  });

  it('404 for an unknown id, 400 for a bad patch', async () => {
    expect((await call(control('/tokens/github-99'))).status).toBe(404);
    const created = (await post('/tokens', { forge: 'github', kind: 'classic', login: 'octo' })).body as {
      id: string;
    };
    const bad = await call(control(`/tokens/${created.id}`), {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'gone' }),
    });
    expect(bad.status).toBe(400);
  });
});

describe('clock, reset, config', () => {
  it('sets, advances and reads the clock', async () => {
    expect((await post('/clock', { set: '2026-12-01T00:00:00Z' })).body).toMatchObject({
      now: expect.stringMatching(/^2026-12-01T00:00:0/),
    });
    const advanced = await post('/clock', { advanceMs: 86_400_000 });
    expect(advanced.body).toMatchObject({ now: expect.stringMatching(/^2026-12-02T00:00:0/) });
    expect((await call(control('/clock'))).body).toMatchObject({ now: expect.stringMatching(/^2026-12-02/) });
    expect((await post('/clock', { set: 'yesterday' })).status).toBe(400);
    expect((await post('/clock', {})).status).toBe(400);
  });

  it('reset clears tokens, faults and the clock', async () => {
    const created = (await post('/tokens', { forge: 'github', kind: 'classic', login: 'octo' })).body as {
      token: string;
    };
    await post('/faults', { forge: '*', type: 'status', status: 500 });
    await post('/clock', { set: '2030-01-01T00:00:00Z' });
    expect((await post('/reset', {})).status).toBe(204);
    expect((await call(control('/tokens'))).body).toEqual([]);
    expect((await call(control('/faults'))).body).toEqual([]);
    expect((await call(control('/clock'))).body).toMatchObject({ offsetMs: 0 });
    const user = await call(`${ctx.sandbox.urls.github.api}/user`, {
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(user.status).toBe(401);
  });

  it('merges partial config and refuses unknown keys', async () => {
    const answer = await post('/config', { gitlab: { unknownTokenBody: 'bad-access-token' } });
    expect(answer.body).toMatchObject({
      gitlab: { unknownTokenBody: 'bad-access-token', rateLimitPerMinute: 2000 },
    });
    expect((await post('/config', { gitlab: { unknownTokenbody: 'x' } })).status).toBe(400);
    expect((await call(control('/config'))).body).toMatchObject({ github: { rateLimitPerHour: 5000 } });
  });

  it('GET / shows the URLs', async () => {
    expect((await call(control('/'))).body).toEqual({ urls: ctx.sandbox.urls });
  });

  it('faults: 201 with an id, 400 for a bad one', async () => {
    const added = await post('/faults', {
      forge: 'github',
      path: '/user',
      type: 'status',
      status: 502,
      count: 1,
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ id: expect.any(String), remaining: 1 });
    expect((await post('/faults', { forge: 'github', type: 'status' })).status).toBe(400);
    expect((await post('/faults', { forge: 'gitea', type: 'reset' })).status).toBe(400);
  });
});

describe('GET /requests', () => {
  it('logs method, forge, path and status with every credential masked, never the token', async () => {
    const gh = (await post('/tokens', { forge: 'github', kind: 'classic', login: 'octo' })).body as {
      token: string;
    };
    const gl = (
      await post('/tokens', { forge: 'gitlab', kind: 'personal', login: 'tanuki', scopes: ['api'] })
    ).body as {
      token: string;
    };
    const bb = (
      await post('/tokens', {
        forge: 'bitbucket',
        kind: 'api_token',
        login: 'bucky',
        email: 'bucky@example.com',
        scopes: [],
      })
    ).body as { token: string };
    const { urls } = ctx.sandbox;
    await call(`${urls.github.api}/user`, { headers: { authorization: `Bearer ${gh.token}` } });
    await call(`${urls.github.api}/user`, { headers: { authorization: basic(gh.token, 'x-oauth-basic') } });
    await call(`${urls.gitlab.api}/user`, { headers: { 'private-token': gl.token } });
    await call(`${urls.gitlab.api}/user?private_token=${gl.token}`);
    await call(`${urls.bitbucket.api}/user`, {
      headers: { authorization: basic('bucky@example.com', bb.token) },
    });
    const answer = await call(control('/requests'));
    for (const token of [gh.token, gl.token, bb.token]) {
      expect(answer.text).not.toContain(token);
      expect(answer.text).not.toContain(token.slice(0, 16));
    }
    const page = answer.body as { total: number; requests: Array<Record<string, unknown>> };
    expect(page.total).toBe(5);
    expect(page.requests[0]).toMatchObject({
      seq: 1,
      method: 'GET',
      forge: 'github',
      path: '/user',
      status: 200,
      authorization: `Bearer ghp_…${gh.token.slice(-4)}`,
      fault: null,
    });
    expect(page.requests[1]).toMatchObject({ authorization: expect.stringMatching(/^Basic ghp_…/) });
    expect(page.requests[2]).toMatchObject({
      forge: 'gitlab',
      authorization: `PRIVATE-TOKEN glpat-…${gl.token.slice(-4)}`,
    });
    expect(page.requests[3]).toMatchObject({
      path: '/user',
      authorization: expect.stringMatching(/^private_token=glpat-…/),
    });
    expect(page.requests[4]).toMatchObject({
      authorization: `Basic bucky@example.com:ATATT3…${bb.token.slice(-4)}`,
    });
    const filtered = await call(control('/requests?forge=gitlab&limit=1'));
    expect((filtered.body as { requests: unknown[] }).requests).toHaveLength(1);
  });

  it('keeps only the configured number of entries', async () => {
    await post('/config', { requestLogLimit: 3 });
    for (let i = 0; i < 5; i++) await call(`${ctx.sandbox.urls.github.api}/nope${i}`);
    const page = (await call(control('/requests'))).body as {
      total: number;
      requests: Array<{ path: string }>;
    };
    expect(page.total).toBe(5);
    expect(page.requests.map((entry) => entry.path)).toEqual(['/nope2', '/nope3', '/nope4']);
  });
});
