import { describe, expect, it } from 'vitest';
import { Secret } from '../../domain/secret.js';
import type { TokenKind } from '../../domain/token-kind.js';
import { instant, type ScriptedReply, scriptedSend } from '../http/testing/scripted-send.js';
import { createGitHubAdapter } from './adapter.js';

const API = 'https://ghe.example.com/api/v3';
const TOKEN = new Secret('ghp_unitTestTokenUnitTestTokenUnitTest01');
const USER = { login: 'octo', id: 583231, name: 'The Octocat', type: 'User', site_admin: false };

function inspectWith(reply: ScriptedReply, kind: TokenKind = 'classic') {
  const scripted = scriptedSend([reply]);
  const adapter = createGitHubAdapter({ apiUrl: API, ...instant, send: scripted.send });
  return { result: adapter.inspect(TOKEN, kind), calls: scripted.calls };
}

describe('GitHub adapter inspect (forges.md §1.2, §1.3)', () => {
  it('sends the documented headers to GET /user', async () => {
    const { result, calls } = inspectWith({ body: USER });
    await result;
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.url).toBe(`${API}/user`);
    expect(call?.headers.get('authorization')).toBe(`Bearer ${TOKEN.reveal()}`);
    expect(call?.headers.get('user-agent')).toBe('forgekeeper');
    expect(call?.headers.get('accept')).toBe('application/vnd.github+json');
    expect(call?.headers.get('x-github-api-version')).toBe('2022-11-28');
  });

  it('reads account, scopes, expiry and rate limit of a classic token', async () => {
    const { result } = inspectWith({
      body: USER,
      headers: {
        'X-OAuth-Scopes': 'repo, workflow',
        'github-authentication-token-expiration': '2027-03-31 00:00:00 +0900',
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '4990',
        'x-ratelimit-reset': '1777636800',
        'x-ratelimit-resource': 'core',
      },
    });
    expect(await result).toEqual({
      ok: true,
      value: {
        forge: 'github',
        kind: 'classic',
        account: { id: '583231', login: 'octo', name: 'The Octocat' },
        scopes: ['repo', 'workflow'],
        expiresAt: '2027-03-30T15:00:00.000Z',
        lastUsedAt: null,
        rateLimit: { limit: 5000, remaining: 4990, resetAt: '2026-05-01T12:00:00.000Z', resource: 'core' },
        extra: {},
      },
    });
  });

  it('a classic token with no scopes has [] (header present, empty)', async () => {
    const { result } = inspectWith({ body: USER, headers: { 'X-OAuth-Scopes': '' } });
    expect(await result).toMatchObject({ ok: true, value: { scopes: [] } });
  });

  it.each<TokenKind>(['fine-grained', 'app-user'])(
    'a %s token has scopes null (not introspectable), whatever the header says',
    async (kind) => {
      const { result } = inspectWith(
        { body: { ...USER, name: null }, headers: { 'X-OAuth-Scopes': '' } },
        kind,
      );
      expect(await result).toMatchObject({
        ok: true,
        value: { kind, scopes: null, account: { name: null } },
      });
    },
  );

  it('a 200 that is not a GitHub user is forge_unreachable', async () => {
    const { result } = inspectWith({ body: { hello: 'world' } });
    expect(await result).toMatchObject({
      ok: false,
      error: { code: 'forge_unreachable', details: { issue: 'id: invalid_type' } },
    });
  });

  it('a 401 is bad_credentials, asked once', async () => {
    const { result, calls } = inspectWith({ status: 401, body: { message: 'Bad credentials' } });
    expect(await result).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    expect(calls).toHaveLength(1);
  });
});
