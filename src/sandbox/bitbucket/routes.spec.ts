import { describe, expect, it } from 'vitest';
import { bitbucketAccessToken, bitbucketApiToken, bitbucketAppPassword } from '../testing/factories.js';
import { basic, call, useSandbox } from '../testing/sandbox-fixture.js';
import { bitbucketSchema, compile, explain } from '../testing/spec-schemas.js';

const ctx = useSandbox();
const INVALID = {
  type: 'error',
  error: { message: 'Token is invalid, expired, or not supported for this endpoint.' },
};
const user = (authorization?: string) =>
  call(`${ctx.sandbox.urls.bitbucket.api}/user`, { headers: authorization ? { authorization } : {} });

describe('Bitbucket GET /2.0/user with API tokens', () => {
  it('answers Basic email:token with the user and the credential headers', async () => {
    const token = await ctx.sandbox.control.createToken(
      bitbucketApiToken({ scopes: ['read:user:bitbucket', 'read:repository:bitbucket'] }),
    );
    const answer = await user(basic('bucky@example.com', token.token));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-credential-type')).toBe('api_token');
    expect(answer.headers.get('x-oauth-scopes')).toBe('read:user:bitbucket, read:repository:bitbucket');
    expect(answer.body).toMatchObject({
      type: 'user',
      username: 'bucky',
      nickname: 'bucky',
      uuid: token.account.uuid,
      account_id: token.account.accountId,
    });
    expect(token.account.uuid).toMatch(/^\{[0-9a-f-]{36}\}$/);
  });

  it('validates against the user definition of the Bitbucket swagger', async () => {
    const token = await ctx.sandbox.control.createToken(bitbucketApiToken());
    const validate = compile(bitbucketSchema('user'));
    const answer = await user(basic('bucky@example.com', token.token));
    expect(validate(answer.body), explain(validate)).toBe(true);
  });

  it('matches the email case-insensitively but refuses the username or a wrong email', async () => {
    const token = await ctx.sandbox.control.createToken(bitbucketApiToken());
    expect((await user(basic('Bucky@Example.com', token.token))).status).toBe(200);
    const byUsername = await user(basic('bucky', token.token));
    expect(byUsername.status).toBe(401);
    expect(byUsername.body).toEqual(INVALID);
    expect((await user(basic('other@example.com', token.token))).status).toBe(401);
  });

  it('refuses an API token sent as Bearer', async () => {
    const token = await ctx.sandbox.control.createToken(bitbucketApiToken());
    expect((await user(`Bearer ${token.token}`)).body).toEqual(INVALID);
  });

  it('answers 403 naming the missing read:user:bitbucket, with the granted scopes', async () => {
    const token = await ctx.sandbox.control.createToken(
      bitbucketApiToken({ scopes: ['read:repository:bitbucket'] }),
    );
    const answer = await user(basic('bucky@example.com', token.token));
    expect(answer.status).toBe(403);
    expect(answer.body).toEqual({
      type: 'error',
      error: {
        message: 'Your credentials lack one or more required privilege scopes.',
        detail: { granted: ['read:repository:bitbucket'], required: ['read:user:bitbucket'] },
      },
    });
    expect(answer.headers.get('x-credential-type')).toBe('api_token');
  });

  it('does not let a token created without scopes in (forges.md §3.1)', async () => {
    const token = await ctx.sandbox.control.createToken(bitbucketApiToken({ scopes: [] }));
    expect((await user(basic('bucky@example.com', token.token))).status).toBe(401);
  });

  it.each(['expired', 'revoked'] as const)('answers a %s API token with the generic 401', async (state) => {
    const token = await ctx.sandbox.control.createToken(bitbucketApiToken({ state }));
    const answer = await user(basic('bucky@example.com', token.token));
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual(INVALID);
    const validate = compile(bitbucketSchema('error'));
    expect(validate(answer.body), explain(validate)).toBe(true);
  });

  it('answers no credentials and unknown tokens with 401', async () => {
    expect((await user()).status).toBe(401);
    expect((await user('Bearer ATCTT3xFfGN0unknown=00000000')).body).toEqual(INVALID);
  });

  it('expires an API token with the sandbox clock', async () => {
    await ctx.sandbox.control.setClock('2026-01-01T00:00:00Z');
    const token = await ctx.sandbox.control.createToken(
      bitbucketApiToken({ expiresAt: '2026-02-01T00:00:00Z' }),
    );
    expect((await user(basic('bucky@example.com', token.token))).status).toBe(200);
    await ctx.sandbox.control.setClock('2026-02-01T00:00:00Z');
    expect((await user(basic('bucky@example.com', token.token))).status).toBe(401);
  });
});

