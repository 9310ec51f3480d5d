import { describe, expect, it } from 'vitest';
import { gitlabPersonal } from '../testing/factories.js';
import { call, useSandbox } from '../testing/sandbox-fixture.js';
import { compile, explain, gitlabSchema, gitlabTokenValidator } from '../testing/spec-schemas.js';

const ctx = useSandbox();
const create = (overrides: Parameters<typeof gitlabPersonal>[0] = {}) =>
  ctx.sandbox.control.createToken(gitlabPersonal(overrides));
const api = (path: string) => `${ctx.sandbox.urls.gitlab.api}${path}`;
const self = (token: string, method = 'GET') =>
  call(api('/personal_access_tokens/self'), { method, headers: { 'private-token': token } });

describe('GitLab GET /personal_access_tokens/self', () => {
  it('describes the token: scopes, expiry date, active, last use', async () => {
    await ctx.sandbox.control.setClock('2026-05-01T10:00:00Z');
    const token = await create({ name: 'ci', scopes: ['read_api', 'read_user'], expiresAt: '2026-08-15' });
    const answer = await self(token.token);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: Number(token.id.split('-')[1]),
      name: 'ci',
      revoked: false,
      scopes: ['read_api', 'read_user'],
      user_id: token.account.id,
      active: true,
      expires_at: '2026-08-15',
    });
    expect((answer.body as { last_used_at: string }).last_used_at).toMatch(/^2026-05-01T10:00/);
    expect(answer.headers.get('ratelimit-name')).toBe('throttle_authenticated_api');
    expect(answer.headers.get('ratelimit-limit')).toBe('2000');
    expect(answer.headers.get('ratelimit-remaining')).toBe('1999');
  });

  it('validates against the GitLab OpenAPI schema (with the documented date for expires_at)', async () => {
    const validate = gitlabTokenValidator('API_Entities_PersonalAccessTokenWithLastUsedIps');
    const answer = await self((await create()).token);
    expect(validate(answer.body), explain(validate)).toBe(true);
    const never = await self((await create({ expiresAt: null })).token);
    expect(never.body).toMatchObject({ expires_at: null });
    expect(validate(never.body), explain(validate)).toBe(true);
  });

  it('accepts PRIVATE-TOKEN, Authorization: Bearer and ?private_token=', async () => {
    const token = await create();
    expect((await self(token.token)).status).toBe(200);
    const bearer = await call(api('/personal_access_tokens/self'), {
      headers: { authorization: `Bearer ${token.token}` },
    });
    expect(bearer.status).toBe(200);
    const query = await call(api(`/personal_access_tokens/self?private_token=${token.token}`));
    expect(query.status).toBe(200);
  });

  it('answers with any scope by default, and only the configured ones when told', async () => {
    const token = await create({ scopes: ['read_repository'] });
    expect((await self(token.token)).status).toBe(200);
    await ctx.sandbox.control.setConfig({ gitlab: { selfScopes: ['api', 'read_api', 'read_user'] } });
    const refused = await self(token.token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'insufficient_scope', scope: 'api read_api read_user' });
  });

  it('issues both token shapes, routable by default', async () => {
    expect((await create()).token).toMatch(/^glpat-[A-Za-z0-9_-]+\.01\.[0-9a-z]{9}$/);
    expect((await create({ format: 'legacy' })).token).toMatch(/^glpat-[0-9A-Za-z_-]{20}$/);
  });

  it('refreshes last_used_at at most every 10 minutes', async () => {
    await ctx.sandbox.control.setClock('2026-05-01T10:00:00Z');
    const token = await create();
    const first = (await self(token.token)).body as { last_used_at: string };
    await ctx.sandbox.control.advanceClock(5 * 60_000);
    const second = (await self(token.token)).body as { last_used_at: string };
    expect(second.last_used_at).toBe(first.last_used_at);
    await ctx.sandbox.control.advanceClock(6 * 60_000);
    const third = (await self(token.token)).body as { last_used_at: string };
    expect(third.last_used_at).not.toBe(first.last_used_at);
  });
});

