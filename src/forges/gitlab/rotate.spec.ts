import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../domain/errors/catalogue.js';
import { Secret } from '../../domain/secret.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { instant, networkFailure, type ScriptedReply, scriptedSend } from '../http/testing/scripted-send.js';
import { createGitLabAdapter } from './adapter.js';

const API = 'https://gitlab.example/api/v4';
const OLD = new Secret('glpat-oldTokenOldTokenOldTok1');
const NEW = 'glpat-newTokenNewTokenNewTok2';
const ROTATED = {
  id: 5,
  name: 'ci',
  revoked: false,
  created_at: '2026-05-01T10:00:00.000Z',
  scopes: ['api'],
  user_id: 3,
  last_used_at: null,
  active: true,
  expires_at: '2026-05-08',
  token: NEW,
};

function rotateWith(
  replies: ScriptedReply[],
  options: { expiresAt?: string } = {},
  kind: TokenKind = 'personal',
) {
  const scripted = scriptedSend(replies);
  const adapter = createGitLabAdapter({ apiUrl: API, ...instant, send: scripted.send });
  return { result: adapter.rotate?.(OLD, kind, options), calls: scripted.calls };
}

describe('GitLab adapter rotate (POST /personal_access_tokens/self/rotate, forges.md §2.6)', () => {
  it('200 → the new token as a Secret and its expiry (00:00 UTC that day)', async () => {
    const { result, calls } = rotateWith([{ body: ROTATED }]);
    const rotated = await result;
    expect(rotated?.ok).toBe(true);
    if (!rotated?.ok) return;
    expect(rotated.value.token).toBeInstanceOf(Secret);
    expect(rotated.value.token.reveal()).toBe(NEW);
    expect(rotated.value.expiresAt).toBe('2026-05-08T00:00:00.000Z');
    expect(JSON.stringify(rotated)).not.toContain(NEW);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: `${API}/personal_access_tokens/self/rotate`,
      body: undefined,
    });
    expect(calls[0]?.headers.get('private-token')).toBe(OLD.reveal());
  });

  it('sends expires_at as JSON when given, and checks it is a date first', async () => {
    const { result, calls } = rotateWith([{ body: { ...ROTATED, expires_at: '2026-06-30' } }], {
      expiresAt: '2026-06-30',
    });
    expect(await result).toMatchObject({ ok: true, value: { expiresAt: '2026-06-30T00:00:00.000Z' } });
    expect(JSON.parse(calls[0]?.body ?? '')).toEqual({ expires_at: '2026-06-30' });
    expect(calls[0]?.headers.get('content-type')).toBe('application/json');
    const bad = rotateWith([], { expiresAt: '2026-06-31T00:00:00Z' });
    expect(await bad.result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(bad.calls).toHaveLength(0);
  });

  it('is sent once: a 5xx or a lost answer is not retried, and says the rotation may have happened', async () => {
    for (const reply of [
      { status: 502 },
      { throws: networkFailure('ECONNRESET') },
    ] satisfies ScriptedReply[]) {
      const { result, calls } = rotateWith([reply, { body: ROTATED }]);
      expect(await result).toMatchObject({
        ok: false,
        error: { code: 'forge_unreachable', details: { rotation: 'unknown' } },
      });
      expect(calls).toHaveLength(1);
    }
  });

  it('a revoked token: token_revoked, naming reuse detection', async () => {
    const { result } = rotateWith([
      {
        status: 401,
        body: {
          error: 'invalid_token',
          error_description: 'Token was revoked. You have to re-authorize from the user.',
        },
      },
    ]);
    expect(await result).toMatchObject({
      ok: false,
      error: {
        code: 'token_revoked',
        message: expect.stringMatching(/reuse detection/),
        details: { reuseDetection: true },
      },
    });
  });

  it('403: insufficient_scope needing api or self_rotate', async () => {
    for (const body of [
      { error: 'insufficient_scope', error_description: 'higher privileges', scope: 'api self_rotate' },
      { message: '403 Forbidden' },
    ]) {
      expect(await rotateWith([{ status: 403, body }]).result).toMatchObject({
        ok: false,
        error: { code: 'insufficient_scope', details: { requiredScopes: ['api', 'self_rotate'] } },
      });
    }
  });

  it.each<[string, ScriptedReply, ErrorCode]>([
    [
      '400',
      { status: 400, body: { message: '400 Bad request - Expiration date must be in the future.' } },
      'invalid_input',
    ],
    [
      'expired (401)',
      { status: 401, body: { error: 'invalid_token', error_description: 'Token is expired.' } },
      'token_expired',
    ],
    ['unknown (401)', { status: 401, body: { message: '401 Unauthorized' } }, 'bad_credentials'],
    ['404', { status: 404, body: { message: '404 Not Found' } }, 'not_found'],
    ['405 (not a PAT)', { status: 405, body: { message: '405 Method Not Allowed' } }, 'unsupported_token'],
    ['429', { status: 429, headers: { 'retry-after': '30' }, body: 'Retry later' }, 'rate_limited'],
  ])('%s → %s', async (_name, reply, code) => {
    expect(await rotateWith([reply]).result).toMatchObject({ ok: false, error: { code } });
  });

  it('needs only the token from a 200: other odd fields do not lose the new token', async () => {
    const { result } = rotateWith([{ body: { token: NEW, id: 'x', expires_at: 20260508 } }]);
    expect(await result).toMatchObject({ ok: true, value: { expiresAt: null } });
  });

  it('an unreadable 200 may have rotated, and never shows the body', async () => {
    for (const reply of [
      { body: { ...ROTATED, token: 42, note: NEW } },
      { body: { ...ROTATED, token: undefined } },
      { status: 200, headers: { 'content-type': 'text/html' }, body: `<html>${NEW}</html>` },
    ] satisfies ScriptedReply[]) {
      const result = await rotateWith([reply]).result;
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'forge_unreachable', details: { rotation: 'unknown' } },
      });
      expect(JSON.stringify(result)).not.toContain(NEW);
    }
  });

  it('refuses a token that is not a glpat- access token without asking', async () => {
    const { result, calls } = rotateWith([], {}, 'runner');
    expect(await result).toMatchObject({ ok: false, error: { code: 'unsupported_token' } });
    expect(calls).toHaveLength(0);
  });
});