describe('Bitbucket access tokens', () => {
  it.each(['repo_access_token', 'project_access_token', 'workspace_access_token'] as const)(
    '%s: Bearer → 403 with x-credential-type and x-oauth-scopes',
    async (credentialType) => {
      const token = await ctx.sandbox.control.createToken(bitbucketAccessToken({ credentialType }));
      const answer = await user(`Bearer ${token.token}`);
      expect(answer.status).toBe(403);
      expect(answer.headers.get('x-credential-type')).toBe(credentialType);
      expect(answer.headers.get('x-oauth-scopes')).toBe('repository, pullrequest');
    },
  );

  it('revoked access token → 401', async () => {
    const token = await ctx.sandbox.control.createToken(bitbucketAccessToken());
    await ctx.sandbox.control.updateToken(token.id, { state: 'revoked' });
    const answer = await user(`Bearer ${token.token}`);
    expect(answer.status).toBe(401);
    expect(answer.headers.has('x-credential-type')).toBe(false);
  });

  it('refuses an access token in Basic (x-token-auth is for git only)', async () => {
    const token = await ctx.sandbox.control.createToken(bitbucketAccessToken());
    expect((await user(basic('x-token-auth', token.token))).status).toBe(401);
  });
});

describe('Bitbucket app passwords', () => {
  it('work as Basic username:password before the 2026-07-28 removal', async () => {
    await ctx.sandbox.control.setClock('2026-05-01T12:00:00Z');
    const token = await ctx.sandbox.control.createToken(bitbucketAppPassword());
    const answer = await user(basic('bucky', token.token));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ username: 'bucky' });
    expect(answer.headers.get('x-oauth-scopes')).toBe('account, repository');
    expect(answer.headers.has('x-credential-type')).toBe(false);
  });

  it('need the account scope (or account:write)', async () => {
    await ctx.sandbox.control.setClock('2026-05-01T12:00:00Z');
    const without = await ctx.sandbox.control.createToken(bitbucketAppPassword({ scopes: ['repository'] }));
    const answer = await user(basic('bucky', without.token));
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: { detail: { required: ['account'] } } });
    const write = await ctx.sandbox.control.createToken(bitbucketAppPassword({ scopes: ['account:write'] }));
    expect((await user(basic('bucky', write.token))).status).toBe(200);
  });

  it('stop on 2026-07-28 by the sandbox clock', async () => {
    await ctx.sandbox.control.setClock('2026-07-27T23:59:00Z');
    const token = await ctx.sandbox.control.createToken(bitbucketAppPassword());
    expect((await user(basic('bucky', token.token))).status).toBe(200);
    await ctx.sandbox.control.advanceClock(60_000);
    expect((await user(basic('bucky', token.token))).body).toEqual(INVALID);
  });

  it('fail during the brownout windows, and only then', async () => {
    await ctx.sandbox.control.setClock('2026-06-10T06:05:00Z');
    const token = await ctx.sandbox.control.createToken(bitbucketAppPassword());
    expect((await user(basic('bucky', token.token))).status).toBe(401);
    await ctx.sandbox.control.setClock('2026-06-10T06:16:00Z');
    expect((await user(basic('bucky', token.token))).status).toBe(200);
    await ctx.sandbox.control.setClock('2026-06-20T12:20:00Z');
    expect((await user(basic('bucky', token.token))).status).toBe(401);
    await ctx.sandbox.control.setConfig({ bitbucket: { appPasswordBrownouts: false } });
    expect((await user(basic('bucky', token.token))).status).toBe(200);
  });

  it('refuse the email as username', async () => {
    await ctx.sandbox.control.setClock('2026-05-01T12:00:00Z');
    const token = await ctx.sandbox.control.createToken(bitbucketAppPassword());
    expect((await user(basic('bucky@example.com', token.token))).status).toBe(401);
  });
});

describe('Bitbucket token state × credential kind', () => {
  const kinds = {
    api_token: {
      input: bitbucketApiToken,
      auth: (token: string) => basic('bucky@example.com', token),
      ok: 200,
    },
    access_token: { input: bitbucketAccessToken, auth: (token: string) => `Bearer ${token}`, ok: 403 },
    app_password: { input: bitbucketAppPassword, auth: (token: string) => basic('bucky', token), ok: 200 },
  };
  const cases = (['active', 'expired', 'revoked'] as const).flatMap((state) =>
    (['api_token', 'access_token', 'app_password'] as const).map((kind) => ({ state, kind })),
  );

  it.each(cases)('$kind $state', async ({ state, kind }) => {
    await ctx.sandbox.control.setClock('2026-05-01T12:00:00Z');
    const token = await ctx.sandbox.control.createToken(kinds[kind].input({ state }));
    const answer = await user(kinds[kind].auth(token.token));
    if (state === 'active') {
      expect(answer.status).toBe(kinds[kind].ok);
    } else {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(INVALID);
    }
  });
});

describe('Bitbucket rate limits', () => {
  it('does not limit /2.0/user by default, and limits it per user when configured', async () => {
    const token = await ctx.sandbox.control.createToken(bitbucketApiToken());
    const auth = basic('bucky@example.com', token.token);
    for (let i = 0; i < 5; i++) expect((await user(auth)).status).toBe(200);
    await ctx.sandbox.control.setConfig({ bitbucket: { userRateLimitPerHour: 6 } });
    expect((await user(auth)).status).toBe(200);
    const limited = await user(auth);
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual({
      type: 'error',
      error: { message: 'Rate limit for this resource has been exceeded' },
    });
    await ctx.sandbox.control.advanceClock(3_600_000);
    expect((await user(auth)).status).toBe(200);
  });
});
