import { describe, expect, it } from 'vitest';
import { githubClassic, githubFineGrained } from '../testing/factories.js';
import { call, useSandbox } from '../testing/sandbox-fixture.js';
import { MAX_CREDENTIALS } from './credential-revocation.js';

const ctx = useSandbox();
const UNKNOWN = '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';

const classic = (overrides: Parameters<typeof githubClassic>[0] = {}) =>
  ctx.sandbox.control.createToken(githubClassic(overrides));

const revoke = (body: unknown, headers: Record<string, string> = {}) =>
  call(`${ctx.sandbox.urls.github.api}/credentials/revoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/vnd.github+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const user = (token: string) =>
  call(`${ctx.sandbox.urls.github.api}/user`, { headers: { authorization: `Bearer ${token}` } });

const stateOf = async (id: string) => (await ctx.sandbox.control.getToken(id)).state;

describe('GitHub POST /credentials/revoke, github.com style (forges.md §1.6)', () => {
  it('revokes every submitted token it knows, unauthenticated: 202 {}', async () => {
    const one = await classic();
    const two = await ctx.sandbox.control.createToken(githubFineGrained());
    const bystander = await classic();
    const answer = await revoke({ credentials: [one.token, two.token, UNKNOWN, 'not a token'] });
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({});
    expect(await stateOf(one.id)).toBe('revoked');
    expect(await stateOf(two.id)).toBe('revoked');
    expect(await stateOf(bystander.id)).toBe('active');
    expect((await user(one.token)).status).toBe(401);
    expect((await user(bystander.token)).status).toBe(200);
  });

  it('says nothing about which credentials were valid', async () => {
    const token = await classic();
    const known = await revoke({ credentials: [token.token] });
    const unknown = await revoke({ credentials: [UNKNOWN] });
    expect([known.status, known.text]).toEqual([unknown.status, unknown.text]);
  });

  it('revokes an expired token too, and a revoked one stays revoked', async () => {
    const expired = await classic({ state: 'expired' });
    const revoked = await classic({ state: 'revoked' });
    expect((await revoke({ credentials: [expired.token, revoked.token] })).status).toBe(202);
    expect(await stateOf(expired.id)).toBe('revoked');
    expect(await stateOf(revoked.id)).toBe('revoked');
  });

  it('refuses an authenticated call with 403 and revokes nothing', async () => {
    const caller = await classic();
    const target = await classic();
    const answer = await revoke({ credentials: [target.token] }, { authorization: `Bearer ${caller.token}` });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      status: '403',
      documentation_url: expect.stringContaining('revoke'),
    });
    expect(await stateOf(target.id)).toBe('active');
  });

  it('answers a bad token in the header with the usual 401', async () => {
    const answer = await revoke({ credentials: [UNKNOWN] }, { authorization: `Bearer ${UNKNOWN}` });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ message: 'Bad credentials' });
  });

  it.each<[string, unknown]>([
    ['no credentials', {}],
    ['credentials not a list', { credentials: 'ghp_x' }],
    ['a non-string', { credentials: ['ghp_x', 7] }],
    ['an empty list', { credentials: [] }],
    [
      `more than ${MAX_CREDENTIALS}`,
      { credentials: Array.from({ length: MAX_CREDENTIALS + 1 }, () => UNKNOWN) },
    ],
  ])('422 Validation Failed for %s', async (_name, body) => {
    const answer = await revoke(body);
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      message: 'Validation Failed',
      errors: [expect.any(String)],
      status: '422',
    });
  });

  it(`takes exactly ${MAX_CREDENTIALS}`, async () => {
    const token = await classic();
    const credentials = [...Array.from({ length: MAX_CREDENTIALS - 1 }, () => UNKNOWN), token.token];
    expect((await revoke({ credentials })).status).toBe(202);
    expect(await stateOf(token.id)).toBe('revoked');
  });

  it('400 for a body that is not a JSON object, or not JSON', async () => {
    expect((await revoke(['ghp_x'])).body).toMatchObject({ message: 'Body should be a JSON object' });
    expect((await revoke('{"credentials": [')).body).toMatchObject({ message: 'Problems parsing JSON' });
  });

  it('spends the per-IP unauthenticated budget shared with other calls, 60 an hour', async () => {
    await ctx.sandbox.control.setConfig({ github: { unauthenticatedRateLimitPerHour: 3 } });
    expect((await user(UNKNOWN)).headers.get('x-ratelimit-remaining')).toBe('2');
    const first = await revoke({ credentials: [UNKNOWN] });
    expect(first.status).toBe(202);
    expect(first.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    expect((await revoke({ credentials: [UNKNOWN] })).status).toBe(202);
    const limited = await revoke({ credentials: [UNKNOWN] });
    expect(limited.status).toBe(403);
    expect(limited.body).toMatchObject({ message: expect.stringContaining('API rate limit exceeded for') });
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
  });

  it('never writes a submitted token into the request log', async () => {
    const token = await classic();
    await revoke({ credentials: [token.token] });
    const log = await ctx.sandbox.control.requests({ forge: 'github' });
    expect(log.requests).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        path: '/credentials/revoke',
        status: 202,
        authorization: null,
      }),
    );
    expect(JSON.stringify(log)).not.toContain(token.token);
  });
});

describe('GitHub POST /credentials/revoke, GHES 3.19 style (credentialRevocationAuth: authenticated)', () => {
  it('needs a token: 401 without one', async () => {
    await ctx.sandbox.control.setConfig({ github: { credentialRevocationAuth: 'authenticated' } });
    const answer = await revoke({ credentials: [UNKNOWN] });
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ message: 'Requires authentication' });
  });

  it('revokes with a token, the caller itself included', async () => {
    await ctx.sandbox.control.setConfig({ github: { credentialRevocationAuth: 'authenticated' } });
    const token = await classic();
    const answer = await revoke({ credentials: [token.token] }, { authorization: `Bearer ${token.token}` });
    expect(answer.status).toBe(202);
    expect(await stateOf(token.id)).toBe('revoked');
  });

  it('has a per-user budget of its own (60 an hour)', async () => {
    await ctx.sandbox.control.setConfig({
      github: { credentialRevocationAuth: 'authenticated', authenticatedCredentialRevocationPerHour: 1 },
    });
    const caller = await classic();
    const auth = { authorization: `Bearer ${caller.token}` };
    expect((await revoke({ credentials: [UNKNOWN] }, auth)).status).toBe(202);
    const limited = await revoke({ credentials: [UNKNOWN] }, auth);
    expect(limited.status).toBe(403);
    expect(limited.body).toMatchObject({ message: expect.stringContaining('user ID') });
    // The core budget is another one.
    expect((await user(caller.token)).status).toBe(200);
  });
});