describe('GitLab token states', () => {
  it('expired: 401 invalid_token with WWW-Authenticate', async () => {
    const token = await create({ state: 'expired' });
    const answer = await self(token.token);
    const description = 'Token is expired. You can either do re-authorization or token refresh.';
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: 'invalid_token', error_description: description });
    expect(answer.headers.get('www-authenticate')).toBe(
      `Bearer realm="", error="invalid_token", error_description="${description}"`,
    );
  });

  it('revoked: 401 with its own description', async () => {
    const token = await create({ state: 'revoked' });
    expect((await self(token.token)).body).toEqual({
      error: 'invalid_token',
      error_description: 'Token was revoked. You have to re-authorize from the user.',
    });
  });

  it('unknown: 401 Unauthorized, or Bad Access Token when configured', async () => {
    const unknown = 'glpat-YWFhYWFhYWFhYWFhYWFhYW86MQM.01.0r0i4k17x';
    expect((await self(unknown)).body).toEqual({ message: '401 Unauthorized' });
    await ctx.sandbox.control.setConfig({ gitlab: { unknownTokenBody: 'bad-access-token' } });
    expect((await self(unknown)).body).toEqual({
      error: 'invalid_token',
      error_description: 'Bad Access Token.',
    });
  });

  it('no token: 401 Unauthorized', async () => {
    const answer = await call(api('/user'));
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ message: '401 Unauthorized' });
    const validate = compile(gitlabSchema('API_Entities_Error'));
    expect(validate(answer.body), explain(validate)).toBe(true);
  });

  it('expires at 00:00 UTC on its expiry date, by the sandbox clock', async () => {
    await ctx.sandbox.control.setClock('2026-08-14T23:59:00Z');
    const token = await create({ expiresAt: '2026-08-15T18:00:00Z' });
    expect((await ctx.sandbox.control.getToken(token.id)).expiresOn).toBe('2026-08-15');
    expect((await self(token.token)).status).toBe(200);
    await ctx.sandbox.control.advanceClock(60_000);
    expect((await self(token.token)).status).toBe(401);
  });

  it('checks expiry before revocation, as GitLab’s validation service does', async () => {
    const token = await create({ state: 'expired' });
    await ctx.sandbox.control.updateToken(token.id, { state: 'revoked' });
    expect((await self(token.token)).body).toMatchObject({
      error_description: expect.stringContaining('expired'),
    });
  });
});

describe('GitLab token state × auth variant', () => {
  const variants = {
    'PRIVATE-TOKEN': (token: string) => ({
      url: api('/personal_access_tokens/self'),
      headers: { 'private-token': token },
    }),
    Bearer: (token: string) => ({
      url: api('/personal_access_tokens/self'),
      headers: { authorization: `Bearer ${token}` },
    }),
    private_token: (token: string) => ({
      url: api(`/personal_access_tokens/self?private_token=${token}`),
      headers: {},
    }),
  };
  const expected = {
    active: { status: 200, description: undefined },
    expired: {
      status: 401,
      description: 'Token is expired. You can either do re-authorization or token refresh.',
    },
    revoked: { status: 401, description: 'Token was revoked. You have to re-authorize from the user.' },
  };
  const cases = (['active', 'expired', 'revoked'] as const).flatMap((state) =>
    (['PRIVATE-TOKEN', 'Bearer', 'private_token'] as const).map((variant) => ({ state, variant })),
  );

  it.each(cases)('$state via $variant', async ({ state, variant }) => {
    const token = await create({ state });
    const { url, headers } = variants[variant](token.token);
    const answer = await call(url, { headers });
    expect(answer.status).toBe(expected[state].status);
    if (expected[state].description) {
      expect(answer.body).toEqual({ error: 'invalid_token', error_description: expected[state].description });
    }
  });
});

describe('GitLab GET /user', () => {
  it.each(['api', 'read_api', 'read_user'])('answers a token with %s', async (scope) => {
    const token = await create({ scopes: [scope] });
    const answer = await call(api('/user'), { headers: { 'private-token': token.token } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      id: token.account.id,
      username: 'tanuki',
      email: 'tanuki@example.com',
    });
    const validate = compile(gitlabSchema('API_Entities_CurrentUser'));
    expect(validate(answer.body), explain(validate)).toBe(true);
  });

  it('refuses other scopes with 403 insufficient_scope and no WWW-Authenticate', async () => {
    const token = await create({ scopes: ['read_repository', 'write_repository'] });
    const answer = await call(api('/user'), { headers: { 'private-token': token.token } });
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      error: 'insufficient_scope',
      error_description: 'The request requires higher privileges than provided by the access token.',
      scope: 'api read_user read_api',
    });
    expect(answer.headers.has('www-authenticate')).toBe(false);
  });

  it('can send scope as a list', async () => {
    await ctx.sandbox.control.setConfig({ gitlab: { insufficientScopeFormat: 'array' } });
    const token = await create({ scopes: ['read_repository'] });
    const answer = await call(api('/user'), { headers: { 'private-token': token.token } });
    expect(answer.body).toMatchObject({ scope: ['api', 'read_user', 'read_api'] });
  });
});

describe('GitLab rate limits', () => {
  it('answers 429 Retry later with Retry-After and RateLimit-* once the minute’s budget is spent', async () => {
    await ctx.sandbox.control.setConfig({ gitlab: { rateLimitPerMinute: 2 } });
    const one = await create();
    const two = await create({ name: 'second' });
    expect((await self(one.token)).status).toBe(200);
    expect((await self(two.token)).status).toBe(200);
    const limited = await self(one.token);
    expect(limited.status).toBe(429);
    expect(limited.text).toBe('Retry later\n');
    expect(limited.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('ratelimit-observed')).toBe('3');
    expect(Date.parse(limited.headers.get('ratelimit-resettime') ?? '')).not.toBeNaN();
    await ctx.sandbox.control.advanceClock(60_000);
    expect((await self(one.token)).status).toBe(200);
  });

  it('answers unknown paths with GitLab’s 404', async () => {
    const answer = await call(api('/nope'));
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ error: '404 Not Found' });
  });
});
