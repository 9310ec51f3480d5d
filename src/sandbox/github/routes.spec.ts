import { describe, expect, it } from 'vitest';
import { githubClassic, githubFineGrained } from '../testing/factories.js';
import { basic, call, rawGet, useSandbox } from '../testing/sandbox-fixture.js';
import { compile, explain, githubSchema } from '../testing/spec-schemas.js';

const ctx = useSandbox();
const BAD_CREDENTIALS = {
  message: 'Bad credentials',
  documentation_url: 'https://docs.github.com/rest',
  status: '401',
};

const classic = (overrides: Parameters<typeof githubClassic>[0] = {}) =>
  ctx.sandbox.control.createToken(githubClassic(overrides));

const user = (authorization?: string, headers: Record<string, string> = {}) =>
  call(`${ctx.sandbox.urls.github.api}/user`, {
    headers: { ...(authorization ? { authorization } : {}), ...headers },
  });

describe('GitHub GET /user', () => {
  it('answers a classic token with the private user, its scopes and expiry in headers', async () => {
    const token = await classic({
      scopes: ['repo', 'user', 'user:email'],
      expiresAt: '2027-01-01T00:00:00Z',
    });
    const answer = await user(`Bearer ${token.token}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-oauth-scopes')).toBe('repo, user');
    expect(answer.headers.get('x-accepted-oauth-scopes')).toBe('');
    expect(answer.headers.get('github-authentication-token-expiration')).toBe('2027-01-01 00:00:00 UTC');
    expect(answer.headers.get('x-github-request-id')).toMatch(
      /^[0-9A-F]{4}:[0-9A-F]{4}:[0-9A-F]{7}:[0-9A-F]{7}:[0-9A-F]{8}$/,
    );
    expect(answer.body).toMatchObject({
      login: 'octo',
      id: token.account.id,
      type: 'User',
      email: 'octo@example.com',
    });
  });

  it('validates against private-user from the GitHub OpenAPI description', async () => {
    const token = await classic();
    const validate = compile(githubSchema('private-user'));
    const answer = await user(`token ${token.token}`);
    expect(validate(answer.body), explain(validate)).toBe(true);
  });

  it('sends X-OAuth-Scopes present but empty for a classic token without scopes', async () => {
    const token = await classic({ scopes: [] });
    const answer = await user(`Bearer ${token.token}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.has('x-oauth-scopes')).toBe(true);
    expect(answer.headers.get('x-oauth-scopes')).toBe('');
    expect(answer.headers.has('github-authentication-token-expiration')).toBe(false);
  });

  it('sends no scope header for a fine-grained token, but its expiry', async () => {
    const token = await ctx.sandbox.control.createToken(
      githubFineGrained({ permissions: { contents: 'read' }, expiresAt: '2027-03-31T12:30:00Z' }),
    );
    const answer = await user(`Bearer ${token.token}`);
    expect(answer.status).toBe(200);
    expect(answer.headers.has('x-oauth-scopes')).toBe(false);
    expect(answer.headers.get('github-authentication-token-expiration')).toBe('2027-03-31 12:30:00 UTC');
  });

  it.each(['Bearer', 'token', 'bearer'])('accepts the %s scheme', async (scheme) => {
    const token = await classic();
    expect((await user(`${scheme} ${token.token}`)).status).toBe(200);
  });

  it('accepts the token as the Basic password with any username', async () => {
    const token = await classic();
    expect((await user(basic('anything', token.token))).status).toBe(200);
  });

  it.each(['expired', 'revoked'] as const)(
    'answers a %s token exactly like an unknown one',
    async (state) => {
      const token = await classic({ state });
      const answer = await user(`Bearer ${token.token}`);
      const unknown = await user('Bearer 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');
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(BAD_CREDENTIALS);
      expect(unknown.status).toBe(401);
      expect(unknown.text).toBe(answer.text);
      expect(answer.headers.has('x-oauth-scopes')).toBe(false);
      expect(answer.headers.get('x-ratelimit-limit')).toBe('60');
    },
  );

  it('refuses a token of another forge', async () => {
    const gitlab = await ctx.sandbox.control.createToken({
      forge: 'gitlab',
      kind: 'personal',
      login: 'octo',
      scopes: ['api'],
    });
    expect((await user(`Bearer ${gitlab.token}`)).body).toEqual(BAD_CREDENTIALS);
  });

  it('asks for authentication when there is no token', async () => {
    const answer = await user();
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ message: 'Requires authentication', status: '401' });
  });

  it('refuses requests without a User-Agent before looking at the token', async () => {
    const token = await classic();
    const answer = await rawGet(`${ctx.sandbox.urls.github.api}/user`, {
      authorization: `Bearer ${token.token}`,
    });
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('User-Agent');
  });

  it('refuses an unknown X-GitHub-Api-Version and accepts the documented ones', async () => {
    const token = await classic();
    expect((await user(`Bearer ${token.token}`, { 'x-github-api-version': '2022-11-28' })).status).toBe(200);
    expect((await user(`Bearer ${token.token}`, { 'x-github-api-version': '2026-03-10' })).status).toBe(200);
    expect((await user(`Bearer ${token.token}`, { 'x-github-api-version': '2019-01-01' })).status).toBe(400);
  });

  it('moves a token from active to expired with the sandbox clock', async () => {
    await ctx.sandbox.control.setClock('2026-12-30T00:00:00Z');
    const token = await classic({ expiresAt: '2027-01-01T00:00:00Z' });
    expect((await user(`Bearer ${token.token}`)).status).toBe(200);
    await ctx.sandbox.control.advanceClock(2 * 86_400_000);
    expect((await user(`Bearer ${token.token}`)).status).toBe(401);
    expect((await ctx.sandbox.control.getToken(token.id)).status).toBe('expired');
  });

  it('stops a token revoked later through the control API', async () => {
    const token = await classic();
    expect((await user(`Bearer ${token.token}`)).status).toBe(200);
    await ctx.sandbox.control.updateToken(token.id, { state: 'revoked' });
    expect((await user(`Bearer ${token.token}`)).body).toEqual(BAD_CREDENTIALS);
  });

  it('stops a token left unused for a year (forges.md §1.6)', async () => {
    const token = await classic();
    await ctx.sandbox.control.advanceClock(366 * 86_400_000);
    expect((await user(`Bearer ${token.token}`)).status).toBe(401);
  });

  it('answers a matching If-None-Match with 304, free of charge', async () => {
    const token = await classic();
    const first = await user(`Bearer ${token.token}`);
    const etag = first.headers.get('etag') ?? '';
    const second = await user(`Bearer ${token.token}`, { 'if-none-match': etag });
    expect(second.status).toBe(304);
    expect(second.headers.get('x-ratelimit-used')).toBe('1');
  });
});

