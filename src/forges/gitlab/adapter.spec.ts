import { describe, expect, it } from 'vitest';
import { Secret } from '../../domain/secret.js';
import { answer, instant, type ScriptedReply, scriptedSend } from '../http/testing/scripted-send.js';
import type { SendRequest, SendResponse } from '../http/types.js';
import { createGitLabAdapter, GITLAB_NOTES } from './adapter.js';

const API = 'https://gitlab.example/api/v4';
const TOKEN = new Secret('glpat-unitTestTokenUnitTest01');
const SELF = {
  id: 4,
  name: 'Test Token',
  revoked: false,
  created_at: '2020-07-23T14:31:47.729Z',
  description: 'Test Token description',
  scopes: ['api'],
  user_id: 3,
  last_used_at: '2021-10-06T17:58:37.550Z',
  active: true,
  expires_at: '2027-01-01',
};
const USER = { id: 3, username: 'jane', name: 'Jane Doe', state: 'active' };
const NO_SCOPE = {
  error: 'insufficient_scope',
  error_description: 'The request requires higher privileges than provided by the access token.',
  scope: 'api',
};

function inspectWith(
  replies: ScriptedReply[],
  knownAccount?: { id: string; login: string; name: string | null },
) {
  const scripted = scriptedSend(replies);
  const adapter = createGitLabAdapter({ apiUrl: API, ...instant, send: scripted.send });
  return {
    result: adapter.inspect(TOKEN, 'personal', knownAccount === undefined ? {} : { knownAccount }),
    calls: scripted.calls,
  };
}

describe('GitLab adapter re-check with a known account (Refresh All)', () => {
  const known = { id: '3', login: 'jane', name: 'Jane Doe' };

  it('asks /self alone while the token still belongs to the known account', async () => {
    const { result, calls } = inspectWith([{ body: SELF }], known);
    expect(await result).toMatchObject({ ok: true, value: { account: known, scopes: ['api'] } });
    expect(calls.map((c) => c.url)).toEqual([`${API}/personal_access_tokens/self`]);
  });

  it('asks /user after /self when the token now names another user id', async () => {
    const other = { id: 7, username: 'joe', name: 'Joe', state: 'active' };
    const { result, calls } = inspectWith([{ body: { ...SELF, user_id: 7 } }, { body: other }], known);
    expect(await result).toMatchObject({ ok: true, value: { account: { id: '7', login: 'joe' } } });
    expect(calls.map((c) => c.url)).toEqual([`${API}/personal_access_tokens/self`, `${API}/user`]);
  });

  it('falls back to /user when /self is refused, and still reads a revoked token from /self', async () => {
    const refused = inspectWith([{ status: 403, body: NO_SCOPE }, { body: USER }], known);
    expect(await refused.result).toMatchObject({ ok: true, value: { account: known, scopes: null } });
    expect(refused.calls).toHaveLength(2);
    const revoked = inspectWith([{ body: { ...SELF, revoked: true } }], known);
    expect(await revoked.result).toMatchObject({ ok: false, error: { code: 'token_revoked' } });
    expect(revoked.calls).toHaveLength(1);
  });
});

