import { describe, expect, it } from 'vitest';
import { gitlabPersonal } from '../testing/factories.js';
import { call, useSandbox } from '../testing/sandbox-fixture.js';
import { explain, gitlabTokenValidator } from '../testing/spec-schemas.js';

const ctx = useSandbox();
const create = (overrides: Parameters<typeof gitlabPersonal>[0] = {}) =>
  ctx.sandbox.control.createToken(gitlabPersonal(overrides));
const api = (path: string) => `${ctx.sandbox.urls.gitlab.api}${path}`;
const self = (token: string, method = 'GET') =>
  call(api('/personal_access_tokens/self'), { method, headers: { 'private-token': token } });

describe('GitLab revoke and rotate', () => {
  it('DELETE /self revokes the token with any scope: 204, then 401 revoked', async () => {
    const token = await create({ scopes: ['read_repository'] });
    const answer = await self(token.token, 'DELETE');
    expect(answer.status).toBe(204);
    expect((await self(token.token)).body).toMatchObject({
      error_description: expect.stringContaining('revoked'),
    });
  });

  it('rotates with api or self_rotate: new token, same name and scopes, old one revoked', async () => {
    await ctx.sandbox.control.setClock('2026-05-01T10:00:00Z');
    const old = await create({ name: 'deploy', scopes: ['self_rotate', 'read_api'] });
    const answer = await call(api('/personal_access_tokens/self/rotate'), {
      method: 'POST',
      headers: { 'private-token': old.token },
    });
    expect(answer.status).toBe(200);
    const body = answer.body as {
      token: string;
      name: string;
      scopes: string[];
      expires_at: string;
      id: number;
    };
    expect(body).toMatchObject({
      name: 'deploy',
      scopes: ['self_rotate', 'read_api'],
      expires_at: '2026-05-08',
      active: true,
    });
    const validate = gitlabTokenValidator('API_Entities_PersonalAccessTokenWithToken');
    expect(validate(body), explain(validate)).toBe(true);
    expect(body.token).toMatch(/^glpat-/);
    expect((await self(old.token)).status).toBe(401);
    expect((await self(body.token)).status).toBe(200);
  });

  it('takes expires_at and refuses a past one', async () => {
    await ctx.sandbox.control.setClock('2026-05-01T10:00:00Z');
    const rotate = async (token: string, body: unknown) =>
      call(api('/personal_access_tokens/self/rotate'), {
        method: 'POST',
        headers: { 'private-token': token, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const token = await create();
    expect((await rotate(token.token, { expires_at: '2026-04-01' })).status).toBe(400);
    expect((await rotate(token.token, { expires_at: 'soon' })).status).toBe(400);
    const answer = await rotate(token.token, { expires_at: '2026-06-30' });
    expect(answer.body).toMatchObject({ expires_at: '2026-06-30' });
  });

  it('refuses to rotate without api or self_rotate', async () => {
    const token = await create({ scopes: ['read_api'] });
    const answer = await call(api('/personal_access_tokens/self/rotate'), {
      method: 'POST',
      headers: { 'private-token': token.token },
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ error: 'insufficient_scope', scope: 'api self_rotate' });
  });

  it('rotating an already revoked token revokes the whole family (reuse detection)', async () => {
    const first = await create();
    const rotate = (token: string) =>
      call(api('/personal_access_tokens/self/rotate'), {
        method: 'POST',
        headers: { 'private-token': token },
      });
    const second = (await rotate(first.token)).body as { token: string };
    const third = (await rotate(second.token)).body as { token: string };
    expect((await self(third.token)).status).toBe(200);
    const reuse = await rotate(first.token);
    expect(reuse.status).toBe(401);
    expect((await self(third.token)).body).toMatchObject({
      error_description: expect.stringContaining('revoked'),
    });
  });
});

describe('GitLab revoke and rotate, the edges (forges.md §2.6)', () => {
  const rotate = (token: string, body?: unknown) =>
    call(api('/personal_access_tokens/self/rotate'), {
      method: 'POST',
      headers: {
        'private-token': token,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('DELETE /self of a revoked token: 401 revoked; of an expired one: 401 expired; without one: 401', async () => {
    const revoked = await create({ state: 'revoked' });
    const expired = await create({ state: 'expired' });
    expect((await self(revoked.token, 'DELETE')).body).toMatchObject({
      error_description: expect.stringContaining('revoked'),
    });
    expect((await self(expired.token, 'DELETE')).body).toMatchObject({
      error_description: expect.stringContaining('expired'),
    });
    const anonymous = await call(api('/personal_access_tokens/self'), { method: 'DELETE' });
    expect(anonymous.status).toBe(401);
  });

  it('rotates with the api scope and links the new token to its family', async () => {
    const old = await create({ scopes: ['api'] });
    const answer = await rotate(old.token);
    expect(answer.status).toBe(200);
    const tokens = await ctx.sandbox.control.listTokens();
    const fresh = tokens.find((t) => t.rotatedFromId === old.id);
    expect(fresh).toMatchObject({ state: 'active', scopes: ['api'] });
    expect(tokens.find((t) => t.id === old.id)).toMatchObject({ state: 'revoked' });
  });

  it('refuses an expires_at beyond the maximum lifetime (365 days)', async () => {
    await ctx.sandbox.control.setClock('2026-05-01T10:00:00Z');
    const token = await create();
    const answer = await rotate(token.token, { expires_at: '2027-06-01' });
    expect(answer.status).toBe(400);
    expect((await self(token.token)).status).toBe(200);
  });

  it('an expired token cannot rotate (401 expired) and its family is left alone', async () => {
    await ctx.sandbox.control.setClock('2026-05-01T10:00:00Z');
    const first = await create({ expiresAt: '2026-05-10' });
    const second = (await rotate(first.token, { expires_at: '2026-05-05' })).body as { token: string };
    const third = (await rotate(second.token, { expires_at: '2026-06-30' })).body as { token: string };
    await ctx.sandbox.control.setClock('2026-05-06T00:00:00Z');
    const answer = await rotate(second.token);
    expect(answer.body).toMatchObject({ error_description: expect.stringContaining('expired') });
    expect((await self(third.token)).status).toBe(200);
  });

  it('reuse detection revokes only the family of the reused token', async () => {
    const first = await create();
    const bystander = await create();
    const second = (await rotate(first.token)).body as { token: string };
    expect((await rotate(first.token)).status).toBe(401);
    expect((await self(second.token)).status).toBe(401);
    expect((await self(bystander.token)).status).toBe(200);
  });
});
