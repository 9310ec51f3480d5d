import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../domain/errors/catalogue.js';
import { Secret } from '../../domain/secret.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { instant, type ScriptedReply, scriptedSend } from '../http/testing/scripted-send.js';
import { createGitLabAdapter } from './adapter.js';

const API = 'https://gitlab.example/api/v4';
const TOKEN = new Secret('glpat-unitTestTokenUnitTest01');
const invalidToken = (description: string): ScriptedReply => ({
  status: 401,
  body: { error: 'invalid_token', error_description: description },
});

function revokeWith(replies: ScriptedReply[], kind: TokenKind = 'personal') {
  const scripted = scriptedSend(replies);
  const adapter = createGitLabAdapter({ apiUrl: API, ...instant, send: scripted.send });
  return { result: adapter.revoke?.(TOKEN, kind), calls: scripted.calls };
}

describe('GitLab adapter revoke (DELETE /personal_access_tokens/self, forges.md §2.6)', () => {
  it('204 → revoked, with PRIVATE-TOKEN and no body', async () => {
    const { result, calls } = revokeWith([{ status: 204 }]);
    expect(await result).toEqual({ ok: true, value: 'revoked' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'DELETE',
      url: `${API}/personal_access_tokens/self`,
      body: undefined,
    });
    expect(calls[0]?.headers.get('private-token')).toBe(TOKEN.reveal());
  });

  it('a token GitLab already calls revoked is revoked: ok, not an error', async () => {
    const { result } = revokeWith([
      invalidToken('Token was revoked. You have to re-authorize from the user.'),
    ]);
    expect(await result).toEqual({ ok: true, value: 'revoked' });
  });

  it('retries a 5xx (revoking twice is harmless) and then reports the 204', async () => {
    const { result, calls } = revokeWith([{ status: 502 }, { status: 204 }]);
    expect(await result).toEqual({ ok: true, value: 'revoked' });
    expect(calls).toHaveLength(2);
  });

  it.each<[string, ScriptedReply[], ErrorCode]>([
    [
      'expired',
      [invalidToken('Token is expired. You can either do re-authorization or token refresh.')],
      'token_expired',
    ],
    ['unknown', [{ status: 401, body: { message: '401 Unauthorized' } }], 'bad_credentials'],
    ['403', [{ status: 403, body: { message: '403 Forbidden' } }], 'insufficient_scope'],
    ['400', [{ status: 400, body: { message: '400 Bad request' } }], 'invalid_input'],
    ['429', [{ status: 429, headers: { 'retry-after': '30' }, body: 'Retry later' }], 'rate_limited'],
    ['5xx', [{ status: 500 }, { status: 502 }, { status: 503 }], 'forge_unreachable'],
    [
      'a 200 HTML page',
      [{ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>hi</html>' }],
      'forge_unreachable',
    ],
  ])('%s → %s', async (_name, replies, code) => {
    expect(await revokeWith(replies).result).toMatchObject({ ok: false, error: { code } });
  });

  it('refuses a token that is not a glpat- access token without asking', async () => {
    const { result, calls } = revokeWith([], 'deploy');
    expect(await result).toMatchObject({ ok: false, error: { code: 'unsupported_token' } });
    expect(calls).toHaveLength(0);
  });
});