describe('GitLab adapter inspect (forges.md §2.2, §2.3)', () => {
  it('asks /personal_access_tokens/self then /user with PRIVATE-TOKEN', async () => {
    const { result, calls } = inspectWith([{ body: SELF }, { body: USER }]);
    expect(await result).toEqual({
      ok: true,
      value: {
        forge: 'gitlab',
        kind: 'personal',
        account: { id: '3', login: 'jane', name: 'Jane Doe' },
        scopes: ['api'],
        expiresAt: '2027-01-01T00:00:00.000Z',
        lastUsedAt: '2021-10-06T17:58:37.550Z',
        rateLimit: null,
        extra: { name: 'Test Token' },
      },
    });
    expect(calls.map((c) => c.url)).toEqual([`${API}/personal_access_tokens/self`, `${API}/user`]);
    expect(calls.every((c) => c.headers.get('private-token') === TOKEN.reveal())).toBe(true);
    expect(calls.every((c) => !c.headers.has('authorization'))).toBe(true);
  });

  it('/user refused: the account has the user id and an unknown ("") login, with a note', async () => {
    const { result } = inspectWith([
      { body: { ...SELF, scopes: ['self_rotate'] } },
      { status: 403, body: NO_SCOPE },
    ]);
    expect(await result).toMatchObject({
      ok: true,
      value: {
        account: { id: '3', login: '', name: null },
        scopes: ['self_rotate'],
        extra: { name: 'Test Token', note: GITLAB_NOTES.userRefused },
      },
    });
  });

  it('/self refused: falls back to /user, scopes and expiry unknown', async () => {
    const { result, calls } = inspectWith([{ status: 403, body: NO_SCOPE }, { body: USER }]);
    expect(await result).toMatchObject({
      ok: true,
      value: {
        account: { login: 'jane' },
        scopes: null,
        expiresAt: null,
        extra: { note: GITLAB_NOTES.selfRefused },
      },
    });
    expect(calls).toHaveLength(2);
  });

  it('both refused: the token is valid, nothing else is known', async () => {
    const { result } = inspectWith([
      { status: 403, body: NO_SCOPE },
      { status: 403, body: { ...NO_SCOPE, scope: 'read_user' } },
    ]);
    expect(await result).toMatchObject({
      ok: true,
      value: { account: null, scopes: null, expiresAt: null, extra: { note: GITLAB_NOTES.bothRefused } },
    });
  });

  it('a plain 403 on /self (not insufficient_scope) stays an error, whatever /user says', async () => {
    const { result } = inspectWith([{ status: 403, body: { message: '403 Forbidden' } }, { body: USER }]);
    expect(await result).toMatchObject({ ok: false, error: { code: 'insufficient_scope' } });
  });

  it.each([
    ['revoked: true', { revoked: true }, 'token_revoked'],
    ['active: false', { active: false }, 'token_expired'],
  ])('a 200 with %s is %s', async (_name, patch, code) => {
    const { result } = inspectWith([{ body: { ...SELF, ...patch } }, { body: USER }]);
    expect(await result).toMatchObject({ ok: false, error: { code } });
  });

  it('an expired token (401) is token_expired; neither 401 is retried', async () => {
    const expired = {
      status: 401,
      body: {
        error: 'invalid_token',
        error_description: 'Token is expired. You can either do re-authorization or token refresh.',
      },
    };
    const { result, calls } = inspectWith([expired, expired]);
    expect(await result).toMatchObject({ ok: false, error: { code: 'token_expired' } });
    expect(calls).toHaveLength(2);
  });

  it('asks /self and /user at the same time: one round trip per token check', async () => {
    let inFlight = 0;
    let most = 0;
    const replies = new Map<string, object>([
      [`${API}/personal_access_tokens/self`, SELF],
      [`${API}/user`, USER],
    ]);
    const slowSend = async (request: SendRequest): Promise<SendResponse> => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 20));
      inFlight--;
      return answer({ body: replies.get(request.url) ?? {} });
    };
    const adapter = createGitLabAdapter({ apiUrl: API, ...instant, send: slowSend });
    expect(await adapter.inspect(TOKEN, 'personal')).toMatchObject({
      ok: true,
      value: { account: { login: 'jane' } },
    });
    expect(most).toBe(2);
  });

  it('a /user that keeps failing with 5xx is forge_unreachable, not a credentials error', async () => {
    const { result } = inspectWith([{ body: SELF }, { status: 500 }, { status: 502 }, { status: 503 }]);
    expect(await result).toMatchObject({
      ok: false,
      error: { code: 'forge_unreachable', details: { status: 503 } },
    });
  });
});