describe('GitHub token state × auth scheme', () => {
  const schemes = {
    Bearer: (token: string) => `Bearer ${token}`,
    token: (token: string) => `token ${token}`,
    Basic: (token: string) => basic('octo', token),
  };
  const cases = (['active', 'expired', 'revoked'] as const).flatMap((state) =>
    (['classic', 'fine-grained'] as const).flatMap((kind) =>
      (['Bearer', 'token', 'Basic'] as const).map((scheme) => ({ state, kind, scheme })),
    ),
  );

  it.each(cases)('$kind $state via $scheme', async ({ state, kind, scheme }) => {
    const input = kind === 'classic' ? githubClassic({ state }) : githubFineGrained({ state });
    const token = await ctx.sandbox.control.createToken(input);
    const answer = await user(schemes[scheme](token.token));
    if (state === 'active') {
      expect(answer.status).toBe(200);
      expect(answer.headers.has('x-oauth-scopes')).toBe(kind === 'classic');
    } else {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(BAD_CREDENTIALS);
    }
  });
});

describe('GitHub rate limits', () => {
  it('counts per user across all of that user’s tokens, 5,000 an hour', async () => {
    const one = await classic();
    const two = await ctx.sandbox.control.createToken(githubFineGrained());
    const first = await user(`Bearer ${one.token}`);
    const second = await user(`Bearer ${two.token}`);
    expect(first.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(second.headers.get('x-ratelimit-remaining')).toBe('4998');
    expect(second.headers.get('x-ratelimit-used')).toBe('2');
    expect(second.headers.get('x-ratelimit-resource')).toBe('core');
    expect(second.headers.get('x-ratelimit-reset')).toBe(first.headers.get('x-ratelimit-reset'));
  });

  it('keeps other users’ budgets apart', async () => {
    const octo = await classic();
    const hubot = await classic({ login: 'hubot' });
    await user(`Bearer ${octo.token}`);
    expect((await user(`Bearer ${hubot.token}`)).headers.get('x-ratelimit-remaining')).toBe('4999');
  });

  it('answers 403 with remaining 0 once the budget is spent, then resets with the clock', async () => {
    await ctx.sandbox.control.setConfig({ github: { rateLimitPerHour: 2 } });
    const one = await classic();
    const two = await classic({ name: 'second' });
    await user(`Bearer ${one.token}`);
    await user(`Bearer ${two.token}`);
    const limited = await user(`Bearer ${one.token}`);
    expect(limited.status).toBe(403);
    expect(limited.body).toMatchObject({ message: `API rate limit exceeded for user ID ${one.account.id}.` });
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(limited.headers.get('x-ratelimit-reset'));
    const now = Date.parse((await ctx.sandbox.control.getClock()).now);
    expect(reset * 1000).toBeGreaterThan(now);
    await ctx.sandbox.control.advanceClock(3_600_001);
    expect((await user(`Bearer ${one.token}`)).status).toBe(200);
  });

  it('can answer an exhausted limit with 429', async () => {
    await ctx.sandbox.control.setConfig({ github: { rateLimitPerHour: 1, rateLimitStatus: 429 } });
    const token = await classic();
    await user(`Bearer ${token.token}`);
    expect((await user(`Bearer ${token.token}`)).status).toBe(429);
  });

  it('GET /rate_limit is free and validates against rate-limit-overview', async () => {
    const token = await classic();
    await user(`Bearer ${token.token}`);
    const url = `${ctx.sandbox.urls.github.api}/rate_limit`;
    const first = await call(url, { headers: { authorization: `Bearer ${token.token}` } });
    const second = await call(url, { headers: { authorization: `Bearer ${token.token}` } });
    const validate = compile(githubSchema('rate-limit-overview'));
    expect(validate(second.body), explain(validate)).toBe(true);
    expect(first.body).toMatchObject({ resources: { core: { used: 1, remaining: 4999 } } });
    expect(second.body).toMatchObject({ rate: { used: 1, limit: 5000 } });
    expect(second.headers.get('x-oauth-scopes')).toBe('repo');
  });

  it('GET /rate_limit without a token shows the per-IP budget', async () => {
    const answer = await call(`${ctx.sandbox.urls.github.api}/rate_limit`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ resources: { core: { limit: 60 } } });
  });
});

describe('GitHub errors', () => {
  it('answers unknown paths with GitHub’s 404 body', async () => {
    const answer = await call(`${ctx.sandbox.urls.github.api}/nope`);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({
      message: 'Not Found',
      documentation_url: 'https://docs.github.com/rest',
      status: '404',
    });
    const validate = compile(githubSchema('basic-error'));
    expect(validate(answer.body)).toBe(true);
  });
});
